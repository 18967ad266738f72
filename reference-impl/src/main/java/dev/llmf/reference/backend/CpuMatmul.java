package dev.llmf.reference.backend;

import dev.llmf.contract.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product with the Vector API, blocked for the caches the way BLAS libraries do it:
 *
 * <ol>
 *   <li>A is packed into tiles of {@link #MR} rows, stored column by column ({@code [tile][k][MR]}), and B into
 *       panels of {@link #NR} = 2 vectors of columns ({@link PackedMatrix}); both are padded with zeros, so the
 *       kernel never needs an edge case;</li>
 *   <li>the register kernel multiplies one A tile by one B panel over a slice of {@link #KC} steps of the inner
 *       dimension, keeping the {@code MR × NR} block of C in {@code 2·MR} vector registers: each step loads two B
 *       vectors and {@code MR} A numbers and does {@code 2·MR} fused multiply-adds;</li>
 *   <li>around it, one B slice ({@code KC × NR}) is read from L1 and L2 while it meets every A tile of a block,
 *       whose slice stays in L2 (a slice as deep as the model's products are, 512, measured faster on AMD Zen 4
 *       than 256 or 128, also with B coming cold from memory).</li>
 * </ol>
 *
 * Every element of C is the sum over the inner dimension in order, one fused multiply-add at a time, whatever the
 * shape: so a row computed alone (a decoding step, with the one-row kernel) has the same bits as the same row in a
 * larger product. Blocks of C are independent tasks, which this thread and the common pool's workers claim one at a
 * time ({@link Workers#forEach}) when the product is large enough to pay for the threads. When a block is finished,
 * an {@link Epilogue} may work on it while it is still in the cache (GELU, adding into the residual stream).
 */
final class CpuMatmul {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int NR = 2 * L;                    // columns of a packed B panel
    static final int MR = 8;                        // rows of a packed A tile (16 + 3 registers: AVX-512 has 32)
    private static final int KC = 512;              // inner-dimension slice per kernel call
    private static final int MC_TILES = 32;         // A tiles per task at most (256 rows)
    private static final int NC_PANELS = 4;         // B panels per task at most (128 columns with 16 lanes)
    // ~0.1 ms of one core: below that, handing work to another thread costs more than it brings
    static final long PARALLEL_FLOPS = 1L << 23;
    // a product with a single row streams B from memory: split it when B is this large (floats)
    static final long PARALLEL_COPY = 1L << 17;
    // packing this many numbers is worth a second thread (~30 µs of one core)
    static final long PARALLEL_PACK = 1L << 15;

    private CpuMatmul() {
    }

    /** What is done to a finished block of C (rows {@code [r0, r1)}, columns {@code [c0, c1)} of C). */
    interface Epilogue {
        void apply(float[] c, int cAt, int ldc, int r0, int r1, int c0, int c1);

        Epilogue NONE = (c, cAt, ldc, r0, r1, c0, c1) -> { };

        /** GELU in place. */
        Epilogue GELU = (c, cAt, ldc, r0, r1, c0, c1) -> {
            for (int r = r0; r < r1; r++) {
                CpuRows.gelu(c, cAt + r * ldc + c0, cAt + r * ldc + c1);
            }
        };

        /** {@code x += C}, for a residual stream {@code x} with the same row and column numbering. */
        static Epilogue addInto(float[] x, int xAt, int ldx) {
            return (c, cAt, ldc, r0, r1, c0, c1) -> {
                for (int r = r0; r < r1; r++) {
                    CpuRows.addInto(x, xAt + r * ldx + c0, c, cAt + r * ldc + c0, c1 - c0);
                }
            };
        }
    }

    /**
     * {@code a [m, k] · b [k, n]}; either may be any 2-D view (e.g. a transpose or a column slice). Both are packed
     * into this thread's scratch buffers, by all cores at once when the product is large enough.
     */
    static Tensor multiply(Tensor a, Tensor b) {
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        int tiles = tiles(m);
        int panels = PackedMatrix.panels(n);
        float[][] scratch = Scratch.take(tiles * MR * k, panels * NR * k);
        try {
            PackedMatrix packedB = new PackedMatrix(scratch[1], 0, k * NR, k, n);
            boolean parallel = 2L * m * n * k >= PARALLEL_FLOPS && (long) (m + n) * k >= PARALLEL_PACK;
            Workers.forEach(panels + tiles, parallel, i -> {
                if (i < panels) {
                    PackedMatrix.packPanel(b, scratch[1], 0, i);
                } else {
                    packTile(a, scratch[0], i - panels);
                }
            });
            return multiplyPacked(scratch[0], m, k, packedB);
        } finally {
            Scratch.give(scratch);
        }
    }

    /** {@code a [m, k] · b} for a B packed already (a weight). */
    static Tensor multiply(Tensor a, PackedMatrix b) {
        int m = a.size(0);
        int k = a.size(1);
        float[][] scratch = Scratch.take(tiles(m) * MR * k, 0);
        try {
            Workers.forEach(tiles(m), (long) m * k >= PARALLEL_PACK, tile -> packTile(a, scratch[0], tile));
            return multiplyPacked(scratch[0], m, k, b);
        } finally {
            Scratch.give(scratch);
        }
    }

    private static Tensor multiplyPacked(float[] packedA, int m, int k, PackedMatrix b) {
        int n = b.n();
        int ldc = PackedMatrix.padded(n);
        float[] c = new float[tiles(m) * MR * ldc];
        product(packedA, m, k, b, c, 0, ldc, Epilogue.NONE);
        return Tensor.of(unpadded(c, ldc, m, n), m, n);
    }

    /** The first {@code m} rows and {@code n} columns of a padded {@code [·, ldc]} result, without copying if exact. */
    static float[] unpadded(float[] c, int ldc, int m, int n) {
        if (ldc == n && c.length == m * n) {
            return c;
        }
        float[] out = new float[m * n];
        for (int r = 0; r < m; r++) {
            System.arraycopy(c, r * ldc, out, r * n, n);
        }
        return out;
    }

    static int tiles(int rows) {
        return (rows + MR - 1) / MR;
    }

    /**
     * {@code C = A · B}, then the epilogue on each finished block. {@code a} holds A packed by {@link #packTile} (tiles of
     * {@code k·MR}); C is written at {@code c[cAt + r·ldc + j]} for every row of every tile ({@code tiles(m)·MR} rows)
     * and every column of every panel, so C must have room for the padding; what C held before is overwritten.
     */
    static void product(float[] a, int m, int k, PackedMatrix b, float[] c, int cAt, int ldc, Epilogue epilogue) {
        product(a, m, k, b, c, cAt, ldc, epilogue, true);
    }

    /** {@link #product}, on this thread only unless {@code mayShare} (a task of a parallel loop passes false). */
    static void product(float[] a, int m, int k, PackedMatrix b, float[] c, int cAt, int ldc, Epilogue epilogue,
                        boolean mayShare) {
        int tiles = tiles(m);
        int panels = b.panels();
        long flops = 2L * m * b.n() * k;
        if (m == 1) {                                   // a decoding step: stream B once
            int blocks = (panels + NC_PANELS - 1) / NC_PANELS;
            boolean share = mayShare && (flops >= PARALLEL_FLOPS || (long) k * b.n() >= PARALLEL_COPY);
            Workers.forEach(blocks, share, block -> {
                int p1 = Math.min(panels, (block + 1) * NC_PANELS);
                for (int panel = block * NC_PANELS; panel < p1; panel++) {
                    rowKernel(a, b.data(), b.base() + panel * b.panelStride(), k, c, cAt + panel * NR);
                }
                epilogue.apply(c, cAt, ldc, 0, 1, block * NC_PANELS * NR, p1 * NR);
            });
            return;
        }
        boolean parallel = mayShare && flops >= PARALLEL_FLOPS && Workers.threads() > 1;
        int tilesPerTask = MC_TILES;
        int panelsPerTask = NC_PANELS;
        // Enough tasks that the threads finish together (8 each: at worst one task, an eighth, left over):
        // narrower column blocks first, then fewer rows.
        while (parallel && blocks(tiles, tilesPerTask) * blocks(panels, panelsPerTask) < 8 * Workers.threads()
                && (panelsPerTask > 1 || tilesPerTask > 4)) {
            if (panelsPerTask > 1) {
                panelsPerTask /= 2;
            } else {
                tilesPerTask /= 2;
            }
        }
        int tpt = tilesPerTask;
        int ppt = panelsPerTask;
        int colBlocks = blocks(panels, ppt);
        Workers.forEach(blocks(tiles, tpt) * colBlocks, parallel, task -> {
            int tile0 = task / colBlocks * tpt;
            int panel0 = task % colBlocks * ppt;
            block(a, b, c, cAt, ldc, k, tile0, Math.min(tiles, tile0 + tpt), panel0, Math.min(panels, panel0 + ppt),
                    m, epilogue);
        });
    }

    private static int blocks(int count, int per) {
        return (count + per - 1) / per;
    }

    // Tiles [tile0, tile1) × panels [panel0, panel1) of C, one KC slice of the inner dimension at a time.
    private static void block(float[] a, PackedMatrix b, float[] c, int cAt, int ldc, int k,
                              int tile0, int tile1, int panel0, int panel1, int m, Epilogue epilogue) {
        float[] bData = b.data();
        for (int k0 = 0; k0 < k || k0 == 0; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            for (int panel = panel0; panel < panel1; panel++) {
                int bAt = b.base() + panel * b.panelStride() + k0 * NR;
                for (int tile = tile0; tile < tile1; tile++) {
                    kernel(a, (tile * k + k0) * MR, bData, bAt, kc, c, cAt + tile * MR * ldc + panel * NR, ldc, k0 > 0);
                }
            }
        }
        epilogue.apply(c, cAt, ldc, tile0 * MR, Math.min(m, tile1 * MR), panel0 * NR, panel1 * NR);
    }

    /**
     * C[8 rows, 2 vectors] (+)= A tile slice · B panel slice over {@code kc} steps: 16 accumulators, and per step two B
     * loads, eight A broadcasts and sixteen fused multiply-adds; without {@code accumulate} the accumulators start
     * at 0 (C may hold anything). All vector code stays in this one method: a vector passed to a call that the JIT
     * does not inline is boxed, which costs ten times the arithmetic.
     */
    private static void kernel(float[] a, int aAt, float[] b, int bAt, int kc, float[] c, int cAt, int ldc,
                               boolean accumulate) {
        int r1 = cAt + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cAt);
            c01 = FloatVector.fromArray(S, c, cAt + L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4);
            c41 = FloatVector.fromArray(S, c, r4 + L);
            c50 = FloatVector.fromArray(S, c, r5);
            c51 = FloatVector.fromArray(S, c, r5 + L);
            c60 = FloatVector.fromArray(S, c, r6);
            c61 = FloatVector.fromArray(S, c, r6 + L);
            c70 = FloatVector.fromArray(S, c, r7);
            c71 = FloatVector.fromArray(S, c, r7 + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71
                    = FloatVector.zero(S);
        }
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

    /**
     * One row of C, one panel wide: {@code c[cAt ..+NR) = Σ_p a[p·MR] · B[p]} over the whole inner dimension, in the
     * same order as {@link #kernel} (row 0 of a packed A tile). Four independent sums, joined at the end, would be
     * faster but would round differently from the tiled kernel.
     */
    private static void rowKernel(float[] a, float[] b, int bAt, int k, float[] c, int cAt) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = bAt + p * NR;
            FloatVector x = FloatVector.broadcast(S, a[p * MR]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + L);
    }

    /** Tile {@code tile} of A [m, k] (any 2-D view), stored step by step: {@code [tile][p][r]}; rows past m are 0. */
    private static void packTile(Tensor a, float[] packed, int tile) {
        int m = a.size(0);
        int k = a.size(1);
        float[] data = a.data();
        int rowStride = a.strides()[0];
        int colStride = a.strides()[1];
        int rows = Math.min(MR, m - tile * MR);
        for (int r = 0; r < rows; r++) {
            int src = a.offset() + (tile * MR + r) * rowStride;
            int dst = tile * k * MR + r;
            for (int p = 0; p < k; p++) {
                packed[dst + p * MR] = data[src + p * colStride];
            }
        }
        for (int r = rows; r < MR; r++) {               // the buffer may be reused: clear the padding rows
            for (int p = 0; p < k; p++) {
                packed[tile * k * MR + r + p * MR] = 0;
            }
        }
    }

    /**
     * Rows {@code [0, m)} of a row-major {@code x} ({@code k} numbers each, {@code ldx} apart) packed as
     * {@link #packTile} does, each row first put through LayerNorm when {@code gamma} is not null (the same arithmetic
     * as {@link CpuRows#layerNorm}): the normalised rows are never written anywhere else.
     */
    static void packRows(float[] x, int xAt, int ldx, int m, int k, float[] gamma, float[] beta, float eps,
                         float[] packed, boolean mayShare) {
        Workers.forEach(tiles(m), mayShare && (long) m * k >= PARALLEL_PACK, tile -> {
            float[] row = gamma == null ? null : new float[k];
            int rows = Math.min(MR, m - tile * MR);
            for (int r = 0; r < MR; r++) {
                int dst = tile * k * MR + r;
                if (r >= rows) {
                    for (int p = 0; p < k; p++) {
                        packed[dst + p * MR] = 0;
                    }
                    continue;
                }
                float[] src = x;
                int at = xAt + (tile * MR + r) * ldx;
                if (row != null) {
                    System.arraycopy(x, at, row, 0, k);
                    CpuRows.layerNorm(row, 0, k, gamma, beta, eps);
                    src = row;
                    at = 0;
                }
                for (int p = 0; p < k; p++) {
                    packed[dst + p * MR] = src[at + p];
                }
            }
        });
    }
}
