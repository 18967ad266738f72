package dev.llmf.reference.backend;

import java.lang.ref.SoftReference;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The activation buffers of one {@link CpuModelRun}: the residual stream, queries/keys/values, the heads' outputs,
 * the feed-forward's hidden layer, a product's left-hand side packed (LayerNorm's rows, the heads' outputs or the
 * hidden layer: as wide as the widest of them), and the key/value store of a run that keeps no cache. A run takes a
 * set when it opens and gives it back when it closes, so a model run again and again (the grader's reference, a
 * benchmark) does not allocate and clear them every time; two open runs never share one. A few sets are kept,
 * softly: the garbage collector may take them back.
 */
final class Activations {

    private static final int KEPT = 4;
    private static final Deque<SoftReference<Activations>> POOL = new ConcurrentLinkedDeque<>();

    /** Rows (a multiple of the kernel's tile) and widths (in whole panels) these buffers have room for. */
    private record Shape(int rows, int dp, int hp, int normalizedWidth, int heads, int dh) {
        boolean holds(Shape needed) {
            return rows >= needed.rows && dp == needed.dp && hp == needed.hp && normalizedWidth == needed.normalizedWidth
                    && heads == needed.heads && dh == needed.dh;
        }
    }

    private final Shape shape;
    final float[] x;
    final float[] qkv;
    final float[] attended;
    final float[] hidden;
    final float[] normalized;
    final KeyValueCache keysValues;

    private Activations(Shape shape) {
        this.shape = shape;
        x = new float[shape.rows * shape.dp];
        qkv = new float[shape.rows * 3 * shape.dp];
        attended = new float[shape.rows * shape.dp];
        hidden = new float[shape.rows * shape.hp];
        normalized = new float[shape.rows * shape.normalizedWidth];
        keysValues = new KeyValueCache(shape.heads, shape.dh, shape.dh, shape.rows);
    }

    /** A set for {@code positions} rows: one given back earlier if one fits, else a new one. */
    static Activations take(int positions, int dp, int hp, int normalizedWidth, int heads, int dh) {
        Shape needed = new Shape(CpuMatmul.tiles(positions) * CpuMatmul.MR, dp, hp, normalizedWidth, heads, dh);
        for (SoftReference<Activations> ref : POOL) {
            Activations kept = ref.get();
            if (kept == null) {
                POOL.remove(ref);
            } else if (kept.shape.holds(needed) && POOL.remove(ref)) {
                return kept;
            }
        }
        return new Activations(needed);
    }

    /** Gives this set back; the caller must not use it any more. */
    void release() {
        if (POOL.size() < KEPT) {
            POOL.push(new SoftReference<>(this));
        }
    }
}
