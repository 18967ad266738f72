package dev.llmf.grader.web.figures;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.grading.LearnerCode;
import dev.llmf.grader.sandbox.LearnerFailure;
import dev.llmf.grader.sandbox.SandboxUnavailableException;
import dev.llmf.grader.text.SafeText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Draws the visual feedback of a submission: runs the learner's code for its exercise's {@link LearnerFigure}
 * exactly as when it is graded ({@link LearnerCode}: compiled against the contract, in the sandbox, with the
 * grading limits), compares it with the reference, and renders the fragment. Whatever goes wrong with the
 * learner's code (compile errors, exceptions, time-outs, unusable results) becomes a sentence on the figure.
 * Each submission's fragment is rendered once and kept in memory; at most two figures are computed at a time.
 */
@ApplicationScoped
public class LearnerFigures {

    private static final Logger LOG = Logger.getLogger(LearnerFigures.class);
    private static final int MAX_CACHED = 256;

    private static final List<LearnerFigure<?, ?>> FIGURES = List.of(new AttentionFigure(), new TokenizerFigure(),
            new BlockFigure(), new SamplerFigure(), new MiniGptFigure(), new TrainingFigure());

    @Inject
    LearnerCode learnerCode;

    private final Semaphore running = new Semaphore(2, true);
    private final Map<Long, CompletableFuture<String>> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, CompletableFuture<String>> eldest) {
                    return size() > MAX_CACHED;
                }
            });

    /** The figure of {@code exercise}, if it has one. */
    public static Optional<LearnerFigure<?, ?>> of(Exercise exercise) {
        return FIGURES.stream().filter(f -> f.exercise() == exercise).findFirst();
    }

    /**
     * The HTML fragment of one submission's figure; {@code sources} is read only when it is not cached yet.
     */
    public String html(long submissionId, LearnerFigure<?, ?> figure, Supplier<Map<String, String>> sources) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> earlier = cache.putIfAbsent(submissionId, mine);
        if (earlier != null) {
            return earlier.join();
        }
        try {
            Drawn drawn = draw(submissionId, figure, sources.get());
            mine.complete(drawn.html());
            if (!drawn.keep()) {
                cache.remove(submissionId, mine);           // e.g. the sandbox was busy: try again next time
            }
            return drawn.html();
        } catch (RuntimeException | Error e) {
            cache.remove(submissionId, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** A rendered fragment; {@code keep} is false when it only says "not now" and must not be cached. */
    private record Drawn(String html, boolean keep) {
    }

    private <L, F> Drawn draw(long submissionId, LearnerFigure<L, F> figure, Map<String, String> sources) {
        try {
            if (!running.tryAcquire(60, TimeUnit.SECONDS)) {
                return drawn(figure, figure.failed("the grader is busy drawing other figures: reload the page in a moment"), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return drawn(figure, figure.failed("interrupted: reload the page"), false);
        }
        try {
            return learnerFigure(submissionId, figure, sources);
        } finally {
            running.release();
        }
    }

    private <L, F> Drawn learnerFigure(long submissionId, LearnerFigure<L, F> figure, Map<String, String> sources) {
        LearnerCalls calls = new LearnerCalls();
        LearnerCode.Run<L> run;
        try {
            run = learnerCode.run("figure-" + submissionId, sources, session -> figure.runLearner(calls.bind(session)));
        } catch (LearnerFailure e) {
            return drawn(figure, figure.failed("your " + calls.current() + " did not return: " + e.getMessage()), true);
        } catch (LearnerFigure.Unusable e) {
            return drawn(figure, figure.failed(e.getMessage()), true);    // a result a later step could not use
        } catch (SandboxUnavailableException e) {
            return drawn(figure, figure.failed("the grader cannot run code safely right now (" + e.getMessage() + ")"),
                    false);
        } catch (IOException e) {
            LOG.errorf("figure of submission %d: %s", submissionId, e.getMessage());
            return drawn(figure, figure.failed("the grader could not run your code just now: reload the page to try"
                    + " again"), false);
        } catch (RuntimeException e) {
            // The proxy re-throws the learner's standard exceptions (IllegalArgumentException, …) as they are.
            return drawn(figure, figure.failed("your " + calls.current() + " threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), true);
        }
        F result = switch (run) {
            case LearnerCode.Run.CompileFailed<L> f -> figure.failed(
                    "your code does not compile (see the compile errors above), so there is nothing of yours to draw");
            case LearnerCode.Run.Ran<L> r -> compare(figure, r.value());
        };
        return drawn(figure, result, true);
    }

    private static <L, F> F compare(LearnerFigure<L, F> figure, L learner) {
        try {
            return figure.compare(learner);
        } catch (LearnerFigure.Unusable e) {
            return figure.failed(e.getMessage());
        }
    }

    // The fragment shows the learner's values and messages: what a page cannot hold (a NUL, …) is replaced here.
    private static <F> Drawn drawn(LearnerFigure<?, F> figure, F result, boolean keep) {
        return new Drawn(SafeText.of(figure.render(result).render()), keep);
    }
}
