package dev.llmf.grader.suites;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.TransformerBlock;

import java.util.Arrays;

import static dev.llmf.grader.suites.Diagnose.erf;
import static dev.llmf.grader.suites.Diagnose.matmul;
import static dev.llmf.grader.suites.Diagnose.rows;
import static dev.llmf.grader.suites.Diagnose.tensor;

/** Known wrong variants of exercise 5 ({@link TransformerBlock}): see {@link Diagnose}. */
public final class BlockVariants {

    private BlockVariants() {
    }

    /** Mistakes in LayerNorm. */
    public enum Norm {
        CORRECT,
        /** variance divided by d − 1 */
        SAMPLE_VARIANCE,
        /** ε added after the square root */
        EPS_OUTSIDE,
        /** no ε */
        NO_EPS,
        /** divided by the variance instead of the standard deviation */
        VARIANCE_NOT_STD,
        /** gamma and beta ignored */
        NO_GAMMA_BETA,
        /** gamma and beta swapped */
        GAMMA_BETA_SWAPPED,
        /** σ² = E[x²] − μ² in one pass, in float: the small spread of a row with a large mean drowns in rounding */
        SINGLE_PASS_FLOAT
    }

    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, Norm mistake) {
        if (mistake == Norm.SINGLE_PASS_FLOAT) {
            return singlePassFloat(x, gamma, beta);
        }
        double[][] xs = rows(x);
        float[] g = gamma.toArray();
        float[] b = beta.toArray();
        if (mistake == Norm.GAMMA_BETA_SWAPPED) {
            float[] tmp = g;
            g = b;
            b = tmp;
        }
        double eps = TransformerBlock.LAYER_NORM_EPSILON;
        double[][] out = new double[xs.length][];
        for (int r = 0; r < xs.length; r++) {
            int d = xs[r].length;
            double mean = Arrays.stream(xs[r]).sum() / d;
            double squares = 0;
            for (double v : xs[r]) {
                squares += (v - mean) * (v - mean);
            }
            double variance = squares / (mistake == Norm.SAMPLE_VARIANCE ? d - 1 : d);
            double divisor = switch (mistake) {
                case EPS_OUTSIDE -> Math.sqrt(variance) + eps;
                case NO_EPS -> Math.sqrt(variance);
                case VARIANCE_NOT_STD -> variance + eps;
                default -> Math.sqrt(variance + eps);
            };
            out[r] = new double[d];
            for (int c = 0; c < d; c++) {
                double n = (xs[r][c] - mean) / divisor;
                out[r][c] = mistake == Norm.NO_GAMMA_BETA ? n : n * g[c] + b[c];
            }
        }
        return tensor(out);
    }

    /** LayerNorm as a learner writes the one-pass shortcut: float sums of x and x², σ² = Σx²/d − μ². */
    private static Tensor singlePassFloat(Tensor x, Tensor gamma, Tensor beta) {
        int rows = x.size(0);
        int d = x.size(1);
        Tensor out = Tensor.zeros(rows, d);
        for (int r = 0; r < rows; r++) {
            float sum = 0;
            float squares = 0;
            for (int c = 0; c < d; c++) {
                float v = x.get2(r, c);
                sum += v;
                squares += v * v;
            }
            float mean = sum / d;
            float variance = Math.max(squares / d - mean * mean, 0);
            float inv = (float) (1 / Math.sqrt(variance + TransformerBlock.LAYER_NORM_EPSILON));
            for (int c = 0; c < d; c++) {
                out.set2(r, c, (x.get2(r, c) - mean) * inv * gamma.get(c) + beta.get(c));
            }
        }
        return out;
    }

    /** Activation functions a learner might write instead of GELU's tanh approximation. */
    public enum Activation {
        TANH_GELU,
        /** exact GELU, x·Φ(x) with erf */
        ERF_GELU,
        /** x·σ(1.702·x) */
        SIGMOID_GELU,
        RELU,
        /** tanh formula without the 0.044715·x³ term */
        NO_CUBIC,
        /** no activation at all */
        IDENTITY,
        /** √2/π ≈ 0.450 where √(2/π) ≈ 0.798 belongs */
        ROOT_TWO_OVER_PI,
        /** 0.44715 where 0.044715 belongs */
        CUBIC_TIMES_TEN,
        /** tanh written as (e^z − e^−z)/(e^z + e^−z) in float: e^z overflows for z above 88.7, giving NaN */
        HANDWRITTEN_TANH
    }

    public static Tensor activation(Tensor x, Activation kind) {
        float[] v = x.toArray();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = kind == Activation.HANDWRITTEN_TANH ? handwrittenTanhGelu(v[i]) : (float) activation(v[i], kind);
        }
        return Tensor.of(out, x.shape());
    }

    private static float handwrittenTanhGelu(float x) {
        float z = (float) (Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x));
        float up = (float) Math.exp(z);
        float down = (float) Math.exp(-z);
        return 0.5f * x * (1 + (up - down) / (up + down));
    }

    static double activation(double x, Activation kind) {
        double c = Math.sqrt(2 / Math.PI);
        return switch (kind) {
            case TANH_GELU -> 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * x * x * x)));
            case ERF_GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case SIGMOID_GELU -> x / (1 + Math.exp(-1.702 * x));
            case RELU -> Math.max(0, x);
            case NO_CUBIC -> 0.5 * x * (1 + Math.tanh(c * x));
            case IDENTITY -> x;
            case ROOT_TWO_OVER_PI -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2) / Math.PI * (x + 0.044715 * x * x * x)));
            case CUBIC_TIMES_TEN -> 0.5 * x * (1 + Math.tanh(c * (x + 0.44715 * x * x * x)));
            case HANDWRITTEN_TANH -> handwrittenTanhGelu((float) x);
        };
    }

    /** Feed-forward with another activation, or with the activation after w2. */
    public static Tensor feedForward(Tensor x, Tensor w1, Tensor w2, Activation kind, boolean activationLast) {
        Tensor hidden = tensor(matmul(rows(x), rows(w1)));
        if (activationLast) {
            return activation(tensor(matmul(rows(hidden), rows(w2))), kind);
        }
        return tensor(matmul(rows(activation(hidden, kind)), rows(w2)));
    }

    /** Mistakes in the pre-norm block. */
    public enum Block {
        /** h = MHA(LN1(x)) */
        NO_FIRST_RESIDUAL,
        /** out = FFN(LN2(h)) */
        NO_SECOND_RESIDUAL,
        /** both residuals missing */
        NO_RESIDUALS,
        /** post-norm: h = LN1(x + MHA(x)), out = LN2(h + FFN(h)) */
        POST_NORM,
        /** the attention result added to LN1(x) instead of x (and FFN to LN2(h)) */
        RESIDUAL_FROM_NORMED,
        /** out = x + MHA(LN1(x)) + FFN(LN2(x)) */
        PARALLEL,
        /** LayerNorm with the d − 1 variance */
        SAMPLE_VARIANCE,
        /** ln1's gamma and beta used for both norms */
        LN1_TWICE,
        /** no LayerNorm before the sublayers */
        NO_NORM,
        /** attention run causal whatever the options say */
        ALWAYS_CAUSAL,
        /** attention run without the mask whatever the options say */
        NEVER_CAUSAL,
        /** rotary switched off whatever the options say */
        NEVER_ROTARY,
        /** erf GELU in the feed-forward */
        ERF_GELU
    }

    public static Tensor block(Tensor x, TransformerBlock.Weights w, Attention.Options options, Block mistake) {
        Attention attention = Grading.reference(Attention.class);
        TransformerBlock ref = Grading.reference(TransformerBlock.class);
        TensorMath math = Grading.reference(TensorMath.class);
        Attention.Options used = switch (mistake) {
            case ALWAYS_CAUSAL -> new Attention.Options(options.heads(), true, options.rotary());
            case NEVER_CAUSAL -> new Attention.Options(options.heads(), false, options.rotary());
            case NEVER_ROTARY -> new Attention.Options(options.heads(), options.causal(), false);
            default -> options;
        };
        java.util.function.BiFunction<Tensor, Integer, Tensor> norm = (in, which) -> {
            Tensor g = which == 1 || mistake == Block.LN1_TWICE ? w.ln1Gamma() : w.ln2Gamma();
            Tensor b = which == 1 || mistake == Block.LN1_TWICE ? w.ln1Beta() : w.ln2Beta();
            return switch (mistake) {
                case SAMPLE_VARIANCE -> layerNorm(in, g, b, Norm.SAMPLE_VARIANCE);
                case NO_NORM -> in;
                default -> ref.layerNorm(in, g, b);
            };
        };
        java.util.function.Function<Tensor, Tensor> mha = in -> attention.multiHead(in, w.attention(), used).output();
        java.util.function.Function<Tensor, Tensor> ffn = in -> mistake == Block.ERF_GELU
                ? feedForward(in, w.w1(), w.w2(), Activation.ERF_GELU, false) : ref.feedForward(in, w.w1(), w.w2());
        switch (mistake) {
            case POST_NORM -> {
                Tensor h = norm.apply(math.add(x, mha.apply(x)), 1);
                return norm.apply(math.add(h, ffn.apply(h)), 2);
            }
            case RESIDUAL_FROM_NORMED -> {
                Tensor n1 = norm.apply(x, 1);
                Tensor h = math.add(n1, mha.apply(n1));
                Tensor n2 = norm.apply(h, 2);
                return math.add(n2, ffn.apply(n2));
            }
            case PARALLEL -> {
                return math.add(math.add(x, mha.apply(norm.apply(x, 1))), ffn.apply(norm.apply(x, 2)));
            }
            default -> {
                Tensor a = mha.apply(norm.apply(x, 1));
                Tensor h = mistake == Block.NO_FIRST_RESIDUAL || mistake == Block.NO_RESIDUALS ? a : math.add(x, a);
                Tensor f = ffn.apply(norm.apply(h, 2));
                return mistake == Block.NO_SECOND_RESIDUAL || mistake == Block.NO_RESIDUALS ? f : math.add(h, f);
            }
        }
    }
}
