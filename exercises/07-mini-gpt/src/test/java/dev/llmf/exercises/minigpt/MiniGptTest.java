package dev.llmf.exercises.minigpt;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.LanguageModel.Positional;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.exercises.support.Naive;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.RandomTensors;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.llmf.exercises.support.Approx.assertTensorClose;
import static dev.llmf.exercises.support.Approx.isClose;
import static dev.llmf.exercises.support.Naive.block;
import static dev.llmf.exercises.support.Naive.doubles;
import static dev.llmf.exercises.support.Naive.layerNorm;
import static dev.llmf.exercises.support.Naive.rows;
import static dev.llmf.exercises.support.Naive.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public tests for exercise 7. Whole-model logits are compared with a model written out here with the plain
 * double-precision loops of {@link Naive}, to a looser tolerance of {@value #MODEL_TOLERANCE}: many float
 * operations add up.
 */
@ExtendWith(NotYetImplemented.class)
class MiniGptTest {

    /** Tolerance for whole-model logits. */
    static final double MODEL_TOLERANCE = 1e-3;

    private static final int VOCAB = 16;
    private static final int CONTEXT = 8;
    private static final int[] TOKENS = {3, 1, 4, 1, 5, 9};

    private static LanguageModel subject() {
        return Subject.of(LanguageModel.class, MiniGpt::new);
    }

    private static LanguageModel.Config config(int layers, Positional positional) {
        return new LanguageModel.Config(VOCAB, CONTEXT, 8, 2, layers, positional);
    }

    @Test
    @DisplayName("forward returns one row of logits per token: shape [T, V]")
    void forwardShape() {
        LanguageModel.Weights weights = LanguageModel.Weights.random(config(2, Positional.LEARNED), 7);

        Tensor logits = subject().forward(weights, TOKENS);

        assertArrayEquals(new int[] {TOKENS.length, VOCAB}, logits.shape(),
                "forward of " + TOKENS.length + " tokens with a vocabulary of " + VOCAB + " must have shape [T, V]: "
                        + "one score per vocabulary entry for every position (logits = LN(x)·tokenEmbeddingᵀ)");
    }

    @Test
    @DisplayName("Learned, sinusoidal and rotary models all run and give finite logits")
    void everyPositionalKindRuns() {
        for (Positional positional : Positional.values()) {
            LanguageModel.Weights weights = LanguageModel.Weights.random(config(2, positional), 11);

            Tensor logits = subject().forward(weights, TOKENS);

            assertArrayEquals(new int[] {TOKENS.length, VOCAB}, logits.shape(),
                    positional + " model: logits must have shape [T, V]");
            for (float value : logits.toArray()) {
                assertTrue(Float.isFinite(value), positional + " model: logits must be finite but one is " + value
                        + (positional == Positional.LEARNED ? "" : " (a " + positional + " model has no "
                        + "positionTable: weights.positionTable() is null there)"));
            }
        }
    }

    @Test
    @DisplayName("Without blocks the model is: embedding, positions, final LayerNorm, tied output projection")
    void zeroLayerPipeline() {
        for (Positional positional : Positional.values()) {
            LanguageModel.Weights weights = scaledWeights(config(0, positional), 21);
            Tensor expected = expectedLogits(weights, TOKENS, true, true, true);

            Tensor logits = subject().forward(weights, TOKENS);

            String hint = positional + " model with 0 layers: logits = LN(x; finalGamma, finalBeta) · tokenEmbeddingᵀ";
            if (close(expectedLogits(weights, TOKENS, false, true, true), logits) && positional != Positional.ROPE) {
                hint += " (yours has no positions: " + (positional == Positional.LEARNED
                        ? "add positionTable row t to token t" : "add sinusoidal(T, d) to the token vectors") + ")";
            } else if (close(expectedLogits(weights, TOKENS, true, true, false), logits)) {
                hint += " (yours skips the final LayerNorm before the output projection)";
            } else if (positional == Positional.ROPE) {
                hint += " (a ROPE model adds no position vectors: positions enter only inside attention)";
            }
            assertTensorClose(hint, expected, logits, MODEL_TOLERANCE);
        }
    }

    @Test
    @DisplayName("With two blocks, the logits match a model written out step by step, for every positional kind")
    void fullModelFromFirstPrinciples() {
        for (Positional positional : Positional.values()) {
            LanguageModel.Weights weights = scaledWeights(config(2, positional), 31);
            Tensor expected = expectedLogits(weights, TOKENS, true, true, true);

            Tensor logits = subject().forward(weights, TOKENS);

            String hint = positional + " model with 2 blocks (run the blocks in list order with "
                    + "Options(heads, causal = true, rotary = positional == ROPE); if the 0-layer test fails too, "
                    + "fix that one first)";
            if (close(expectedLogits(weights, TOKENS, true, false, true), logits)) {
                hint = positional + " model with 2 blocks (yours matches a model WITHOUT the causal mask: a "
                        + "language model must run its blocks with causal = true)";
            } else if (positional == Positional.ROPE && close(noRope(weights), logits)) {
                hint = "ROPE model with 2 blocks (yours matches rotary = false: pass rotary = true to the blocks)";
            }
            assertTensorClose(hint, expected, logits, MODEL_TOLERANCE);
        }
    }

    @Test
    @DisplayName("Changing a later token never changes the logits of earlier positions (causality)")
    void laterTokensDoNotChangeEarlierLogits() {
        int[] changed = TOKENS.clone();
        changed[4] = 12;
        for (Positional positional : Positional.values()) {
            LanguageModel.Weights weights = scaledWeights(config(2, positional), 41);

            Tensor original = subject().forward(weights, TOKENS);
            Tensor edited = subject().forward(weights, changed);

            for (int t = 0; t < 4; t++) {
                assertTensorClose(positional + " model: logits row " + t + " changed when only token 4 changed — "
                        + "position " + t + " may not see later tokens; run every block with causal = true",
                        original.row(t), edited.row(t), 1e-5);
            }
            double difference = 0;
            for (int v = 0; v < VOCAB; v++) {
                difference = Math.max(difference, Math.abs(original.get(4, v) - edited.get(4, v)));
            }
            assertTrue(difference > 1e-3, positional + " model: row 4 of the logits did not change when token 4 "
                    + "changed (largest difference " + difference + "): does forward look up the given tokens?");
        }
    }

    @Test
    @DisplayName("Generation with the same seed returns the same maxNewTokens ids, all inside the vocabulary")
    void generationIsReproducible() {
        LanguageModel.Weights weights = LanguageModel.Weights.random(config(2, Positional.LEARNED), 51);
        Sampler.Config sampling = Sampler.Config.withTemperature(1.0);

        int[] first = subject().generate(weights, new int[] {1, 2}, 5, sampling, 2024);
        int[] second = subject().generate(weights, new int[] {1, 2}, 5, sampling, 2024);

        assertEquals(5, first.length, "generate must return exactly maxNewTokens = 5 new ids (not the prompt "
                + "too) but returned " + Arrays.toString(first));
        for (int id : first) {
            assertTrue(id >= 0 && id < VOCAB, "generated id " + id + " is outside the vocabulary [0, " + VOCAB + ")");
        }
        assertArrayEquals(first, second, "two calls with the same seed gave different tokens: create "
                + "new SplittableRandom(seed) inside generate, once per call, and draw u = rng.nextDouble() per step");
        assertEquals(0, subject().generate(weights, new int[] {1, 2}, 0, sampling, 2024).length,
                "maxNewTokens = 0 must return an empty array");
    }

    @Test
    @DisplayName("Greedy generation picks the argmax of the last logits row, sliding past the context length")
    void greedyGenerationFollowsForward() {
        LanguageModel.Weights weights = scaledWeights(config(2, Positional.ROPE), 61);
        int[] prompt = {2, 7, 1};

        int[] generated = subject().generate(weights, prompt, 7, Sampler.Config.greedyDecoding(), 99);

        assertEquals(7, generated.length, "generate must return maxNewTokens = 7 new ids");
        int[] sequence = Arrays.copyOf(prompt, prompt.length + generated.length);
        for (int step = 0; step < generated.length; step++) {
            int end = prompt.length + step;
            int[] window = Arrays.copyOfRange(sequence, Math.max(0, end - CONTEXT), end);
            Tensor logits = subject().forward(weights, window);
            int expected = argmax(logits.row(logits.size(0) - 1));
            assertEquals(expected, generated[step], "greedy step " + step + ": expected the index of the largest "
                    + "logit in the LAST row of forward(" + Arrays.toString(window) + ")"
                    + (end > CONTEXT ? " — the window keeps only the last contextLength = " + CONTEXT + " tokens" : "")
                    + (step == 0 ? "" : "; feed each new token back in before the next step"));
            sequence[end] = generated[step];
        }
    }

    @Test
    @DisplayName("Sampling draws u = rng.nextDouble() once per step from new SplittableRandom(seed)")
    void samplingUsesOneDrawPerStep() {
        LanguageModel.Weights weights = scaledWeights(config(2, Positional.SINUSOIDAL), 71);
        int[] prompt = {5};
        long seed = 314;

        int[] generated = subject().generate(weights, prompt, 4, Sampler.Config.withTemperature(1.0), seed);

        assertEquals(4, generated.length, "generate must return maxNewTokens = 4 new ids");
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sequence = Arrays.copyOf(prompt, prompt.length + generated.length);
        for (int step = 0; step < generated.length; step++) {
            int end = prompt.length + step;
            Tensor logits = subject().forward(weights, Arrays.copyOfRange(sequence, 0, end));
            int expected = sample(logits.row(end - 1), rng.nextDouble());
            assertEquals(expected, generated[step], "sampled step " + step + ": with u = draw number " + (step + 1)
                    + " of rng = new SplittableRandom(" + seed + "), walking softmax(last row) in id order gives "
                    + expected + " (one rng.nextDouble() per step, the same rng for the whole call)");
            sequence[end] = generated[step];
        }
    }

    @Test
    @DisplayName("forward rejects an empty sequence, a sequence longer than the context, and unknown ids")
    void forwardRejectsBadTokens() {
        LanguageModel.Weights weights = LanguageModel.Weights.random(config(1, Positional.LEARNED), 81);

        assertThrows(IllegalArgumentException.class, () -> subject().forward(weights, new int[0]),
                "an empty token array has no logits: throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> subject().forward(weights, new int[CONTEXT + 1]),
                "9 tokens do not fit a context of " + CONTEXT + ": throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> subject().forward(weights, new int[] {1, VOCAB}),
                "id " + VOCAB + " is outside the vocabulary [0, " + VOCAB + "): throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> subject().forward(weights, new int[] {-1}),
                "id -1 is outside the vocabulary: throw IllegalArgumentException");
    }

    @Test
    @DisplayName("generate rejects an empty prompt and a negative number of new tokens")
    void generateRejectsBadArguments() {
        LanguageModel.Weights weights = LanguageModel.Weights.random(config(1, Positional.LEARNED), 91);
        Sampler.Config greedy = Sampler.Config.greedyDecoding();

        assertThrows(IllegalArgumentException.class, () -> subject().generate(weights, new int[0], 3, greedy, 1),
                "generation needs at least one prompt token: throw IllegalArgumentException for an empty prompt");
        assertThrows(IllegalArgumentException.class, () -> subject().generate(weights, new int[] {1}, -1, greedy, 1),
                "maxNewTokens = -1: throw IllegalArgumentException");
    }

    // ---- sampling and argmax, written out ----

    /** Lowest index of the largest value. */
    private static int argmax(Tensor row) {
        int best = 0;
        for (int v = 1; v < row.size(0); v++) {
            if (row.get(v) > row.get(best)) {
                best = v;
            }
        }
        return best;
    }

    /** softmax(row) in double, then the first id whose running sum exceeds u. */
    private static int sample(Tensor row, double u) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < row.size(0); v++) {
            max = Math.max(max, row.get(v));
        }
        double total = 0;
        for (int v = 0; v < row.size(0); v++) {
            total += Math.exp(row.get(v) - max);
        }
        double running = 0;
        for (int v = 0; v < row.size(0); v++) {
            running += Math.exp(row.get(v) - max) / total;
            if (running > u) {
                return v;
            }
        }
        return row.size(0) - 1;
    }

    // ---- a model with larger weights than Weights.random, so every part visibly matters ----

    private static LanguageModel.Weights scaledWeights(LanguageModel.Config config, long seed) {
        int d = config.dModel();
        Tensor tokens = RandomTensors.uniform(seed, config.vocabSize(), d);
        Tensor positions = config.positional() == Positional.LEARNED
                ? RandomTensors.uniform(seed + 1, config.contextLength(), d) : null;
        List<TransformerBlock.Weights> blocks = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            long s = seed + 100L * (l + 1);
            Attention.Weights attention = RandomTensors.attentionWeights(s, 0.6f, d);
            blocks.add(new TransformerBlock.Weights(RandomTensors.nearOne(s + 4, 0.3f, d),
                    RandomTensors.uniform(s + 5, 0.3f, d), attention, RandomTensors.nearOne(s + 6, 0.3f, d),
                    RandomTensors.uniform(s + 7, 0.3f, d),
                    RandomTensors.uniform(s + 8, 0.5f, d, 4 * d), RandomTensors.uniform(s + 9, 0.3f, 4 * d, d)));
        }
        return new LanguageModel.Weights(config, tokens, positions, blocks, RandomTensors.nearOne(seed + 2, 0.3f, d),
                RandomTensors.uniform(seed + 3, 0.3f, d));
    }

    // ---- the whole model, with plain loops in double precision ----

    /** A ROPE model's logits as they would be with rotary = false (and no positions at all): names a mistake. */
    private static Tensor noRope(LanguageModel.Weights w) {
        LanguageModel.Config c = w.config();
        LanguageModel.Config sameSizes = new LanguageModel.Config(c.vocabSize(), c.contextLength(), c.dModel(),
                c.heads(), c.layers(), Positional.SINUSOIDAL);
        LanguageModel.Weights plain = new LanguageModel.Weights(sameSizes, w.tokenEmbedding(), null, w.blocks(),
                w.finalGamma(), w.finalBeta());
        return expectedLogits(plain, TOKENS, false, true, true);
    }

    /**
     * embed → positions (if {@code positions}) → blocks ({@code causal}; rotary for ROPE) → final LayerNorm (if
     * {@code finalNorm}) → · tokenEmbeddingᵀ.
     */
    private static Tensor expectedLogits(LanguageModel.Weights w, int[] tokens, boolean positions, boolean causal,
                                         boolean finalNorm) {
        LanguageModel.Config c = w.config();
        int t = tokens.length;
        int d = c.dModel();
        double[][] embedding = rows(w.tokenEmbedding());
        double[][] x = new double[t][];
        for (int i = 0; i < t; i++) {
            x[i] = embedding[tokens[i]].clone();
            for (int j = 0; j < d && positions; j++) {
                if (c.positional() == Positional.LEARNED) {
                    x[i][j] += w.positionTable().get(i, j);
                } else if (c.positional() == Positional.SINUSOIDAL) {
                    double angle = i / Math.pow(Embeddings.BASE, (j - j % 2) / (double) d);
                    x[i][j] += (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
                }
            }
        }
        Attention.Options options = new Attention.Options(c.heads(), causal, c.positional() == Positional.ROPE);
        for (TransformerBlock.Weights b : w.blocks()) {
            x = block(x, b, options);
        }
        double[][] normed = finalNorm ? layerNorm(x, doubles(w.finalGamma()), doubles(w.finalBeta())) : x;
        double[][] logits = new double[t][c.vocabSize()];
        for (int i = 0; i < t; i++) {
            for (int v = 0; v < c.vocabSize(); v++) {
                for (int j = 0; j < d; j++) {
                    logits[i][v] += normed[i][j] * embedding[v][j];
                }
            }
        }
        return tensor(logits);
    }

    private static boolean close(Tensor expected, Tensor actual) {
        return isClose(expected, actual, MODEL_TOLERANCE);
    }
}
