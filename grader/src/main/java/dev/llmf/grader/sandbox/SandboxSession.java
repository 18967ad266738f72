package dev.llmf.grader.sandbox;

/**
 * A running child JVM with the learner's classes. If the child dies (timeout, out of memory, exit, crash,
 * garbage on the pipe), the call that was running fails with {@link LearnerFailure} and the next call starts a
 * fresh child, so one runaway test does not take the others down with it.
 */
public interface SandboxSession extends AutoCloseable {

    /**
     * A proxy of {@code contract} backed by a new instance of {@code className} (public, no-arg constructor) in the
     * child. Calls on the proxy run in the child. Exceptions the learner's code throws come back as the same
     * standard exception type with the same message ({@code IllegalArgumentException}, …) or as
     * {@link LearnerFailure} with kind {@code EXCEPTION} for other types.
     *
     * @throws LearnerFailure if the class is missing, does not implement {@code contract}, or cannot be created
     */
    <T> T implementation(Class<T> contract, String className);

    /** What the learner printed so far (capped), for feedback. */
    String output();

    /** A mark in what the learner printed: give it to {@link #outputSince} to get what was printed after it. */
    default long outputMark() {
        return output().length();
    }

    /** What the learner printed after {@code mark} (capped, with a note when some of it was dropped). */
    default String outputSince(long mark) {
        String all = output();
        return mark >= all.length() ? "" : all.substring((int) Math.max(0, mark));
    }

    /** Kills the child and everything it started. */
    @Override
    void close();
}
