package dev.llmf.reference;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.backend.Backends;
import dev.llmf.reference.backend.ComputeBackend;

/** The pre-norm block: {@code h = x + MHA(LN1(x))}, {@code out = h + FFN(LN2(h))}. */
public final class ReferenceTransformerBlock implements TransformerBlock {

    private final ComputeBackend backend;
    private final Attention attention;

    public ReferenceTransformerBlock() {
        this(Backends.current());
    }

    public ReferenceTransformerBlock(ComputeBackend backend) {
        this.backend = backend;
        this.attention = new ReferenceAttention(backend);
    }

    @Override
    public Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta) {
        return backend.layerNorm(x, gamma, beta, LAYER_NORM_EPSILON);
    }

    @Override
    public Tensor gelu(Tensor x) {
        return backend.gelu(x);
    }

    @Override
    public Tensor feedForward(Tensor x, Tensor w1, Tensor w2) {
        Tensor hidden = backend.gelu(backend.project(x, w1));                         // [T, 4d]
        return backend.project(hidden, w2);                                           // [T, d]
    }

    @Override
    public Tensor forward(Tensor x, Weights w, Attention.Options options) {
        Tensor attended = attention.multiHead(layerNorm(x, w.ln1Gamma(), w.ln1Beta()), w.attention(), options).output();
        Tensor h = backend.add(x, attended);
        return backend.add(h, feedForward(layerNorm(h, w.ln2Gamma(), w.ln2Beta()), w.w1(), w.w2()));
    }
}
