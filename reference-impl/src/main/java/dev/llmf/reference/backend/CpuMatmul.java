package dev.llmf.reference.backend;

import dev.llmf.contract.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product with the Vector API, blocked for the caches the way BLAS libraries do it:
 *
 * <ol>
 *   <li>A is packed into tiles of {@link #MR} rows, stored column by column ({@code [tile][k][MR]}), and B into
 *       panels of {@link #NR} = 2 vectors of columns ({@code [panel][k][NR]}); both are padded with zeros, so the
 *       kernel never needs an edge case;</li>
 *   <li>the register kernel adds one A tile times one B panel, over a slice of {@link #KC} steps of the inner
 *       dimension, to C (which starts at zero), keeping the {@code MR × NR} block of C in {@code 2·MR} vector
 *       registers: each step loads two B vectors and {@code MR} A numbers and does {@code 2·MR} fused
 *       multiply-adds;</li>
 *   <li>around it, one B slice ({@code KC × NR}, 32 KiB with 16 lanes) stays in the L1 cache while it meets every A
 *       tile of a block of {@link #MC_TILES} tiles, whose slice ({@code MC_TILES·MR × KC}) stays in L2.</li>
 * </ol>
 *
 * Blocks of C ({@code MC_TILES} tiles × {@code NC_PANELS} panels, 128 × 128 with 16 lanes) are independent tasks,
 * which this thread and the common pool's workers claim one at a time ({@link CpuBackend#forEach}) when the product
 * is large enough to pay for the threads.
 */
final class CpuMatmul {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int NR = 2 * L;                    // columns of a packed B panel
    static final int MR = 8;                        // rows of a packed A tile (16 + 3 registers: AVX-512 has 32)
    private static final int KC = 256;              // inner-dimension slice per kernel call
    private static final int MC_TILES = 16;         // A tiles per task (128 rows)
    private static final int NC_PANELS = 4;         // B panels per task (128 columns with 16 lanes)
    // ~0.2 ms of one core: below that, handing work to another thread costs more than it brings
    private static final long PARALLEL_FLOPS = 1L << 24;

    private CpuMatmul() {
    }

    /** {@code a [m, k] · b [k, n]}; either may be any 2-D view (e.g. a transpose or a column slice). */
    static Tensor multiply(Tensor a, Tensor b) {
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        int tiles = (m + MR - 1) / MR;
        int panels = (n + NR - 1) / NR;
        int ldc = panels * NR;
        boolean parallel = 2L * m * n * k >= PARALLEL_FLOPS;
        float[] packedA = packA(a, m, k, tiles, parallel);
        float[] packedB = packB(b, k, n, panels, parallel);
        float[] c = new float[tiles * MR * ldc];
        int rowBlocks = (tiles + MC_TILES - 1) / MC_TILES;
        int colBlocks = (panels + NC_PANELS - 1) / NC_PANELS;
        CpuBackend.forEach(rowBlocks * colBlocks, parallel, task -> {
            int tile0 = task / colBlocks * MC_TILES;
            int panel0 = task % colBlocks * NC_PANELS;
            block(packedA, packedB, c, k, ldc, tile0, Math.min(tiles, tile0 + MC_TILES),
                    panel0, Math.min(panels, panel0 + NC_PANELS));
        });
        if (ldc == n && tiles * MR == m) {
            return Tensor.of(c, m, n);
        }
        float[] out = new float[m * n];                 // drop the padding
        for (int r = 0; r < m; r++) {
            System.arraycopy(c, r * ldc, out, r * n, n);
        }
        return Tensor.of(out, m, n);
    }

    // Tiles [tile0, tile1) × panels [panel0, panel1) of C, one KC slice of the inner dimension at a time.
    private static void block(float[] a, float[] b, float[] c, int k, int ldc,
                              int tile0, int tile1, int panel0, int panel1) {
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            for (int panel = panel0; panel < panel1; panel++) {
                int bAt = (panel * k + k0) * NR;
                for (int tile = tile0; tile < tile1; tile++) {
                    kernel(a, (tile * k + k0) * MR, b, bAt, kc, c, tile * MR * ldc + panel * NR, ldc);
                }
            }
        }
    }

    /**
     * C[8 rows, 2 vectors] += A tile slice · B panel slice over {@code kc} steps: 16 accumulators, and per step two B
     * loads, eight A broadcasts and sixteen fused multiply-adds. All vector code stays in this one method: a vector
     * passed to a call that the JIT does not inline is boxed, which costs ten times the arithmetic.
     */
    private static void kernel(float[] a, int aAt, float[] b, int bAt, int kc, float[] c, int cAt, int ldc) {
        int r1 = cAt + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        FloatVector c00 = FloatVector.fromArray(S, c, cAt), c01 = FloatVector.fromArray(S, c, cAt + L);
        FloatVector c10 = FloatVector.fromArray(S, c, r1), c11 = FloatVector.fromArray(S, c, r1 + L);
        FloatVector c20 = FloatVector.fromArray(S, c, r2), c21 = FloatVector.fromArray(S, c, r2 + L);
        FloatVector c30 = FloatVector.fromArray(S, c, r3), c31 = FloatVector.fromArray(S, c, r3 + L);
        FloatVector c40 = FloatVector.fromArray(S, c, r4), c41 = FloatVector.fromArray(S, c, r4 + L);
        FloatVector c50 = FloatVector.fromArray(S, c, r5), c51 = FloatVector.fromArray(S, c, r5 + L);
        FloatVector c60 = FloatVector.fromArray(S, c, r6), c61 = FloatVector.fromArray(S, c, r6 + L);
        FloatVector c70 = FloatVector.fromArray(S, c, r7), c71 = FloatVector.fromArray(S, c, r7 + L);
        for (int p = 0; p < kc; p++) {
            int ap = aAt + p * MR;
            int bp = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, cAt);
        c01.intoArray(c, cAt + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
    }

    /** A [m, k] as {@code tiles} tiles of MR rows, stored step by step: {@code [tile][p][r]}; rows past m are 0. */
    private static float[] packA(Tensor a, int m, int k, int tiles, boolean parallel) {
        float[] packed = new float[tiles * k * MR];
        float[] data = a.data();
        int rowStride = a.strides()[0];
        int colStride = a.strides()[1];
        int base = a.offset();
        CpuBackend.forEach(tiles, parallel, tile -> {
            int rows = Math.min(MR, m - tile * MR);
            for (int r = 0; r < rows; r++) {
                int src = base + (tile * MR + r) * rowStride;
                int dst = tile * k * MR + r;
                for (int p = 0; p < k; p++) {
                    packed[dst + p * MR] = data[src + p * colStride];
                }
            }
        });
        return packed;
    }

    /** B [k, n] as {@code panels} panels of NR columns, each stored row by row: {@code [panel][p][j]}; padding is 0. */
    private static float[] packB(Tensor b, int k, int n, int panels, boolean parallel) {
        float[] packed = new float[panels * k * NR];
        float[] data = b.data();
        int rowStride = b.strides()[0];
        int colStride = b.strides()[1];
        int base = b.offset();
        CpuBackend.forEach(panels, parallel, panel -> {
            int col0 = panel * NR;
            int width = Math.min(NR, n - col0);
            if (rowStride == 1) {                       // B is a transposed matrix: read its columns straight
                for (int j = 0; j < width; j++) {
                    int src = base + (col0 + j) * colStride;
                    int dst = panel * k * NR + j;
                    for (int p = 0; p < k; p++) {
                        packed[dst + p * NR] = data[src + p];
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    int dst = (panel * k + p) * NR;
                    int src = base + p * rowStride + col0 * colStride;
                    if (colStride == 1) {
                        System.arraycopy(data, src, packed, dst, width);
                    } else {
                        for (int j = 0; j < width; j++) {
                            packed[dst + j] = data[src + j * colStride];
                        }
                    }
                }
            }
        });
        return packed;
    }
}
