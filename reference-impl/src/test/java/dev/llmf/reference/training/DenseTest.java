package dev.llmf.reference.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The vectorised products and attention give the very bits of plain loops that add one term at a time in the
 * order of the inner dimension (so the shipped weights stay reproducible), on shapes that hit every kernel and
 * every edge: blocks of four rows and single rows, two vectors, one vector and masked part-vectors of columns,
 * offsets and leading dimensions wider than the rows.
 */
@DisplayName("Dense and CausalAttentionLayer: the same bits as plain loops")
class DenseTest {

    private static final int[][] SHAPES = {{1, 1, 1}, {4, 3, 16}, {7, 5, 19}, {9, 12, 64}, {13, 48, 3},
        {64, 12, 12}, {5, 33, 40}};

    @Test
    @DisplayName("C += A·B, C += A·Bᵀ and C += Aᵀ·B equal the plain loops bit for bit")
    void productsMatchPlainLoops() {
        SplittableRandom random = new SplittableRandom(11);
        for (int[] shape : SHAPES) {
            int n = shape[0];
            int k = shape[1];
            int m = shape[2];
            // A[n, k] at offset 3 with leading dimension k + 2; B and C likewise at offsets, with wider rows
            int room = (Math.max(n, Math.max(k, m)) + 4) * (Math.max(n, Math.max(k, m)) + 4);
            double[] a = random(random, 3 + room);
            double[] b = random(random, 2 + room);
            double[] c = random(random, 1 + room);
            double[] expected = c.clone();
            double[] actual = c.clone();
            plain(a, 3, k + 2, 1, b, 2, m + 1, 1, expected, 1, m + 4, n, k, m);
            Dense.addProduct(a, 3, k + 2, b, 2, m + 1, actual, 1, m + 4, n, k, m);
            assertArrayEquals(expected, actual, "A·B " + n + "×" + k + "×" + m);

            expected = c.clone();
            actual = c.clone();
            plain(a, 3, k + 2, 1, b, 2, 1, k + 1, expected, 1, m + 4, n, k, m);
            Dense.addProductTransposedB(a, 3, k + 2, b, 2, k + 1, actual, 1, m + 4, n, k, m);
            assertArrayEquals(expected, actual, "A·Bᵀ " + n + "×" + k + "×" + m);

            // Aᵀ·B: A[n, k] read as its transpose [k, n]; B[n, m]; C[k, m]
            expected = c.clone();
            actual = c.clone();
            plain(a, 3, 1, k + 2, b, 2, m + 1, 1, expected, 1, m + 4, k, n, m);
            Dense.addProductTransposedA(a, 3, k + 2, b, 2, m + 1, actual, 1, m + 4, n, k, m);
            assertArrayEquals(expected, actual, "Aᵀ·B " + n + "×" + k + "×" + m);
        }
    }

    @Test
    @DisplayName("causal attention, forward and backward, equals the plain per-row loops bit for bit")
    void attentionMatchesPlainLoops() {
        SplittableRandom random = new SplittableRandom(5);
        int d = 48;
        int heads = 4;
        for (int n : new int[] {1, 7, 64}) {
            double[] q = random(random, n * d);
            double[] k = random(random, n * d);
            double[] v = random(random, n * d);
            double[] dOut = random(random, n * d);
            CausalAttentionLayer layer = new CausalAttentionLayer(d, heads);
            double[] p = new double[heads * n * n];
            double[] out = new double[n * d];
            layer.forward(q, k, v, n, p, out);
            double[] dq = new double[n * d];
            double[] dk = new double[n * d];
            double[] dv = new double[n * d];
            layer.backward(q, k, v, p, n, dOut, dq, dk, dv, new double[n * n]);

            PlainAttention plain = new PlainAttention(d, heads, n);
            plain.run(q, k, v, dOut);
            assertArrayEquals(plain.out, out, "output, n = " + n);
            assertArrayEquals(plain.dq, dq, "dQ, n = " + n);
            assertArrayEquals(plain.dk, dk, "dK, n = " + n);
            assertArrayEquals(plain.dv, dv, "dV, n = " + n);
        }
    }

    // C[rows, m] += Σ_q A(r, q)·B(q, j), one term at a time in the order of q; A(r, q) = a[aAt + r·ar + q·aq].
    private static void plain(double[] a, int aAt, int ar, int aq, double[] b, int bAt, int br, int bc, double[] c,
                              int cAt, int ldc, int rows, int inner, int m) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < m; j++) {
                double sum = c[cAt + r * ldc + j];
                for (int q = 0; q < inner; q++) {
                    sum += a[aAt + r * ar + q * aq] * b[bAt + q * br + j * bc];
                }
                c[cAt + r * ldc + j] = sum;
            }
        }
    }

    private static double[] random(SplittableRandom random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextDouble(-1, 1);
        }
        return values;
    }

    /** Attention as per-row loops over the keys 0 .. i, each sum in the order of its index (the first version). */
    private static final class PlainAttention {
        final int d;
        final int heads;
        final int dh;
        final int n;
        final double scale;
        final double[] out;
        final double[] dq;
        final double[] dk;
        final double[] dv;

        PlainAttention(int d, int heads, int n) {
            this.d = d;
            this.heads = heads;
            this.dh = d / heads;
            this.n = n;
            this.scale = 1 / Math.sqrt(dh);
            out = new double[n * d];
            dq = new double[n * d];
            dk = new double[n * d];
            dv = new double[n * d];
        }

        void run(double[] q, double[] k, double[] v, double[] dOut) {
            double[] p = new double[n];
            double[] dp = new double[n];
            for (int h = 0; h < heads; h++) {
                int col = h * dh;
                for (int i = 0; i < n; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double s = 0;
                        for (int c = 0; c < dh; c++) {
                            s += q[i * d + col + c] * k[j * d + col + c];
                        }
                        p[j] = s * scale;
                        max = Math.max(max, p[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        p[j] = Math.exp(p[j] - max);
                        sum += p[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        p[j] /= sum;
                        for (int c = 0; c < dh; c++) {
                            out[i * d + col + c] += p[j] * v[j * d + col + c];
                        }
                    }
                    double dot = 0;
                    for (int j = 0; j <= i; j++) {
                        double s = 0;
                        for (int c = 0; c < dh; c++) {
                            double g = dOut[i * d + col + c];
                            s += g * v[j * d + col + c];
                            dv[j * d + col + c] += p[j] * g;
                        }
                        dp[j] = s;
                        dot += s * p[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        double ds = p[j] * (dp[j] - dot) * scale;
                        for (int c = 0; c < dh; c++) {
                            dq[i * d + col + c] += ds * k[j * d + col + c];
                            dk[j * d + col + c] += ds * q[i * d + col + c];
                        }
                    }
                }
            }
        }
    }
}
