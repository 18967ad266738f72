package dev.llmf.grader.queue;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.grader.suites.Grading;

/**
 * Checks once that the reference implementation runs in this JVM before any submission is graded: a reference
 * that cannot load (e.g. the JVM was started without {@code --add-modules jdk.incubator.vector}) would otherwise
 * be blamed on the learner.
 */
final class ReferenceCheck {

    private ReferenceCheck() {
    }

    /** Null if the reference works, else what went wrong. */
    static String problem() {
        try {
            Tensor p = Grading.reference(TensorMath.class).softmax(Tensor.vector(0f, 0f));
            return Math.abs(p.get(0) - 0.5f) < 1e-6 ? null : "softmax([0, 0]) gave " + p;
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return e + (root != e ? " caused by " + root : "")
                    + " — start the grader with: java --add-modules jdk.incubator.vector -jar …";
        }
    }
}
