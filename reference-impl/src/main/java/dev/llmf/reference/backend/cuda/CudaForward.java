package dev.llmf.reference.backend.cuda;

import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.ReferenceEmbeddings;

/**
 * The whole mini-GPT forward on the device, for a batch of sequences of equal length: token ids go up, logits
 * come back, and every activation in between stays in device memory (freed with the caller's arena). It computes
 * exactly what {@code ReferenceLanguageModel.forward} does per sequence:
 *
 * <pre>
 *   x = tok[ids] + pos                                  [B·T, d]   (RoPE: no position vector)
 *   per layer:  h = LN1(x);  qkv = h · [wq|wk|wv]       [B·T, 3d]  (RoPE rotates q and k in place)
 *               a = causal attention per head           [B·T, d]
 *               x += a · wo                             (the residual is the product's accumulate, beta = 1)
 *               h = LN2(x);  f = GELU(h · w1)           [B·T, 4d]
 *               x += f · w2
 *   logits = LN_f(x) · tokᵀ                             [B·T, V]
 * </pre>
 */
public final class CudaForward {

    private CudaForward() {
    }

    /**
     * The logits of each sequence of {@code batch} (all of one length {@code T}, 1 ≤ T ≤ contextLength) as a device
     * buffer {@code [batch.length · T, V]} in {@code arena}; the work is queued, not waited for.
     */
    public static DeviceBuffer logits(DeviceOps ops, DeviceWeights w, int[][] batch, DeviceArena arena) {
        var config = w.config;
        int length = batch[0].length;
        if (length < 1 || length > config.contextLength()) {
            throw new IllegalArgumentException("the model takes 1 to " + config.contextLength()
                    + " tokens but got " + length);
        }
        int d = config.dModel();
        int heads = config.heads();
        int vocab = config.vocabSize();
        int rows = Math.multiplyExact(batch.length, length);
        int[] ids = new int[rows];
        for (int b = 0; b < batch.length; b++) {
            if (batch[b].length != length) {
                throw new IllegalArgumentException("sequence " + b + " has " + batch[b].length
                        + " tokens but sequence 0 has " + length + ": a batch needs equal lengths");
            }
            ReferenceEmbeddings.requireIds(batch[b], vocab);
            System.arraycopy(batch[b], 0, ids, b * length, length);
        }
        float eps = TransformerBlock.LAYER_NORM_EPSILON;
        long x = arena.allocate((long) rows * d).pointer();                     // the residual stream
        long h = arena.allocate((long) rows * d).pointer();                     // LayerNorm output
        long qkv = arena.allocate((long) rows * 3 * d).pointer();
        long attended = arena.allocate((long) rows * d).pointer();
        long hidden = arena.allocate((long) rows * 4 * d).pointer();
        long scores = arena.allocate((long) heads * length * length).pointer();  // one sequence's [H, T, T]
        ops.embed(ops.upload(arena, ids).pointer(), w.tokenEmbedding.pointer(),
                w.positions == null ? 0 : w.positions.pointer(), x, rows, length, d);
        for (DeviceWeights.Layer layer : w.layers) {
            ops.layerNorm(x, h, layer.ln1Gamma().pointer(), layer.ln1Beta().pointer(), rows, d, eps);
            ops.matmul(h, d, layer.qkv().pointer(), 3 * d, false, qkv, 3 * d, rows, 3 * d, d, false);
            if (w.ropeCos != null) {   // q and k are adjacent column blocks: rotate them as 2·heads heads
                ops.rope(qkv, rows, length, 3 * d, 2 * heads, d / heads, w.ropeCos.pointer(), w.ropeSin.pointer());
            }
            ops.causalAttention(qkv, attended, scores, batch.length, length, d, heads);
            ops.matmul(attended, d, layer.wo().pointer(), d, false, x, d, rows, d, d, true);
            ops.layerNorm(x, h, layer.ln2Gamma().pointer(), layer.ln2Beta().pointer(), rows, d, eps);
            ops.matmul(h, d, layer.w1().pointer(), 4 * d, false, hidden, 4 * d, rows, 4 * d, d, false);
            ops.gelu(hidden, hidden, (long) rows * 4 * d);
            ops.matmul(hidden, 4 * d, layer.w2().pointer(), d, false, x, d, rows, d, 4 * d, true);
        }
        ops.layerNorm(x, h, w.finalGamma.pointer(), w.finalBeta.pointer(), rows, d, eps);
        DeviceBuffer logits = arena.allocate((long) rows * vocab);
        ops.matmul(h, d, w.tokenEmbedding.pointer(), d, true, logits.pointer(), vocab, rows, vocab, d, false);
        return logits;
    }
}
