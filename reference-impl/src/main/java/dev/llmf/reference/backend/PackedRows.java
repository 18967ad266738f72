package dev.llmf.reference.backend;

import static dev.llmf.reference.backend.CpuMatmul.MR;

import dev.llmf.contract.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A left-hand matrix {@code A [m, k]} in the layout {@link PackedRowsKernel} reads: tiles of {@link CpuMatmul#MR}
 * rows, each stored step by step, so that the numbers of one step of the inner dimension lie side by side: row
 * {@code r} of tile {@code t}, step {@code p}, is {@code data[(t·k + p)·MR + r]}. The rows that pad the last tile are
 * 0. Packing costs a pass over A, but the kernel reading this layout is faster than the one reading rows where they
 * lie, so A is packed where that pass is free or pays: LayerNorm writes its rows straight into this layout for the
 * product they feed, a view that is not row-major is copied anyway, and a large product on one thread earns it back.
 *
 * @param data the packed numbers, from index 0
 * @param k    numbers per row (the inner dimension of the product)
 */
record PackedRows(float[] data, int k) implements LeftOperand {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    // The in-register transpose for rows where they lie: 16 lanes (AVX-512) only, where a select from two vectors is
    // one instruction (vpermi2ps); elsewhere the numbers are copied one by one.
    private static final boolean TRANSPOSE = L == 16 && MR == 8;
    private static final FloatVector FIRST_1 = interleave(1, 0);
    private static final FloatVector SECOND_1 = interleave(1, 1);
    private static final FloatVector FIRST_2 = interleave(2, 0);
    private static final FloatVector SECOND_2 = interleave(2, 1);
    private static final FloatVector FIRST_4 = interleave(4, 0);
    private static final FloatVector SECOND_4 = interleave(4, 1);

    /** Where tile {@code tile} starts. */
    int tileAt(int tile) {
        return tile * k * MR;
    }

    /** Floats that {@code m} rows of {@code k} take packed, padding included. */
    static int length(int m, int k) {
        return CpuMatmul.tiles(m) * MR * k;
    }

    /** A (any 2-D view) packed into {@code into}, which must hold {@link #length} floats. */
    static PackedRows pack(Tensor a, float[] into, boolean mayShare) {
        return pack(a.data(), a.offset(), a.strides()[0], a.strides()[1], a.size(0), a.size(1), into, mayShare);
    }

    /**
     * Rows {@code [0, m)} of {@code k} numbers, row {@code i}'s step {@code p} at {@code src[at + i·ld + p·step]},
     * packed into {@code into} ({@link #length} floats).
     */
    static PackedRows pack(float[] src, int at, int ld, int step, int m, int k, float[] into, boolean mayShare) {
        Workers.forEach(CpuMatmul.tiles(m), mayShare && (long) m * k >= CpuMatmul.PARALLEL_PACK, tile -> packTile(
                src, at + tile * MR * ld, ld, step, Math.min(MR, m - tile * MR), k, into, tile * k * MR));
        return new PackedRows(into, k);
    }

    /**
     * Rows {@code [0, m)} of a row-major {@code x} ({@code k} numbers each, {@code ldx} apart) put through LayerNorm
     * (the arithmetic of {@link CpuRows#layerNorm}) and packed into {@code into}: a tile's rows are normalised in a
     * small buffer of the task's thread ({@link Scratch}, not allocated per tile), still in L1 when they are packed.
     */
    static PackedRows normalize(float[] x, int xAt, int ldx, int m, int k, float[] gamma, float[] beta, float eps,
                                float[] into, boolean mayShare) {
        Workers.forEach(CpuMatmul.tiles(m), mayShare && (long) m * k >= CpuMatmul.PARALLEL_PACK, tile -> {
            float[][] scratch = Scratch.take(MR * k, 0);
            try {
                float[] rows = scratch[0];
                int count = Math.min(MR, m - tile * MR);
                for (int r = 0; r < count; r++) {
                    System.arraycopy(x, xAt + (tile * MR + r) * ldx, rows, r * k, k);
                    CpuRows.layerNorm(rows, r * k, k, gamma, beta, eps);
                }
                packTile(rows, 0, k, 1, count, k, into, tile * k * MR);   // reads only the count rows written
            } finally {
                Scratch.give(scratch);
            }
        });
        return new PackedRows(into, k);
    }

    /**
     * Columns {@code [c0, c1)} of rows {@code [r0, r1)} of a row-major {@code src} (rows {@code ld} apart from
     * {@code at}, {@code r0} a whole number of tiles, {@code r1} the last row of A or a tile's end) to their places
     * in this packing, while they are still in the cache: a product's epilogue packs the next product's left-hand
     * side block by block instead of in a pass of its own.
     */
    void packBlock(float[] src, int at, int ld, int r0, int r1, int c0, int c1) {
        for (int row = r0; row < r1; row += MR) {
            packTile(src, at + row * ld + c0, ld, 1, Math.min(MR, r1 - row), c1 - c0, data, tileAt(row / MR) + c0 * MR);
        }
    }

    /**
     * One tile: {@code rows} rows of {@code k} numbers, row {@code r}'s step {@code p} at {@code src[at + r·ld +
     * p·step]}, to {@code into} from {@code dst}; the rows past {@code rows} become 0.
     */
    private static void packTile(float[] src, int at, int ld, int step, int rows, int k, float[] into, int dst) {
        int p0 = 0;
        if (TRANSPOSE && step == 1 && rows == MR) {
            for (; p0 < S.loopBound(k); p0 += L) {
                transpose(src, at + p0, ld, into, dst + p0 * MR);
            }
        }
        for (int r = 0; r < MR; r++) {
            for (int p = p0; p < k; p++) {
                into[dst + p * MR + r] = r < rows ? src[at + r * ld + p * step] : 0f;
            }
        }
    }

    /**
     * {@code L} steps of eight row-major rows ({@code ld} apart from {@code src[at]}) to {@code 8·L} numbers step by
     * step: an 8 × L transpose in registers, in three rounds that each interleave pairs of vectors by groups of 1, 2
     * and 4 lanes, each pair's first halves into one vector and second halves into another.
     */
    private static void transpose(float[] src, int at, int ld, float[] into, int dst) {
        FloatVector r0 = FloatVector.fromArray(S, src, at);
        FloatVector r1 = FloatVector.fromArray(S, src, at + ld);
        FloatVector r2 = FloatVector.fromArray(S, src, at + 2 * ld);
        FloatVector r3 = FloatVector.fromArray(S, src, at + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(S, src, at + 4 * ld);
        FloatVector r5 = FloatVector.fromArray(S, src, at + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(S, src, at + 6 * ld);
        FloatVector r7 = FloatVector.fromArray(S, src, at + 7 * ld);
        // rows 0|1, 2|3, 4|5, 6|7 lane by lane: r0[0] r1[0] r0[1] r1[1] ...
        FloatVector a0 = FIRST_1.selectFrom(r0, r1);
        FloatVector a1 = SECOND_1.selectFrom(r0, r1);
        FloatVector a2 = FIRST_1.selectFrom(r2, r3);
        FloatVector a3 = SECOND_1.selectFrom(r2, r3);
        FloatVector a4 = FIRST_1.selectFrom(r4, r5);
        FloatVector a5 = SECOND_1.selectFrom(r4, r5);
        FloatVector a6 = FIRST_1.selectFrom(r6, r7);
        FloatVector a7 = SECOND_1.selectFrom(r6, r7);
        // rows 01|23, 45|67 by twos: r0[0] r1[0] r2[0] r3[0] r0[1] ...
        FloatVector b0 = FIRST_2.selectFrom(a0, a2);
        FloatVector b1 = SECOND_2.selectFrom(a0, a2);
        FloatVector b2 = FIRST_2.selectFrom(a1, a3);
        FloatVector b3 = SECOND_2.selectFrom(a1, a3);
        FloatVector b4 = FIRST_2.selectFrom(a4, a6);
        FloatVector b5 = SECOND_2.selectFrom(a4, a6);
        FloatVector b6 = FIRST_2.selectFrom(a5, a7);
        FloatVector b7 = SECOND_2.selectFrom(a5, a7);
        // rows 0123|4567 by fours: r0[0] .. r7[0] r0[1] .. r7[1] ..., steps in order from b0|b4 to b3|b7
        int step = S.length();
        FIRST_4.selectFrom(b0, b4).intoArray(into, dst);
        SECOND_4.selectFrom(b0, b4).intoArray(into, dst + step);
        FIRST_4.selectFrom(b1, b5).intoArray(into, dst + 2 * step);
        SECOND_4.selectFrom(b1, b5).intoArray(into, dst + 3 * step);
        FIRST_4.selectFrom(b2, b6).intoArray(into, dst + 4 * step);
        SECOND_4.selectFrom(b2, b6).intoArray(into, dst + 5 * step);
        FIRST_4.selectFrom(b3, b7).intoArray(into, dst + 6 * step);
        SECOND_4.selectFrom(b3, b7).intoArray(into, dst + 7 * step);
    }

    /**
     * Lane indexes for {@link FloatVector#selectFrom(jdk.incubator.vector.Vector, jdk.incubator.vector.Vector)} (0 ..
     * L-1 the first vector, L .. 2L-1 the second) that interleave groups of {@code width} lanes from the first
     * ({@code half} 0) or second half of two vectors.
     */
    private static FloatVector interleave(int width, int half) {
        float[] lanes = new float[L];
        for (int i = 0; i < L; i++) {
            int group = i / (2 * width);
            int second = i % (2 * width) / width;
            lanes[i] = second * L + half * L / 2 + group * width + i % width;
        }
        return FloatVector.fromArray(S, lanes, 0);
    }
}
