package dev.llmf.grader;

import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad and hostile requests against the packaged grader: each is answered with a 4xx that is problem details saying
 * what to fix, never a 500 or an empty body; uploads without a sign-in are refused before their body is read; a
 * stalled client is cut off; sign-in does not tell which accounts exist.
 */
class RequestsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static GraderProcess grader;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        grader = GraderProcess.withFreshDatabase("-Dquarkus.http.idle-timeout=" + IDLE.toSeconds() + "s");
        grader.start();
        token = grader.signInAsDemoLearner();
    }

    @AfterAll
    static void stop() {
        if (grader != null) {
            grader.close();
        }
    }

    @Test
    @DisplayName("a multipart body that is empty, has another boundary, or too many parts: 400/413 problem details")
    void malformedMultipart() throws Exception {
        String upload = "/api/exercises/tensors/submissions";
        assertProblem(400, post(upload, "multipart/form-data; boundary=xyz", "", true));
        assertProblem(400, post(upload, "multipart/form-data; boundary=xyz",
                "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"A.java\"\r\n\r\nclass A {}\r\n--abc--\r\n",
                true));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1100; i++) {
            many.append("--xyz\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nx\r\n");
        }
        many.append("--xyz--\r\n");
        assertProblem(413, post(upload, "multipart/form-data; boundary=xyz", many.toString(), true));
    }

    @Test
    @DisplayName("an upload without a valid token is refused before its body is read, even a malformed one")
    void unauthenticatedUploadIsRefusedUnread() throws Exception {
        assertProblem(401, post("/api/exercises/tensors/submissions", "multipart/form-data; boundary=xyz", "", false));
        for (String authorization : List.of("", "Authorization: Bearer not-a-token\r\n")) {
            // a body of a megabyte is announced, ten bytes are sent: only an answer that does not wait for the rest comes
            RawHttp.Reply reply = RawHttp.send(grader.port(), "POST /api/exercises/tensors/submissions HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n" + authorization
                    + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 1000000\r\n\r\n--xyz\r\nCon",
                    IDLE.dividedBy(2));
            assertEquals(401, reply.status(), reply.text());
            assertTrue(reply.closed(), "the connection is closed rather than the body read");
            assertProblemText(reply.header("Content-Type"), reply.body());
        }
        RawHttp.Reply web = RawHttp.send(grader.port(), "POST /exercises/tensors/submissions HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 1000000\r\n\r\n", IDLE.dividedBy(2));
        assertEquals(303, web.status(), web.text());
        assertEquals("/login", web.header("Location"));
    }

    @Test
    @DisplayName("a NUL in the path, the query or a sign-in field: 400 that says so, on the API and the web sign-in")
    void nulCharacters() throws Exception {
        assertProblem(400, get("/api/exercises/ten%00sors/submissions"));
        assertProblem(400, get("/api/submissions/1%00"));
        assertProblem(400, get("/login?next=%2F%00"));
        HttpResponse<String> signIn = HTTP.send(HttpRequest.newBuilder(grader.url("/api/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"lear\\u0000ner\",\"password\":\"whatever1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(400, signIn);
        assertTrue(signIn.body().contains("NUL"), signIn.body());
        HttpResponse<String> web = HTTP.send(HttpRequest.newBuilder(grader.url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=lear%00ner&password=whatever1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, web.statusCode(), web.body());
        assertTrue(web.body().contains("NUL"), web.body());
        assertEquals(-1, web.body().indexOf('\0'), "the page shows no NUL");
    }

    @Test
    @DisplayName("an address that is not a valid URI, or too long: problem details, not an empty answer")
    void badAddresses() throws Exception {
        RawHttp.Reply invalid = RawHttp.send(grader.port(), "GET /api/exercises?q=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                IDLE.dividedBy(2));
        assertEquals(400, invalid.status(), invalid.text());
        assertProblemText(invalid.header("Content-Type"), invalid.body());
        RawHttp.Reply tooLong = RawHttp.send(grader.port(), "GET /api/exercises?q=" + "a".repeat(10_000)
                + " HTTP/1.1\r\nHost: x\r\n\r\n", IDLE.dividedBy(2));
        assertEquals(414, tooLong.status(), tooLong.text());
        assertProblemText(tooLong.header("Content-Type"), tooLong.body());
    }

    @Test
    @DisplayName("JSON of the wrong type, a body over the limit, huge headers: 400, 413, 431 with problem details")
    void limitsAndTypes() throws Exception {
        HttpResponse<String> wrongType = HTTP.send(HttpRequest.newBuilder(grader.url("/api/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":[1],\"password\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(400, wrongType);
        assertTrue(wrongType.body().contains("username"), wrongType.body());

        RawHttp.Reply tooLarge = RawHttp.send(grader.port(), "POST /api/exercises/tensors/submissions HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\n"
                + "Content-Length: 3000000\r\n\r\n", IDLE.dividedBy(2));
        assertEquals(413, tooLarge.status(), tooLarge.text());
        assertProblemText(tooLarge.header("Content-Type"), tooLarge.body());

        RawHttp.Reply bigHeaders = RawHttp.send(grader.port(), "GET /api/exercises HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(30_000) + "\r\n\r\n", IDLE.dividedBy(2));
        assertEquals(431, bigHeaders.status(), bigHeaders.text());
        assertProblemText(bigHeaders.header("Content-Type"), bigHeaders.body());
    }

    @Test
    @DisplayName("API answers, errors included, carry nosniff and no-store")
    void responseHeaders() throws Exception {
        for (HttpResponse<String> r : List.of(get("/api/exercises"), get("/api/submissions/999999"), get("/api/nothing"))) {
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), r.uri().toString());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), r.uri().toString());
        }
    }

    @Test
    @DisplayName("a client that stops sending is cut off after the idle time-out")
    void stalledClientIsCutOff() throws Exception {
        RawHttp.Reply stalled = RawHttp.send(grader.port(), "GET /api/exercises HTTP/1.1\r\nHost: x\r\nX-Half: ",
                IDLE.multipliedBy(6));
        assertTrue(stalled.closed(), "closed by the server: " + stalled.text());
        assertTrue(stalled.took().compareTo(IDLE.minusSeconds(1)) >= 0 && stalled.took().compareTo(IDLE.multipliedBy(3)) < 0,
                "closed after " + stalled.took().toMillis() + " ms; idle time-out " + IDLE.toMillis() + " ms");
        System.out.println("[measured] stalled client closed after " + stalled.took().toMillis() + " ms (idle time-out "
                + IDLE.toMillis() + " ms)");
    }

    @Test
    @DisplayName("the web sign-in's 429 says when to retry; unknown names are locked like real ones")
    void webSignInLock() throws Exception {
        for (String name : List.of("instructor", "no-such-person")) {
            HttpResponse<String> last = null;
            for (int i = 0; i < 6; i++) {
                last = webSignIn(name, "wrong-password-" + i);
            }
            assertEquals(429, last.statusCode(), name + ": " + last.body());
            assertNotNull(last.headers().firstValue("Retry-After").orElse(null), name);
            assertTrue(last.body().contains("too many wrong passwords for &#39;" + name + "&#39;"), last.body());
        }
    }

    @Test
    @DisplayName("a wrong password takes as long for an unknown name as for a real one (both check a bcrypt hash)")
    void signInTimingTellsNothing() throws Exception {
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 4; i++) {               // four failures: one short of a lock
            known.add(timedApiSignIn("learner"));
            unknown.add(timedApiSignIn("ghost-" + i));
        }
        Collections.sort(known);
        Collections.sort(unknown);
        long knownMedian = known.get(2);
        long unknownMedian = unknown.get(2);
        System.out.printf("[measured] failed sign-in, median of 4: known name %d ms, unknown name %d ms%n",
                knownMedian / 1_000_000, unknownMedian / 1_000_000);
        // within a factor of 3 (a shared machine is noisy); before, an unknown name skipped the bcrypt check
        assertTrue(unknownMedian * 3 > knownMedian && knownMedian * 3 > unknownMedian,
                "known " + known + " ns, unknown " + unknown + " ns");
    }

    // -------------------------------------------------------------------------------------------------------------

    private static long timedApiSignIn(String name) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(grader.url("/api/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"wrong-one\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        assertEquals(401, r.statusCode(), r.body());
        return took;
    }

    private static HttpResponse<String> webSignIn(String name, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(grader.url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + name + "&password=" + password)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(grader.url(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, String body, boolean signedIn)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(grader.url(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signedIn) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.uri() + ": " + r.body());
        assertProblemText(r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"([^\"]{10,})");

    /** problem+json with a detail of some length: a sentence, not a bare status. */
    private static void assertProblemText(String contentType, String body) {
        assertNotNull(contentType, body);
        assertTrue(contentType.startsWith("application/problem+json"), contentType + ": " + body);
        Matcher m = DETAIL.matcher(body);
        assertTrue(m.find(), body);
        assertFalse(m.group(1).contains("something went wrong on our side"), body);
    }
}
