package dev.llmf.reference.training;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three products a layer's forward and backward passes need, on row-major double arrays with leading
 * dimensions: {@code C += A·B}, {@code C += A·Bᵀ} and {@code C += Aᵀ·B}.
 *
 * <p>All three run one register kernel (Vector API): a block of {@link #ROWS} rows of C by two vectors of columns
 * stays in registers while the inner dimension runs, so each step loads two vectors of B and {@code ROWS} numbers
 * of A for {@code 2·ROWS} multiply-adds. Every element of C is still {@code c + a₀b₀ + a₁b₁ + …} in the order of the
 * inner dimension, a rounded multiply then a rounded add per term (no fused multiply-add): the same bits as the
 * plain loops, whatever the block an element falls in and whatever thread runs it.
 */
final class Dense {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 4;
    private static final ThreadLocal<double[]> TRANSPOSED = ThreadLocal.withInitial(() -> new double[0]);

    private Dense() {
    }

    /** {@code C[n, m] += A[n, k] · B[k, m]}. */
    static void addProduct(double[] a, int aAt, int lda, double[] b, int bAt, int ldb, double[] c, int cAt, int ldc,
                           int n, int k, int m) {
        product(a, aAt, lda, 1, b, bAt, ldb, c, cAt, ldc, n, k, m);
    }

    /**
     * {@code C[n, m] += A[n, k] · B[m, k]ᵀ}: B is transposed into a per-thread buffer first, so the kernel reads
     * rows of B as in {@link #addProduct}.
     */
    static void addProductTransposedB(double[] a, int aAt, int lda, double[] b, int bAt, int ldb, double[] c,
                                      int cAt, int ldc, int n, int k, int m) {
        product(a, aAt, lda, 1, transposed(b, bAt, ldb, m, k), 0, m, c, cAt, ldc, n, k, m);
    }

    // B[m, k]ᵀ as [k, m] in the per-thread buffer. A loop of its own (not in the caller) keeps the callers loop-free,
    // so the JIT compiles this loop once rather than into each of them (see SequencePass.embed).
    private static double[] transposed(double[] b, int bAt, int ldb, int m, int k) {
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
        return bt;
    }

    /** {@code C[k, m] += A[n, k]ᵀ · B[n, m]}: row p of C reads column p of A. */
    static void addProductTransposedA(double[] a, int aAt, int lda, double[] b, int bAt, int ldb, double[] c,
                                      int cAt, int ldc, int n, int k, int m) {
        product(a, aAt, 1, lda, b, bAt, ldb, c, cAt, ldc, k, n, m);
    }

    /**
     * {@code C[rows, m] += A·B[inner, m]} where A's element (r, q) is {@code a[aAt + r·aRow + q·aInner]}: the
     * kernel on blocks of {@link #ROWS} rows and two vectors of columns, then narrower blocks; the last columns of a
     * row that fill no whole vector go through masked lanes.
     */
    private static void product(double[] a, int aAt, int aRow, int aInner, double[] b, int bAt, int ldb,
                                double[] c, int cAt, int ldc, int rows, int inner, int m) {
        int r = 0;
        for (; r + ROWS <= rows; r += ROWS) {
            int j = 0;
            for (; j + 2 * L <= m; j += 2 * L) {
                fourRowsTwoVectors(a, aAt + r * aRow, aRow, aInner, b, bAt + j, ldb, c, cAt + r * ldc + j, ldc,
                        inner);
            }
            for (; j < m; j += L) {
                fourRowsOneVector(a, aAt + r * aRow, aRow, aInner, b, bAt + j, ldb, c, cAt + r * ldc + j, ldc,
                        inner, m - j);
            }
        }
        for (; r < rows; r++) {
            for (int j = 0; j < m; j += L) {
                oneRowOneVector(a, aAt + r * aRow, aInner, b, bAt + j, ldb, c, cAt + r * ldc + j, inner, m - j);
            }
        }
    }

    // C[4, 2L] += A[4, inner] · B[inner, 2L], the block of C in eight registers.
    private static void fourRowsTwoVectors(double[] a, int aAt, int aRow, int aInner, double[] b, int bAt, int ldb,
                                           double[] c, int cAt, int ldc, int inner) {
        int c1 = cAt + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector c00 = DoubleVector.fromArray(S, c, cAt);
        DoubleVector c01 = DoubleVector.fromArray(S, c, cAt + L);
        DoubleVector c10 = DoubleVector.fromArray(S, c, c1);
        DoubleVector c11 = DoubleVector.fromArray(S, c, c1 + L);
        DoubleVector c20 = DoubleVector.fromArray(S, c, c2);
        DoubleVector c21 = DoubleVector.fromArray(S, c, c2 + L);
        DoubleVector c30 = DoubleVector.fromArray(S, c, c3);
        DoubleVector c31 = DoubleVector.fromArray(S, c, c3 + L);
        for (int q = 0; q < inner; q++) {
            int bq = bAt + q * ldb;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + L);
            int aq = aAt + q * aInner;
            double a0 = a[aq];
            double a1 = a[aq + aRow];
            double a2 = a[aq + 2 * aRow];
            double a3 = a[aq + 3 * aRow];
            c00 = c00.add(b0.mul(a0));
            c01 = c01.add(b1.mul(a0));
            c10 = c10.add(b0.mul(a1));
            c11 = c11.add(b1.mul(a1));
            c20 = c20.add(b0.mul(a2));
            c21 = c21.add(b1.mul(a2));
            c30 = c30.add(b0.mul(a3));
            c31 = c31.add(b1.mul(a3));
        }
        c00.intoArray(c, cAt);
        c01.intoArray(c, cAt + L);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + L);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + L);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + L);
    }

    // C[4, columns] += A[4, inner] · B[inner, columns], on the first min(columns, L) lanes.
    private static void fourRowsOneVector(double[] a, int aAt, int aRow, int aInner, double[] b, int bAt, int ldb,
                                          double[] c, int cAt, int ldc, int inner, int columns) {
        VectorMask<Double> lanes = S.indexInRange(0, columns);
        int c1 = cAt + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector c0v = DoubleVector.fromArray(S, c, cAt, lanes);
        DoubleVector c1v = DoubleVector.fromArray(S, c, c1, lanes);
        DoubleVector c2v = DoubleVector.fromArray(S, c, c2, lanes);
        DoubleVector c3v = DoubleVector.fromArray(S, c, c3, lanes);
        for (int q = 0; q < inner; q++) {
            DoubleVector bv = DoubleVector.fromArray(S, b, bAt + q * ldb, lanes);
            int aq = aAt + q * aInner;
            c0v = c0v.add(bv.mul(a[aq]));
            c1v = c1v.add(bv.mul(a[aq + aRow]));
            c2v = c2v.add(bv.mul(a[aq + 2 * aRow]));
            c3v = c3v.add(bv.mul(a[aq + 3 * aRow]));
        }
        c0v.intoArray(c, cAt, lanes);
        c1v.intoArray(c, c1, lanes);
        c2v.intoArray(c, c2, lanes);
        c3v.intoArray(c, c3, lanes);
    }

    // C[1, columns] += A[1, inner] · B[inner, columns], on the first min(columns, L) lanes.
    private static void oneRowOneVector(double[] a, int aAt, int aInner, double[] b, int bAt, int ldb, double[] c,
                                        int cAt, int inner, int columns) {
        VectorMask<Double> lanes = S.indexInRange(0, columns);
        DoubleVector acc = DoubleVector.fromArray(S, c, cAt, lanes);
        for (int q = 0; q < inner; q++) {
            acc = acc.add(DoubleVector.fromArray(S, b, bAt + q * ldb, lanes).mul(a[aAt + q * aInner]));
        }
        acc.intoArray(c, cAt, lanes);
    }
}
