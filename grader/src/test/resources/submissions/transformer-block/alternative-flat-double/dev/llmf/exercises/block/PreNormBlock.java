package dev.llmf.exercises.block;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.exercises.attention.SelfAttention;

/** A correct solution written differently: flat double arrays and its own matrix product and residual sums. */
public class PreNormBlock implements TransformerBlock {

    private final Attention attention = new SelfAttention();

    @Override
    public Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta) {
        int t = x.size(0), d = x.size(1);
        double[] out = new double[t * d];
        for (int r = 0; r < t; r++) {
            double sum = 0;
            for (int c = 0; c < d; c++) {
                sum += x.get2(r, c);
            }
            double mu = sum / d;
            double ss = 0;
            for (int c = 0; c < d; c++) {
                ss += Math.pow(x.get2(r, c) - mu, 2);
            }
            double sigma = Math.sqrt(ss / d + LAYER_NORM_EPSILON);
            for (int c = 0; c < d; c++) {
                out[r * d + c] = (x.get2(r, c) - mu) / sigma * gamma.get(c) + beta.get(c);
            }
        }
        return tensor(out, t, d);
    }

    @Override
    public Tensor gelu(Tensor x) {
        float[] v = x.toArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double u = v[i];
            out[i] = u * 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (u + 0.044715 * Math.pow(u, 3))));
        }
        return tensor(out, x.shape());
    }

    @Override
    public Tensor feedForward(Tensor x, Tensor w1, Tensor w2) {
        return product(gelu(product(x, w1)), w2);
    }

    @Override
    public Tensor forward(Tensor x, Weights w, Attention.Options options) {
        Tensor h = plus(x, attention.multiHead(layerNorm(x, w.ln1Gamma(), w.ln1Beta()), w.attention(), options)
                .output());
        return plus(h, feedForward(layerNorm(h, w.ln2Gamma(), w.ln2Beta()), w.w1(), w.w2()));
    }

    private static Tensor product(Tensor a, Tensor b) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a.get2(i, p) * b.get2(p, j);
                }
                out[i * n + j] = s;
            }
        }
        return tensor(out, m, n);
    }

    private static Tensor plus(Tensor a, Tensor b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (double) x[i] + y[i];
        }
        return tensor(out, a.shape());
    }

    private static Tensor tensor(double[] values, int... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.of(f, shape);
    }
}
