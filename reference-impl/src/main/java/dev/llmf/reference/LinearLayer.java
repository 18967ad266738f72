package dev.llmf.reference;

import dev.llmf.contract.Tensor;

import java.util.Arrays;

/** The forward pass of a linear layer, {@code y = x · W + b}: what {@link ReferenceTraining} differentiates. */
public final class LinearLayer {

    private LinearLayer() {
    }

    /**
     * {@code y = x · W + b}, each output a double sum rounded to float.
     *
     * @param x shape {@code [N, in]}
     * @param w shape {@code [in, out]}
     * @param b shape {@code [out]}
     * @return shape {@code [N, out]}
     */
    public static Tensor forward(Tensor x, Tensor w, Tensor b) {
        x.requireRank("x", 2);
        w.requireRank("w", 2);
        int n = x.size(0);
        int in = x.size(1);
        int out = w.size(1);
        if (w.size(0) != in) {
            throw new IllegalArgumentException("x (shape " + Arrays.toString(x.shape()) + ") and w (shape "
                    + Arrays.toString(w.shape()) + ") do not fit x·W: they must be [N, in] and [in, out]");
        }
        b.requireShape("b", out);
        float[] xs = x.toArray();
        float[] ws = w.toArray();
        float[] bs = b.toArray();
        float[] y = new float[n * out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double sum = bs[o];
                for (int i = 0; i < in; i++) {
                    sum += (double) xs[r * in + i] * ws[i * out + o];
                }
                y[r * out + o] = (float) sum;
            }
        }
        return Tensor.of(y, n, out);
    }
}
