package dev.llmf.grader.web.figures;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.Tokenizer;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.suites.Check;
import dev.llmf.reference.ReferenceLanguageModel;
import dev.llmf.reference.training.ShippedMiniGpt;
import dev.llmf.reference.training.WeightsFile;
import io.quarkus.qute.TemplateInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The capstone: the logits of the learner's model and the reference's on a fixed prompt, layer by layer, and the
 * text each generates from it with a fixed seed. The contract shows no hidden states, so "after block l" is the
 * logits of the same model cut after its first l blocks (final LayerNorm and tied projection included); a mistake
 * in a block shows from its layer on. The model and tokenizer are the
 * shipped, trained ones ({@link ShippedMiniGpt}).
 */
final class MiniGptFigure extends LearnerFigure<MiniGptFigure.Learned, LayersView> {

    static final long SEED = ShippedMiniGpt.SEED;
    static final String PROMPT = ShippedMiniGpt.PROMPT;
    static final int NEW_TOKENS = 20;
    static final Sampler.Config SAMPLING = ShippedMiniGpt.SAMPLING;
    static final Check.Tolerance TOLERANCE = Check.WHOLE_MODEL;

    private static final WeightsFile.Model SHIPPED = ShippedMiniGpt.load();
    private static final Tokenizer TOKENIZER = SHIPPED.tokenizer();
    static final LanguageModel.Weights WEIGHTS = SHIPPED.weights();
    static final LanguageModel.Config CONFIG = WEIGHTS.config();
    static final int[] PROMPT_IDS = TOKENIZER.encode(PROMPT);
    private static final String DESCRIPTION = "The course's trained mini-GPT (" + CONFIG.layers() + " blocks, width "
            + CONFIG.dModel() + ", " + CONFIG.heads() + " heads, learned positions, " + CONFIG.vocabSize()
            + " tokens; trained by the reference on the licence texts every Debian system has) on the prompt “"
            + PROMPT + "” (" + PROMPT_IDS.length + " tokens). “After block l” is the logits of the model cut after"
            + " its first l blocks.";

    /** The logits after 0, 1, … blocks, and the generated tokens. */
    public record Learned(List<Tensor> logits, int[] generated) {
    }

    private static final Learned REFERENCE = run(new ReferenceLanguageModel(), new LearnerCalls());

    MiniGptFigure() {
        super(Exercise.MINI_GPT, "Your mini-GPT, layer by layer");
    }

    @Override
    Learned runLearner(LearnerCalls calls) {
        return run(calls.implementation(LanguageModel.class), calls);
    }

    @Override
    LayersView compare(Learned mine) {
        List<LogBarChart.Stage> stages = new ArrayList<>();
        for (int l = 0; l <= CONFIG.layers(); l++) {
            String name = l == 0 ? "embeddings only" : "after block " + l;
            stages.add(new LogBarChart.Stage(name, "logits [" + PROMPT_IDS.length + ", " + CONFIG.vocabSize()
                    + "] of the model cut after " + l + " blocks",
                    Difference.of("logits " + name, REFERENCE.logits().get(l), mine.logits().get(l), TOLERANCE)));
        }
        int[] generated = mine.generated();
        if (generated == null || generated.length != NEW_TOKENS) {
            throw new Unusable("your generate returned " + (generated == null ? "null" : generated.length + " tokens")
                    + "; " + NEW_TOKENS + " new tokens were asked for");
        }
        for (int id : generated) {
            if (id < 0 || id >= CONFIG.vocabSize()) {
                throw new Unusable("your generate returned token " + id + ", outside the vocabulary [0, "
                        + CONFIG.vocabSize() + ")");
            }
        }
        int from = Arrays.mismatch(REFERENCE.generated(), generated);
        String text = LayersView.describe(stages, TOLERANCE) + (from < 0
                ? " Your generated tokens are the reference's."
                : " Your generated text differs from token " + (from + 1) + " on (red outline).");
        boolean matches = from < 0 && stages.stream().allMatch(s -> s.difference().accepted());
        return new LayersView(DESCRIPTION, LogBarChart.of("mini-gpt-layers", "Difference of the logits from the"
                + " reference's after each block", stages, TOLERANCE),
                generation(TokenChip.of(generated, TOKENIZER::tokenBytes, from)),
                matches ? Verdict.matches(text) : Verdict.differs(text));
    }

    @Override
    LayersView failed(String why) {
        return new LayersView(DESCRIPTION, null, generation(List.of()), Verdict.failed(why));
    }

    @Override
    TemplateInstance render(LayersView view) {
        return FigureTemplates.layers(view);
    }

    private static LayersView.Generation generation(List<TokenChip> learner) {
        return new LayersView.Generation(PROMPT, NEW_TOKENS + " new tokens, temperature " + SAMPLING.temperature()
                + ", top-k " + SAMPLING.topK() + ", seed " + SEED,
                TokenChip.of(REFERENCE.generated(), TOKENIZER::tokenBytes, -1), learner);
    }

    /** Runs {@code model} on the prompt; {@code calls} names each call for failures. */
    private static Learned run(LanguageModel model, LearnerCalls calls) {
        List<Tensor> logits = new ArrayList<>();
        for (int l = 0; l <= CONFIG.layers(); l++) {
            LanguageModel.Weights cut = firstBlocks(l);
            logits.add(calls.call("forward", () -> model.forward(cut, PROMPT_IDS)));
        }
        int[] generated = calls.call("generate", () -> model.generate(WEIGHTS, PROMPT_IDS, NEW_TOKENS, SAMPLING, SEED));
        return new Learned(logits, generated);
    }

    /** The model with only its first {@code layers} blocks. */
    private static LanguageModel.Weights firstBlocks(int layers) {
        LanguageModel.Config c = new LanguageModel.Config(CONFIG.vocabSize(), CONFIG.contextLength(), CONFIG.dModel(),
                CONFIG.heads(), layers, CONFIG.positional());
        return new LanguageModel.Weights(c, WEIGHTS.tokenEmbedding(), WEIGHTS.positionTable(),
                WEIGHTS.blocks().subList(0, layers), WEIGHTS.finalGamma(), WEIGHTS.finalBeta());
    }
}
