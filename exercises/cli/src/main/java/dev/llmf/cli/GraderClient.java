package dev.llmf.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The grader's REST API over {@link HttpClient}. Every trouble becomes a {@link CliException} whose message tells
 * the learner what to do: the server is down, the token was rejected, or the server's own problem detail.
 */
public final class GraderClient {

    /** How the README starts the grader (printed when it cannot be reached). */
    public static final String START_HINT = "./llmf-grader";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String server;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    /** {@code token} may be null (for signing in). */
    public GraderClient(String server, String token) {
        this(server, token, Duration.ofSeconds(30));
    }

    GraderClient(String server, String token, Duration timeout) {
        this.server = normalizeServer(server);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** {@code http://host:port} without a trailing slash; a usage error when it is not an http(s) URL. */
    public static String normalizeServer(String server) {
        String s = server == null ? "" : server.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw CliException.usage("'" + server + "' is not a server address: use e.g. " + Config.DEFAULT_SERVER);
            }
        } catch (URISyntaxException e) {
            throw CliException.usage("'" + server + "' is not a server address: use e.g. " + Config.DEFAULT_SERVER);
        }
        return s;
    }

    public String server() {
        return server;
    }

    /** POST /api/auth/tokens. */
    public Api.TokenCreated signIn(String username, String password) {
        byte[] body = toJson(new Api.TokenRequest(username, password, "llmf cli"));
        HttpRequest req = request("/api/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return read(send(req, false), Api.TokenCreated.class);
    }

    /** POST /api/exercises/{id}/submissions with one multipart part named {@code file} per source. */
    public Api.SubmissionCreated submit(String exerciseId, List<Packer.SourceFile> files) {
        String boundary = "llmf-" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Packer.SourceFile f : files) {
            body.writeBytes(("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"" + f.name() + "\"\r\n"
                    + "Content-Type: text/x-java-source; charset=UTF-8\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            try {
                body.writeBytes(Files.readAllBytes(f.path()));
            } catch (IOException e) {
                throw CliException.failed("cannot read " + f.path() + ": " + describe(e));
            }
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = authorized("/api/exercises/" + exerciseId + "/submissions")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return read(send(req, true), Api.SubmissionCreated.class);
    }

    /** GET /api/submissions/{id}. */
    public Api.SubmissionView submission(long id) {
        return read(send(authorized("/api/submissions/" + id).GET().build(), true), Api.SubmissionView.class);
    }

    /** GET /api/me/progress. */
    public List<Api.ProgressView> progress() {
        HttpResponse<byte[]> r = send(authorized("/api/me/progress").GET().build(), true);
        return read(r, JSON.getTypeFactory().constructCollectionType(List.class, Api.ProgressView.class));
    }

    /** GET /api/exercises: the course's exercises with their opening and due dates. */
    public List<Api.ExerciseView> exercises() {
        HttpResponse<byte[]> r = send(authorized("/api/exercises").GET().build(), true);
        return read(r, JSON.getTypeFactory().constructCollectionType(List.class, Api.ExerciseView.class));
    }

    /** The page that shows a submission's feedback and figures in the browser. */
    public String feedbackPage(long submissionId) {
        return server + "/submissions/" + submissionId;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).timeout(timeout).header("Accept", "application/json");
    }

    private HttpRequest.Builder authorized(String path) {
        if (token == null) {
            throw CliException.failed("not logged in: run `./llmf login` first");
        }
        return request(path).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<byte[]> send(HttpRequest req, boolean withToken) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException | UnresolvedAddressException e) {
            throw unreachable();
        } catch (HttpTimeoutException e) {
            throw CliException.failed("the grader at " + server + " did not answer within " + timeout.toSeconds()
                    + " s: try again in a moment");
        } catch (IOException e) {
            if (causedBy(e, ConnectException.class) || causedBy(e, UnresolvedAddressException.class)
                    || causedBy(e, java.net.UnknownHostException.class)) {
                throw unreachable();
            }
            throw CliException.failed("cannot talk to " + server + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(130, "interrupted");
        }
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return r;
        }
        String detail = problemDetail(r);
        if (status == 401 && withToken) {
            throw CliException.failed("your token was rejected: run `./llmf login` again");
        }
        throw CliException.failed(detail != null ? detail : "the grader answered HTTP " + status + bodySnippet(r));
    }

    private CliException unreachable() {
        String host = URI.create(server).getHost();
        boolean here = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        return CliException.failed("cannot reach " + server + ": is the address right and the grader running?"
                + (here ? " Start it from the course repository with\n  " + START_HINT
                        : " (`./llmf login --server URL` changes the address)"));
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static String problemDetail(HttpResponse<byte[]> r) {
        try {
            Api.Problem p = JSON.readValue(r.body(), Api.Problem.class);
            if (p != null && p.detail() != null && !p.detail().isBlank()) {
                return p.detail();
            }
            if (p != null && p.title() != null && !p.title().isBlank()) {
                return p.title() + " (HTTP " + r.statusCode() + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not problem JSON: fall through
        }
        return null;
    }

    private static String bodySnippet(HttpResponse<byte[]> r) {
        String s = new String(r.body(), StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
            return "";
        }
        return ": " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }

    private static byte[] toJson(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(HttpResponse<byte[]> r, Class<T> type) {
        return read(r, JSON.getTypeFactory().constructType(type));
    }

    private <T> T read(HttpResponse<byte[]> r, JavaType type) {
        try {
            T value = JSON.readValue(r.body(), type);
            if (value == null) {
                throw new IOException("empty body");
            }
            return value;
        } catch (IOException e) {
            throw CliException.failed("the grader at " + server + " sent an answer llmf does not understand"
                    + " (is that address really the grader?): " + describe(e).lines().findFirst().orElse(""));
        }
    }
}
