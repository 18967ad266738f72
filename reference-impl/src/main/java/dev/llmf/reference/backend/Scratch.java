package dev.llmf.reference.backend;

import java.lang.ref.SoftReference;

/**
 * Each thread's two packing buffers for {@link CpuMatmul#multiply} (and LayerNorm's tile of rows in
 * {@link PackedRows#normalize}): taken for the length of one product and given
 * back after, so a product started while another is under way on the same thread (a task that multiplies, run while
 * the thread waits for its own product's workers) gets buffers of its own. Held softly.
 */
final class Scratch {

    private static final ThreadLocal<SoftReference<float[][]>> KEPT = new ThreadLocal<>();
    // buffers larger than this (floats, 16 MiB) are not kept
    private static final int LARGEST_KEPT = 1 << 22;

    private Scratch() {
    }

    /** Two buffers of at least {@code first} and {@code second} floats; contents undefined. */
    static float[][] take(int first, int second) {
        SoftReference<float[][]> ref = KEPT.get();
        float[][] buffers = ref == null ? null : ref.get();
        KEPT.remove();
        if (buffers == null) {
            buffers = new float[2][0];
        }
        if (buffers[0].length < first) {
            buffers[0] = new float[first];
        }
        if (buffers[1].length < second) {
            buffers[1] = new float[second];
        }
        return buffers;
    }

    static void give(float[][] buffers) {
        if (buffers[0].length <= LARGEST_KEPT && buffers[1].length <= LARGEST_KEPT) {
            KEPT.set(new SoftReference<>(buffers));
        }
    }
}
