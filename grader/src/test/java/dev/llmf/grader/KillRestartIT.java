package dev.llmf.grader;

import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.support.Submissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged grader, killed with SIGKILL while it grades, then started again: the submission is graded
 * exactly once and nothing is lost. Runs against the real jar ({@code target/quarkus-app}) in the verify phase.
 */
class KillRestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path folder;
    private static LocalPostgres db;
    private static Process grader;
    private static int port;

    @BeforeAll
    static void database() throws Exception {
        folder = Files.createTempDirectory("llmf-kill-");
        db = LocalPostgres.start(folder.resolve("postgres"), freePort());
        port = freePort();
    }

    @AfterAll
    static void cleanUp() {
        if (grader != null) {
            grader.destroyForcibly();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @DisplayName("kill -9 during grading, restart: the submission is graded once and kept")
    void killDuringGrading() throws Exception {
        grader = startGrader();
        String token = signIn();
        long id = submit(token, slowTensors());
        waitForStatus(token, id, "RUNNING", Duration.ofSeconds(60));
        grader.destroyForcibly();                              // SIGKILL: no shutdown hooks, no clean-up
        grader.waitFor();

        grader = startGrader();
        String status = waitForStatus(token, id, "GRADED", Duration.ofSeconds(120));
        assertEquals("GRADED", status);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), LocalPostgres.USER, db.password())) {
            ResultSet rs = c.createStatement().executeQuery(
                    "SELECT claims, (SELECT count(*) FROM test_result WHERE submission_id = s.id),"
                            + " (SELECT count(DISTINCT test_key) FROM test_result WHERE submission_id = s.id)"
                            + " FROM submission s WHERE id = " + id);
            assertTrue(rs.next());
            assertEquals(2, rs.getInt(1), "claimed by the killed instance, then by the restarted one");
            assertTrue(rs.getInt(2) > 0, "results were stored");
            assertEquals(rs.getInt(3), rs.getInt(2), "each test stored once");
        }
    }

    private static Process startGrader() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertTrue(Files.exists(jar), "package the grader first: " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + db.jdbcUrl(),
                "-Dquarkus.datasource.username=" + LocalPostgres.USER,
                "-Dquarkus.datasource.password=" + db.password(),
                "-Dllmf.data-dir=" + folder.resolve("data"),
                "-Dllmf.grading.instance-name=kill-test",
                "-Dllmf.grading.poll-interval=200ms",
                "-jar", jar.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("grader.log").toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                fail("the grader exited at start: " + Files.readString(folder.resolve("grader.log")));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(url("/api/exercises")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 401) {
                    return p;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        return fail("the grader did not start within 90 s");
    }

    private static String signIn() throws Exception {
        String demo = Files.readString(folder.resolve("data/demo-accounts.txt"));
        Matcher m = Pattern.compile("learner (\\S+)").matcher(demo);
        assertTrue(m.find(), demo);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"learner\",\"password\":\"" + m.group(1) + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return field(r.body(), "token");
    }

    // The accepted TensorOps, but softmax sleeps: grading takes long enough to be killed in the middle.
    private static Map<String, String> slowTensors() {
        Map<String, String> sources = new java.util.LinkedHashMap<>(Submissions.sources("tensors", "accepted"));
        String key = sources.keySet().stream().filter(k -> k.endsWith("TensorOps.java")).findFirst().orElseThrow();
        sources.put(key, sources.get(key).replaceFirst("(public Tensor softmax\\(Tensor \\w+\\)\\s*\\{)",
                "$1 try { Thread.sleep(1500); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }"));
        return sources;
    }

    private static long submit(String token, Map<String, String> files) throws Exception {
        String boundary = "llmf-" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        files.forEach((name, text) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(name).append("\"\r\n")
                .append("Content-Type: text/x-java\r\n\r\n").append(text).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/exercises/tensors/submissions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return Long.parseLong(field(r.body(), "id"));
    }

    private static String waitForStatus(String token, long id, String wanted, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/submissions/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            status = field(r.body(), "status");
            if (status.equals(wanted)) {
                return status;
            }
            Thread.sleep(100);
        }
        return fail("submission " + id + " did not reach " + wanted + " (last: " + status + ")");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        assertTrue(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
