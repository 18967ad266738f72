package dev.llmf.grader.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmf.grader.db.DatabaseOutage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into problem details: our own {@link ApiException}s, the framework's (404, 405, 413, 415…),
 * malformed JSON, and — as a last resort — anything unexpected, which is logged with its stack trace and answered
 * with a 500 that leaks nothing.
 */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response problem = Problem.response(e.status(), e.title(), e.getMessage());
        return e.retryAfter().map(wait -> Response.fromResponse(problem)
                .header("Retry-After", Math.max(1, wait.toSeconds())).build()).orElse(problem);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String reason = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request is too large";
            case 415 -> "unsupported content type: send multipart/form-data for submissions and JSON elsewhere";
            default -> e.getMessage();
        };
        return Problem.response(status, reason, detail);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return Problem.response(400, "Bad request", "the body is not valid JSON for this endpoint: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseOutage.isCause(e)) {
            return DatabaseGate.refuse(e);   // 503 with Retry-After, and no stack trace: the outage is logged once
        }
        LOG.error("unexpected error", e);
        return Problem.response(500, "Internal error", "something went wrong on our side; it has been logged");
    }
}
