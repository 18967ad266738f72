package dev.llmf.grader.api;

import dev.llmf.grader.text.SafeText;

import java.time.Duration;
import java.util.Optional;

/**
 * An error the client can act on: becomes a problem-details response (RFC 9457) with {@code status}, a short
 * {@code title} and a {@code detail} that says what to fix. Details often quote what the client sent (a file name,
 * an id), so they are made displayable ({@link SafeText}): a NUL in a request never reaches a page.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final Duration retryAfter;

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    private ApiException(int status, String title, String detail, Duration retryAfter) {
        super(SafeText.of(detail), null, false, false);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** When the client may try again (the {@code Retry-After} header), or empty. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "Too large", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(429, "Too many requests", detail, retryAfter);
    }
}
