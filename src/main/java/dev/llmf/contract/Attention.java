package dev.llmf.contract;

/**
 * Exercise 4 — scaled dot-product attention, with a causal mask, and multi-head attention.
 *
 * <p>No method writes into the tensors or weights it is given; inputs may be views (read them through their
 * strides).
 */
public interface Attention {

    /** The attention result, with the weights kept so they can be shown as a heatmap. */
    record Output(Tensor output, Tensor weights) {
    }

    /**
     * How multi-head attention runs: {@code heads} must divide {@code d_model}; {@code causal} hides the future;
     * {@code rotary} applies RoPE ({@link Embeddings#rotary}) to each head's queries and keys before the scores.
     */
    record Options(int heads, boolean causal, boolean rotary) {
        public Options {
            if (heads < 1) {
                throw new IllegalArgumentException("heads (" + heads + ") must be at least 1");
            }
        }
    }

    /**
     * Projection matrices, each of shape {@code [d_model, d_model]}; projections multiply on the right:
     * {@code Q = x · wq}.
     */
    record Weights(Tensor wq, Tensor wk, Tensor wv, Tensor wo) {

        /** Seeded random weights for a model of width {@code dModel} (normal, std 0.02). */
        public static Weights random(int dModel, long seed) {
            return random(dModel, new RandomInit(seed));
        }

        static Weights random(int dModel, RandomInit init) {
            return new Weights(init.normal(dModel, dModel), init.normal(dModel, dModel),
                    init.normal(dModel, dModel), init.normal(dModel, dModel));
        }
    }

    /**
     * {@code weights = softmax(Q·Kᵀ / √d_k)} row by row, {@code output = weights · V}.
     *
     * <p>With {@code causal}, query {@code i} may not see key {@code j > i}: that score is set to −∞ before the
     * softmax, so its weight is exactly 0 (needs {@code T == S}).
     *
     * <p>Worked example (no mask): Q = [[1,0,1,0],[0,1,0,1],[1,1,0,0]], K = [[1,1,0,0],[0,0,1,1],[1,0,1,0]],
     * V = [[1,0,1,0],[0,1,0,1],[1,1,0,0]] give weights row 0 = [0.274069, 0.274069, 0.451863] and output row 0 =
     * [0.725931, 0.725931, 0.274069, 0.274069].
     *
     * @param q shape {@code [T, d_k]}
     * @param k shape {@code [S, d_k]}
     * @param v shape {@code [S, d_v]}
     * @return output {@code [T, d_v]} and weights {@code [T, S]}
     * @throws IllegalArgumentException on mismatched shapes (naming them), or causal with {@code T != S}
     */
    Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal);

    /**
     * Multi-head self-attention on {@code x} of shape {@code [T, d_model]}.
     *
     * <ol>
     *   <li>{@code Q = x·wq}, {@code K = x·wk}, {@code V = x·wv}, each {@code [T, d_model]};</li>
     *   <li>head {@code h} of {@code H} takes columns {@code [h·d_h, (h+1)·d_h)} with {@code d_h = d_model / H};</li>
     *   <li>with {@code rotary}, apply RoPE to each head's Q and K slice (positions {@code 0..T-1});</li>
     *   <li>each head runs {@link #scaledDotProduct} (scale {@code 1/√d_h});</li>
     *   <li>the heads' outputs are put side by side again in the same column order, then multiplied by
     *       {@code wo}.</li>
     * </ol>
     *
     * @return output {@code [T, d_model]} and weights {@code [H, T, T]}
     */
    Output multiHead(Tensor x, Weights weights, Options options);
}
