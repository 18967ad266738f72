package dev.llmf.reference.backend.cuda;

import dev.llmf.reference.backend.ModelPass;

/**
 * The mini-GPT forward of a batch of sequences of equal length on the device ({@link CudaModelRun} through
 * {@link ModelPass}, the model code every backend runs): token ids go up, the logits stay in device memory.
 */
public final class CudaForward {

    private CudaForward() {
    }

    /**
     * The logits of each sequence of {@code batch} (all of one length {@code T}, 1 ≤ T ≤ contextLength) as a device
     * buffer address {@code [batch.length · T, V]} in {@code arena}; the work is queued, not waited for.
     */
    public static long logits(DeviceOps ops, DeviceWeights w, int[][] batch, DeviceArena arena) {
        int length = batch[0].length;
        if (length < 1 || length > w.config.contextLength()) {
            throw new IllegalArgumentException("the model takes 1 to " + w.config.contextLength()
                    + " tokens but got " + length);
        }
        int[] ids = new int[Math.multiplyExact(batch.length, length)];
        for (int b = 0; b < batch.length; b++) {
            if (batch[b].length != length) {
                throw new IllegalArgumentException("sequence " + b + " has " + batch[b].length
                        + " tokens but sequence 0 has " + length + ": a batch needs equal lengths");
            }
            System.arraycopy(batch[b], 0, ids, b * length, length);
        }
        CudaModelRun run = new CudaModelRun(ops, w, arena, false, batch.length, length, false);
        return ModelPass.run(run, ids, 0, 0).pointer();
    }
}
