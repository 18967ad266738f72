package dev.llmf.grader.sandbox;

/** The OS sandbox could not be set up; the grader refuses to run learner code unprotected. */
public final class SandboxUnavailableException extends RuntimeException {

    public SandboxUnavailableException(String message) {
        super(message);
    }

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
