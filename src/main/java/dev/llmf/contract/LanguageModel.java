package dev.llmf.contract;

import java.util.List;

/**
 * Exercise 7 (capstone) — a decoder-only mini-GPT built from the earlier exercises.
 *
 * <pre>
 *   x      = lookup(tokenEmbedding, tokens)                      [T, d]
 *   x      = addPositions(x, table)     LEARNED: weights.positionTable(); SINUSOIDAL: sinusoidal(T, d); ROPE: skip
 *   x      = block_l(x)  for l = 0 .. L-1                         causal, RoPE inside attention when ROPE
 *   logits = LayerNorm(x; finalGamma, finalBeta) · tokenEmbeddingᵀ    [T, V]  (the embedding is tied)
 * </pre>
 *
 * <p>No method writes into the weights, tokens or prompt it is given.
 */
public interface LanguageModel {

    /** How positions enter the model. */
    enum Positional { LEARNED, SINUSOIDAL, ROPE }

    /** The model's sizes. {@code dModel} must be divisible by {@code heads}. */
    record Config(int vocabSize, int contextLength, int dModel, int heads, int layers, Positional positional) {
        public Config {
            if (vocabSize < 1 || contextLength < 1 || dModel < 1 || heads < 1 || layers < 0) {
                throw new IllegalArgumentException("sizes must be positive: " + this);
            }
            if (dModel % heads != 0) {
                throw new IllegalArgumentException("dModel (" + dModel + ") must be divisible by heads (" + heads + ")");
            }
            if (positional == Positional.ROPE && (dModel / heads) % 2 != 0) {
                throw new IllegalArgumentException("RoPE needs an even head size but dModel/heads = " + dModel / heads);
            }
        }
    }

    /**
     * All weights: token embedding {@code [V, d]}; position table {@code [contextLength, d]} for LEARNED
     * ({@code null} otherwise); one {@link TransformerBlock.Weights} per layer; final LayerNorm {@code [d]}.
     */
    record Weights(Config config, Tensor tokenEmbedding, Tensor positionTable,
                   List<TransformerBlock.Weights> blocks, Tensor finalGamma, Tensor finalBeta) {
        public Weights {
            blocks = List.copyOf(blocks);
            tokenEmbedding.requireShape("tokenEmbedding", config.vocabSize(), config.dModel());
            if (config.positional() == Positional.LEARNED) {
                if (positionTable == null) {
                    throw new IllegalArgumentException("a LEARNED model needs a positionTable");
                }
                positionTable.requireShape("positionTable", config.contextLength(), config.dModel());
            }
            if (blocks.size() != config.layers()) {
                throw new IllegalArgumentException("config has " + config.layers() + " layers but "
                        + blocks.size() + " block weights were given");
            }
            finalGamma.requireShape("finalGamma", config.dModel());
            finalBeta.requireShape("finalBeta", config.dModel());
        }

        /** Seeded random (untrained) weights for {@code config}: the same seed always gives the same model. */
        public static Weights random(Config config, long seed) {
            RandomInit init = new RandomInit(seed);
            int d = config.dModel();
            Tensor tokens = init.normal(config.vocabSize(), d);
            Tensor positions = config.positional() == Positional.LEARNED
                    ? init.normal(config.contextLength(), d) : null;
            List<TransformerBlock.Weights> blocks = new java.util.ArrayList<>();
            for (int l = 0; l < config.layers(); l++) {
                blocks.add(TransformerBlock.Weights.random(d, init));
            }
            return new Weights(config, tokens, positions, blocks, RandomInit.ones(d), Tensor.zeros(d));
        }
    }

    /**
     * The logits for every position.
     *
     * @param tokens {@code 1 ≤ T ≤ contextLength} ids in {@code [0, V)}
     * @return shape {@code [T, V]}
     * @throws IllegalArgumentException if {@code tokens} is empty, too long, or holds an id outside the vocabulary
     */
    Tensor forward(Weights weights, int[] tokens);

    /**
     * Generates {@code maxNewTokens} tokens after {@code prompt} and returns just the new ones.
     *
     * <p>Each step runs {@link #forward} on the last {@code contextLength} tokens so far, takes the last row of
     * logits, and picks with {@link Sampler#sample} and {@code u = rng.nextDouble()}, where
     * {@code rng = new java.util.SplittableRandom(seed)} is created once per call (one draw per step, greedy
     * included). Same seed, same tokens.
     *
     * @throws IllegalArgumentException if {@code prompt} is empty or {@code maxNewTokens < 0}
     */
    int[] generate(Weights weights, int[] prompt, int maxNewTokens, Sampler.Config sampling, long seed);
}
