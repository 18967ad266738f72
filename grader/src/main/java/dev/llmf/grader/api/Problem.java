package dev.llmf.grader.api;

import dev.llmf.grader.text.SafeText;
import jakarta.ws.rs.core.Response;

/** The one JSON shape of every API error (RFC 9457 problem details). */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(of(status, title, detail)).build();
    }

    /** The problem as a value; its detail may quote the request, so it is made displayable ({@link SafeText}). */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, SafeText.of(detail));
    }
}
