package dev.llmf.grader.web.figures;

import dev.llmf.grader.grading.Exercise;
import io.quarkus.qute.TemplateInstance;

/**
 * One exercise's visual feedback: a fixed, course-meaningful input, what of the learner's code runs on it, how its
 * result compares with the reference's, and the template fragment that draws both. {@link LearnerFigures} does the
 * rest (sandbox, cache, concurrency, turning failures into sentences), so a figure holds no plumbing.
 *
 * @param <L> what the learner's code returned, as plain data
 * @param <F> the figure's view, passed to its template
 */
public abstract class LearnerFigure<L, F> {

    private final Exercise exercise;
    private final String heading;

    LearnerFigure(Exercise exercise, String heading) {
        this.exercise = exercise;
        this.heading = heading;
    }

    public final Exercise exercise() {
        return exercise;
    }

    /** The heading of the figure's section on the feedback page. */
    public final String heading() {
        return heading;
    }

    /** Calls the learner's code on the figure's input; runs in the sandbox session behind {@code calls}. */
    abstract L runLearner(LearnerCalls calls);

    /**
     * The figure of the learner's result against the reference's.
     *
     * @throws Unusable if the result cannot be drawn (wrong shape, missing values); its message says why
     */
    abstract F compare(L learner);

    /** The figure with the reference alone, and {@code why} the learner's part is missing. */
    abstract F failed(String why);

    abstract TemplateInstance render(F figure);

    /** The learner's result cannot be drawn; the message is a sentence for the learner. */
    public static final class Unusable extends RuntimeException {
        public Unusable(String message) {
            super(message, null, false, false);
        }
    }
}
