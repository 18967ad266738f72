package dev.llmf.grader.suites;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;

import static dev.llmf.grader.suites.Diagnose.columns;
import static dev.llmf.grader.suites.Diagnose.dot;
import static dev.llmf.grader.suites.Diagnose.matmul;
import static dev.llmf.grader.suites.Diagnose.rows;
import static dev.llmf.grader.suites.Diagnose.scale;
import static dev.llmf.grader.suites.Diagnose.softmaxAlongColumns;
import static dev.llmf.grader.suites.Diagnose.softmaxRows;
import static dev.llmf.grader.suites.Diagnose.tensor;
import static dev.llmf.grader.suites.Diagnose.transpose;

/** Known wrong variants of exercise 4 ({@link Attention}): see {@link Diagnose}. */
public final class AttentionVariants {

    private AttentionVariants() {
    }

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
        BELOW_DIAGONAL,
        /** the mask shifted by one onto the diagonal (j ≥ i hidden): query 0 sees nothing, its row is NaN */
        HIDES_DIAGONAL,
        /** the mask shifted by one the other way (j > i + 1 hidden): each query also sees the next key */
        SEES_NEXT
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
                } else if (mask == Mask.BELOW_DIAGONAL && j < i || mask == Mask.HIDES_DIAGONAL && j >= i
                        || mask == Mask.SEES_NEXT && j > i + 1) {
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

    /**
     * Weights as they should be, but the output row assigned ({@code =}) instead of accumulated over the keys:
     * {@code out[i][c] = w[i][S−1]·v[S−1][c]}.
     */
    public static Attention.Output attentionAssignedOutput(Tensor q, Tensor k, Tensor v, double scale, Mask mask) {
        Attention.Output right = attention(q, k, v, scale, mask);
        Tensor w = right.weights();
        int last = k.size(0) - 1;
        Tensor out = Tensor.zeros(q.size(0), v.size(1));
        for (int i = 0; last >= 0 && i < q.size(0); i++) {
            for (int c = 0; c < v.size(1); c++) {
                out.set2(i, c, w.get2(i, last) * v.get2(last, c));
            }
        }
        return new Attention.Output(out, w);
    }

    /**
     * Attention whose softmax skips the maximum, in float as learners write it: scores above 88.7 overflow exp to
     * Infinity, and those rows become NaN.
     */
    public static Attention.Output attentionWithoutMax(Tensor q, Tensor k, Tensor v, double scale, boolean causal) {
        double[][] scores = scale(matmul(rows(q), transpose(rows(k))), scale);
        Tensor s = tensor(scores);
        if (causal) {
            for (int i = 0; i < s.size(0); i++) {
                for (int j = i + 1; j < s.size(1); j++) {
                    s.set2(i, j, Float.NEGATIVE_INFINITY);
                }
            }
        }
        Tensor w = Diagnose.softmaxWithoutMax(s);
        return new Attention.Output(tensor(matmul(rows(w), rows(v))), w);
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
        MASK_AFTER_SOFTMAX,
        /** the projections used transposed, as PyTorch's nn.Linear stores them: Q = x·wqᵀ, …, out = joined·woᵀ */
        TRANSPOSED_WEIGHTS
    }

    public static Attention.Output multiHead(Tensor x, Attention.Weights w, Attention.Options options,
                                             Heads mistake) {
        double[][] xs = rows(x);
        boolean transposed = mistake == Heads.TRANSPOSED_WEIGHTS;
        double[][] q = matmul(xs, maybeTransposed(rows(w.wq()), transposed));
        double[][] k = matmul(xs, maybeTransposed(rows(w.wk()), transposed));
        double[][] v = matmul(xs, maybeTransposed(rows(w.wv()), transposed));
        int t = xs.length;
        int d = q[0].length;
        int heads = options.heads();
        int dh = d / heads;
        boolean rotary = options.rotary() && mistake != Heads.NO_ROPE;
        if (rotary && mistake == Heads.ROPE_BEFORE_SPLIT) {
            q = EmbeddingVariants.rope(q, EmbeddingVariants.Rope.CORRECT);
            k = EmbeddingVariants.rope(k, EmbeddingVariants.Rope.CORRECT);
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
                qh = EmbeddingVariants.rope(qh, EmbeddingVariants.Rope.CORRECT);
                kh = EmbeddingVariants.rope(kh, EmbeddingVariants.Rope.CORRECT);
                if (mistake == Heads.ROPE_ON_V) {
                    vh = EmbeddingVariants.rope(vh, EmbeddingVariants.Rope.CORRECT);
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
        double[][] out = mistake == Heads.NO_WO ? joined : matmul(joined, maybeTransposed(rows(w.wo()), transposed));
        return new Attention.Output(tensor(out), weights);
    }

    private static double[][] maybeTransposed(double[][] m, boolean transposed) {
        return transposed ? transpose(m) : m;
    }
}
