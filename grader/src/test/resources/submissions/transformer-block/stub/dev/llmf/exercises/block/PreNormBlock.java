package dev.llmf.exercises.block;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.TransformerBlock;

/**
 * Exercise 5 — your pre-norm transformer block: LayerNorm, GELU, the feed-forward network, and the block that
 * joins them to attention with two residual connections.
 *
 * <p>Read {@code exercises/05-transformer-block/README.md} first; the exact formulas are in the Javadoc of
 * {@link TransformerBlock}.
 */
public class PreNormBlock implements TransformerBlock {

    // Your own attention from exercise 4: forward() calls attention.multiHead(...).
    private final Attention attention = new dev.llmf.exercises.attention.SelfAttention();

    // Your own tensor operations from exercise 1 (matmul, add, ...). Use them if you like.
    private final TensorMath math = new dev.llmf.exercises.tensors.TensorOps();

    public PreNormBlock() {
    }

    @Override
    public Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta) {
        throw new UnsupportedOperationException("TODO: per row, (x − mean) / √(variance + ε) · gamma + beta, variance divided by d");
    }

    @Override
    public Tensor gelu(Tensor x) {
        throw new UnsupportedOperationException("TODO: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) on every element");
    }

    @Override
    public Tensor feedForward(Tensor x, Tensor w1, Tensor w2) {
        throw new UnsupportedOperationException("TODO: GELU(x·w1)·w2");
    }

    @Override
    public Tensor forward(Tensor x, Weights weights, Attention.Options options) {
        throw new UnsupportedOperationException("TODO: h = x + attention(LN1(x)); return h + feedForward(LN2(h))");
    }
}
