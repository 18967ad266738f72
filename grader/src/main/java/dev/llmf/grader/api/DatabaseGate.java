package dev.llmf.grader.api;

import dev.llmf.grader.db.DatabaseOutage;
import dev.llmf.grader.db.DatabaseState;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.time.Duration;

/**
 * While the database is down, every API request is answered at once with 503 and {@code Retry-After} (a web page
 * with a sentence), before authentication or anything else touches the database: no waiting on a dead server, no
 * error in the log per request. A request that meets the outage midway gets the same answer ({@link #refuse}).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class DatabaseGate implements ContainerRequestFilter {

    /** What clients are told to wait: about one restart of the embedded database. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final String DETAIL = "the grader's database is not reachable right now (it is being restarted);"
            + " nothing you sent was lost: try again in a few seconds";

    @Override
    public void filter(ContainerRequestContext request) {
        if (!DatabaseState.shared().isUp()) {
            request.abortWith(unavailable(request.getUriInfo().getPath().startsWith("/api")));
        }
    }

    /** The answer to a request that failed because the database went away while it ran; marks the outage. */
    static Response refuse(Throwable failure) {
        DatabaseState.shared().down(DatabaseOutage.in(failure).orElse("a call failed"));
        return unavailable(true);
    }

    static Response unavailable(boolean api) {
        Response.ResponseBuilder answer = api
                ? Response.fromResponse(Problem.response(503, "Service unavailable", DETAIL))
                : Response.status(503).type(MediaType.TEXT_PLAIN + ";charset=UTF-8")
                        .entity("The grader's database is being restarted; this page works again in a few seconds.");
        return answer.header("Retry-After", RETRY_AFTER.toSeconds()).build();
    }
}
