package dev.llmf.grader.web.figures;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.suites.Check;
import dev.llmf.reference.ReferenceAttention;
import dev.llmf.reference.ReferenceEmbeddings;
import io.quarkus.qute.TemplateInstance;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Attention: the causal multi-head weights of the reference and of the learner's {@code multiHead} on one short
 * fixed sentence, as heatmaps side by side.
 */
final class AttentionFigure extends LearnerFigure<Attention.Output, AttentionFigure.View> {

    static final List<String> TOKENS = List.of("the", "cat", "sat", "on", "the", "mat");
    static final int D_MODEL = 16;
    static final int HEADS = 2;
    static final long SEED = 7;
    // Weights.random draws with std 0.02, which on unit-size inputs gives near-equal scores and flat, uniform rows;
    // larger token vectors give each head a visible preference.
    private static final double EMBEDDING_STD = 12;
    static final Attention.Options OPTIONS = new Attention.Options(HEADS, true, false);
    static final Attention.Weights WEIGHTS = Attention.Weights.random(D_MODEL, SEED);
    static final Tensor INPUT = input();
    private static final Tensor REFERENCE = new ReferenceAttention().multiHead(INPUT, WEIGHTS, OPTIONS).weights();

    /** What the fragment shows; {@code learner} is empty when the learner's code failed. */
    public record View(List<String> tokens, int heads, List<Heatmap> reference, List<Heatmap> learner,
                       Verdict verdict) {
    }

    AttentionFigure() {
        super(Exercise.ATTENTION, "Your attention weights");
    }

    @Override
    Attention.Output runLearner(LearnerCalls calls) {
        Attention attention = calls.implementation(Attention.class);
        return calls.call("multiHead", () -> attention.multiHead(INPUT, WEIGHTS, OPTIONS));
    }

    @Override
    View compare(Attention.Output output) {
        if (output == null || output.weights() == null) {
            throw new Unusable("your multiHead returned no weights: return them in Output(output, weights)");
        }
        int t = TOKENS.size();
        int[] shape = output.weights().shape();
        if (!Arrays.equals(shape, new int[] {HEADS, t, t})) {
            throw new Unusable("your multiHead returned weights of shape " + Arrays.toString(shape) + "; for " + HEADS
                    + " heads and " + t + " tokens they must be [" + HEADS + ", " + t + ", " + t + "] (heads × queries × keys)");
        }
        Difference d = Difference.of("weights", REFERENCE, output.weights(), Check.COMPOSED);
        if (d.accepted()) {
            return new View(TOKENS, HEADS, referenceMaps(),
                    Heatmap.ofHeads("heatmap-learner", "Yours", output.weights(), TOKENS, null),
                    Verdict.matches(String.format(Locale.ROOT,
                            "Your weights match the reference's in every cell (largest difference %.1e).", d.maxAbs())));
        }
        AttentionFinding finding = AttentionFinding.of(REFERENCE, output.weights());
        return new View(TOKENS, HEADS, referenceMaps(),
                Heatmap.ofHeads("heatmap-learner", "Yours", output.weights(), TOKENS, finding.largest()),
                Verdict.differs(finding.describe(TOKENS)));
    }

    @Override
    View failed(String why) {
        return new View(TOKENS, HEADS, referenceMaps(), List.of(), Verdict.failed(why));
    }

    @Override
    TemplateInstance render(View view) {
        return FigureTemplates.attention(view);
    }

    private static List<Heatmap> referenceMaps() {
        return Heatmap.ofHeads("heatmap-reference", "Reference", REFERENCE, TOKENS, null);
    }

    /** The sentence's token vectors: a seeded embedding table looked up by word, plus sinusoidal positions. */
    private static Tensor input() {
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        int[] ids = TOKENS.stream().mapToInt(word -> vocabulary.computeIfAbsent(word, w -> vocabulary.size())).toArray();
        SplittableRandom random = new SplittableRandom(SEED);
        Tensor table = Tensor.zeros(vocabulary.size(), D_MODEL);
        float[] data = table.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * EMBEDDING_STD);
        }
        Embeddings embeddings = new ReferenceEmbeddings();
        return embeddings.addPositions(embeddings.lookup(table, ids), embeddings.sinusoidal(ids.length, D_MODEL));
    }
}
