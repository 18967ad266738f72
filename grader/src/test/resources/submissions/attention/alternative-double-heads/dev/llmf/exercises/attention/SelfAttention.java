package dev.llmf.exercises.attention;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;

import java.util.Arrays;

/** A correct solution written differently: every step on double[][] matrices, its own softmax and RoPE. */
public class SelfAttention implements Attention {

    @Override
    public Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal) {
        if (q.rank() != 2 || k.rank() != 2 || v.rank() != 2 || q.size(1) != k.size(1) || k.size(0) != v.size(0)
                || causal && q.size(0) != k.size(0)) {
            throw new IllegalArgumentException("bad shapes for attention: Q " + Arrays.toString(q.shape()) + ", K "
                    + Arrays.toString(k.shape()) + ", V " + Arrays.toString(v.shape()) + (causal ? ", causal" : ""));
        }
        double[][][] result = attend(read(q), read(k), read(v), causal);
        return new Output(write(result[0]), write(result[1]));
    }

    @Override
    public Output multiHead(Tensor x, Weights w, Options options) {
        double[][] xs = read(x);
        double[][] q = times(xs, read(w.wq()));
        double[][] k = times(xs, read(w.wk()));
        double[][] v = times(xs, read(w.wv()));
        int t = xs.length, d = q[0].length, heads = options.heads(), dh = d / heads;
        double[][] joined = new double[t][d];
        Tensor weights = Tensor.zeros(heads, t, t);
        for (int h = 0; h < heads; h++) {
            double[][] qh = slice(q, h * dh, dh), kh = slice(k, h * dh, dh), vh = slice(v, h * dh, dh);
            if (options.rotary()) {
                qh = rope(qh);
                kh = rope(kh);
            }
            double[][][] head = attend(qh, kh, vh, options.causal());
            for (int i = 0; i < t; i++) {
                System.arraycopy(head[0][i], 0, joined[i], h * dh, dh);
                for (int j = 0; j < t; j++) {
                    weights.set((float) head[1][i][j], h, i, j);
                }
            }
        }
        return new Output(write(times(joined, read(w.wo()))), weights);
    }

    /** {output, weights} of one attention, in double. */
    private static double[][][] attend(double[][] q, double[][] k, double[][] v, boolean causal) {
        int t = q.length, s = k.length;
        double scale = 1 / Math.sqrt(q.length == 0 ? 1 : q[0].length);
        double[][] w = new double[t][s];
        for (int i = 0; i < t; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s; j++) {
                double score = 0;
                for (int c = 0; c < q[i].length; c++) {
                    score += q[i][c] * k[j][c];
                }
                w[i][j] = causal && j > i ? Double.NEGATIVE_INFINITY : score * scale;
                max = Math.max(max, w[i][j]);
            }
            double sum = 0;
            for (int j = 0; j < s; j++) {
                w[i][j] = Math.exp(w[i][j] - max);
                sum += w[i][j];
            }
            for (int j = 0; j < s; j++) {
                w[i][j] /= sum;
            }
        }
        return new double[][][] {times(w, v), w};
    }

    private static double[][] rope(double[][] m) {
        double[][] out = new double[m.length][];
        for (int t = 0; t < m.length; t++) {
            int d = m[t].length;
            out[t] = m[t].clone();
            for (int i = 0; i < d / 2; i++) {
                double a = t * Math.pow(10000.0, -2.0 * i / d);
                out[t][2 * i] = m[t][2 * i] * Math.cos(a) - m[t][2 * i + 1] * Math.sin(a);
                out[t][2 * i + 1] = m[t][2 * i] * Math.sin(a) + m[t][2 * i + 1] * Math.cos(a);
            }
        }
        return out;
    }

    private static double[][] times(double[][] a, double[][] b) {
        int n = b.length == 0 ? 0 : b[0].length;
        double[][] out = new double[a.length][n];
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < b.length; p++) {
                for (int j = 0; j < n; j++) {
                    out[i][j] += a[i][p] * b[p][j];
                }
            }
        }
        return out;
    }

    private static double[][] slice(double[][] m, int from, int width) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = Arrays.copyOfRange(m[i], from, from + width);
        }
        return out;
    }

    private static double[][] read(Tensor t) {
        double[][] m = new double[t.size(0)][t.size(1)];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = t.get2(i, j);
            }
        }
        return m;
    }

    private static Tensor write(double[][] m) {
        Tensor out = Tensor.zeros(m.length, m.length == 0 ? 0 : m[0].length);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                out.set2(i, j, (float) m[i][j]);
            }
        }
        return out;
    }
}
