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

    /**
     * Fills {@code p [heads, n, n]} (zeros above the diagonal) and {@code out [n, d]} (overwritten) from
     * {@code q, k, v [n, d]}. The scores are the whole product {@code Q_h·K_hᵀ}, so it runs in {@link Dense}'s
     * kernel; the entries above the diagonal are then replaced by zeros, which add nothing to {@code P·V_h}.
     */
    void forward(double[] q, double[] k, double[] v, int n, double[] p, double[] out) {
        java.util.Arrays.fill(out, 0, n * d, 0);
        for (int h = 0; h < heads; h++) {
            int col = h * dh;
            int at = h * n * n;
            java.util.Arrays.fill(p, at, at + n * n, 0);
            Dense.addProductTransposedB(q, col, d, k, col, d, p, at, n, n, dh, n);
            softmaxCausal(p, at, n);
            Dense.addProduct(p, at, n, v, col, d, out, col, d, n, n, dh);
        }
    }

    // The scores [n, n] from p[at] become the weights: row i scaled, softmax over 0 .. i, zeros after. The row loops
    // here and in softmaxBack are leaves, so forward and backward stay loop-free (see SequencePass.embed).
    private void softmaxCausal(double[] p, int at, int n) {
        for (int i = 0; i < n; i++) {
            int row = at + i * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j <= i; j++) {
                double s = p[row + j] * scale;
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
                p[row + j] /= sum;
            }
            java.util.Arrays.fill(p, row + i + 1, row + n, 0);
        }
    }

    /**
     * From {@code dOut [n, d]}, fills {@code dq, dk, dv [n, d]} (overwritten): {@code dV_h = Pᵀ·dO_h},
     * {@code dP = dO_h·V_hᵀ}, {@code dS = P ∘ (dP − rowsum(dP ∘ P)) / √dh}, {@code dQ_h = dS·K_h},
     * {@code dK_h = dSᵀ·Q_h}. {@code scratch} holds at least {@code n·n} numbers; {@code p} is the forward's, with
     * its zeros above the diagonal, which {@code dS} gets too.
     */
    void backward(double[] q, double[] k, double[] v, double[] p, int n, double[] dOut, double[] dq, double[] dk,
                  double[] dv, double[] scratch) {
        java.util.Arrays.fill(dq, 0, n * d, 0);
        java.util.Arrays.fill(dk, 0, n * d, 0);
        java.util.Arrays.fill(dv, 0, n * d, 0);
        for (int h = 0; h < heads; h++) {
            int col = h * dh;
            int at = h * n * n;
            Dense.addProductTransposedA(p, at, n, dOut, col, d, dv, col, d, n, n, dh);
            java.util.Arrays.fill(scratch, 0, n * n, 0);
            Dense.addProductTransposedB(dOut, col, d, v, col, d, scratch, 0, n, n, dh, n);
            softmaxBack(scratch, p, at, n);
            Dense.addProduct(scratch, 0, n, k, col, d, dq, col, d, n, n, dh);
            Dense.addProductTransposedA(scratch, 0, n, q, col, d, dk, col, d, n, n, dh);
        }
    }

    // dP [n, n] in ds becomes dS = P ∘ (dP − rowsum(dP ∘ P)) / √dh, P the weights from p[at]; zeros after the diagonal.
    private void softmaxBack(double[] ds, double[] p, int at, int n) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double dot = 0;
            for (int j = 0; j <= i; j++) {
                dot += ds[row + j] * p[at + row + j];
            }
            for (int j = 0; j <= i; j++) {
                ds[row + j] = p[at + row + j] * (ds[row + j] - dot) * scale;
            }
            java.util.Arrays.fill(ds, row + i + 1, row + n, 0);
        }
    }
}
