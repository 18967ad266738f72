package dev.llmf.cli;

/**
 * A trouble the learner can act on: its message is printed as it is (no stack trace) and the command ends with
 * {@link #exitCode()}.
 */
public final class CliException extends RuntimeException {

    /** Exit code of a usage error: bad arguments, an unknown exercise. */
    public static final int USAGE = 2;
    /** Exit code of every other trouble (and of a failed test or a score short of full). */
    public static final int FAILED = 1;

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    public static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
