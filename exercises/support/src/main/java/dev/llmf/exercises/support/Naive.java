package dev.llmf.exercises.support;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;

import java.util.Arrays;

/**
 * The plain formulas the public tests compute their expected values with: straight loops in double precision,
 * written from the contract's Javadoc, sharing no code with the exercises or the reference. A matrix is a
 * {@code double[rows][columns]}; {@link #rows} and {@link #tensor} convert from and to {@link Tensor}.
 */
public final class Naive {

    private Naive() {
    }

    // ---- conversions ----

    /** A [rows, columns] tensor as a matrix of doubles. */
    public static double[][] rows(Tensor t) {
        double[][] out = new double[t.size(0)][t.size(1)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = t.get(i, j);
            }
        }
        return out;
    }

    /** A vector tensor as doubles. */
    public static double[] doubles(Tensor vector) {
        float[] values = vector.toArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** A matrix as a [rows, columns] float tensor. */
    public static Tensor tensor(double[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new float[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = (float) m[i][j];
            }
        }
        return Tensor.matrix(out);
    }

    /** Matrices of equal shape, stacked into a [count, rows, columns] float tensor. */
    public static Tensor tensor(double[][][] stack) {
        int rows = stack.length == 0 ? 0 : stack[0].length;
        int columns = rows == 0 ? 0 : stack[0][0].length;
        Tensor out = Tensor.zeros(stack.length, rows, columns);
        for (int s = 0; s < stack.length; s++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    out.set((float) stack[s][i][j], s, i, j);
                }
            }
        }
        return out;
    }

    /** Columns {@code [from, from + width)} of every row. */
    public static double[][] columns(double[][] m, int from, int width) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = Arrays.copyOfRange(m[i], from, from + width);
        }
        return out;
    }

    // ---- matrix arithmetic ----

    /** The matrix product a·b. */
    public static double[][] matmul(double[][] a, double[][] b) {
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

    /** The element-wise sum a + b. */
    public static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j] + b[i][j];
            }
        }
        return out;
    }

    // ---- the transformer block's pieces ----

    /** LayerNorm per row: (x − μ) / √(σ² + ε) · gamma + beta, with σ² the mean squared deviation. */
    public static double[][] layerNorm(double[][] x, double[] gamma, double[] beta) {
        return layerNorm(x, gamma, beta, gamma.length);
    }

    /** LayerNorm per row, with the squared deviations divided by {@code divisor} (d is right; d − 1 is a mistake). */
    public static double[][] layerNorm(double[][] x, double[] gamma, double[] beta, int divisor) {
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
                out[i][j] = (x[i][j] - mean) / Math.sqrt(variance + TransformerBlock.LAYER_NORM_EPSILON) * gamma[j]
                        + beta[j];
            }
        }
        return out;
    }

    /** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), element by element. */
    public static double[][] gelu(double[][] x) {
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

    /** The feed-forward network GELU(x·w1)·w2. */
    public static double[][] feedForward(double[][] x, Tensor w1, Tensor w2) {
        return matmul(gelu(matmul(x, rows(w1))), rows(w2));
    }

    /** The pre-norm block: h = x + MHA(LN(x; ln1)), out = h + FFN(LN(h; ln2)). */
    public static double[][] block(double[][] x, TransformerBlock.Weights w, Attention.Options options) {
        double[][] h = add(x, multiHead(layerNorm(x, doubles(w.ln1Gamma()), doubles(w.ln1Beta())), w.attention(),
                options).output());
        return add(h, feedForward(layerNorm(h, doubles(w.ln2Gamma()), doubles(w.ln2Beta())), w.w1(), w.w2()));
    }

    // ---- attention ----

    /** RoPE on [T, d]: row t, pair (2i, 2i+1) turned by the angle t·BASE^(−2i/d). */
    public static double[][] rope(double[][] x) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int d = x[t].length;
            out[t] = new double[d];
            for (int i = 0; i < d / 2; i++) {
                double angle = t * Math.pow(Embeddings.BASE, -2.0 * i / d);
                double a = x[t][2 * i];
                double b = x[t][2 * i + 1];
                out[t][2 * i] = a * Math.cos(angle) - b * Math.sin(angle);
                out[t][2 * i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
            }
        }
        return out;
    }

    /** The attention weights [T, S]: softmax(q·kᵀ·scale) row by row, with −∞ above the diagonal when causal. */
    public static double[][] attentionWeights(double[][] q, double[][] k, double scale, boolean causal) {
        int t = q.length;
        int s = k.length;
        double[][] weights = new double[t][s];
        for (int i = 0; i < t; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s; j++) {
                double score = 0;
                for (int p = 0; p < q[i].length; p++) {
                    score += q[i][p] * k[j][p];
                }
                weights[i][j] = causal && j > i ? Double.NEGATIVE_INFINITY : score * scale;
                max = Math.max(max, weights[i][j]);
            }
            double sum = 0;
            for (int j = 0; j < s; j++) {
                weights[i][j] = Math.exp(weights[i][j] - max);
                sum += weights[i][j];
            }
            for (int j = 0; j < s; j++) {
                weights[i][j] /= sum;
            }
        }
        return weights;
    }

    /** What {@link #multiHead} computes: the output [T, d_model] and each head's weights [H][T][T]. */
    public record MultiHead(double[][] output, double[][][] weights) {
    }

    /** Multi-head self-attention with each head's scores scaled by 1/√d_h, d_h = d_model / H. */
    public static MultiHead multiHead(double[][] x, Attention.Weights w, Attention.Options options) {
        int dh = w.wq().size(1) / options.heads();
        return multiHead(x, w, options, 1 / Math.sqrt(dh));
    }

    /**
     * Multi-head self-attention written out step by step (the list in {@link Attention#multiHead}): project x to
     * Q, K and V; head h takes columns [h·d_h, (h+1)·d_h) of each, RoPE on its Q and K when rotary, and
     * softmax(q·kᵀ·scale)·v; the heads' outputs are joined in head order and multiplied by wo.
     */
    public static MultiHead multiHead(double[][] x, Attention.Weights w, Attention.Options options, double scale) {
        double[][] q = matmul(x, rows(w.wq()));
        double[][] k = matmul(x, rows(w.wk()));
        double[][] v = matmul(x, rows(w.wv()));
        int t = x.length;
        int d = q[0].length;
        int heads = options.heads();
        int dh = d / heads;
        double[][] joined = new double[t][d];
        double[][][] weights = new double[heads][][];
        for (int h = 0; h < heads; h++) {
            double[][] qh = columns(q, h * dh, dh);
            double[][] kh = columns(k, h * dh, dh);
            if (options.rotary()) {
                qh = rope(qh);
                kh = rope(kh);
            }
            weights[h] = attentionWeights(qh, kh, scale, options.causal());
            double[][] head = matmul(weights[h], columns(v, h * dh, dh));
            for (int i = 0; i < t; i++) {
                System.arraycopy(head[i], 0, joined[i], h * dh, dh);
            }
        }
        return new MultiHead(matmul(joined, rows(w.wo())), weights);
    }
}
