package dev.llmf.grader.suites;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.LanguageModel.Config;
import dev.llmf.contract.LanguageModel.Positional;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.llmf.grader.suites.Check.WHOLE_MODEL;
import static dev.llmf.grader.suites.Check.looksLike;
import static dev.llmf.grader.suites.Check.same;
import static dev.llmf.grader.suites.Visibility.AFTER_DEADLINE;
import static dev.llmf.grader.suites.Visibility.NEVER;
import static dev.llmf.grader.suites.Visibility.VISIBLE;

/** Hidden tests for exercise 7 ({@link LanguageModel}): the forward pass for each positional kind, and generation. */
@DisplayName("Exercise 7 — capstone: mini-GPT")
public class MiniGptSuite {

    /**
     * Generation is compared step by step: a different pick is put down to rounding when, given the learner's own
     * tokens so far, the two candidates' logits are this close (greedy) …
     */
    private static final double GREEDY_TIE = 1e-3;

    /** … or u lies this close to a running sum of the reference's probabilities (sampling). */
    private static final double U_BOUNDARY = 1e-4;

    /** Token embedding spread for generation tests: flat enough that sampled tokens depend on every draw. */
    private static final double GENERATION_EMBEDDING_STD = 0.3;

    /** Changing a later token must leave earlier rows exactly as they were (up to float noise). */
    private static final Check.Tolerance CAUSALITY = new Check.Tolerance(1e-5, 1e-5);

    private static LanguageModel learner() {
        return Grading.learner(LanguageModel.class);
    }

    private static LanguageModel reference() {
        return Grading.reference(LanguageModel.class);
    }

    private static Config config(Positional kind) {
        return new Config(23, 8, 16, 2, 2, kind);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] forwardHints(LanguageModel.Weights w, int[] tokens) {
        Positional kind = w.config().positional();
        List<Check.Hint<Tensor>> hints = new ArrayList<>();
        java.util.function.BiConsumer<ModelVariants.Model, String> add = (mistake, cause) ->
                hints.add(looksLike(() -> ModelVariants.forward(w, tokens, mistake), cause));
        add.accept(ModelVariants.Model.NO_FINAL_NORM, "the final LayerNorm (finalGamma, finalBeta) is missing before the "
                + "tied projection");
        add.accept(ModelVariants.Model.SCALED_EMBEDDING, "the token vectors were multiplied by √d after the lookup (as "
                + "in the 2017 Transformer): this model uses the embedding rows as they are");
        if (w.config().layers() > 0) {
            add.accept(ModelVariants.Model.NOT_CAUSAL, "the blocks ran without the causal mask: every block runs with "
                    + "new Attention.Options(heads, true, rotary)");
            add.accept(ModelVariants.Model.FIRST_BLOCK_ONLY, "only the first block ran: run every block of "
                    + "weights.blocks(), in order, each on the previous one's output");
        }
        if (kind == Positional.ROPE) {
            add.accept(ModelVariants.Model.ROPE_PLUS_SINUSOIDAL, "a ROPE model adds no position vectors: the positions "
                    + "enter by rotating queries and keys inside attention");
            add.accept(ModelVariants.Model.ROPE_NOT_ROTARY, "a ROPE model must run its blocks with rotary = true");
        } else {
            add.accept(ModelVariants.Model.NO_POSITIONS, "no position information was added: LEARNED adds rows 0..T−1 of "
                    + "weights.positionTable(), SINUSOIDAL adds sinusoidal(T, d)");
            add.accept(ModelVariants.Model.OTHER_TABLE, "the wrong position table: LEARNED uses weights.positionTable(), "
                    + "SINUSOIDAL uses sinusoidal(T, d)");
            if (w.config().layers() > 0) {
                add.accept(ModelVariants.Model.ALWAYS_ROTARY, "rotary must be true only for ROPE models");
            }
        }
        if (kind == Positional.LEARNED) {
            add.accept(ModelVariants.Model.PROJECT_WITH_POSITIONS, "the logits have one column per position: "
                    + "project with the transposed TOKEN embedding, x · tokenEmbeddingᵀ, to get one column per "
                    + "vocabulary entry");
        }
        return hints.toArray(Check.Hint[]::new);
    }

    private static void checkForward(String what, LanguageModel.Weights w, int[] tokens, Tensor actual) {
        Check.close(what + " — logits [T, V] for tokens " + Arrays.toString(tokens), reference().forward(w, tokens),
                actual, WHOLE_MODEL, forwardHints(w, tokens));
    }

    // ---- forward ----

    @Test
    @DisplayName("without blocks the model is embedding, learned positions, final LayerNorm and the tied projection")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void zeroLayers() {
        SplittableRandom r = Grading.random("zeroLayers");
        LanguageModel.Weights w = Check.modelWeights(r, new Config(11, 6, 8, 2, 0, Positional.LEARNED));
        int[] tokens = {3, 1, 4, 1, 5};

        checkForward("a LEARNED model with 0 layers", w, tokens, learner().forward(w, tokens));
    }

    @Test
    @DisplayName("a two-block LEARNED model matches the reference")
    @Points(4)
    @Visibility.Shown(VISIBLE)
    void twoBlocksLearned() {
        SplittableRandom r = Grading.random("twoBlocksLearned");
        LanguageModel.Weights w = Check.modelWeights(r, config(Positional.LEARNED));
        int[] tokens = Check.randomIds(r, 6, 23);

        checkForward("a LEARNED model, 2 blocks, d = 16, 2 heads", w, tokens, learner().forward(w, tokens));
    }

    @Test
    @DisplayName("a two-block SINUSOIDAL model adds sinusoidal(T, d) and matches the reference")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void twoBlocksSinusoidal() {
        SplittableRandom r = Grading.random("twoBlocksSinusoidal");
        LanguageModel.Weights w = Check.modelWeights(r, config(Positional.SINUSOIDAL));
        int[] tokens = Check.randomIds(r, 7, 23);

        checkForward("a SINUSOIDAL model, 2 blocks", w, tokens, learner().forward(w, tokens));
    }

    @Test
    @DisplayName("a two-block ROPE model adds no positions, rotates inside attention, and matches the reference")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void twoBlocksRope() {
        SplittableRandom r = Grading.random("twoBlocksRope");
        LanguageModel.Weights w = Check.modelWeights(r, config(Positional.ROPE));
        int[] tokens = Check.randomIds(r, 8, 23);

        checkForward("a ROPE model, 2 blocks", w, tokens, learner().forward(w, tokens));
    }

    @Test
    @DisplayName("changing the last token never changes the logits of earlier positions (causality)")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void causality() {
        SplittableRandom r = Grading.random("causality");
        LanguageModel.Weights w = Check.modelWeights(r, config(Positional.LEARNED));
        int[] tokens = Check.randomIds(r, 6, 23);
        int[] changed = tokens.clone();
        changed[5] = (tokens[5] + 7) % 23;
        LanguageModel learner = learner();

        Tensor a = learner.forward(w, tokens);
        Tensor b = learner.forward(w, changed);

        Check.that(a != null && b != null && a.rank() == 2 && b.rank() == 2 && a.size(0) == 6 && b.size(0) == 6,
                "forward should return [T, V] logits for both sequences");
        Check.close("rows 0..4 of the logits after changing only token 5 (from " + tokens[5] + " to " + changed[5]
                        + "): earlier positions must not see later tokens", a.rows(0, 5).copy(), b.rows(0, 5).copy(),
                CAUSALITY, looksLike(() -> ModelVariants.forward(w, changed, ModelVariants.Model.NOT_CAUSAL).rows(0, 5)
                        .copy(), "the earlier rows moved as in a model without the causal mask: run every block "
                        + "with new Attention.Options(heads, true, rotary)"));
    }

    @Test
    @DisplayName("a single token and a sequence of exactly contextLength tokens both work, for every positional kind")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void oneTokenAndFullContext() {
        SplittableRandom r = Grading.random("oneTokenAndFullContext");
        LanguageModel learner = learner();
        for (Positional kind : Positional.values()) {
            LanguageModel.Weights w = Check.modelWeights(r, config(kind));
            int[] one = {r.nextInt(23)};
            checkForward("a " + kind + " model on one token", w, one, learner.forward(w, one));
            int[] full = Check.randomIds(r, 8, 23);
            checkForward("a " + kind + " model on contextLength = 8 tokens", w, full, learner.forward(w, full));
        }
    }

    @Test
    @DisplayName("forward and generate leave the weights, the tokens and the prompt they are given unchanged")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void inputsUnchanged() {
        LanguageModel.Weights w = Check.modelWeights(new SplittableRandom(8), config(Positional.LEARNED));
        int[] tokens = {4, 8, 15, 16, 0};
        LanguageModel learner = learner();
        Check.leavesInputsAlone("forward(weights, tokens)", () -> learner.forward(w, tokens), "weights", w,
                "tokens", tokens);
        int[] prompt = {1, 2, 3};
        Check.leavesInputsAlone("generate(weights, prompt, 6, greedy, 1)", () -> learner.generate(w, prompt, 6,
                Sampler.Config.greedyDecoding(), 1), "weights", w, "prompt", prompt);
    }

    @Test
    @DisplayName("models of random sizes, one of each positional kind, match the reference")
    @Points(3)
    @Visibility.Shown(AFTER_DEADLINE)
    void randomModels() {
        SplittableRandom r = Grading.random("randomModels");
        LanguageModel learner = learner();
        for (Positional kind : Positional.values()) {       // every kind, and at least 2 tokens: whatever the seed
            int heads = 1 + r.nextInt(3);
            int d = heads * 2 * (2 + r.nextInt(2));
            Config config = new Config(10 + r.nextInt(30), 5 + r.nextInt(6), d, heads, 1 + r.nextInt(3), kind);
            LanguageModel.Weights w = Check.modelWeights(r, config);
            int[] tokens = Check.randomIds(r, 2 + r.nextInt(config.contextLength() - 1), config.vocabSize());

            checkForward("a random model " + config, w, tokens, learner.forward(w, tokens));
        }
    }

    @Test
    @DisplayName("forward refuses an empty sequence, one longer than the context, and ids outside the vocabulary")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void forwardRejects() {
        LanguageModel.Weights w = Check.modelWeights(Grading.random("forwardRejects"), config(Positional.LEARNED));
        LanguageModel learner = learner();
        Check.rejects("forward of no tokens", () -> learner.forward(w, new int[0]));
        Check.rejects("forward of 9 tokens with contextLength 8", () -> learner.forward(w, new int[9]));
        Check.rejects("forward with the id 23 in a 23-token vocabulary", () -> learner.forward(w, new int[] {1, 23}));
        Check.rejects("forward with the id -1", () -> learner.forward(w, new int[] {-1, 2}));
    }

    // ---- generation ----

    @Test
    @DisplayName("greedy generation picks the argmax of the last row and slides past the context length")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void greedyGenerationSlides() {
        Sampler.Config greedy = Sampler.Config.greedyDecoding();
        // a fixed model first, on which these mistakes all change the tokens (checked), so they fail under every seed
        LanguageModel.Weights fixed = Check.modelWeights(new SplittableRandom(31), config(Positional.LEARNED),
                GENERATION_EMBEDDING_STD);
        int[] fixedPrompt = {5, 17, 2, 9, 11, 20};
        int[] fixedExpected = reference().generate(fixed, fixedPrompt, 7, greedy, 5);
        for (ModelVariants.Generation mistake : List.of(ModelVariants.Generation.FIRST_ROW,
                ModelVariants.Generation.WINDOW_FROM_START)) {
            Check.separates("greedy generation with " + mistake, fixedExpected,
                    () -> ModelVariants.generate(fixed, fixedPrompt, 7, greedy, 5, mistake));
        }
        for (ModelVariants.Model mistake : List.of(ModelVariants.Model.NOT_CAUSAL, ModelVariants.Model.NO_FINAL_NORM)) {
            Check.separates("greedy generation by a model with " + mistake, fixedExpected,
                    () -> ModelVariants.generate(fixed, fixedPrompt, 7, greedy, 5, mistake));
        }
        checkGeneration("greedy generation of 7 tokens after a fixed 6-token prompt (contextLength 8)", fixed,
                fixedPrompt, 7, greedy, 5, generateOrExplain(fixed, fixedPrompt, 7, greedy, 5));

        SplittableRandom r = Grading.random("greedyGeneration");
        LanguageModel.Weights w = Check.modelWeights(r, config(Positional.LEARNED), GENERATION_EMBEDDING_STD);
        int[] prompt = Check.randomIds(r, 6, 23);

        int[] actual = generateOrExplain(w, prompt, 7, greedy, 5);
        checkGeneration("greedy generation of 7 tokens after a 6-token prompt (contextLength 8)", w, prompt, 7,
                greedy, 5, actual);
    }

    @Test
    @DisplayName("sampling uses one new SplittableRandom(seed) per call and one draw per step: same seed, same tokens")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void seededSampling() {
        Sampler.Config topSix = new Sampler.Config(1.0, 6, 1);
        fixedSampledGeneration(Positional.SINUSOIDAL, topSix);

        SplittableRandom r = Grading.random("seededSampling");
        LanguageModel.Weights w = Check.modelWeights(r, config(Positional.SINUSOIDAL), GENERATION_EMBEDDING_STD);
        int[] prompt = Check.randomIds(r, 3, 23);
        Sampler.Config sampling = new Sampler.Config(1.0, 6, 1);
        long seed = Grading.seed();
        LanguageModel learner = learner();

        int[] first = generateOrExplain(learner, w, prompt, 8, sampling, seed);
        checkGeneration("sampled generation (T = 1, top-k = 6) of 8 tokens with seed " + seed, w, prompt, 8,
                sampling, seed, first);
        int[] second = learner.generate(w, prompt.clone(), 8, sampling, seed);
        Check.same("a second generate(...) with the same seed (it must repeat the first one exactly)", first, second,
                Check.<int[]>when(x -> true, "the result depends on something besides the seed: create "
                        + "new SplittableRandom(seed) inside generate, and use no other randomness"));
    }

    @Test
    @DisplayName("generate with 0 new tokens returns an empty array; an empty prompt or a negative count is refused")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void generateEdges() {
        LanguageModel.Weights w = Check.modelWeights(Grading.random("generateEdges"), config(Positional.LEARNED));
        LanguageModel learner = learner();
        Sampler.Config greedy = Sampler.Config.greedyDecoding();
        Check.same("generate(…, maxNewTokens = 0, …) (no new tokens; the prompt is not returned)", new int[0],
                learner.generate(w, new int[] {1, 2}, 0, greedy, 1));
        Check.rejects("generate with an empty prompt", () -> learner.generate(w, new int[0], 3, greedy, 1));
        Check.rejects("generate with maxNewTokens = -1", () -> learner.generate(w, new int[] {1}, -1, greedy, 1));
    }

    @Test
    @DisplayName("a ROPE model generates 12 tokens with temperature 0.8 and top-p 0.9 like the reference")
    @Points(1)
    @Visibility.Shown(NEVER)
    void ropeNucleusGeneration() {
        fixedSampledGeneration(Positional.ROPE, new Sampler.Config(0.8, 0, 0.9));

        SplittableRandom r = Grading.random("ropeNucleusGeneration");
        LanguageModel.Weights w = Check.modelWeights(r, new Config(19, 6, 12, 3, 2, Positional.ROPE),
                GENERATION_EMBEDDING_STD);
        int[] prompt = Check.randomIds(r, 3, 19);
        Sampler.Config sampling = new Sampler.Config(0.8, 0, 0.9);
        long seed = Grading.seed() + 1;

        checkGeneration("ROPE model, T = 0.8, top-p = 0.9, 12 tokens, contextLength 6", w, prompt, 12, sampling,
                seed, generateOrExplain(w, prompt, 12, sampling, seed));
    }

    // ---- generation helpers ----

    /**
     * Generation on fixed data, whatever the submission's seed: 12 tokens from a flat model with seed 42, on which
     * drawing the same u at every step and drawing with java.util.Random both give other tokens (checked), so
     * those mistakes fail the test under every seed.
     */
    private static void fixedSampledGeneration(Positional kind, Sampler.Config sampling) {
        LanguageModel.Weights w = Check.modelWeights(new SplittableRandom(2024), config(kind), GENERATION_EMBEDDING_STD);
        int[] prompt = {3, 14, 15};
        long seed = 42;
        int[] expected = reference().generate(w, prompt, 12, sampling, seed);
        for (ModelVariants.Generation mistake : List.of(ModelVariants.Generation.FRESH_RANDOM_EACH_STEP,
                ModelVariants.Generation.JAVA_UTIL_RANDOM)) {
            Check.separates("generation with " + mistake, expected,
                    () -> ModelVariants.generate(w, prompt, 12, sampling, seed, mistake));
        }
        checkGeneration("sampled generation of 12 tokens by a fixed " + kind + " model with seed 42 (T = "
                + sampling.temperature() + ", top-k = " + sampling.topK() + ", top-p = " + sampling.topP() + ")", w,
                prompt, 12, sampling, seed, generateOrExplain(w, prompt, 12, sampling, seed));
    }

    private static int[] generateOrExplain(LanguageModel.Weights w, int[] prompt, int count, Sampler.Config sampling,
                                           long seed) {
        return generateOrExplain(learner(), w, prompt, count, sampling, seed);
    }

    /** Runs the learner's generate; an IllegalArgumentException from it is explained (usually: no cropping). */
    private static int[] generateOrExplain(LanguageModel learner, LanguageModel.Weights w, int[] prompt, int count,
                                           Sampler.Config sampling, long seed) {
        try {
            return learner.generate(w, prompt.clone(), count, sampling, seed);
        } catch (IllegalArgumentException e) {
            Check.that(false, "generate(prompt of " + prompt.length + ", maxNewTokens = " + count + ") threw "
                    + "IllegalArgumentException: \"" + e.getMessage() + "\". Once prompt + generated tokens are more "
                    + "than contextLength = " + w.config().contextLength() + ", run forward on the LAST "
                    + "contextLength tokens only");
            return null;
        }
    }

    /**
     * Compares the learner's tokens with the reference's. Where they differ, each step is replayed with the
     * learner's own tokens so far: a pick the reference would make too (or one within rounding of it) is accepted.
     */
    private static void checkGeneration(String what, LanguageModel.Weights w, int[] prompt, int count,
                                        Sampler.Config sampling, long seed, int[] actual) {
        int[] expected = reference().generate(w, prompt, count, sampling, seed);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Check.Hint<int[]>[] hints = new Check.Hint[] {
            same(() -> concat(prompt, expected), "you returned the prompt together with the new tokens: return only "
                    + "the maxNewTokens new ids"),
            same(() -> ModelVariants.generate(w, prompt, count, sampling, seed,
                    ModelVariants.Generation.FRESH_RANDOM_EACH_STEP), "every step drew the same u: create "
                    + "new SplittableRandom(seed) ONCE per call, before the loop, and call nextDouble() once per step"),
            same(() -> ModelVariants.generate(w, prompt, count, sampling, seed, ModelVariants.Generation.FIRST_ROW),
                    "you sampled from the FIRST row of logits: the next token is predicted by the last row"),
            same(() -> ModelVariants.generate(w, prompt, count, sampling, seed, ModelVariants.Generation.WINDOW_FROM_START),
                    "the window was the first contextLength tokens: feed the LAST contextLength tokens"),
            same(() -> ModelVariants.generate(w, prompt, count, sampling, seed, ModelVariants.Generation.JAVA_UTIL_RANDOM),
                    "you drew u with java.util.Random: the contract's draws come from new SplittableRandom(seed), "
                            + "which gives other numbers for the same seed"),
        };
        if (actual == null || actual.length != count || Arrays.equals(expected, actual)) {
            Check.same(what, expected, actual, hints);
            return;
        }
        LanguageModel model = reference();
        Sampler sampler = Grading.reference(Sampler.class);
        int context = w.config().contextLength();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sequence = concat(prompt, actual);
        for (int step = 0; step < count; step++) {
            double u = rng.nextDouble();
            int end = prompt.length + step;
            int[] window = Arrays.copyOfRange(sequence, Math.max(0, end - context), end);
            float[] last = model.forward(w, window).row(window.length - 1).toArray();
            int pick = sampler.sample(last, sampling, u);
            if (pick != actual[step] && !withinRounding(sampler, last, sampling, u, pick, actual[step])) {
                Check.same(what + " (at step " + step + ", after your tokens so far, the last row of logits and "
                        + "u = " + u + " pick " + pick + ", not " + actual[step] + ")", expected, actual, hints);
            }
        }
    }

    private static boolean withinRounding(Sampler sampler, float[] logits, Sampler.Config sampling, double u,
                                          int pick, int actual) {
        if (actual < 0 || actual >= logits.length) {
            return false;
        }
        if (sampling.temperature() == 0) {
            return Math.abs(logits[pick] - logits[actual]) <= GREEDY_TIE;
        }
        float[] p = sampler.distribution(logits, sampling);
        if (p[actual] == 0) {
            return false;
        }
        double cumulative = 0;
        for (float v : p) {
            cumulative += v;
            if (Math.abs(cumulative - u) < U_BOUNDARY) {
                return true;
            }
        }
        return false;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
