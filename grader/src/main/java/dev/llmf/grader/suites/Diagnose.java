package dev.llmf.grader.suites;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.Tokenizer;
import dev.llmf.contract.Tokenizer.Merge;
import dev.llmf.contract.TransformerBlock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Known wrong variants of each exercise, computed from the reference pieces or with plain loops in double: the
 * suites compare a failing learner result with them to name the likely mistake ("these weights are softmax(Q·Kᵀ)
 * without scaling"). Nothing here is an expected answer; expected answers come from {@link Grading#reference}.
 */
public final class Diagnose {

    private Diagnose() {
    }

    // ==== exercise 1: tensors ====

    /** The tensor as code that reads {@code data()} row by row from {@code offset()} (ignoring strides) sees it. */
    public static Tensor ignoringStrides(Tensor view) {
        int n = view.numel();
        int from = view.offset();
        if (from + n > view.data().length) {
            return null;
        }
        return Tensor.of(Arrays.copyOfRange(view.data(), from, from + n), view.shape());
    }

    /** The tensor as code that reads {@code data()} from index 0 (ignoring strides and offset) sees it. */
    public static Tensor ignoringOffset(Tensor view) {
        int n = view.numel();
        if (n > view.data().length) {
            return null;
        }
        return Tensor.of(Arrays.copyOf(view.data(), n), view.shape());
    }

    /** Softmax divided by the sum over the whole tensor instead of each row's own sum. */
    public static Tensor softmaxOverWholeTensor(Tensor x) {
        float[] v = x.toArray();
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            max = Math.max(max, f);
        }
        double sum = 0;
        double[] e = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            e[i] = Math.exp(v[i] - max);
            sum += e[i];
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return Tensor.of(out, x.shape());
    }

    /** Softmax along the first dimension of a 2-D tensor (columns sum to 1) instead of the last. */
    public static Tensor softmaxAlongColumns(Tensor x) {
        Tensor t = x.transpose(0, 1).copy();
        return tensor(softmaxRows(rows(t), 1.0)).transpose(0, 1).copy();
    }

    // ==== exercise 2: tokenizer ====

    /** How a variant trainer cuts the text. */
    public enum Chunking {
        /** {@link Tokenizer#CHUNK_PATTERN} (correct) */
        PATTERN,
        /** GPT-2 style: a space is attached to the word after it */
        SPACE_WITH_NEXT_WORD,
        /** no chunks: merges may cross word boundaries */
        NONE
    }

    private static final Pattern CHUNKS = Pattern.compile(Tokenizer.CHUNK_PATTERN);
    private static final Pattern GPT2_CHUNKS =
            Pattern.compile(" ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    /**
     * A plain BPE trainer with switchable mistakes: {@code tiesToLarger} breaks count ties toward the larger pair;
     * {@code overlapping = false} counts {@code "aaa"} as one {@code (a, a)}.
     */
    public static List<Merge> bpeTrain(String corpus, int vocabSize, boolean tiesToLarger, Chunking chunking,
                                       boolean overlapping) {
        List<List<Integer>> words = new ArrayList<>();
        for (String chunk : chunks(corpus, chunking)) {
            List<Integer> ids = new ArrayList<>();
            for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
                ids.add(b & 0xff);
            }
            words.add(ids);
        }
        List<Merge> merges = new ArrayList<>();
        while (256 + merges.size() < vocabSize) {
            Map<Long, Integer> counts = new LinkedHashMap<>();
            for (List<Integer> w : words) {
                long previous = -1;
                int previousAt = -2;
                for (int i = 0; i + 1 < w.size(); i++) {
                    long key = key(w.get(i), w.get(i + 1));
                    if (!overlapping && key == previous && previousAt == i - 1) {
                        previousAt = -2;        // this pair overlaps the one just counted
                        continue;
                    }
                    counts.merge(key, 1, Integer::sum);
                    previous = key;
                    previousAt = i;
                }
            }
            if (counts.isEmpty()) {
                break;
            }
            long best = -1;
            int bestCount = 0;
            for (Map.Entry<Long, Integer> e : counts.entrySet()) {
                int c = e.getValue();
                long k = e.getKey();
                boolean better = c > bestCount || (c == bestCount && (tiesToLarger ? k > best : k < best));
                if (better) {
                    best = k;
                    bestCount = c;
                }
            }
            int token = 256 + merges.size();
            int left = (int) (best >>> 32);
            int right = (int) best;
            merges.add(new Merge(left, right, token));
            for (List<Integer> w : words) {
                replace(w, left, right, token);
            }
        }
        return merges;
    }

    /** BPE encoding that merges the leftmost known pair first instead of the earliest-learned one. */
    public static int[] bpeEncodeLeftmostFirst(String text, List<Merge> merges) {
        Map<Long, Integer> tokenOf = new HashMap<>();
        for (Merge m : merges) {
            tokenOf.putIfAbsent(key(m.left(), m.right()), m.token());
        }
        List<Integer> out = new ArrayList<>();
        for (String chunk : chunks(text, Chunking.PATTERN)) {
            List<Integer> ids = new ArrayList<>();
            for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
                ids.add(b & 0xff);
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int i = 0; i + 1 < ids.size(); i++) {
                    Integer t = tokenOf.get(key(ids.get(i), ids.get(i + 1)));
                    if (t != null) {
                        ids.set(i, t);
                        ids.remove(i + 1);
                        changed = true;
                        break;
                    }
                }
            }
            out.addAll(ids);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Each UTF-16 char as one id (chars instead of UTF-8 bytes). */
    public static int[] charsInsteadOfBytes(String text) {
        return text.chars().toArray();
    }

    /** Decoding each token on its own and joining the strings (breaks characters split across tokens). */
    public static String decodeTokenByToken(Tokenizer reference, int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(new String(reference.tokenBytes(id), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** The chunks of {@code text}, joined with "|", for messages. */
    public static String showChunks(String text) {
        return String.join("|", chunks(text, Chunking.PATTERN));
    }

    private static List<String> chunks(String text, Chunking chunking) {
        if (chunking == Chunking.NONE) {
            return text.isEmpty() ? List.of() : List.of(text);
        }
        List<String> out = new ArrayList<>();
        Matcher m = (chunking == Chunking.PATTERN ? CHUNKS : GPT2_CHUNKS).matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static void replace(List<Integer> w, int left, int right, int token) {
        List<Integer> out = new ArrayList<>(w.size());
        int i = 0;
        while (i < w.size()) {
            if (i + 1 < w.size() && w.get(i) == left && w.get(i + 1) == right) {
                out.add(token);
                i += 2;
            } else {
                out.add(w.get(i++));
            }
        }
        w.clear();
        w.addAll(out);
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    // ==== exercise 3: embeddings ====

    /** Mistakes in the sinusoidal table. */
    public enum Sinusoid {
        /** {@code 2 * i / dim} in int arithmetic: every pair gets angle {@code pos} */
        INT_DIVISION,
        /** the column index {@code c} instead of {@code 2i} in the exponent */
        COLUMN_INDEX,
        /** cos in the even columns, sin in the odd ones */
        SWAPPED,
        /** angle {@code pos · BASE^(2i/dim)} (multiplied instead of divided) */
        MULTIPLIED
    }

    public static Tensor sinusoidal(int positions, int dim, Sinusoid mistake) {
        Tensor t = Tensor.zeros(positions, dim);
        for (int pos = 0; pos < positions; pos++) {
            for (int c = 0; c < dim; c++) {
                int i = c / 2;
                double exponent = switch (mistake) {
                    case INT_DIVISION -> (2 * i) / dim;
                    case COLUMN_INDEX -> (double) c / dim;
                    default -> 2.0 * i / dim;
                };
                double angle = mistake == Sinusoid.MULTIPLIED ? pos * Math.pow(Embeddings.BASE, exponent)
                        : pos / Math.pow(Embeddings.BASE, exponent);
                boolean even = c % 2 == 0;
                if (mistake == Sinusoid.SWAPPED) {
                    even = !even;
                }
                t.set2(pos, c, (float) (even ? Math.sin(angle) : Math.cos(angle)));
            }
        }
        return t;
    }

    /** Mistakes in RoPE. */
    public enum Rope {
        /** exact (for building other variants) */
        CORRECT,
        /** {@code -2 * i / d} in int arithmetic: θ = 1 for every pair */
        INT_DIVISION,
        /** rotated the other way (angle −a) */
        NEGATIVE_ANGLE,
        /** pairs {@code (i, i + d/2)} (the "rotate half" layout) instead of consecutive pairs */
        HALVES,
        /** θ from the column index {@code 2i} where the pair index {@code i} belongs: BASE^(−4i/d) */
        COLUMN_INDEX,
        /** the second line uses the already rotated first coordinate */
        OVERWRITTEN,
        /** positions counted from 1 */
        FROM_ONE
    }

    public static Tensor rotary(Tensor x, Rope mistake) {
        return tensor(rope(rows(x), mistake));
    }

    static double[][] rope(double[][] x, Rope mistake) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int d = x[t].length;
            out[t] = x[t].clone();
            int pos = mistake == Rope.FROM_ONE ? t + 1 : t;
            for (int i = 0; i < d / 2; i++) {
                double theta = switch (mistake) {
                    case INT_DIVISION -> Math.pow(Embeddings.BASE, (-2 * i) / d);
                    case COLUMN_INDEX -> Math.pow(Embeddings.BASE, -4.0 * i / d);
                    default -> Math.pow(Embeddings.BASE, -2.0 * i / d);
                };
                double angle = pos * theta;
                if (mistake == Rope.NEGATIVE_ANGLE) {
                    angle = -angle;
                }
                int a = mistake == Rope.HALVES ? i : 2 * i;
                int b = mistake == Rope.HALVES ? i + d / 2 : 2 * i + 1;
                double x0 = x[t][a];
                double x1 = x[t][b];
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                out[t][a] = x0 * cos - x1 * sin;
                out[t][b] = (mistake == Rope.OVERWRITTEN ? out[t][a] : x0) * sin + x1 * cos;
            }
        }
        return out;
    }

    // ==== exercise 4: attention ====

    /** How (and whether) the causal mask is applied. */
    public enum Mask {
        NONE,
        /** −∞ above the diagonal before the softmax (correct) */
        CAUSAL,
        /** softmax first, then the future entries set to 0 (rows no longer sum to 1) */
        AFTER_SOFTMAX,
        /** future scores set to 0 instead of −∞ */
        ZERO_SCORE,
        /** the past hidden instead of the future (−∞ below the diagonal) */
        BELOW_DIAGONAL
    }

    /** softmax(Q·Kᵀ · scale) with the given mask, weights·V; in double. */
    public static Attention.Output attention(Tensor q, Tensor k, Tensor v, double scale, Mask mask) {
        return attention(rows(q), rows(k), rows(v), scale, mask);
    }

    static Attention.Output attention(double[][] q, double[][] k, double[][] v, double scale, Mask mask) {
        int t = q.length;
        int s = k.length;
        double[][] w = new double[t][s];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < s; j++) {
                double score = dot(q[i], k[j]) * scale;
                boolean future = j > i;
                if (mask == Mask.CAUSAL && future) {
                    score = Double.NEGATIVE_INFINITY;
                } else if (mask == Mask.ZERO_SCORE && future) {
                    score = 0;
                } else if (mask == Mask.BELOW_DIAGONAL && j < i) {
                    score = Double.NEGATIVE_INFINITY;
                }
                w[i][j] = score;
            }
        }
        w = softmaxRows(w, 1.0);
        if (mask == Mask.AFTER_SOFTMAX) {
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < s; j++) {
                    w[i][j] = 0;
                }
            }
        }
        return new Attention.Output(tensor(matmul(w, v)), tensor(w));
    }

    /** Softmax over the queries (each column sums to 1) instead of over the keys. */
    public static Attention.Output attentionColumnSoftmax(Tensor q, Tensor k, Tensor v, double scale) {
        double[][] scores = matmul(rows(q), transpose(rows(k)));
        Tensor w = softmaxAlongColumns(tensor(scale(scores, scale)));
        return new Attention.Output(tensor(matmul(rows(w), rows(v))), w);
    }

    /** Mistakes in multi-head attention. */
    public enum Heads {
        CORRECT,
        /** scores scaled by 1/√d_model instead of 1/√d_h */
        SCALE_D_MODEL,
        /** scores not scaled */
        UNSCALED,
        /** head h takes every H-th column (h, h+H, …) instead of a block */
        STRIDED_COLUMNS,
        /** the joined heads are not multiplied by wo */
        NO_WO,
        /** the heads joined in reverse order */
        REVERSED_HEADS,
        /** RoPE applied to V as well */
        ROPE_ON_V,
        /** RoPE applied to the full-width Q and K before splitting into heads */
        ROPE_BEFORE_SPLIT,
        /** RoPE not applied although rotary = true */
        NO_ROPE,
        /** the causal option ignored */
        NO_MASK,
        /** the mask applied after the softmax */
        MASK_AFTER_SOFTMAX
    }

    public static Attention.Output multiHead(Tensor x, Attention.Weights w, Attention.Options options,
                                             Heads mistake) {
        double[][] xs = rows(x);
        double[][] q = matmul(xs, rows(w.wq()));
        double[][] k = matmul(xs, rows(w.wk()));
        double[][] v = matmul(xs, rows(w.wv()));
        int t = xs.length;
        int d = q[0].length;
        int heads = options.heads();
        int dh = d / heads;
        boolean rotary = options.rotary() && mistake != Heads.NO_ROPE;
        if (rotary && mistake == Heads.ROPE_BEFORE_SPLIT) {
            q = rope(q, Rope.CORRECT);
            k = rope(k, Rope.CORRECT);
        }
        Mask mask = !options.causal() || mistake == Heads.NO_MASK ? Mask.NONE
                : mistake == Heads.MASK_AFTER_SOFTMAX ? Mask.AFTER_SOFTMAX : Mask.CAUSAL;
        double scale = switch (mistake) {
            case SCALE_D_MODEL -> 1 / Math.sqrt(d);
            case UNSCALED -> 1;
            default -> 1 / Math.sqrt(dh);
        };
        double[][] joined = new double[t][d];
        Tensor weights = Tensor.zeros(heads, t, t);
        for (int h = 0; h < heads; h++) {
            int[] cols = new int[dh];
            for (int c = 0; c < dh; c++) {
                cols[c] = mistake == Heads.STRIDED_COLUMNS ? h + c * heads : h * dh + c;
            }
            double[][] qh = columns(q, cols);
            double[][] kh = columns(k, cols);
            double[][] vh = columns(v, cols);
            if (rotary && mistake != Heads.ROPE_BEFORE_SPLIT) {
                qh = rope(qh, Rope.CORRECT);
                kh = rope(kh, Rope.CORRECT);
                if (mistake == Heads.ROPE_ON_V) {
                    vh = rope(vh, Rope.CORRECT);
                }
            }
            Attention.Output head = attention(qh, kh, vh, scale, mask);
            int target = mistake == Heads.REVERSED_HEADS ? heads - 1 - h : h;
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < dh; c++) {
                    int col = mistake == Heads.STRIDED_COLUMNS ? cols[c] : target * dh + c;
                    joined[i][col] = head.output().get(i, c);
                }
                for (int j = 0; j < t; j++) {
                    weights.set(head.weights().get(i, j), h, i, j);
                }
            }
        }
        double[][] out = mistake == Heads.NO_WO ? joined : matmul(joined, rows(w.wo()));
        return new Attention.Output(tensor(out), weights);
    }

    // ==== exercise 5: transformer block ====

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
        GAMMA_BETA_SWAPPED
    }

    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, Norm mistake) {
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
        IDENTITY
    }

    public static Tensor activation(Tensor x, Activation kind) {
        float[] v = x.toArray();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) activation(v[i], kind);
        }
        return Tensor.of(out, x.shape());
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

    // ==== exercise 6: sampler ====

    /** Mistakes in {@link Sampler#distribution}. */
    public enum Sampling {
        /** logits multiplied by T instead of divided */
        MULTIPLY_BY_TEMPERATURE,
        /** temperature ignored */
        NO_TEMPERATURE,
        /** equal probabilities ranked by the higher id first */
        TIES_TO_HIGHER_ID,
        /** top-p keeps only the tokens before the one that crosses p */
        TOP_P_DROPS_CROSSING,
        /** top-p keeps tokens until the sum is strictly greater than p */
        TOP_P_STRICTLY_GREATER,
        /** top-p accumulates the probabilities from before top-k */
        TOP_P_BEFORE_RENORMALISING,
        /** no renormalisation after top-k / top-p */
        NOT_RENORMALISED,
        /** softmax without subtracting the maximum (float exp) */
        NO_MAX_SUBTRACTION
    }

    public static float[] distribution(float[] logits, Sampler.Config config, Sampling mistake) {
        int n = logits.length;
        double[] p = new double[n];
        if (config.temperature() == 0) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (mistake == Sampling.TIES_TO_HIGHER_ID ? logits[i] >= logits[best] : logits[i] > logits[best]) {
                    best = i;
                }
            }
            p[best] = 1;
            return floats(p);
        }
        double t = switch (mistake) {
            case MULTIPLY_BY_TEMPERATURE -> 1 / config.temperature();
            case NO_TEMPERATURE -> 1;
            default -> config.temperature();
        };
        if (mistake == Sampling.NO_MAX_SUBTRACTION) {
            float sum = 0;
            float[] e = new float[n];
            for (int i = 0; i < n; i++) {
                e[i] = (float) Math.exp((float) (logits[i] / t));
                sum += e[i];
            }
            for (int i = 0; i < n; i++) {
                p[i] = e[i] / sum;
            }
        } else {
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp((logits[i] - max) / t);
                sum += p[i];
            }
            for (int i = 0; i < n; i++) {
                p[i] /= sum;
            }
        }
        double[] original = p.clone();
        Integer[] ranking = new Integer[n];
        for (int i = 0; i < n; i++) {
            ranking[i] = i;
        }
        Comparator<Integer> byProbability = Comparator.comparingDouble(i -> -original[i]);
        Arrays.sort(ranking, mistake == Sampling.TIES_TO_HIGHER_ID
                ? byProbability.thenComparing(Comparator.<Integer>reverseOrder())
                : byProbability.thenComparingInt(i -> i));
        int keep = n;
        if (config.topK() > 0) {
            keep = Math.min(n, config.topK());
            for (int r = keep; r < n; r++) {
                p[ranking[r]] = 0;
            }
            if (mistake != Sampling.NOT_RENORMALISED) {
                normalise(p);
            }
        }
        if (config.topP() < 1) {
            double[] source = mistake == Sampling.TOP_P_BEFORE_RENORMALISING ? original : p;
            double cumulative = 0;
            int prefix = 0;
            while (prefix < keep) {
                double next = cumulative + source[ranking[prefix]];
                if (mistake == Sampling.TOP_P_DROPS_CROSSING && next >= config.topP()) {
                    break;
                }
                cumulative = next;
                prefix++;
                if (mistake == Sampling.TOP_P_STRICTLY_GREATER ? cumulative > config.topP()
                        : mistake != Sampling.TOP_P_DROPS_CROSSING && cumulative >= config.topP()) {
                    break;
                }
            }
            for (int r = prefix; r < n; r++) {
                p[ranking[r]] = 0;
            }
            if (mistake != Sampling.NOT_RENORMALISED) {
                normalise(p);
            }
        }
        return floats(p);
    }

    /** Mistakes in {@link Sampler#sample}'s walk over a distribution {@code p}. */
    public enum Walk {
        /** running sum compared with ≥ u */
        GREATER_OR_EQUAL,
        /** walked in order of probability instead of id order */
        PROBABILITY_ORDER,
        /** walked backwards, from the highest id */
        REVERSED
    }

    public static int sample(float[] p, double u, Walk mistake) {
        int n = p.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = mistake == Walk.REVERSED ? n - 1 - i : i;
        }
        if (mistake == Walk.PROBABILITY_ORDER) {
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingInt(i -> i));
        }
        double cumulative = 0;
        int last = order[0];
        for (int id : order) {
            if (p[id] > 0) {
                last = id;
            }
            cumulative += p[id];
            if (mistake == Walk.GREATER_OR_EQUAL ? cumulative >= u : cumulative > u) {
                return id;
            }
        }
        return last;
    }

    // ==== exercise 7: mini-GPT ====

    /** Mistakes in the model's forward pass. */
    public enum Model {
        /** no final LayerNorm before the projection */
        NO_FINAL_NORM,
        /** blocks run without the causal mask */
        NOT_CAUSAL,
        /** no position information added (LEARNED / SINUSOIDAL) */
        NO_POSITIONS,
        /** a ROPE model that also adds the sinusoidal table */
        ROPE_PLUS_SINUSOIDAL,
        /** a ROPE model whose blocks run with rotary = false */
        ROPE_NOT_ROTARY,
        /** rotary switched on for every kind of model */
        ALWAYS_ROTARY,
        /** the learned table used for a SINUSOIDAL model or the sinusoidal table for a LEARNED one */
        OTHER_TABLE,
        /** only the first block run */
        FIRST_BLOCK_ONLY
    }

    public static Tensor forward(LanguageModel.Weights weights, int[] tokens, Model mistake) {
        Embeddings emb = Grading.reference(Embeddings.class);
        TransformerBlock block = Grading.reference(TransformerBlock.class);
        TensorMath math = Grading.reference(TensorMath.class);
        LanguageModel.Config c = weights.config();
        Tensor x = emb.lookup(weights.tokenEmbedding(), tokens);
        LanguageModel.Positional kind = c.positional();
        Tensor table = switch (kind) {
            case LEARNED -> mistake == Model.OTHER_TABLE ? emb.sinusoidal(tokens.length, c.dModel())
                    : weights.positionTable();
            case SINUSOIDAL -> mistake == Model.OTHER_TABLE ? null : emb.sinusoidal(tokens.length, c.dModel());
            case ROPE -> mistake == Model.ROPE_PLUS_SINUSOIDAL ? emb.sinusoidal(tokens.length, c.dModel()) : null;
        };
        if (table != null && mistake != Model.NO_POSITIONS) {
            x = emb.addPositions(x, table);
        }
        if (table == null && mistake == Model.OTHER_TABLE) {
            return null;
        }
        boolean rotary = switch (mistake) {
            case ROPE_NOT_ROTARY -> false;
            case ALWAYS_ROTARY -> true;
            default -> kind == LanguageModel.Positional.ROPE;
        };
        Attention.Options options = new Attention.Options(c.heads(), mistake != Model.NOT_CAUSAL, rotary);
        int l = 0;
        for (TransformerBlock.Weights layer : weights.blocks()) {
            if (mistake == Model.FIRST_BLOCK_ONLY && l++ > 0) {
                break;
            }
            x = block.forward(x, layer, options);
        }
        if (mistake != Model.NO_FINAL_NORM) {
            x = block.layerNorm(x, weights.finalGamma(), weights.finalBeta());
        }
        return math.matmul(x, math.transpose(weights.tokenEmbedding()));
    }

    /** Mistakes in {@link LanguageModel#generate}. */
    public enum Generation {
        /** a fresh {@code new SplittableRandom(seed)} every step (so every step draws the same u) */
        FRESH_RANDOM_EACH_STEP,
        /** the first row of logits used instead of the last */
        FIRST_ROW,
        /** the window is the FIRST contextLength tokens instead of the last */
        WINDOW_FROM_START
    }

    public static int[] generate(LanguageModel.Weights weights, int[] prompt, int count, Sampler.Config sampling,
                                 long seed, Generation mistake) {
        LanguageModel model = Grading.reference(LanguageModel.class);
        Sampler sampler = Grading.reference(Sampler.class);
        int context = weights.config().contextLength();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sequence = Arrays.copyOf(prompt, prompt.length + count);
        for (int step = 0; step < count; step++) {
            int end = prompt.length + step;
            int from = mistake == Generation.WINDOW_FROM_START ? 0 : Math.max(0, end - context);
            int[] window = Arrays.copyOfRange(sequence, from, Math.min(end, from + context));
            Tensor logits = model.forward(weights, window);
            int row = mistake == Generation.FIRST_ROW ? 0 : window.length - 1;
            double u = mistake == Generation.FRESH_RANDOM_EACH_STEP ? new SplittableRandom(seed).nextDouble()
                    : rng.nextDouble();
            sequence[end] = sampler.sample(logits.row(row).toArray(), sampling, u);
        }
        return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }

    // ==== plain double helpers ====

    static double erf(double x) {
        // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough to recognise the erf GELU
        double sign = Math.signum(x);
        double a = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * a);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * Math.exp(-a * a);
        return sign * y;
    }

    static double[][] rows(Tensor t) {
        t.requireRank("matrix", 2);
        double[][] out = new double[t.size(0)][t.size(1)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = t.get2(i, j);
            }
        }
        return out;
    }

    static Tensor tensor(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        Tensor out = Tensor.zeros(m.length, cols);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < cols; j++) {
                out.set2(i, j, (float) m[i][j]);
            }
        }
        return out;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        int inner = b.length;
        int cols = inner == 0 ? 0 : b[0].length;
        double[][] out = new double[a.length][cols];
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < inner; p++) {
                double x = a[i][p];
                for (int j = 0; j < cols; j++) {
                    out[i][j] += x * b[p][j];
                }
            }
        }
        return out;
    }

    static double[][] softmaxRows(double[][] m, double scale) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : m[i]) {
                max = Math.max(max, v * scale);
            }
            double sum = 0;
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = Math.exp(m[i][j] * scale - max);
                sum += out[i][j];
            }
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] /= sum;
            }
        }
        return out;
    }

    static double[][] transpose(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        double[][] out = new double[cols][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < cols; j++) {
                out[j][i] = m[i][j];
            }
        }
        return out;
    }

    static double[][] scale(double[][] m, double factor) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = m[i][j] * factor;
            }
        }
        return out;
    }

    private static double[][] columns(double[][] m, int[] cols) {
        double[][] out = new double[m.length][cols.length];
        for (int i = 0; i < m.length; i++) {
            for (int c = 0; c < cols.length; c++) {
                out[i][c] = m[i][cols[c]];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void normalise(double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
    }

    private static float[] floats(double[] p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) p[i];
        }
        return out;
    }
}
