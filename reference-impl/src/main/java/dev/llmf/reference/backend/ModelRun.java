package dev.llmf.reference.backend;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;

/**
 * One mini-GPT on one backend: its weights in the backend's layout, each layer's keys and values for up to
 * {@link #capacity()} positions, and the steps a forward pass is made of, on activations that live in the backend's
 * own memory ({@code X}: host arrays on the CPU, device buffers on a GPU). The model code, {@link ModelPass}, calls the
 * steps in order, the same way for every backend. Close it to release what it holds.
 *
 * <p>A pass runs {@code n} tokens at positions {@code start .. start+n-1}; each layer's {@link #attend} stores their
 * keys and values first, so the queries see the cached positions {@code 0 .. start-1} as well as each other. A run
 * opened without a cache keeps only what one pass from position 0 needs.
 *
 * @param <X> the backend's handle on a block of activations
 */
public interface ModelRun<X> extends AutoCloseable {

    LanguageModel.Config config();

    /** Positions the run can hold. */
    int capacity();

    /** {@code x = tokenEmbedding[ids] + the position vectors of start ..} (none for RoPE): the residual stream. */
    X embed(int[] ids, int start);

    /** {@code LN1(x) · [wq | wk | wv]} of {@code layer}. */
    X queriesKeysValues(X x, int layer);

    /**
     * RoPE on the queries and keys (ROPE models), keys and values stored at positions {@code start ..}, then causal
     * multi-head attention over positions {@code 0 ..}: the heads' outputs side by side, {@code [n, d]}.
     */
    X attend(X queriesKeysValues, int layer, int start);

    /** {@code x += heads · wo}. */
    void addAttentionOutput(X heads, int layer, X x);

    /** {@code GELU(LN2(x) · w1)}, {@code [n, 4d]}. */
    X feedForwardHidden(X x, int layer);

    /** {@code x += hidden · w2}. */
    void addFeedForwardOutput(X hidden, int layer, X x);

    /** {@code LN_final(x) · tokenEmbeddingᵀ} for rows {@code fromRow ..} of x: {@code [rows, V]}. */
    X logits(X x, int fromRow);

    /** Logits made by {@link #logits}, as a host tensor {@code [rows, V]} (once the backend's work is done). */
    Tensor read(X logits);

    @Override
    void close();
}
