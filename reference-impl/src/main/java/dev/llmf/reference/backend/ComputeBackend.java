package dev.llmf.reference.backend;

import dev.llmf.contract.Tensor;

/**
 * The numeric kernels the reference model is built from. The model code calls only these, so another backend
 * (a GPU one) can replace the CPU kernels without touching it. Inputs may be views; outputs are new contiguous
 * tensors; inputs are never modified.
 */
public interface ComputeBackend {

    /** A short name for logs and the grader's info endpoint, e.g. "cpu (Vector API, 16 float lanes, 2 threads)". */
    String describe();

    /** {@code a [m, k] · b [k, n] → [m, n]}. */
    Tensor matmul(Tensor a, Tensor b);

    /** Element-wise {@code a + b}, same shapes. */
    Tensor add(Tensor a, Tensor b);

    /**
     * Softmax over the last dimension of {@code x · scale}; with {@code causal}, entry {@code (i, j)} of each
     * trailing {@code [T, T]} matrix with {@code j > i} gets probability 0.
     */
    Tensor softmax(Tensor x, float scale, boolean causal);

    /** LayerNorm over the last dimension: {@code (x − μ) / √(σ² + eps) · gamma + beta}. */
    Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps);

    /** GELU, tanh approximation, element-wise. */
    Tensor gelu(Tensor x);
}
