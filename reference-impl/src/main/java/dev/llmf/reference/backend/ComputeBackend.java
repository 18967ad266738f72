package dev.llmf.reference.backend;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
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

    /**
     * {@code x [m, k] · weight [k, n]} where {@code weight} is a model weight, used again and again: a backend may
     * keep it prepared (packed, uploaded) for as long as the tensor lives. Same result as {@link #matmul}.
     */
    default Tensor project(Tensor x, Tensor weight) {
        return matmul(x, weight);
    }

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

    /**
     * Scaled dot-product attention of {@code heads} heads side by side: head h takes its share of the columns of
     * {@code q [T, H·dk]}, {@code k [S, H·dk]} and {@code v [S, H·dv]}, and
     * {@code out_h = softmax(q_h·k_hᵀ / √dk) · v_h} (with {@code causal}, T = S and query i sees keys 0..i); the outputs side by side, {@code [T, H·dv]}.
     * The weights {@code [H, T, S]} come back only with {@code keepWeights}, else the output's weights are null.
     */
    Attention.Output attention(Tensor q, Tensor k, Tensor v, int heads, boolean causal, boolean keepWeights);

    /**
     * A mini-GPT on this backend for up to {@code capacity} positions ({@link ModelPass} runs it); with
     * {@code cache}, every layer's keys and values are kept between passes (for decoding one token at a time),
     * else only one pass from position 0 is possible at a time.
     */
    ModelRun<?> openModel(LanguageModel.Weights weights, int capacity, boolean cache);
}
