package dev.llmf.exercises.attention;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;

/**
 * Exercise 4 — your scaled dot-product attention and multi-head self-attention.
 *
 * <p>Read {@code exercises/04-attention/README.md} first; the exact rules (shapes, scaling, masking, the order
 * of the heads' columns) are in the Javadoc of {@link Attention}.
 */
public class SelfAttention implements Attention {

    // Your own tensor operations from exercise 1 (matmul, transpose, softmax). Use them if you like, or write
    // plain loops with Tensor.get2/set2 — either way is fine.
    private final TensorMath math = new dev.llmf.exercises.tensors.TensorOps();

    public SelfAttention() {
    }

    @Override
    public Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal) {
        throw new UnsupportedOperationException("TODO: weights = softmax(Q·Kᵀ / √d_k), masked before the softmax; output = weights·V");
    }

    @Override
    public Output multiHead(Tensor x, Weights weights, Options options) {
        throw new UnsupportedOperationException("TODO: project x to Q, K, V, run each head on its own columns, join them, multiply by wo");
    }
}
