package dev.llmf.reference.backend;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;

/**
 * {@link ComputeBackend#attention} made of a backend's own matmul and softmax, one head at a time: for a backend
 * whose per-operation calls are all it has for attention outside a model run (the GPU one).
 */
public final class HeadByHeadAttention {

    private HeadByHeadAttention() {
    }

    public static Attention.Output attention(ComputeBackend backend, Tensor q, Tensor k, Tensor v, int heads,
                                             boolean causal, boolean keepWeights) {
        BackendChecks.requireAttentionShapes(q, k, v, heads, causal);
        int queries = q.size(0);
        int keys = k.size(0);
        int dk = q.size(1) / heads;
        int dv = v.size(1) / heads;
        float scale = (float) (1.0 / Math.sqrt(dk));
        float[] out = new float[queries * heads * dv];
        float[] all = keepWeights ? new float[heads * queries * keys] : null;
        for (int h = 0; h < heads; h++) {
            Tensor scores = backend.matmul(columns(q, h * dk, dk), columns(k, h * dk, dk).transpose(0, 1));
            Tensor weights = backend.softmax(scores, scale, causal);                  // [T, S]
            float[] mixed = backend.matmul(weights, columns(v, h * dv, dv)).data();   // [T, dv]
            for (int t = 0; t < queries; t++) {
                System.arraycopy(mixed, t * dv, out, t * heads * dv + h * dv, dv);
            }
            if (all != null) {
                System.arraycopy(weights.contiguous().data(), 0, all, h * queries * keys, queries * keys);
            }
        }
        return new Attention.Output(Tensor.of(out, queries, heads * dv),
                keepWeights ? Tensor.of(all, heads, queries, keys) : null);
    }

    /** Columns {@code [from, from + width)} of a 2-D tensor, as a view. */
    private static Tensor columns(Tensor t, int from, int width) {
        return t.transpose(0, 1).rows(from, from + width).transpose(0, 1);
    }
}
