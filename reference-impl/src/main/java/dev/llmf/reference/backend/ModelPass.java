package dev.llmf.reference.backend;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;

/**
 * The mini-GPT forward of {@link LanguageModel}, written once for every backend in terms of a {@link ModelRun}'s
 * steps:
 *
 * <pre>
 *   x = tokenEmbedding[ids] + positions                        [n, d]
 *   per layer:  x += MHA(LN1(x)) · wo                          (keys and values of these positions are cached)
 *               x += GELU(LN2(x) · w1) · w2
 *   logits = LN_final(x) · tokenEmbeddingᵀ                     [n, V]
 * </pre>
 */
public final class ModelPass {

    private ModelPass() {
    }

    /**
     * The logits of rows {@code fromRow ..} for {@code ids} at positions {@code start ..}, as a host tensor: a whole
     * sequence is {@code start = 0}; a decoding step is one token after the {@code start} positions already in the
     * run's cache.
     */
    public static <X> Tensor logits(ModelRun<X> model, int[] ids, int start, int fromRow) {
        return model.read(run(model, ids, start, fromRow));
    }

    /** {@link #logits}, left in the backend's memory. */
    public static <X> X run(ModelRun<X> model, int[] ids, int start, int fromRow) {
        X x = model.embed(ids, start);
        for (int layer = 0; layer < model.config().layers(); layer++) {
            X heads = model.attend(model.queriesKeysValues(x, layer), layer, start);
            model.addAttentionOutput(heads, layer, x);
            model.addFeedForwardOutput(model.feedForwardHidden(x, layer), layer, x);
        }
        return model.logits(x, fromRow);
    }
}
