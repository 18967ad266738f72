package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.toMatrix;
import static dev.llmf.reference.Fixtures.toVector;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;

/**
 * An independent, deliberately plain implementation of the contract's math: straight loops in {@code double}, written
 * from the Javadoc formulas only, sharing no code with the reference. The cross-check tests compare the reference
 * against it.
 */
final class Naive {

    private Naive() {
    }

    static double[][] matmul(double[][] a, double[][] b) {
        int m = a.length;
        int k = b.length;
        int n = k == 0 ? 0 : b[0].length;
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[i][p] * b[p][j];
                }
                c[i][j] = sum;
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        int cols = a.length == 0 ? 0 : a[0].length;
        double[][] t = new double[cols][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < cols; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                c[i][j] = a[i][j] + b[i][j];
            }
        }
        return c;
    }

    static double[] softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double[] e = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            e[i] = x[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(x[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < x.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    static double[][] softmaxRows(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = softmax(x[i]);
        }
        return out;
    }

    static double[][] layerNorm(double[][] x, double[] gamma, double[] beta) {
        double eps = TransformerBlock.LAYER_NORM_EPSILON;
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int d = x[t].length;
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= d;
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean);
            }
            var /= d;
            double inv = 1.0 / Math.sqrt(var + eps);
            y[t] = new double[d];
            for (int i = 0; i < d; i++) {
                y[t][i] = (x[t][i] - mean) * inv * gamma[i] + beta[i];
            }
        }
        return y;
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    static double[][] gelu(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                y[i][j] = gelu(x[i][j]);
            }
        }
        return y;
    }

    /** RoPE on consecutive pairs (2i, 2i+1), θ_i = BASE^(−2i/d), angle t·θ_i; row t is position t. */
    static double[][] rope(double[][] x) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int d = x[t].length;
            out[t] = new double[d];
            for (int i = 0; i < d / 2; i++) {
                double theta = Math.pow(Embeddings.BASE, -2.0 * i / d);
                double angle = t * theta;
                double a = x[t][2 * i];
                double b = x[t][2 * i + 1];
                out[t][2 * i] = a * Math.cos(angle) - b * Math.sin(angle);
                out[t][2 * i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
            }
        }
        return out;
    }

    static double[][] sinusoidal(int positions, int dim) {
        double[][] pe = new double[positions][dim];
        for (int pos = 0; pos < positions; pos++) {
            for (int j = 0; j < dim; j++) {
                int i2 = j - (j % 2);                    // 2i
                double angle = pos / Math.pow(Embeddings.BASE, (double) i2 / dim);
                pe[pos][j] = j % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        return pe;
    }

    record Attn(double[][] output, double[][] weights) {
    }

    static Attn attention(double[][] q, double[][] k, double[][] v, boolean causal) {
        int tq = q.length;
        int s = k.length;
        int dk = q[0].length;
        double scale = 1.0 / Math.sqrt(dk);
        double[][] scores = new double[tq][s];
        for (int i = 0; i < tq; i++) {
            for (int j = 0; j < s; j++) {
                if (causal && j > i) {
                    scores[i][j] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double dot = 0;
                for (int p = 0; p < dk; p++) {
                    dot += q[i][p] * k[j][p];
                }
                scores[i][j] = dot * scale;
            }
        }
        double[][] weights = softmaxRows(scores);
        return new Attn(matmul(weights, v), weights);
    }

    record MultiHead(double[][] output, double[][][] weights) {
    }

    static MultiHead multiHead(double[][] x, double[][] wq, double[][] wk, double[][] wv, double[][] wo,
                               int heads, boolean causal, boolean rotary) {
        int t = x.length;
        int d = wq.length;
        int dh = d / heads;
        double[][] q = matmul(x, wq);
        double[][] k = matmul(x, wk);
        double[][] v = matmul(x, wv);
        double[][] concat = new double[t][d];
        double[][][] weights = new double[heads][][];
        for (int h = 0; h < heads; h++) {
            double[][] qh = columns(q, h * dh, dh);
            double[][] kh = columns(k, h * dh, dh);
            double[][] vh = columns(v, h * dh, dh);
            if (rotary) {
                qh = rope(qh);
                kh = rope(kh);
            }
            Attn a = attention(qh, kh, vh, causal);
            weights[h] = a.weights();
            for (int i = 0; i < t; i++) {
                System.arraycopy(a.output()[i], 0, concat[i], h * dh, dh);
            }
        }
        return new MultiHead(matmul(concat, wo), weights);
    }

    static MultiHead multiHead(double[][] x, dev.llmf.contract.Attention.Weights w, int heads, boolean causal,
                               boolean rotary) {
        return multiHead(x, toMatrix(w.wq()), toMatrix(w.wk()), toMatrix(w.wv()), toMatrix(w.wo()), heads, causal,
                rotary);
    }

    static double[][] feedForward(double[][] x, double[][] w1, double[][] w2) {
        return matmul(gelu(matmul(x, w1)), w2);
    }

    static double[][] block(double[][] x, TransformerBlock.Weights w, int heads, boolean causal, boolean rotary) {
        double[][] a = multiHead(layerNorm(x, toVector(w.ln1Gamma()), toVector(w.ln1Beta())), w.attention(), heads,
                causal, rotary).output();
        double[][] h = add(x, a);
        double[][] f = feedForward(layerNorm(h, toVector(w.ln2Gamma()), toVector(w.ln2Beta())), toMatrix(w.w1()),
                toMatrix(w.w2()));
        return add(h, f);
    }

    /** The whole decoder-only model of {@link LanguageModel}'s class comment. */
    static double[][] model(LanguageModel.Weights w, int[] tokens) {
        LanguageModel.Config c = w.config();
        double[][] table = toMatrix(w.tokenEmbedding());
        double[][] x = new double[tokens.length][];
        for (int t = 0; t < tokens.length; t++) {
            x[t] = table[tokens[t]].clone();
        }
        if (c.positional() == LanguageModel.Positional.LEARNED) {
            double[][] pos = toMatrix(w.positionTable());
            x = add(x, java.util.Arrays.copyOf(pos, tokens.length));
        } else if (c.positional() == LanguageModel.Positional.SINUSOIDAL) {
            x = add(x, sinusoidal(tokens.length, c.dModel()));
        }
        boolean rotary = c.positional() == LanguageModel.Positional.ROPE;
        for (TransformerBlock.Weights block : w.blocks()) {
            x = block(x, block, c.heads(), true, rotary);
        }
        x = layerNorm(x, toVector(w.finalGamma()), toVector(w.finalBeta()));
        return matmul(x, transpose(table));
    }

    static double[][] columns(double[][] m, int from, int count) {
        double[][] out = new double[m.length][count];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], from, out[i], 0, count);
        }
        return out;
    }

    static double[][] of(Tensor t) {
        return toMatrix(t);
    }
}
