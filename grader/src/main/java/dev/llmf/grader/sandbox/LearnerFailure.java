package dev.llmf.grader.sandbox;

/**
 * Learner code did not return normally. The message says what happened in words a learner can act on.
 */
public final class LearnerFailure extends RuntimeException {

    /** How a call into learner code failed. */
    public enum Kind {
        /** the learner's code threw an exception that is not a standard one the proxy re-throws as is */
        EXCEPTION,
        /** the call ran past the time limit; the child was killed */
        TIMEOUT,
        /** the child ran out of heap or hit the memory limit */
        OUT_OF_MEMORY,
        /** the child exited (e.g. {@code System.exit}) */
        EXITED,
        /** the child died otherwise (signal, JVM crash) */
        CRASHED,
        /** the child wrote something that is not a valid answer on the pipe */
        PROTOCOL,
        /** the learner's class is missing, not public, has no no-arg constructor, or does not implement the interface */
        MISSING_CLASS
    }

    private final Kind kind;

    public LearnerFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
