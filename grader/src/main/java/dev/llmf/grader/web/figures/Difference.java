package dev.llmf.grader.web.figures;

import dev.llmf.grader.suites.Check;

import java.util.Arrays;

/**
 * How far the learner's numbers are from the reference's: the largest absolute difference over the finite values,
 * whether every value is finite, and whether each is within the grader's tolerance (as the hidden suite checks it).
 */
public record Difference(double maxAbs, boolean finite, boolean accepted) {

    /**
     * @throws LearnerFigure.Unusable if the learner's array is missing or has another length; {@code what} names
     *                                it in the message
     */
    public static Difference of(String what, float[] reference, float[] learner, Check.Tolerance tolerance) {
        if (learner == null) {
            throw new LearnerFigure.Unusable("your " + what + " is missing (null)");
        }
        if (learner.length != reference.length) {
            throw new LearnerFigure.Unusable("your " + what + " has " + learner.length + " values; the reference's has "
                    + reference.length);
        }
        double worst = 0;
        boolean finite = true;
        boolean accepted = true;
        for (int i = 0; i < learner.length; i++) {
            if (!Float.isFinite(learner[i])) {
                finite = false;
                accepted = false;
            } else {
                worst = Math.max(worst, Math.abs((double) learner[i] - reference[i]));
                accepted &= tolerance.accepts(reference[i], learner[i]);
            }
        }
        return new Difference(worst, finite, accepted);
    }

    /** The same for tensors, whose shapes must agree first. */
    public static Difference of(String what, dev.llmf.contract.Tensor reference, dev.llmf.contract.Tensor learner,
                                Check.Tolerance tolerance) {
        if (learner == null) {
            throw new LearnerFigure.Unusable("your " + what + " is missing (null)");
        }
        if (!Arrays.equals(reference.shape(), learner.shape())) {
            throw new LearnerFigure.Unusable("your " + what + " has shape " + Arrays.toString(learner.shape())
                    + "; it must be " + Arrays.toString(reference.shape()));
        }
        return of(what, reference.toArray(), learner.toArray(), tolerance);
    }
}
