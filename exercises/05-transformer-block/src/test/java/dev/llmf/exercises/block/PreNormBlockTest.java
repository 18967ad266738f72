package dev.llmf.exercises.block;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.RandomTensors;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.llmf.exercises.support.Approx.TOLERANCE;
import static dev.llmf.exercises.support.Approx.assertTensorClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Public tests for exercise 5. Expected values are worked out by hand (in the comments) or recomputed here with
 * plain loops in double precision, independently of your code.
 */
@ExtendWith(NotYetImplemented.class)
class PreNormBlockTest {

    private static final double EPS = TransformerBlock.LAYER_NORM_EPSILON;

    private static TransformerBlock subject() {
        return Subject.of(TransformerBlock.class, PreNormBlock::new);
    }

    @Test
    @DisplayName("LayerNorm of two small rows matches the hand computation")
    void layerNormByHand() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 3, 4}, {2, -2, 0, 4}});
        Tensor gamma = Tensor.vector(1, 2, 0.5f, 1);
        Tensor beta = Tensor.vector(0, 0.1f, -0.1f, 1);
        // row 0: μ = 2.5, x − μ = [−1.5, −0.5, 0.5, 1.5], σ² = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25,
        //        normalised = (x − μ) / √1.25001 = [−1.341635, −0.447212, 0.447212, 1.341635], then ·gamma + beta
        // row 1: μ = 1, x − μ = [1, −3, −1, 3], σ² = 20 / 4 = 5, normalised = [0.447213, −1.341639, −0.447213, 1.341639]
        Tensor expected = Tensor.matrix(new float[][] {
                {-1.341635f, -0.794424f, 0.123606f, 2.341635f},
                {0.447213f, -2.583279f, -0.323607f, 2.341639f}});

        Tensor actual = subject().layerNorm(x, gamma, beta);

        String hint = "LayerNorm: per row (x − μ) / √(σ² + ε) · gamma + beta";
        if (close(tensor(layerNorm(rows(x), doubles(gamma), doubles(beta), 3)), actual)) {
            hint += " (yours matches σ² divided by d − 1 = 3: LayerNorm divides by d = 4, the plain mean)";
        } else if (close(tensor(layerNorm(rows(x), new double[] {1, 1, 1, 1}, new double[4], 4)), actual)) {
            hint += " (yours is the plain normalised row: multiply by gamma and add beta, column by column)";
        }
        assertTensorClose(hint, expected, actual, TOLERANCE);
    }

    @Test
    @DisplayName("LayerNorm of a constant row gives exactly beta, not NaN")
    void layerNormConstantRow() {
        Tensor x = Tensor.matrix(new float[][] {{5, 5, 5, 5}});
        Tensor gamma = Tensor.vector(2, 3, 4, 5);
        Tensor beta = Tensor.vector(0.1f, -0.2f, 0.3f, 0);

        Tensor actual = subject().layerNorm(x, gamma, beta);

        assertTensorClose("LayerNorm of [5, 5, 5, 5]: x − μ is 0 everywhere and σ² = 0, so the result is beta; "
                + "NaN here means ε = 1e-5 is missing from the square root (0 / 0)",
                Tensor.matrix(new float[][] {{0.1f, -0.2f, 0.3f, 0}}), actual, TOLERANCE);
    }

    @Test
    @DisplayName("LayerNorm adds ε = 1e-5 to the variance inside the square root")
    void layerNormEpsilon() {
        // μ = 0.001, x − μ = ±0.001, σ² = 1e-6: (x − μ) / √(1e-6 + 1e-5) = ±0.001 / 0.0033166 = ±0.301511
        Tensor x = Tensor.matrix(new float[][] {{0, 0.002f, 0, 0.002f}});

        Tensor actual = subject().layerNorm(x, Tensor.vector(1, 1, 1, 1), Tensor.vector(0, 0, 0, 0));

        assertTensorClose("LayerNorm of a row with a tiny variance (σ² = 1e-6): ±1 would mean ε is missing, "
                + "±0.990 that ε was added outside the square root: use √(σ² + ε) with ε = 1e-5",
                Tensor.matrix(new float[][] {{-0.301511f, 0.301511f, -0.301511f, 0.301511f}}), actual, TOLERANCE);
    }

    @Test
    @DisplayName("GELU at 0, 1, −1 and 3 follows the tanh formula, and keeps the shape")
    void geluValues() {
        Tensor x = Tensor.matrix(new float[][] {{0, 1}, {-1, 3}});
        float[] expected = new float[4];
        float[] input = {0, 1, -1, 3};
        for (int i = 0; i < 4; i++) {
            double v = input[i];
            expected[i] = (float) (0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
        }
        // gelu(0) = 0, gelu(1) = 0.841192, gelu(−1) = −0.158808, gelu(3) = 2.996363

        Tensor actual = subject().gelu(x);

        assertTensorClose("GELU, tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) — the exact "
                + "erf form gives 0.841345 at 1, which is too far off; ReLU would give 0 at −1",
                Tensor.of(expected, 2, 2), actual, TOLERANCE);
    }

    @Test
    @DisplayName("The feed-forward network maps [T, d] through [T, 4d] back to [T, d]")
    void feedForwardShape() {
        Tensor x = RandomTensors.uniform(11, 3, 4);
        Tensor w1 = RandomTensors.uniform(12, 4, 16);
        Tensor w2 = RandomTensors.uniform(13, 16, 4);

        Tensor actual = subject().feedForward(x, w1, w2);

        assertArrayEquals(new int[] {3, 4}, actual.shape(),
                "feedForward of x [3, 4] with w1 [4, 16] and w2 [16, 4] must have shape [3, 4]");
    }

    @Test
    @DisplayName("The feed-forward network computes GELU(x·w1)·w2")
    void feedForwardValues() {
        Tensor x = RandomTensors.uniform(21, 2, 3);
        Tensor w1 = RandomTensors.uniform(22, 3, 12);
        Tensor w2 = RandomTensors.uniform(23, 12, 3);
        double[][] expected = matmul(gelu(matmul(rows(x), rows(w1))), rows(w2));

        Tensor actual = subject().feedForward(x, w1, w2);

        String hint = close(tensor(matmul(matmul(rows(x), rows(w1)), rows(w2))), actual)
                ? "feed-forward GELU(x·w1)·w2 (yours equals x·w1·w2: apply GELU to the hidden [T, 4d] activations)"
                : "feed-forward GELU(x·w1)·w2 (GELU goes between the two products, on the hidden [T, 4d] values)";
        assertTensorClose(hint, tensor(expected), actual, TOLERANCE);
    }

    @Test
    @DisplayName("With all attention and feed-forward weights zero, the block returns its input unchanged")
    void zeroWeightsKeepTheInput() {
        Tensor x = RandomTensors.uniform(31, 3, 4);
        Tensor zero = Tensor.zeros(4, 4);
        TransformerBlock.Weights weights = new TransformerBlock.Weights(
                RandomTensors.uniform(32, 4), RandomTensors.uniform(33, 4),
                new Attention.Weights(zero, zero, zero, zero),
                RandomTensors.uniform(34, 4), RandomTensors.uniform(35, 4),
                Tensor.zeros(4, 16), Tensor.zeros(16, 4));

        Tensor actual = subject().forward(x, weights, new Attention.Options(2, true, false));

        assertTensorClose("block output with zero projections: both sublayers add 0, so out = x. Anything "
                + "else means a residual connection is missing (h = x + attention(…), out = h + ffn(…)) or the "
                + "LayerNorm output replaced x on the main path", x, actual, TOLERANCE);
    }

    @Test
    @DisplayName("A causal 2-head block on 3 tokens matches a step-by-step computation")
    void causalBlockFromFirstPrinciples() {
        Tensor x = RandomTensors.uniform(41, 3, 4);
        TransformerBlock.Weights weights = randomBlock(4, 42);
        Tensor expected = expectedBlock(x, weights, 2, true);

        Tensor actual = subject().forward(x, weights, new Attention.Options(2, true, false));

        assertTensorClose("pre-norm block h = x + MHA(LN(x; ln1)), out = h + FFN(LN(h; ln2)) — LayerNorm goes "
                + "INSIDE each branch, before attention and before the FFN, never after the addition; check "
                + "layerNorm, gelu and feedForward on their own first", expected, actual, TOLERANCE);
    }

    @Test
    @DisplayName("The block passes the attention options on as given (one head, no mask)")
    void optionsArePassedThrough() {
        Tensor x = RandomTensors.uniform(51, 4, 4);
        TransformerBlock.Weights weights = randomBlock(4, 52);
        Tensor expected = expectedBlock(x, weights, 1, false);

        Tensor actual = subject().forward(x, weights, new Attention.Options(1, false, false));

        String hint = close(expectedBlock(x, weights, 1, true), actual)
                ? "block with Options(heads = 1, causal = false) (yours matches causal = true: hand the options "
                        + "to multiHead unchanged; the model decides about the mask, not the block)"
                : "block with Options(heads = 1, causal = false) (pass the options to multiHead unchanged; if the "
                        + "causal 2-head test fails too, fix that one first)";
        assertTensorClose(hint, expected, actual, TOLERANCE);
    }

    // ---- an independent computation, with plain loops in double precision ----

    private static TransformerBlock.Weights randomBlock(int d, long seed) {
        Attention.Weights attention = new Attention.Weights(RandomTensors.uniform(seed, 0.7f, d, d),
                RandomTensors.uniform(seed + 1, 0.7f, d, d), RandomTensors.uniform(seed + 2, 0.7f, d, d),
                RandomTensors.uniform(seed + 3, 0.7f, d, d));
        return new TransformerBlock.Weights(shifted(RandomTensors.uniform(seed + 4, 0.3f, d)),
                RandomTensors.uniform(seed + 5, 0.3f, d), attention,
                shifted(RandomTensors.uniform(seed + 6, 0.3f, d)), RandomTensors.uniform(seed + 7, 0.3f, d),
                RandomTensors.uniform(seed + 8, 0.7f, d, 4 * d), RandomTensors.uniform(seed + 9, 0.5f, 4 * d, d));
    }

    /** 1 + the given values: LayerNorm scales near 1, as in a real model. */
    private static Tensor shifted(Tensor t) {
        float[] values = t.toArray();
        for (int i = 0; i < values.length; i++) {
            values[i] += 1;
        }
        return Tensor.vector(values);
    }

    /** h = x + MHA(LN1(x)), out = h + GELU(LN2(h)·w1)·w2. */
    private static Tensor expectedBlock(Tensor x, TransformerBlock.Weights w, int heads, boolean causal) {
        double[][] xs = rows(x);
        double[][] attention = multiHead(layerNorm(xs, doubles(w.ln1Gamma()), doubles(w.ln1Beta()), xs[0].length),
                w.attention(), heads, causal);
        double[][] h = add(xs, attention);
        double[][] ffn = matmul(gelu(matmul(layerNorm(h, doubles(w.ln2Gamma()), doubles(w.ln2Beta()), h[0].length),
                rows(w.w1()))), rows(w.w2()));
        return tensor(add(h, ffn));
    }

    /** LayerNorm per row; {@code divisor} is what the squared deviations are divided by (d is right). */
    private static double[][] layerNorm(double[][] x, double[] gamma, double[] beta, int divisor) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            int d = x[i].length;
            double mean = 0;
            for (double v : x[i]) {
                mean += v / d;
            }
            double variance = 0;
            for (double v : x[i]) {
                variance += (v - mean) * (v - mean) / divisor;
            }
            out[i] = new double[d];
            for (int j = 0; j < d; j++) {
                out[i][j] = (x[i][j] - mean) / Math.sqrt(variance + EPS) * gamma[j] + beta[j];
            }
        }
        return out;
    }

    private static double[][] gelu(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                double v = x[i][j];
                out[i][j] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            }
        }
        return out;
    }

    /** Multi-head self-attention: project, split columns per head, softmax(q·kᵀ/√d_h)·v, join, ·wo. */
    private static double[][] multiHead(double[][] x, Attention.Weights w, int heads, boolean causal) {
        double[][] q = matmul(x, rows(w.wq()));
        double[][] k = matmul(x, rows(w.wk()));
        double[][] v = matmul(x, rows(w.wv()));
        int t = x.length;
        int dh = q[0].length / heads;
        double[][] joined = new double[t][q[0].length];
        for (int h = 0; h < heads; h++) {
            int c0 = h * dh;
            for (int i = 0; i < t; i++) {
                double[] weights = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    double score = 0;
                    for (int c = c0; c < c0 + dh; c++) {
                        score += q[i][c] * k[j][c];
                    }
                    weights[j] = causal && j > i ? Double.NEGATIVE_INFINITY : score / Math.sqrt(dh);
                    max = Math.max(max, weights[j]);
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    weights[j] = Math.exp(weights[j] - max);
                    sum += weights[j];
                }
                for (int j = 0; j < t; j++) {
                    for (int c = c0; c < c0 + dh; c++) {
                        joined[i][c] += weights[j] / sum * v[j][c];
                    }
                }
            }
        }
        return matmul(joined, rows(w.wo()));
    }

    private static boolean close(Tensor expected, Tensor actual) {
        if (actual == null || !expected.sameShape(actual)) {
            return false;
        }
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= TOLERANCE)) {
                return false;
            }
        }
        return true;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j] + b[i][j];
            }
        }
        return out;
    }

    private static double[][] matmul(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int p = 0; p < b.length; p++) {
                    out[i][j] += a[i][p] * b[p][j];
                }
            }
        }
        return out;
    }

    private static double[][] rows(Tensor t) {
        double[][] out = new double[t.size(0)][t.size(1)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = t.get(i, j);
            }
        }
        return out;
    }

    private static double[] doubles(Tensor vector) {
        float[] values = vector.toArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static Tensor tensor(double[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new float[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = (float) m[i][j];
            }
        }
        return Tensor.matrix(out);
    }
}
