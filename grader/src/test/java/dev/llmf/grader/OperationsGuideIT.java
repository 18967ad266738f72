package dev.llmf.grader;

import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.support.DocumentedCommands;
import dev.llmf.grader.support.LaunchedGrader;
import dev.llmf.grader.support.Shell;
import dev.llmf.grader.support.Submissions;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command and the operations guide's steps, run as written through {@code ./llmf-grader} with
 * only {@code JAVA_HOME} set (the PATH's {@code java} is older on these machines): start to ready, back up while
 * running, restore into a fresh folder with the same submissions and scores, an external database, behind a proxy.
 */
class OperationsGuideIT {

    static final String GUIDE = "docs/operations.md";
    private static final String BACKUP_FILE = "/srv/backups/llmf-2026-12-06.zip";
    private static final String RESTORED_DIR = "/srv/llmf-restored";

    @TempDir
    Path tmp;

    @Test
    @DisplayName("the README's command starts the grader; a backup made while it runs restores the same scores")
    void startBackUpAndRestoreAsDocumented() throws Exception {
        open(tmp);
        Path backup = tmp.resolve("backup.zip");
        Map<Long, String> before;
        try (LaunchedGrader grader = LaunchedGrader.in(tmp.resolve("data"), Map.of())) {
            grader.startAndAwaitReady(DocumentedCommands.find("README.md", "./llmf-grader"));
            String token = signIn(grader, demoPassword(tmp.resolve("data")));
            long good = submit(grader, token, Submissions.sources("tensors", "accepted"));
            long bad = submit(grader, token, Submissions.sources("tensors", "planted-bug"));
            before = Map.of(good, awaitGraded(grader, token, good), bad, awaitGraded(grader, token, bad));
            assertTrue(before.get(good).contains("100.0") && !before.get(bad).contains("100.0"), before.toString());
            Shell.Result viaCurl = grader.run((DocumentedCommands.find(GUIDE, "TOKEN=$(curl") + "\n"
                    + DocumentedCommands.find(GUIDE, "curl -s -H \"Authorization: Bearer $TOKEN\""))
                    .replace("<from the log>", demoPassword(tmp.resolve("data"))).replace("http://127.0.0.1:8080", grader.baseUrl()));
            assertTrue(viaCurl.output().contains("\"status\":\"QUEUED\""), viaCurl.output());

            Shell.Result made = grader.run(DocumentedCommands.find(GUIDE, "./llmf-grader backup").replace(BACKUP_FILE, backup.toString()));
            assertEquals(0, made.exitCode(), made.output());
            assertTrue(made.output().contains("3 submissions"), made.output());
            assertTrue(tablesIn(backup).contains("tables/submission.csv"));
        }

        Path restored = tmp.resolve("restored");
        try (LaunchedGrader grader = LaunchedGrader.in(tmp.resolve("unused"), Map.of())) {
            Shell.Result load = grader.run(DocumentedCommands.find(GUIDE, "LLMF_DATA_DIR=" + RESTORED_DIR + " ./llmf-grader restore")
                    .replace(RESTORED_DIR, restored.toString()).replace(BACKUP_FILE, backup.toString()));
            assertEquals(0, load.exitCode(), load.output());
            Shell.Result again = grader.run("LLMF_DATA_DIR=" + restored + " ./llmf-grader restore " + backup);
            assertEquals(1, again.exitCode(), again.output());
            assertTrue(again.output().contains("the database is not empty"), again.output());

            grader.startAndAwaitReady(DocumentedCommands.find(GUIDE, "LLMF_DATA_DIR=" + RESTORED_DIR + " ./llmf-grader")
                    .replace(RESTORED_DIR, restored.toString()));
            String token = signIn(grader, demoPassword(tmp.resolve("data")));
            for (Map.Entry<Long, String> submission : before.entrySet()) {
                assertEquals(submission.getValue(), scoreOf(grader, token, submission.getKey()));
            }
        }
    }

    @Test
    @DisplayName("the grader runs on an external PostgreSQL configured as the guide shows")
    void anExternalDatabaseAsDocumented() throws Exception {
        open(tmp);
        try (LocalPostgres external = LocalPostgres.start(tmp.resolve("external"), freePort());
             LaunchedGrader grader = LaunchedGrader.in(tmp.resolve("data"), Map.of())) {
            String command = DocumentedCommands.find(GUIDE, "QUARKUS_DATASOURCE_JDBC_URL=")
                    .replace("jdbc:postgresql://db.example.edu:5432/llmf", external.jdbcUrl())
                    .replace("QUARKUS_DATASOURCE_PASSWORD=secret", "QUARKUS_DATASOURCE_PASSWORD=" + external.password());
            grader.startAndAwaitReady(command);
            assertTrue(grader.log().contains("demo accounts created"), grader.log());
            assertTrue(Files.notExists(tmp.resolve("data/postgres")), "no embedded database was started");
        }
    }

    @Test
    @DisplayName("behind a proxy the starter names the public address the guide sets")
    void behindAProxyAsDocumented() throws Exception {
        open(tmp);
        try (LaunchedGrader grader = LaunchedGrader.in(tmp.resolve("data"), Map.of())) {
            String command = DocumentedCommands.find(GUIDE, "LLMF_JAVA_OPTS=\"-Dquarkus.http.proxy")
                    .replace("LLMF_JAVA_OPTS=\"", "LLMF_JAVA_OPTS=\"$LLMF_JAVA_OPTS ");
            grader.startAndAwaitReady(command);
            String token = signIn(grader, demoPassword(tmp.resolve("data")));
            var starter = grader.sendForBytes(grader.request("/api/starter").header("Authorization", "Bearer " + token));
            assertEquals(200, starter.statusCode());
            assertTrue(entry(starter.body(), "llmf-starter/.llmf/course.properties").contains("server=https://grader.example.edu\n"));
        }
    }

    @Test
    @DisplayName("seed-demo, as the instructors' guide shows it, fills a small course")
    void seedDemoAsDocumented() throws Exception {
        open(tmp);
        try (LaunchedGrader grader = LaunchedGrader.in(tmp.resolve("data"), Map.of())) {
            String command = DocumentedCommands.find("docs/instructors.md", "./llmf-grader seed-demo --learners 50");
            Shell.Result seeded = grader.run(command);
            assertEquals(0, seeded.exitCode(), seeded.output());
            assertTrue(seeded.output().contains("seed-demo: 50 learners (demo-0001 … demo-0050)"), seeded.output());
        }
    }

    private static String signIn(LaunchedGrader grader, String password) throws Exception {
        var r = grader.send(grader.request("/api/auth/tokens").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"learner\",\"password\":\"" + password + "\"}")));
        assertEquals(201, r.statusCode(), r.body());
        return new JsonPath(r.body()).getString("token");
    }

    private static long submit(LaunchedGrader grader, String token, Map<String, String> files) throws Exception {
        String boundary = "b-" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        files.forEach((name, text) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data;"
                + " name=\"file\"; filename=\"").append(name).append("\"\r\n\r\n").append(text).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        var r = grader.send(grader.request("/api/exercises/tensors/submissions").header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertEquals(202, r.statusCode(), r.body());
        return new JsonPath(r.body()).getLong("id");
    }

    private static String awaitGraded(LaunchedGrader grader, String token, long id) throws Exception {
        for (int i = 0; i < 600; i++) {
            String score = scoreOf(grader, token, id);
            if (score.startsWith("GRADED")) {
                return score;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("submission " + id + " was not graded within 60 s");
    }

    /** Status, score and every test's outcome: what must survive a backup. */
    private static String scoreOf(LaunchedGrader grader, String token, long id) throws Exception {
        var r = grader.send(grader.request("/api/submissions/" + id).header("Authorization", "Bearer " + token));
        assertEquals(200, r.statusCode(), r.body());
        JsonPath json = new JsonPath(r.body());
        return json.getString("status") + " " + json.getString("score.percent") + " " + json.getList("tests.passed")
                + " hidden " + json.getString("hidden.passed");
    }

    private static String demoPassword(Path dataDir) throws Exception {
        Matcher m = Pattern.compile("learner (\\S+)").matcher(Files.readString(dataDir.resolve("demo-accounts.txt")));
        assertTrue(m.find());
        return m.group(1);
    }

    private static List<String> tablesIn(Path zip) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static String entry(byte[] zip, String name) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes());
                }
            }
        }
        throw new AssertionError("no " + name + " in the starter");
    }

    // As root the embedded PostgreSQL runs as nobody, who must reach its folder.
    private static void open(Path folder) throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
