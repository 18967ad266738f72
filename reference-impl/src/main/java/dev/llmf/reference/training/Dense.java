package dev.llmf.reference.training;

/**
 * The three products a layer's forward and backward passes need, on row-major double arrays with leading
 * dimensions: {@code C += A·B}, {@code C += A·Bᵀ} and {@code C += Aᵀ·B}. The inner loops run along rows of the
 * result, which the JIT vectorises; every sum is taken in the same order whatever thread runs it.
 */
final class Dense {

    private static final ThreadLocal<double[]> TRANSPOSED = ThreadLocal.withInitial(() -> new double[0]);

    private Dense() {
    }

    /** {@code C[n, m] += A[n, k] · B[k, m]}. */
    static void addProduct(double[] a, int aAt, int lda, double[] b, int bAt, int ldb, double[] c, int cAt, int ldc,
                           int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            int ci = cAt + i * ldc;
            for (int p = 0; p < k; p++) {
                double aip = a[aAt + i * lda + p];
                int bp = bAt + p * ldb;
                for (int j = 0; j < m; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /**
     * {@code C[n, m] += A[n, k] · B[m, k]ᵀ}: B is transposed into a per-thread buffer first, so the inner loop runs
     * along rows of C as in {@link #addProduct} (a loop of dot products would not vectorise).
     */
    static void addProductTransposedB(double[] a, int aAt, int lda, double[] b, int bAt, int ldb, double[] c,
                                      int cAt, int ldc, int n, int k, int m) {
        double[] bt = TRANSPOSED.get();
        if (bt.length < k * m) {
            bt = new double[k * m];
            TRANSPOSED.set(bt);
        }
        for (int j = 0; j < m; j++) {
            for (int p = 0; p < k; p++) {
                bt[p * m + j] = b[bAt + j * ldb + p];
            }
        }
        addProduct(a, aAt, lda, bt, 0, m, c, cAt, ldc, n, k, m);
    }

    /** {@code C[k, m] += A[n, k]ᵀ · B[n, m]}. */
    static void addProductTransposedA(double[] a, int aAt, int lda, double[] b, int bAt, int ldb, double[] c,
                                      int cAt, int ldc, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            int bi = bAt + i * ldb;
            for (int p = 0; p < k; p++) {
                double aip = a[aAt + i * lda + p];
                int cp = cAt + p * ldc;
                for (int j = 0; j < m; j++) {
                    c[cp + j] += aip * b[bi + j];
                }
            }
        }
    }
}
