package dev.llmf.grader.web.figures;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.suites.Check;
import dev.llmf.grader.suites.SuiteInputs;
import dev.llmf.reference.ReferenceTransformerBlock;
import io.quarkus.qute.TemplateInstance;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The transformer block, stage by stage: how far the learner's LayerNorm 1, attention, first residual, LayerNorm 2,
 * feed-forward and output are from the reference's on one fixed input. The contract exposes {@code layerNorm},
 * {@code feedForward} and {@code forward}; the attention half is observed as {@code forward} with a zero
 * feed-forward ({@code w2 = 0}, so the block returns {@code h = x + attention}). LayerNorm 2 and the feed-forward
 * are given the reference's input, so each bar shows what that stage adds.
 */
final class BlockFigure extends LearnerFigure<BlockFigure.Stages, LayersView> {

    static final int TOKENS = 5;
    static final int D_MODEL = 16;
    static final long SEED = 11;
    static final Attention.Options OPTIONS = new Attention.Options(2, true, false);
    static final Check.Tolerance TOLERANCE = Check.COMPOSED;

    private static final SplittableRandom RANDOM = new SplittableRandom(SEED);
    static final Tensor X = SuiteInputs.random(RANDOM, 1.5, TOKENS, D_MODEL);
    static final TransformerBlock.Weights WEIGHTS = SuiteInputs.blockWeights(RANDOM, D_MODEL);
    /** The same block with a feed-forward that adds 0: its output is the first residual, {@code h}. */
    static final TransformerBlock.Weights ATTENTION_ONLY = new TransformerBlock.Weights(WEIGHTS.ln1Gamma(),
            WEIGHTS.ln1Beta(), WEIGHTS.attention(), WEIGHTS.ln2Gamma(), WEIGHTS.ln2Beta(), WEIGHTS.w1(),
            Tensor.zeros(4 * D_MODEL, D_MODEL));
    private static final String DESCRIPTION = "A causal block with 2 heads on " + TOKENS + " random tokens of width "
            + D_MODEL + ". LayerNorm 2 and the feed-forward get the reference's input, the other stages yours.";

    /** What the learner's block returned at each observable point. */
    public record Stages(Tensor layerNorm1, Tensor residual1, Tensor layerNorm2, Tensor feedForward, Tensor output) {
    }

    private static final Stages REFERENCE = stages(new ReferenceTransformerBlock(), new LearnerCalls(), true);

    BlockFigure() {
        super(Exercise.TRANSFORMER_BLOCK, "Your block, stage by stage");
    }

    @Override
    Stages runLearner(LearnerCalls calls) {
        return stages(calls.implementation(TransformerBlock.class), calls, false);
    }

    @Override
    LayersView compare(Stages mine) {
        if (mine.residual1() == null) {
            throw new Unusable("your forward returned null");
        }
        List<LogBarChart.Stage> stages = List.of(
                stage("LayerNorm 1", "layerNorm(x; ln1)", REFERENCE.layerNorm1(), mine.layerNorm1()),
                stage("attention", "forward with w2 = 0, minus x: attention(LayerNorm 1(x))", minus(REFERENCE.residual1(), X),
                        minus(mine.residual1(), X)),
                stage("residual 1 (h)", "forward with w2 = 0: x + attention", REFERENCE.residual1(), mine.residual1()),
                stage("LayerNorm 2", "layerNorm(h; ln2) of the reference's h", REFERENCE.layerNorm2(), mine.layerNorm2()),
                stage("feed-forward", "feedForward of the reference's LayerNorm 2", REFERENCE.feedForward(),
                        mine.feedForward()),
                stage("output", "forward(x): h + feed-forward", REFERENCE.output(), mine.output()));
        String sentence = LayersView.describe(stages, TOLERANCE);
        boolean matches = stages.stream().allMatch(s -> s.difference().accepted());
        return new LayersView(DESCRIPTION, LogBarChart.of("block-stages", "Difference from the reference per stage",
                stages, TOLERANCE), null, matches ? Verdict.matches(sentence) : Verdict.differs(sentence));
    }

    @Override
    LayersView failed(String why) {
        return new LayersView(DESCRIPTION, null, null, Verdict.failed(why));
    }

    @Override
    TemplateInstance render(LayersView view) {
        return FigureTemplates.layers(view);
    }

    private static LogBarChart.Stage stage(String name, String detail, Tensor reference, Tensor learner) {
        return new LogBarChart.Stage(name, detail, Difference.of(name, reference, learner, TOLERANCE));
    }

    /**
     * Runs {@code block} on the fixed input, LayerNorm 2 and the feed-forward on its own earlier results
     * ({@code ownInputs}, for the reference) or on the reference's (for a learner).
     */
    private static Stages stages(TransformerBlock block, LearnerCalls calls, boolean ownInputs) {
        Tensor ln1 = calls.call("layerNorm", () -> block.layerNorm(X, WEIGHTS.ln1Gamma(), WEIGHTS.ln1Beta()));
        Tensor h = calls.call("forward", () -> block.forward(X, ATTENTION_ONLY, OPTIONS));
        Tensor hIn = ownInputs ? h : REFERENCE.residual1();
        Tensor ln2 = calls.call("layerNorm", () -> block.layerNorm(hIn, WEIGHTS.ln2Gamma(), WEIGHTS.ln2Beta()));
        Tensor ffIn = ownInputs ? ln2 : REFERENCE.layerNorm2();
        Tensor ff = calls.call("feedForward", () -> block.feedForward(ffIn, WEIGHTS.w1(), WEIGHTS.w2()));
        Tensor out = calls.call("forward", () -> block.forward(X, WEIGHTS, OPTIONS));
        return new Stages(ln1, h, ln2, ff, out);
    }

    /** {@code a − b}, element-wise; {@code a} as the learner gave it may have any shape, which is checked later. */
    private static Tensor minus(Tensor a, Tensor b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        if (x.length != y.length) {
            return a;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] -= y[i];
        }
        return Tensor.of(x, a.shape());
    }
}
