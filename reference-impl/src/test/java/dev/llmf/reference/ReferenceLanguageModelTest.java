package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.LanguageModel.Config;
import dev.llmf.contract.LanguageModel.Positional;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceLanguageModel")
class ReferenceLanguageModelTest {

    private final LanguageModel model = new ReferenceLanguageModel();
    private final Sampler sampler = new ReferenceSampler();

    private static LanguageModel.Weights weights(Positional positional, int contextLength, long seed) {
        return Fixtures.modelWeights(new SplittableRandom(seed), new Config(40, contextLength, 16, 4, 2, positional));
    }

    @Test
    @DisplayName("forward returns [T, V] logits and is deterministic: same weights and tokens, same bits")
    void forwardDeterministic() {
        for (Positional positional : Positional.values()) {
            LanguageModel.Weights w = weights(positional, 12, 1);
            int[] tokens = {3, 17, 0, 39, 5, 5, 22};
            Tensor a = model.forward(w, tokens);
            Tensor b = model.forward(w, tokens);
            assertShape(positional + " logits", a, 7, 40);
            assertArrayEquals(a.toArray(), b.toArray(), positional + ": two forward passes differ");
            for (float v : a.toArray()) {
                assertTrue(Float.isFinite(v), positional + ": non-finite logit " + v);
            }
        }
    }

    @Test
    @DisplayName("Weights.random with the same seed gives the same logits, another seed different ones")
    void randomWeightsSeeded() {
        Config config = new Config(50, 8, 16, 2, 2, Positional.LEARNED);
        int[] tokens = {1, 2, 3, 4};
        float[] a = model.forward(LanguageModel.Weights.random(config, 5), tokens).toArray();
        float[] b = model.forward(LanguageModel.Weights.random(config, 5), tokens).toArray();
        float[] c = model.forward(LanguageModel.Weights.random(config, 6), tokens).toArray();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "a different seed should give different logits");
    }

    @Test
    @DisplayName("logits at position t do not depend on tokens after t (causal model, all positional kinds)")
    void forwardIsCausal() {
        for (Positional positional : Positional.values()) {
            for (int seed = 0; seed < 5; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                LanguageModel.Weights w = weights(positional, 12, 100 + seed);
                int[] tokens = Fixtures.randomIds(random, 2 + random.nextInt(10), 40);
                int cut = 1 + random.nextInt(tokens.length - 1);
                int[] changed = tokens.clone();
                for (int i = cut; i < changed.length; i++) {
                    changed[i] = (changed[i] + 1 + random.nextInt(39)) % 40;
                }
                Tensor a = model.forward(w, tokens);
                Tensor b = model.forward(w, changed);
                assertClose(positional + " seed " + seed, Fixtures.toDouble(a.rows(0, cut).toArray()),
                        b.rows(0, cut).toArray(), 1e-5, 1e-5);
                // ... and a shorter prefix gives the same rows as the full sequence.
                Tensor prefix = model.forward(w, Arrays.copyOf(tokens, cut));
                assertClose(positional + " prefix seed " + seed, Fixtures.toDouble(prefix.toArray()),
                        a.rows(0, cut).toArray(), 1e-5, 1e-5);
            }
        }
    }

    @Test
    @DisplayName("generate is deterministic for a fixed seed and returns maxNewTokens ids in the vocabulary")
    void generateDeterministic() {
        LanguageModel.Weights w = weights(Positional.ROPE, 10, 3);
        Sampler.Config sampling = new Sampler.Config(1.0, 0, 0.95);
        int[] a = model.generate(w, new int[] {1, 2}, 15, sampling, 1234);
        int[] b = model.generate(w, new int[] {1, 2}, 15, sampling, 1234);
        assertArrayEquals(a, b);
        assertEquals(15, a.length);
        for (int id : a) {
            assertTrue(id >= 0 && id < 40, "id " + id);
        }
        assertEquals(0, model.generate(w, new int[] {1}, 0, sampling, 1).length);
    }

    @Test
    @DisplayName("different seeds give different samples at temperature 1 (some of 5 seeds differ)")
    void generateSeedMatters() {
        LanguageModel.Weights w = LanguageModel.Weights.random(new Config(60, 16, 8, 2, 1, Positional.LEARNED), 9);
        int[] first = model.generate(w, new int[] {0}, 12, Sampler.Config.withTemperature(1), 0);
        boolean differs = false;
        for (long seed = 1; seed <= 5; seed++) {
            differs |= !Arrays.equals(first,
                    model.generate(w, new int[] {0}, 12, Sampler.Config.withTemperature(1), seed));
        }
        assertTrue(differs, "an untrained model sampled at T=1 should not give the same 12 tokens for 6 seeds");
    }

    @Test
    @DisplayName("generate follows the contract loop: last contextLength tokens, last logits row, u = rng.nextDouble()")
    void generateFollowsContractLoop() {
        for (Positional positional : Positional.values()) {
            LanguageModel.Weights w = weights(positional, 5, 21);
            int[] prompt = {4, 8, 15, 16, 23, 2, 7};                   // longer than the context of 5
            for (Sampler.Config sampling : new Sampler.Config[] {Sampler.Config.greedyDecoding(),
                new Sampler.Config(0.8, 10, 0.9)}) {
                long seed = 99;
                int[] expected = new int[9];
                int[] sequence = prompt.clone();
                SplittableRandom rng = new SplittableRandom(seed);
                for (int step = 0; step < expected.length; step++) {
                    int[] window = Arrays.copyOfRange(sequence, Math.max(0, sequence.length - 5), sequence.length);
                    Tensor logits = model.forward(w, window);
                    float[] last = logits.row(window.length - 1).toArray();
                    int next = sampler.sample(last, sampling, rng.nextDouble());
                    if (sampling.temperature() == 0) {
                        assertEquals(argmax(last), next, "greedy must pick the largest logit");
                    }
                    expected[step] = next;
                    sequence = Arrays.copyOf(sequence, sequence.length + 1);
                    sequence[sequence.length - 1] = next;
                }
                assertArrayEquals(expected, model.generate(w, prompt, expected.length, sampling, seed),
                        positional + " " + sampling);
            }
        }
    }

    @Test
    @DisplayName("generate, decoding with its key/value cache, gives the contract loop's tokens, also after the window "
            + "starts to slide (all positional kinds, greedy and sampled)")
    void generateWithCacheFollowsContractLoop() {
        for (Positional positional : Positional.values()) {
            LanguageModel.Weights w = Fixtures.modelWeights(new SplittableRandom(positional.ordinal() + 40),
                    new Config(37, 40, 24, 3, 2, positional));
            for (Sampler.Config sampling : new Sampler.Config[] {Sampler.Config.greedyDecoding(),
                new Sampler.Config(1.0, 0, 1), new Sampler.Config(0.7, 8, 0.9)}) {
                for (int[] prompt : new int[][] {{7}, {3, 1, 4, 1, 5, 9, 2, 6}}) {
                    int count = 45 - prompt.length;         // the cache fills, then the window moves
                    long seed = 17;
                    assertArrayEquals(contractLoop(w, prompt, count, sampling, seed),
                            model.generate(w, prompt, count, sampling, seed),
                            positional + " " + sampling + " prompt of " + prompt.length);
                }
            }
        }
    }

    /** The contract's generation loop, written out: forward on the last contextLength tokens at every step. */
    private int[] contractLoop(LanguageModel.Weights w, int[] prompt, int count, Sampler.Config sampling, long seed) {
        int context = w.config().contextLength();
        int[] sequence = Arrays.copyOf(prompt, prompt.length + count);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int end = prompt.length; end < sequence.length; end++) {
            int[] window = Arrays.copyOfRange(sequence, Math.max(0, end - context), end);
            float[] last = model.forward(w, window).row(window.length - 1).toArray();
            sequence[end] = sampler.sample(last, sampling, rng.nextDouble());
        }
        return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }

    @Test
    @DisplayName("forward rejects empty, too long and out-of-vocabulary token lists")
    void forwardErrors() {
        LanguageModel.Weights w = weights(Positional.LEARNED, 4, 2);
        assertThrows(IllegalArgumentException.class, () -> model.forward(w, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> model.forward(w, new int[] {1, 2, 3, 4, 5}));
        assertThrows(IllegalArgumentException.class, () -> model.forward(w, new int[] {1, 40}));
        assertThrows(IllegalArgumentException.class, () -> model.forward(w, new int[] {-1}));
    }

    @Test
    @DisplayName("generate rejects an empty prompt and a negative maxNewTokens")
    void generateErrors() {
        LanguageModel.Weights w = weights(Positional.SINUSOIDAL, 4, 2);
        Sampler.Config s = Sampler.Config.greedyDecoding();
        assertThrows(IllegalArgumentException.class, () -> model.generate(w, new int[0], 3, s, 1));
        assertThrows(IllegalArgumentException.class, () -> model.generate(w, new int[] {1}, -1, s, 1));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
