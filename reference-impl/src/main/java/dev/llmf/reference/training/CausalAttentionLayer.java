package dev.llmf.reference.training;

/**
 * Causal multi-head scaled dot-product attention on rows of width {@code d = heads·dh}, and its backward pass. Per
 * head h: {@code P = softmax(Q_h·K_hᵀ / √dh)} with row i seeing keys {@code 0 .. i}, {@code O_h = P·V_h}. The
 * weights {@code P} are kept ({@code [heads, n, n]}, lower triangle) for the backward pass.
 */
final class CausalAttentionLayer {

    private final int d;
    private final int heads;
    private final int dh;
    private final double scale;

    CausalAttentionLayer(int d, int heads) {
        this.d = d;
        this.heads = heads;
        this.dh = d / heads;
        this.scale = 1 / Math.sqrt(dh);
    }

    /** Fills {@code p [heads, n, n]} and {@code out [n, d]} (overwritten) from {@code q, k, v [n, d]}. */
    void forward(double[] q, double[] k, double[] v, int n, double[] p, double[] out) {
        java.util.Arrays.fill(out, 0, n * d, 0);
        for (int h = 0; h < heads; h++) {
            int col = h * dh;
            for (int i = 0; i < n; i++) {
                int row = (h * n + i) * n;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int c = 0; c < dh; c++) {
                        s += q[i * d + col + c] * k[j * d + col + c];
                    }
                    s *= scale;
                    p[row + j] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    double e = Math.exp(p[row + j] - max);
                    p[row + j] = e;
                    sum += e;
                }
                for (int j = 0; j <= i; j++) {
                    double w = p[row + j] / sum;
                    p[row + j] = w;
                    for (int c = 0; c < dh; c++) {
                        out[i * d + col + c] += w * v[j * d + col + c];
                    }
                }
            }
        }
    }

    /**
     * From {@code dOut [n, d]}, fills {@code dq, dk, dv [n, d]} (overwritten): {@code dV_h = Pᵀ·dO_h},
     * {@code dP = dO_h·V_hᵀ}, {@code dS = P ∘ (dP − rowsum(dP ∘ P)) / √dh}, {@code dQ_h = dS·K_h},
     * {@code dK_h = dSᵀ·Q_h}. {@code scratch} holds at least {@code n} numbers.
     */
    void backward(double[] q, double[] k, double[] v, double[] p, int n, double[] dOut, double[] dq, double[] dk,
                  double[] dv, double[] scratch) {
        java.util.Arrays.fill(dq, 0, n * d, 0);
        java.util.Arrays.fill(dk, 0, n * d, 0);
        java.util.Arrays.fill(dv, 0, n * d, 0);
        for (int h = 0; h < heads; h++) {
            int col = h * dh;
            for (int i = 0; i < n; i++) {
                int row = (h * n + i) * n;
                double dot = 0;
                for (int j = 0; j <= i; j++) {
                    double dp = 0;
                    for (int c = 0; c < dh; c++) {
                        double g = dOut[i * d + col + c];
                        dp += g * v[j * d + col + c];
                        dv[j * d + col + c] += p[row + j] * g;
                    }
                    scratch[j] = dp;
                    dot += dp * p[row + j];
                }
                for (int j = 0; j <= i; j++) {
                    double ds = p[row + j] * (scratch[j] - dot) * scale;
                    for (int c = 0; c < dh; c++) {
                        dq[i * d + col + c] += ds * k[j * d + col + c];
                        dk[j * d + col + c] += ds * q[i * d + col + c];
                    }
                }
            }
        }
    }
}
