package dev.llmf.exercises.sampler;

import dev.llmf.contract.Sampler;

/**
 * Exercise 6: turning the model's logits into the next token, with temperature, top-k and top-p.
 *
 * <p>Start with {@code exercises/06-sampler/README.md}; the exact order of the steps, the tie rule and how
 * {@code u} picks a token are in the Javadoc of {@link Sampler}.
 */
public class TokenSampler implements Sampler {

    /** Creates a sampler; it keeps no state (randomness comes in as {@code u}). */
    public TokenSampler() {
    }

    @Override
    public int greedy(float[] logits) {
        throw new UnsupportedOperationException("TODO: return the index of the largest logit, the lowest on a tie");
    }

    @Override
    public float[] distribution(float[] logits, Config config) {
        throw new UnsupportedOperationException(
                "TODO: softmax(logits / T) (T = 0: one-hot on greedy), then top-k, then top-p, renormalising");
    }

    @Override
    public int sample(float[] logits, Config config, double u) {
        throw new UnsupportedOperationException(
                "TODO: walk distribution(...) in id order and return the first id whose running sum exceeds u");
    }
}
