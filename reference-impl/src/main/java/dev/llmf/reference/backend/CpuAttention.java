package dev.llmf.reference.backend;

import static dev.llmf.reference.backend.CpuMatmul.MR;

/**
 * Scaled dot-product attention of many heads on the CPU, one block of queries of one head at a time: the block's
 * scores against the keys it may see ({@code Q_blk·K_hᵀ}), the masked softmax of each row, and the product with the
 * values, all in a few small per-thread buffers — the full {@code T × T} matrix of a head never exists, unless the
 * caller asks for the weights (then each block's rows are copied out as they are done).
 *
 * <p>The numbers are those of the unfused way (scores by the matmul kernel, {@link CpuRows#softmax} on each row,
 * product with V): only the keys a row may see enter its sums, and the zeros of masked keys add nothing.
 */
final class CpuAttention {

    private static final int BLOCK = 2 * MR;                     // queries per task
    private static final long PARALLEL_WORK = 1L << 20;          // multiply-adds over all heads: ~0.1 ms
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private CpuAttention() {
    }

    /**
     * For each head h and query i (at position {@code start + i}, {@code i < n}): {@code out_i,h = softmax(q_i,h ·
     * K_hᵀ · scale) · V_h} over the keys at positions {@code 0 .. start+i} when {@code causal}, else over all
     * {@code count} keys; {@code q_i,h} is {@code q.data[q.at + i·q.ld + h·dk ..]} and the output goes to
     * {@code out.data[out.at + i·out.ld + h·dv ..]}. With {@code weights} not null, the softmax rows are written there
     * too, as {@code [heads, n, count]} row-major (masked entries 0).
     */
    static void attend(RowMajor q, int n, int start, KeyValueCache cache, int count, boolean causal, float scale,
                       RowMajor out, float[] weights) {
        int heads = cache.heads();
        int blocks = (n + BLOCK - 1) / BLOCK;
        long work = (long) heads * n * count * (cache.keyWidth() + cache.valueWidth());
        // Largest blocks first (with a causal mask the last queries see the most keys), so the small ones come last.
        Workers.forEach(heads * blocks, work >= PARALLEL_WORK, task -> {
            int block = blocks - 1 - task / heads;
            int head = task % heads;
            int first = block * BLOCK;
            int rows = Math.min(BLOCK, n - first);
            int seen = causal ? start + first + rows : count;
            headBlock(q, n, first, rows, start, cache, head, seen, count, causal, scale, out, weights);
        });
    }

    // Queries [first, first + rows) of one head, against the keys at positions 0 .. seen-1.
    private static void headBlock(RowMajor q, int n, int first, int rows, int start, KeyValueCache cache, int head,
                                  int seen, int count, boolean causal, float scale, RowMajor out, float[] weights) {
        int dk = cache.keyWidth();
        int dv = cache.valueWidth();
        int tiles = CpuMatmul.tiles(rows);
        int ldScores = PackedMatrix.padded(seen);
        int ldOut = PackedMatrix.padded(dv);
        float[] scores = scratch(0, tiles * MR * ldScores);
        float[] mixed = scratch(1, tiles * MR * ldOut);

        RowMajor queries = new RowMajor(q.data(), q.at() + first * q.ld() + head * dk, q.ld());
        CpuMatmul.product(queries, rows, dk, cache.keys(head, seen), scores, 0, ldScores, CpuMatmul.Epilogue.NONE,
                false);
        for (int r = 0; r < rows; r++) {
            int valid = causal ? start + first + r + 1 : seen;
            CpuRows.softmax(scores, r * ldScores, valid, seen, scale);
            if (weights != null) {
                System.arraycopy(scores, r * ldScores, weights, (head * n + first + r) * count, seen);
            }
        }
        CpuMatmul.product(new RowMajor(scores, 0, ldScores), rows, seen, cache.values(head, seen), mixed, 0, ldOut,
                CpuMatmul.Epilogue.NONE, false);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(mixed, r * ldOut, out.data(), out.at() + (first + r) * out.ld() + head * dv, dv);
        }
    }

    /**
     * RoPE in place on {@code heads} slices of width {@code dh} of {@code rows} rows ({@code ld} apart, from
     * {@code at}) at positions {@code first ..}: pair {@code (2i, 2i+1)} at position t turns by {@code t·BASE^(−2i/dh)},
     * with the angles' cos and sin from {@link PositionTables#rope}. Position 0 does not turn (as the contract's
     * {@code rotary} leaves row 0 alone).
     */
    static void rotate(float[] x, int at, int ld, int rows, int first, int heads, int dh, float[] cos, float[] sin) {
        int half = dh / 2;
        for (int r = 0; r < rows; r++) {
            int t = first + r;
            if (t == 0) {
                continue;
            }
            for (int h = 0; h < heads; h++) {
                int row = at + r * ld + h * dh;
                for (int i = 0; i < half; i++) {
                    float c = cos[t * half + i];
                    float s = sin[t * half + i];
                    float x0 = x[row + 2 * i];
                    float x1 = x[row + 2 * i + 1];
                    x[row + 2 * i] = x0 * c - x1 * s;
                    x[row + 2 * i + 1] = x0 * s + x1 * c;
                }
            }
        }
    }

    private static float[] scratch(int slot, int size) {
        float[][] buffers = SCRATCH.get();
        if (buffers[slot].length < size) {
            buffers[slot] = new float[Math.max(size, buffers[slot].length * 3 / 2)];
        }
        return buffers[slot];
    }
}
