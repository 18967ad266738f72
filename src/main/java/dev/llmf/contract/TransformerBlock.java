package dev.llmf.contract;

/**
 * Exercise 5 — one pre-norm transformer block, and the pieces it is made of.
 *
 * <pre>
 *   h   = x + MultiHeadAttention(LayerNorm(x; ln1))
 *   out = h + FeedForward(LayerNorm(h; ln2))            FeedForward(z) = GELU(z·w1)·w2, hidden width 4·d
 * </pre>
 *
 * <p>No method writes into the tensors or weights it is given; inputs may be views (read them through their
 * strides).
 */
public interface TransformerBlock {

    /** The ε inside LayerNorm's square root. */
    float LAYER_NORM_EPSILON = 1e-5f;

    /**
     * The weights of one block: LayerNorm scales and shifts {@code [d]}, attention projections {@code [d, d]},
     * feed-forward {@code w1 [d, 4d]} and {@code w2 [4d, d]}. No biases besides LayerNorm's.
     */
    record Weights(Tensor ln1Gamma, Tensor ln1Beta, Attention.Weights attention,
                   Tensor ln2Gamma, Tensor ln2Beta, Tensor w1, Tensor w2) {

        /** Seeded random weights for a block of width {@code dModel}: LayerNorm 1 and 0, the rest normal(0, 0.02). */
        public static Weights random(int dModel, long seed) {
            return random(dModel, new RandomInit(seed));
        }

        static Weights random(int dModel, RandomInit init) {
            Attention.Weights attention = Attention.Weights.random(dModel, init);
            return new Weights(RandomInit.ones(dModel), Tensor.zeros(dModel), attention,
                    RandomInit.ones(dModel), Tensor.zeros(dModel),
                    init.normal(dModel, 4 * dModel), init.normal(4 * dModel, dModel));
        }
    }

    /**
     * LayerNorm over the last dimension of {@code x [T, d]}: per row,
     * {@code μ = mean(x)}, {@code σ² = mean((x − μ)²)} (divide by d, not d−1),
     * {@code y = (x − μ) / √(σ² + ε) · gamma + beta} with {@code ε = }{@link #LAYER_NORM_EPSILON}.
     *
     * <p>Precision: compute μ first, then σ² as the mean of {@code (x − μ)²}, with float or double sums (both
     * pass). The one-pass shortcut {@code σ² = E[x²] − μ²} in float loses the spread of a row whose mean is large
     * next to it, and such rows are graded (values around 100 with spread 1). Rows where even the two-pass float
     * computation drifts past the tolerance (a mean above about 1000 times the spread) are not graded.
     *
     * @param gamma shape {@code [d]}
     * @param beta  shape {@code [d]}
     */
    Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta);

    /**
     * GELU, tanh approximation (as in GPT-2), element-wise on any shape:
     * {@code gelu(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}.
     */
    Tensor gelu(Tensor x);

    /** {@code GELU(x·w1)·w2} for {@code x [T, d]}, {@code w1 [d, 4d]}, {@code w2 [4d, d]}; returns {@code [T, d]}. */
    Tensor feedForward(Tensor x, Tensor w1, Tensor w2);

    /**
     * The whole block (see the class comment) on {@code x [T, d]}; attention runs with {@code options} as
     * given (a decoder-only model passes {@code causal = true}).
     *
     * @return shape {@code [T, d]}
     */
    Tensor forward(Tensor x, Weights weights, Attention.Options options);
}
