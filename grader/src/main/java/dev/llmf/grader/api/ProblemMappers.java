package dev.llmf.grader.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.llmf.grader.db.DatabaseOutage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.DataException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import java.io.IOException;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Turns every failure into problem details: our own {@link ApiException}s, the framework's (404, 405, 413, 415…),
 * malformed JSON and form bodies, values the database cannot hold, and — as a last resort — anything unexpected,
 * which is logged with its stack trace and answered with a 500 that leaks nothing.
 */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** How RESTEasy Reactive's form parser says a form has more parts than it reads (1000). */
    private static final Pattern TOO_MANY_PARTS = Pattern.compile("Param limit of (\\d+) was exceeded");

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

    /** Valid JSON of the wrong shape, e.g. a list where a text is expected (more specific than {@link #badJson}). */
    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("the body");
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return Problem.response(400, "Bad request", "'" + field + "' has the wrong type: expected " + expected);
    }

    /** A multipart or form body that cannot be parsed: no closing boundary, another boundary than declared, cut off. */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        return Problem.response(400, "Bad request", "the request body could not be read (" + e.getMessage() + "): send"
                + " multipart/form-data whose parts use the boundary named in Content-Type and end with the closing"
                + " boundary, as curl -F does");
    }

    @ServerExceptionMapper
    public Response malformedMultipart(MultipartParser.MalformedMessageException e) {
        return unreadableBody(new IOException("malformed multipart data", e));
    }

    /** A value the database cannot hold (a NUL character, a text too long): the request's fault, not ours. */
    @ServerExceptionMapper
    public Response unstorable(DataException e) {
        SQLException sql = e.getSQLException();
        LOG.warnf("refused a request whose data the database cannot hold: %s", sql == null ? e.getMessage() : sql.getMessage());
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String detail = switch (state) {
            case "22021" -> "a value in the request holds a NUL character (\\u0000 or %00): remove it";
            case "22001" -> "a value in the request is too long";
            default -> "a value in the request cannot be stored: check the values you sent";
        };
        return Problem.response(400, "Bad request", detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseOutage.isCause(e)) {
            return DatabaseGate.refuse(e);   // 503 with Retry-After, and no stack trace: the outage is logged once
        }
        if (isTooManyParts(e)) {
            return Problem.response(413, "Content too large", "the form has more parts than the grader reads ("
                    + TOO_MANY_PARTS.matcher(e.getMessage()).replaceAll("$1") + "); a submission may have at most "
                    + SubmissionFiles.MAX_FILES + " files");
        }
        LOG.error("unexpected error", e);
        return Problem.response(500, "Internal error", "something went wrong on our side; it has been logged");
    }

    // RESTEasy Reactive's FormData throws a plain RuntimeException: recognised by its message and where it came from.
    private static boolean isTooManyParts(Throwable e) {
        return e.getClass() == RuntimeException.class && e.getMessage() != null
                && TOO_MANY_PARTS.matcher(e.getMessage()).matches() && e.getStackTrace().length > 0
                && e.getStackTrace()[0].getClassName().endsWith(".multipart.FormData");
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a text";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as \"2026-01-31T23:59:00Z\"";
        }
        return "a " + type.getSimpleName();
    }
}
