package dev.llmf.grader.web;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.grading.LearnerCode;
import dev.llmf.grader.sandbox.LearnerFailure;
import dev.llmf.grader.sandbox.SandboxUnavailableException;
import dev.llmf.reference.ReferenceAttention;
import dev.llmf.reference.ReferenceEmbeddings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Visual feedback for the attention exercise: the causal multi-head attention weights of the reference and of the
 * learner's code on one short fixed sentence, side by side. The learner's code runs exactly as when it is graded
 * ({@link LearnerCode}: compiled against the contract, in the sandbox, with the grading limits), for one call of
 * {@code multiHead}. Each submission's figure is computed once and kept in memory; at most two run at a time.
 */
@ApplicationScoped
public class AttentionHeatmaps {

    private static final Logger LOG = Logger.getLogger(AttentionHeatmaps.class);

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
    private static final double SAME = 1e-4;
    private static final int MAX_CACHED = 256;

    /**
     * What the fragment shows. {@code learner} is empty when the learner's code failed; {@code failure} then says
     * why and {@code comparison} is null.
     */
    public record Figure(List<String> tokens, int heads, List<Heatmap> reference, List<Heatmap> learner,
                         String failure, String comparison, boolean matches) {
    }

    @Inject
    LearnerCode learnerCode;

    private final Semaphore running = new Semaphore(2, true);
    private final Map<Long, CompletableFuture<Figure>> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, CompletableFuture<Figure>> eldest) {
                    return size() > MAX_CACHED;
                }
            });
    private volatile Tensor referenceWeights;

    /** The figure of one submission; {@code sources} is read only when it is not cached yet. */
    public Figure figure(long submissionId, Supplier<Map<String, String>> sources) {
        CompletableFuture<Figure> mine = new CompletableFuture<>();
        CompletableFuture<Figure> earlier = cache.putIfAbsent(submissionId, mine);
        if (earlier != null) {
            return earlier.join();
        }
        try {
            Outcome outcome = learnerWeights(submissionId, sources.get());
            Figure figure = outcome.weights() == null
                    ? new Figure(TOKENS, HEADS, referenceMaps(), List.of(), outcome.failure(), null, false)
                    : compare(outcome.weights());
            mine.complete(figure);
            if (!outcome.keep()) {
                cache.remove(submissionId, mine);           // e.g. the sandbox was busy: try again next time
            }
            return figure;
        } catch (RuntimeException | Error e) {
            cache.remove(submissionId, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private record Outcome(Tensor weights, String failure, boolean keep) {
        static Outcome failed(String why) {
            return new Outcome(null, why, true);
        }

        static Outcome notNow(String why) {
            return new Outcome(null, why, false);
        }
    }

    private Outcome learnerWeights(long submissionId, Map<String, String> sources) {
        try {
            if (!running.tryAcquire(60, TimeUnit.SECONDS)) {
                return Outcome.notNow("the grader is busy drawing other heatmaps: reload the page in a moment");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.notNow("interrupted: reload the page");
        }
        try {
            LearnerCode.Run<Attention.Output> run = learnerCode.run("heatmap-" + submissionId, sources, session ->
                    session.implementation(Attention.class, Exercise.ATTENTION.learnerClass())
                            .multiHead(INPUT, WEIGHTS, OPTIONS));
            return switch (run) {
                case LearnerCode.Run.CompileFailed<Attention.Output> f ->
                        Outcome.failed("your code does not compile (see the compile errors above), so it has no weights to draw");
                case LearnerCode.Run.Ran<Attention.Output> r -> check(r.value());
            };
        } catch (LearnerFailure e) {
            return Outcome.failed("your multiHead did not return: " + e.getMessage());
        } catch (SandboxUnavailableException e) {
            return Outcome.notNow("the grader cannot run code safely right now (" + e.getMessage() + ")");
        } catch (IOException e) {
            LOG.errorf("heatmap of submission %d: %s", submissionId, e.getMessage());
            return Outcome.notNow("the grader could not run your code just now: reload the page to try again");
        } catch (RuntimeException e) {
            // The proxy re-throws the learner's standard exceptions (IllegalArgumentException, …) as they are.
            return Outcome.failed("your multiHead threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            running.release();
        }
    }

    private static Outcome check(Attention.Output output) {
        if (output == null || output.weights() == null) {
            return Outcome.failed("your multiHead returned no weights: return them in Output(output, weights)");
        }
        int t = TOKENS.size();
        int[] shape = output.weights().shape();
        if (!Arrays.equals(shape, new int[] {HEADS, t, t})) {
            return Outcome.failed("your multiHead returned weights of shape " + Arrays.toString(shape) + "; for " + HEADS
                    + " heads and " + t + " tokens they must be [" + HEADS + ", " + t + ", " + t + "] (heads × queries × keys)");
        }
        return new Outcome(output.weights(), null, true);
    }

    private Figure compare(Tensor learner) {
        Tensor reference = referenceWeights();
        double worst = 0;
        boolean finite = true;
        float[] mine = learner.toArray();
        float[] theirs = reference.toArray();
        for (int i = 0; i < mine.length; i++) {
            if (!Float.isFinite(mine[i])) {
                finite = false;
            } else {
                worst = Math.max(worst, Math.abs(mine[i] - theirs[i]));
            }
        }
        boolean matches = finite && worst <= SAME;
        String comparison = !finite ? "Some of your weights are NaN or infinite (pink cells): a row's scores may all be −∞,"
                + " or the exponentials overflowed — subtract each row's maximum before exp."
                : matches ? String.format(Locale.ROOT, "Your weights match the reference's (largest difference %.1e).", worst)
                : String.format(Locale.ROOT, "Your weights differ from the reference's by up to %.3f: compare the maps cell"
                        + " by cell.", worst);
        return new Figure(TOKENS, HEADS, referenceMaps(), Heatmap.ofHeads("heatmap-learner", "Yours", learner, TOKENS),
                null, comparison, matches);
    }

    private List<Heatmap> referenceMaps() {
        return Heatmap.ofHeads("heatmap-reference", "Reference", referenceWeights(), TOKENS);
    }

    private Tensor referenceWeights() {
        Tensor w = referenceWeights;
        if (w == null) {
            w = new ReferenceAttention().multiHead(INPUT, WEIGHTS, OPTIONS).weights();
            referenceWeights = w;
        }
        return w;
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
