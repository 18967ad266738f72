package dev.llmf.reference.backend;

import dev.llmf.contract.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Single-precision matrix product with the Vector API, blocked for the caches the way BLAS libraries do it:
 *
 * <ol>
 *   <li>B is packed into panels of {@link #NR} = 2 vectors of columns ({@link PackedMatrix}), padded with zeros; A is
 *       read where it lies, row-major ({@link RowMajor}: activations, a learner's tensor), or packed in tiles of
 *       {@link #MR} rows ({@link PackedRows}, read by a faster kernel of its own) where that costs nothing extra or
 *       pays: LayerNorm's rows, a view that is not row-major, a large product on one thread;</li>
 *   <li>the register kernel multiplies {@link #MR} rows of A by one B panel over a slice of {@link #KC} steps of the
 *       inner dimension, keeping the {@code MR × NR} block of C in {@code 2·MR} vector registers: each step loads two
 *       B vectors and {@code MR} A numbers (one from each row) and does {@code 2·MR} fused multiply-adds; the last
 *       rows of a partial tile read the last real row again, and their results land in C's padding rows;</li>
 *   <li>around it, a task (a block of C) takes its tiles one by one, and each tile's rows meet the task's few B
 *       panels while they are in L1, the panels' slices coming from L2 (a slice as deep as the model's products are,
 *       512, measured faster on AMD Zen 4 than 256 or 128, also with B coming cold from memory).</li>
 * </ol>
 *
 * Every element of C is the sum over the inner dimension in order, one fused multiply-add at a time, whatever the
 * shape: so a row computed alone (a decoding step, with the one-row kernel) has the same bits as the same row in a
 * larger product. Blocks of C are independent tasks, which this thread and the helpers claim one at a time
 * ({@link Workers#forEach}) when the product is large enough to pay for the threads; a B that is not packed yet is
 * packed panel by panel by the first task that needs each panel, so a product is one parallel step, not two. When
 * a block is finished, an {@link Epilogue} may work on it while it is still in the cache (GELU, adding into the
 * residual stream).
 */
final class CpuMatmul {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int NR = 2 * L;                    // columns of a packed B panel
    static final int MR = 8;                        // rows of A per kernel call (16 + 3 registers: AVX-512 has 32)
    private static final int KC = 512;              // inner-dimension slice per kernel call
    private static final int MC_TILES = 32;         // A tiles per task at most (256 rows)
    private static final int NC_PANELS = 4;         // B panels per task at most (128 columns with 16 lanes)
    // ~0.1 ms of one core: below that, handing work to another thread costs more than it brings
    static final long PARALLEL_FLOPS = 1L << 23;
    // a product with a single row streams B from memory: split it when B is this large (floats)
    static final long PARALLEL_COPY = 1L << 17;
    // packing this many numbers is worth a second thread (~30 µs of one core)
    static final long PARALLEL_PACK = 1L << 15;
    // panels of B from which packing a row-major A pays on one thread
    private static final int PACKED_PANELS = 8;

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

        /**
         * GELU in place, then the block packed into {@code into} (C's first {@code into.k()} columns) for the next
         * product, one tile of rows at a time while they are in L1.
         */
        static Epilogue geluPacked(PackedRows into) {
            return (c, cAt, ldc, r0, r1, c0, c1) -> {
                for (int t0 = r0; t0 < r1; t0 += MR) {
                    int t1 = Math.min(r1, t0 + MR);
                    GELU.apply(c, cAt, ldc, t0, t1, c0, c1);
                    into.packBlock(c, cAt, ldc, t0, t1, c0, Math.min(c1, into.k()));
                }
            };
        }

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
     * {@code a [m, k] · b [k, n]}; either may be any 2-D view (e.g. a transpose or a column slice). B is packed into
     * this thread's scratch buffer as the product goes (each panel by the first task that needs it), and so is A
     * when {@link #packs} says so.
     */
    static Tensor multiply(Tensor a, Tensor b) {
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        boolean packA = packs(a, n);
        float[][] scratch = Scratch.take(packA ? PackedRows.length(m, k) : 0, PackedMatrix.padded(n) * k);
        try {
            PackedMatrix packedB = new PackedMatrix(scratch[1], 0, k * NR, k, n);
            return multiplyRows(left(a, packA, scratch[0]), m, k, packedB, new PanelPacker(b, packedB));
        } finally {
            Scratch.give(scratch);
        }
    }

    /** {@code a [m, k] · b} for a B packed already (a weight). */
    static Tensor multiply(Tensor a, PackedMatrix b) {
        int m = a.size(0);
        int k = a.size(1);
        boolean packA = packs(a, b.n());
        float[][] scratch = Scratch.take(packA ? PackedRows.length(m, k) : 0, 0);
        try {
            return multiplyRows(left(a, packA, scratch[0]), m, k, b, null);
        } finally {
            Scratch.give(scratch);
        }
    }

    // A not row-major must be copied anyway: packed, it is read by the faster kernel
    private static boolean packs(Tensor a, int n) {
        return a.strides()[1] != 1 ? a.size(0) > 1 : packingPays(a.size(0), n);
    }

    private static LeftOperand left(Tensor a, boolean pack, float[] packed) {
        if (pack) {
            return PackedRows.pack(a, packed, true);
        }
        Tensor rows = a.strides()[1] == 1 ? a : a.contiguous();     // a single row: its k numbers in order
        return new RowMajor(rows.data(), rows.offset(), rows.strides()[0]);
    }

    /**
     * Whether packing a row-major A of {@code m} rows pays for a product with {@code n} columns: on one thread, when
     * C has at least {@link #PACKED_PANELS} panels, enough for the packed kernel to earn the pass back. Not with more
     * threads, where the pass would be a parallel step of its own, which costs more than that on the products short
     * enough for it to matter; and never for a single row, which the one-row kernel reads where it lies.
     */
    static boolean packingPays(int m, int n) {
        return m > 1 && Workers.threads() == 1 && PackedMatrix.panels(n) >= PACKED_PANELS;
    }

    /**
     * Row-major rows {@code [0, m)} of {@code k} numbers ({@code ld} apart from {@code x[at]}) as the left-hand side
     * of a product with {@code n} columns: packed into {@code packed} ({@link PackedRows#length} floats) where
     * {@link #packingPays}, else where they lie.
     */
    static LeftOperand left(float[] x, int at, int ld, int m, int k, int n, float[] packed) {
        return packingPays(m, n) ? PackedRows.pack(x, at, ld, 1, m, k, packed, true) : new RowMajor(x, at, ld);
    }

    private static Tensor multiplyRows(LeftOperand a, int m, int k, PackedMatrix b, PanelPacker packer) {
        int n = b.n();
        int ldc = PackedMatrix.padded(n);
        float[] c = new float[tiles(m) * MR * ldc];
        product(a, m, k, b, packer, c, 0, ldc, Epilogue.NONE, true);
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
     * {@code C = A · B}, then the epilogue on each finished block; A is rows {@code [0, m)} of {@code a}, {@code k}
     * numbers each. C is written at {@code c[cAt + r·ldc + j]} for every row of every tile ({@code tiles(m)·MR} rows)
     * and every column of every panel, so C must have room for the padding, and must not overlap A; what C held before
     * is overwritten.
     */
    static void product(LeftOperand a, int m, int k, PackedMatrix b, float[] c, int cAt, int ldc, Epilogue epilogue) {
        product(a, m, k, b, null, c, cAt, ldc, epilogue, true);
    }

    /** {@link #product}, on this thread only unless {@code mayShare} (a task of a parallel loop passes false). */
    static void product(LeftOperand a, int m, int k, PackedMatrix b, float[] c, int cAt, int ldc, Epilogue epilogue,
                        boolean mayShare) {
        product(a, m, k, b, null, c, cAt, ldc, epilogue, mayShare);
    }

    // With a packer, B's panels are packed into b as the tasks first need them.
    private static void product(LeftOperand a, int m, int k, PackedMatrix b, PanelPacker packer, float[] c, int cAt,
                                int ldc, Epilogue epilogue, boolean mayShare) {
        int tiles = tiles(m);
        int panels = b.panels();
        long flops = 2L * m * b.n() * k;
        if (m == 1 && a instanceof RowMajor row) {      // a decoding step: stream B once
            int blocks = (panels + NC_PANELS - 1) / NC_PANELS;
            boolean share = mayShare && (flops >= PARALLEL_FLOPS || (long) k * b.n() >= PARALLEL_COPY);
            Workers.forEach(blocks, share, block -> {
                int p1 = Math.min(panels, (block + 1) * NC_PANELS);
                for (int panel = block * NC_PANELS; panel < p1; panel++) {
                    if (packer != null) {
                        packer.ensure(panel);
                    }
                    rowKernel(row.data(), row.at(), b.data(), b.base() + panel * b.panelStride(), k, c,
                            cAt + panel * NR);
                }
                epilogue.apply(c, cAt, ldc, 0, 1, block * NC_PANELS * NR, p1 * NR);
            });
            return;
        }
        boolean parallel = mayShare && flops >= PARALLEL_FLOPS && Workers.threads() > 1;
        int tilesPerTask = MC_TILES;
        int panelsPerTask = NC_PANELS;
        // Enough tasks that the threads finish together (8 each: at worst one task, an eighth, left over), and at
        // least 16, which measured faster on one thread too: narrower column blocks first, then fewer rows.
        int tasks = 8 * Math.max(2, Workers.threads());
        while (blocks(tiles, tilesPerTask) * blocks(panels, panelsPerTask) < tasks
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
            int panel1 = Math.min(panels, panel0 + ppt);
            for (int panel = panel0; packer != null && panel < panel1; panel++) {
                packer.ensure(panel);
            }
            block(a, b, c, cAt, ldc, k, tile0, Math.min(tiles, tile0 + tpt), panel0, panel1, m, epilogue);
        });
    }

    private static int blocks(int count, int per) {
        return (count + per - 1) / per;
    }

    // Tiles [tile0, tile1) × panels [panel0, panel1) of C, one KC slice of the inner dimension at a time.
    private static void block(LeftOperand a, PackedMatrix b, float[] c, int cAt, int ldc, int k,
                              int tile0, int tile1, int panel0, int panel1, int m, Epilogue epilogue) {
        float[] bData = b.data();
        for (int k0 = 0; k0 < k || k0 == 0; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            for (int tile = tile0; tile < tile1; tile++) {
                int rows = Math.min(MR, m - tile * MR);
                for (int panel = panel0; panel < panel1; panel++) {
                    int bAt = b.base() + panel * b.panelStride() + k0 * NR;
                    int cTile = cAt + tile * MR * ldc + panel * NR;
                    switch (a) {
                        case RowMajor r -> kernel(r.data(), r.at() + tile * MR * r.ld() + k0, r.ld(), rows, bData,
                                bAt, kc, c, cTile, ldc, k0 > 0);
                        case PackedRows p -> PackedRowsKernel.kernel(p.data(), p.tileAt(tile) + k0 * MR, bData,
                                bAt, kc, c, cTile, ldc, k0 > 0);
                    }
                }
            }
        }
        epilogue.apply(c, cAt, ldc, tile0 * MR, Math.min(m, tile1 * MR), panel0 * NR, panel1 * NR);
    }

    /**
     * C[8 rows, 2 vectors] (+)= A slice · B panel slice over {@code kc} steps, A's rows {@code lda} apart from
     * {@code aAt} ({@code rows} of them real: the others repeat the last one): 16 accumulators, and per step two B
     * loads, eight A broadcasts and sixteen fused multiply-adds; without {@code accumulate} the accumulators start
     * at 0 (C may hold anything). All vector code stays in this one method: a vector passed to a call that the JIT
     * does not inline is boxed, which costs ten times the arithmetic.
     */
    private static void kernel(float[] a, int aAt, int lda, int rows, float[] b, int bAt, int kc, float[] c, int cAt,
                               int ldc, boolean accumulate) {
        int last = rows - 1;
        int a0 = aAt;
        int a1 = aAt + Math.min(1, last) * lda;
        int a2 = aAt + Math.min(2, last) * lda;
        int a3 = aAt + Math.min(3, last) * lda;
        int a4 = aAt + Math.min(4, last) * lda;
        int a5 = aAt + Math.min(5, last) * lda;
        int a6 = aAt + Math.min(6, last) * lda;
        int a7 = aAt + Math.min(7, last) * lda;
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
            int bp = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + p]);
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
     * One row of C, one panel wide: {@code c[cAt ..+NR) = Σ_p a[aAt + p] · B[p]} over the whole inner dimension, in
     * the same order as {@link #kernel}. Four independent sums, joined at the end, would be faster but would round
     * differently from the tiled kernel.
     */
    private static void rowKernel(float[] a, int aAt, float[] b, int bAt, int k, float[] c, int cAt) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = bAt + p * NR;
            FloatVector x = FloatVector.broadcast(S, a[aAt + p]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + L);
    }

    /**
     * Rows {@code [0, m)} of a row-major {@code x} ({@code k} numbers each, {@code ldx} apart) put through LayerNorm
     * (the arithmetic of {@link CpuRows#layerNorm}) into {@code out} ({@link PackedRows#length} floats), ready to be
     * the left-hand side of a product: packed, as that costs no more than writing rows, unless there is one row.
     */
    static LeftOperand normalizeRows(float[] x, int xAt, int ldx, int m, int k, float[] gamma, float[] beta, float eps,
                                     float[] out, boolean mayShare) {
        if (m > 1) {
            return PackedRows.normalize(x, xAt, ldx, m, k, gamma, beta, eps, out, mayShare);
        }
        System.arraycopy(x, xAt, out, 0, k);
        CpuRows.layerNorm(out, 0, k, gamma, beta, eps);
        return new RowMajor(out, 0, k);
    }

    /** Packs B's panels on first use, once: the first task that needs a panel packs it, others needing it wait. */
    private static final class PanelPacker {
        private static final int TODO = 0;
        private static final int BUSY = 1;
        private static final int READY = 2;

        private final Tensor b;
        private final PackedMatrix into;
        private final AtomicIntegerArray state;

        PanelPacker(Tensor b, PackedMatrix into) {
            this.b = b;
            this.into = into;
            this.state = new AtomicIntegerArray(into.panels());
        }

        void ensure(int panel) {
            if (state.get(panel) == READY) {
                return;
            }
            if (state.compareAndSet(panel, TODO, BUSY)) {
                try {
                    PackedMatrix.packPanel(b, into.data(), into.base(), panel);
                } finally {
                    state.set(panel, READY);
                }
                return;
            }
            while (state.get(panel) != READY) {         // another thread is packing it: a few microseconds
                Thread.onSpinWait();
            }
        }
    }
}
