package dev.llmf.reference;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.backend.Backends;
import dev.llmf.reference.backend.ComputeBackend;

/** Scaled dot-product and multi-head self-attention on the compute backend. */
public final class ReferenceAttention implements Attention {

    private final ComputeBackend backend;
    private final ReferenceEmbeddings embeddings;

    public ReferenceAttention() {
        this(Backends.current());
    }

    public ReferenceAttention(ComputeBackend backend) {
        this.backend = backend;
        this.embeddings = new ReferenceEmbeddings(backend);
    }

    @Override
    public Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal) {
        Output one = backend.attention(q, k, v, 1, causal, true);
        return new Output(one.output(), one.weights().reshape(q.size(0), k.size(0)));   // [T, d_v], [T, S]
    }

    @Override
    public Output multiHead(Tensor x, Weights w, Options options) {
        x.requireRank("x", 2);
        int d = x.size(1);
        int heads = options.heads();
        if (d % heads != 0) {
            throw new IllegalArgumentException("d_model (" + d + ") must be divisible by heads (" + heads + ")");
        }
        w.wq().requireShape("wq", d, d);
        w.wk().requireShape("wk", d, d);
        w.wv().requireShape("wv", d, d);
        w.wo().requireShape("wo", d, d);
        Tensor q = backend.project(x, w.wq());                                        // [T, d]
        Tensor k = backend.project(x, w.wk());
        Tensor v = backend.project(x, w.wv());
        if (options.rotary()) {
            q = rotateHeads(q, heads);
            k = rotateHeads(k, heads);
        }
        Output attended = backend.attention(q, k, v, heads, options.causal(), true);  // [T, d], [H, T, T]
        return new Output(backend.project(attended.output(), w.wo()), attended.weights());
    }

    /** RoPE on each head's columns of {@code t [T, d]} (positions 0..T-1), as {@link ReferenceEmbeddings#rotary}. */
    private Tensor rotateHeads(Tensor t, int heads) {
        int length = t.size(0);
        int d = t.size(1);
        int dh = d / heads;
        float[] out = new float[length * d];
        for (int h = 0; h < heads; h++) {
            float[] rotated = embeddings.rotary(columns(t, h * dh, dh)).data();
            for (int r = 0; r < length; r++) {
                System.arraycopy(rotated, r * dh, out, r * d + h * dh, dh);
            }
        }
        return Tensor.of(out, length, d);
    }

    /** Columns {@code [from, from + width)} of a 2-D tensor, as a view. */
    static Tensor columns(Tensor t, int from, int width) {
        return t.transpose(0, 1).rows(from, from + width).transpose(0, 1);
    }
}
