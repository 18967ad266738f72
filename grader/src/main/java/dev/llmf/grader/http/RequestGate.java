package dev.llmf.grader.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmf.grader.api.Problem;
import dev.llmf.grader.auth.BearerTokenFilter;
import dev.llmf.grader.auth.SessionCookie;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks every request on the HTTP layer, before Quarkus reads its body or hands it to a resource, and refuses the
 * bad ones with problem details (RFC 9457) that say what to fix:
 * <ul>
 *   <li>an address that is not a valid URI, or holds a NUL ({@code %00}): 400;</li>
 *   <li>an address longer than {@link #MAX_URI_CHARS} (414) or headers larger than {@link #MAX_HEADER_BYTES}
 *       (431): the HTTP parser accepts more than that ({@code application.properties}), so these limits are ours
 *       and answered here instead of with an empty body;</li>
 *   <li>a {@code Content-Length} over {@code quarkus.http.limits.max-body-size}: 413, unread;</li>
 *   <li>an upload ({@code POST …/exercises/{id}/submissions}) without a valid token or session: 401 for the API, the
 *       sign-in page for the web form, before a byte of the body is read or parsed.</li>
 * </ul>
 * A refused request ends its connection ({@code Connection: close} on HTTP/1.1): its body was not read.
 */
@ApplicationScoped
public class RequestGate {

    /** Longest address (path and query) accepted. */
    public static final int MAX_URI_CHARS = 8 * 1024;
    /** Most header bytes (names and values) accepted. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(RequestGate.class);
    private static final Pattern UPLOAD = Pattern.compile("(/api)?/exercises/[^/]+/submissions/?");

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    /** First of all routes: before Quarkus's body handler and its own size limit. */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen);
    }

    private void screen(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Optional<Problem> problem = addressProblem(request.uri())
                .or(() -> headerProblem(request))
                .or(() -> bodySizeProblem(request));
        if (problem.isPresent()) {
            refuse(rc, problem.get());
            return;
        }
        if (request.method() == HttpMethod.POST && UPLOAD.matcher(request.path()).matches()) {
            rc.vertx().executeBlocking(() -> signedIn(request), false).onComplete(result -> {
                if (result.succeeded() && result.result()) {
                    rc.next();
                } else {
                    if (result.failed()) {
                        LOG.warnf("could not check the sign-in of an upload: %s", result.cause().toString());
                    }
                    refuseUnsignedUpload(rc);
                }
            });
            return;
        }
        rc.next();
    }

    static Optional<Problem> addressProblem(String uri) {
        if (uri.length() > MAX_URI_CHARS) {
            return Optional.of(Problem.of(414, "URI too long", "the address has " + uri.length()
                    + " characters; at most " + MAX_URI_CHARS + " are accepted"));
        }
        if (uri.contains("%00")) {
            return Optional.of(Problem.of(400, "Bad request", "the address holds a NUL character (%00) in its path or"
                    + " query: remove it"));
        }
        try {
            new URI(uri);
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of(Problem.of(400, "Bad request", "the address is not a valid URI (" + e.getReason()
                    + " at character " + e.getIndex() + "): percent-encode what it holds, e.g. a space as %20"));
        }
    }

    private static Optional<Problem> headerProblem(HttpServerRequest request) {
        long bytes = 0;
        for (Map.Entry<String, String> h : request.headers()) {
            bytes += h.getKey().length() + h.getValue().length() + 4;     // "name: value\r\n"
        }
        if (bytes <= MAX_HEADER_BYTES) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(431, "Request header fields too large", "the request's headers have " + bytes
                + " bytes; at most " + MAX_HEADER_BYTES + " are accepted (are there many or large cookies?)"));
    }

    private Optional<Problem> bodySizeProblem(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || maxBodySize.isEmpty()) {
            return Optional.empty();
        }
        long max = maxBodySize.get().asLongValue();
        try {
            long declared = Long.parseLong(length.trim());
            return declared <= max ? Optional.empty() : Optional.of(Problem.of(413, "Content too large",
                    "the request body has " + declared + " bytes; at most " + max + " are accepted (a submission may"
                            + " have 1 MiB of sources)"));
        } catch (NumberFormatException e) {
            return Optional.of(Problem.of(400, "Bad request", "Content-Length is not a number: '" + length + "'"));
        }
    }

    /** Runs on a worker thread: a token or session is looked up in the database. */
    private static boolean signedIn(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token;
        if (header != null && !header.isBlank()) {
            token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        } else {
            Cookie cookie = request.getCookie(SessionCookie.NAME);
            token = cookie == null ? null : cookie.getValue();
        }
        return token != null && !token.isBlank() && BearerTokenFilter.resolve(token) != null;
    }

    private void refuseUnsignedUpload(RoutingContext rc) {
        if (rc.request().path().startsWith("/api/")) {
            refuse(rc, Problem.of(401, "Unauthorized", "sign in first: send 'Authorization: Bearer <token>' with a"
                    + " valid token (get one from POST /api/auth/tokens); the upload was not read"));
            return;
        }
        closeAfter(rc).setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/login").end();
    }

    /**
     * The response, set to end its HTTP/1.1 connection once written: the request's body was not read, and what is
     * left of it must not be taken for the next request. (HTTP/2 has no {@code Connection} header, a client refuses
     * a response with one, and ending the stream is enough there.)
     */
    private static HttpServerResponse closeAfter(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        if (rc.request().version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(written -> rc.request().connection().close());
        }
        return response;
    }

    private void refuse(RoutingContext rc, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record cannot fail to serialise", e);
        }
        closeAfter(rc).setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body);
    }
}
