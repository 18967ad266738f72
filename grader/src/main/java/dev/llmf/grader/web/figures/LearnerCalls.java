package dev.llmf.grader.web.figures;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.sandbox.SandboxSession;

import java.util.function.Supplier;

/**
 * The learner's classes in one sandbox session, and the name of the method last called into them, so that a
 * failure can say "your train threw …" rather than show a stack trace. Unbound to a session, it just makes the
 * calls: figures run the reference through the same code as the learner.
 */
public final class LearnerCalls {

    private SandboxSession session;
    private String current = "class";

    /** Made before the session opens, so that the last call's name survives the session's failure. */
    LearnerCalls bind(SandboxSession session) {
        this.session = session;
        return this;
    }

    /** A proxy of the learner's class that implements {@code contract} (from the exercise that owns it). */
    public <T> T implementation(Class<T> contract) {
        current = "class";
        return FreshArguments.wrap(contract, session.implementation(contract, Exercise.learnerClassFor(contract)));
    }

    /** Runs one call into learner code, remembering {@code method} for the failure message. */
    public <T> T call(String method, Supplier<T> call) {
        current = method;
        return call.get();
    }

    /** As {@link #call}, for a method that returns nothing. */
    public void run(String method, Runnable call) {
        current = method;
        call.run();
    }

    /** The method that was called last, e.g. {@code train}. */
    String current() {
        return current;
    }
}
