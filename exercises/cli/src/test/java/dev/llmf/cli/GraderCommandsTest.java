package dev.llmf.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.llmf.cli.FakeGrader.json;
import static dev.llmf.cli.FakeGrader.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraderCommandsTest {

    static final String RUNNING = """
            {"id":42,"exercise":"tokenizer","learner":"learner","status":"RUNNING","submittedAt":"2026-01-01T10:00:00Z",
             "finishedAt":null,"score":null,"compileErrors":null,"error":null,"tests":[],"hidden":null}""";
    static final String GRADED_PARTLY = """
            {"id":42,"exercise":"tokenizer","learner":"learner","status":"GRADED","submittedAt":"2026-01-01T10:00:00Z",
             "finishedAt":"2026-01-01T10:00:09Z","score":{"earned":7,"possible":10,"percent":70.0},
             "compileErrors":null,"error":null,"somethingNew":true,
             "tests":[{"name":"train merges the most frequent pair","passed":true,"points":3,"possible":3,"message":null},
                      {"name":"encode round-trips any text","passed":false,"points":0,"possible":3,
                       "message":"decode(encode(\\"héllo\\")) gave \\"hllo\\": multi-byte characters must survive"}],
             "hidden":{"count":4,"passed":3,"note":"these tests count toward your score"}}""";
    static final String GRADED_FULL = """
            {"id":43,"exercise":"tokenizer","status":"GRADED","score":{"earned":10,"possible":10,"percent":100.0},
             "tests":[{"name":"all good","passed":true,"points":10,"possible":10,"message":null}],"hidden":null}""";
    static final String COMPILE_ERROR = """
            {"id":44,"exercise":"tokenizer","status":"ERROR","score":{"earned":0,"possible":10,"percent":0.0},
             "compileErrors":"dev/llmf/exercises/tokenizer/BpeTokenizer.java:3: error: ';' expected\\n    int x\\n         ^",
             "error":null,"tests":[],"hidden":null}""";

    @TempDir
    Path tmp;
    Harness h;
    FakeGrader grader;
    Path course;

    @BeforeEach
    void setUp() throws IOException {
        h = new Harness(tmp);
        grader = new FakeGrader();
        course = Harness.course(tmp.resolve("course"), Harness.map(
                "exercises/02-tokenizer/src/main/java/dev/llmf/exercises/tokenizer/BpeTokenizer.java",
                "package dev.llmf.exercises.tokenizer;\nclass BpeTokenizer { String s = \"héllo\"; }\n",
                "exercises/02-tokenizer/src/test/java/dev/llmf/exercises/tokenizer/BpeTokenizerTest.java", "tests",
                "exercises/01-tensors/src/main/java/dev/llmf/exercises/tensors/TensorOps.java", "class TensorOps {}",
                "exercises/04-attention/src/main/java/dev/llmf/exercises/attention/SelfAttention.java", "class A {}"));
        h.cwd = course;
    }

    @AfterEach
    void tearDown() {
        grader.close();
    }

    // ---- login

    @Test
    void loginSavesServerAndTokenOwnerOnly() throws IOException {
        grader.on("POST", "/api/auth/tokens", json(201, "{\"token\":\"tok-123\",\"username\":\"learner\",\"role\":\"LEARNER\"}"));
        h.stdin = "s3cret\n";
        int code = h.run("login", "--server", grader.url() + "/", "--username", "learner");
        assertEquals(0, code, h.out() + h.err());
        assertTrue(h.out().contains("Logged in to " + grader.url() + " as learner (learner)."), h.out());
        assertTrue(h.err().contains("Password for learner at " + grader.url() + ": "), h.err());

        FakeGrader.Request r = grader.requests.getFirst();
        assertEquals("application/json", r.header("Content-Type"));
        assertTrue(r.body().contains("\"username\":\"learner\"") && r.body().contains("\"password\":\"s3cret\""), r.body());

        Properties p = new Properties();
        try (var in = Files.newBufferedReader(h.configFile())) {
            p.load(in);
        }
        assertEquals(grader.url(), p.getProperty("server"));
        assertEquals("tok-123", p.getProperty("token"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.configFile())));
    }

    @Test
    void loginAsksForTheUsernameToo() {
        grader.on("POST", "/api/auth/tokens", json(201, "{\"token\":\"t\",\"username\":\"ada\",\"role\":\"LEARNER\"}"));
        h.stdin = "ada\npw\n";
        assertEquals(0, h.run("login", "--server", grader.url()), h.err());
        assertTrue(h.err().contains("Username: "), h.err());
        assertTrue(grader.requests.getFirst().body().contains("\"username\":\"ada\""));
    }

    @Test
    void loginInADownloadedStarterUsesItsGraderAndUsername() throws IOException {
        Files.createDirectories(course.resolve(".llmf"));
        Files.writeString(course.resolve(CourseSettings.FILE), "server=" + grader.url() + "/\nusername=ada\n");
        h.saveConfig("http://last-term.example:8080", "old");
        grader.on("POST", "/api/auth/tokens", json(201, "{\"token\":\"t\",\"username\":\"ada\",\"role\":\"LEARNER\"}"));
        h.stdin = "\npw\n";
        assertEquals(0, h.run("login"), h.err());
        assertTrue(h.err().contains("Username [ada]: "), h.err());
        assertTrue(h.out().contains("Logged in to " + grader.url() + " as ada"), h.out());
        assertTrue(grader.requests.getFirst().body().contains("\"username\":\"ada\""));
    }

    @Test
    void loginWithTheWrongPasswordPrintsTheServersDetail() {
        grader.on("POST", "/api/auth/tokens", problem(401, "Unauthorized", "wrong username or password"));
        h.stdin = "nope\n";
        assertEquals(1, h.run("login", "--server", grader.url(), "-u", "learner"));
        assertTrue(h.err().contains("llmf: wrong username or password"), h.err());
        assertFalse(Files.exists(h.configFile()));
    }

    @Test
    void loginWithoutAPassword() {
        h.stdin = "";
        assertEquals(2, h.run("login", "--server", grader.url(), "-u", "learner"));
        assertTrue(h.err().contains("no password given"), h.err());
        assertTrue(grader.requests.isEmpty());
    }

    @Test
    void loginToANonsenseAddressIsAUsageError() {
        assertEquals(2, h.run("login", "--server", "ftp://x", "-u", "a"));
        assertTrue(h.err().contains("'ftp://x' is not a server address"), h.err());
    }

    // ---- submit

    @Test
    void submitUploadsPollsAndPrintsTheResult() {
        h.saveConfig(grader.url(), "tok-123");
        grader.on("POST", "/api/exercises/tokenizer/submissions",
                json(202, "{\"id\":42,\"status\":\"QUEUED\",\"location\":\"/api/submissions/42\"}"));
        grader.on("GET", "/api/submissions/42", json(200, RUNNING.replace("RUNNING", "QUEUED")), json(200, RUNNING),
                json(200, RUNNING), json(200, GRADED_PARTLY));

        int code = h.run("submit", "tokenizer");
        assertEquals(1, code, h.out() + h.err());

        FakeGrader.Request upload = grader.requests.getFirst();
        assertEquals("POST", upload.method());
        assertEquals("Bearer tok-123", upload.header("Authorization"));
        assertTrue(upload.header("Content-Type").startsWith("multipart/form-data; boundary="), upload.header("Content-Type"));
        assertEquals(List.of("dev/llmf/exercises/tokenizer/BpeTokenizer.java"), uploadedNames(upload.body()));
        assertTrue(upload.body().contains("class BpeTokenizer { String s = \"héllo\"; }"), upload.body());
        assertEquals(5, grader.requests.size(), "one upload, then four polls");
        assertTrue(h.sleeps > 0);

        String out = h.out();
        assertTrue(out.contains("Exercise 2 · tokenizer: submitting 1 file to " + grader.url()), out);
        assertTrue(out.contains("Submission 42 is queued."), out);
        assertTrue(out.contains("Submission 42 · tokenizer: graded"), out);
        assertTrue(out.contains("  ✔ train merges the most frequent pair  3/3\n"), out);
        assertTrue(out.contains("  ✘ encode round-trips any text          0/3\n"
                + "      decode(encode(\"héllo\")) gave \"hllo\": multi-byte characters must survive\n"), out);
        assertTrue(out.contains("○ 4 hidden tests: 3 passed"), out);
        assertTrue(out.contains("Score: 7/10 (70%)"), out);
        assertTrue(out.contains("Feedback and figures: " + grader.url() + "/submissions/42"), out);
        assertFalse(h.err().contains("warning"), h.err());
    }

    @Test
    void submitWarnsWhenTheSavedSignInIsForAnotherGrader() throws IOException {
        Files.createDirectories(course.resolve(".llmf"));
        Files.writeString(course.resolve(CourseSettings.FILE), "server=https://this-term.example\n");
        h.saveConfig(grader.url(), "tok");
        grader.on("POST", "/api/exercises/tokenizer/submissions", json(202, "{\"id\":43,\"status\":\"QUEUED\"}"));
        grader.on("GET", "/api/submissions/43", json(200, GRADED_FULL));
        assertEquals(0, h.run("submit", "tokenizer"), h.out() + h.err());
        assertTrue(h.err().contains("warning: you are logged in to " + grader.url()
                + ", but this course's grader is https://this-term.example: run `./llmf login`"), h.err());
    }

    @Test
    void aFullScoreExitsZero() {
        h.saveConfig(grader.url(), "tok");
        grader.on("POST", "/api/exercises/tokenizer/submissions", json(202, "{\"id\":43,\"status\":\"QUEUED\"}"));
        grader.on("GET", "/api/submissions/43", json(200, GRADED_FULL));
        assertEquals(0, h.run("submit", "2"), h.out() + h.err());
        assertTrue(h.out().contains("Score: 10/10 (100%)  ✔ full score"), h.out());
    }

    @Test
    void submitTakesTheEarlierExercisesAlong() {
        h.saveConfig(grader.url(), "tok");
        grader.on("POST", "/api/exercises/attention/submissions", json(202, "{\"id\":43,\"status\":\"QUEUED\"}"));
        grader.on("GET", "/api/submissions/43", json(200, GRADED_FULL));
        assertEquals(0, h.run("submit", "attention"), h.out() + h.err());
        assertEquals(List.of("dev/llmf/exercises/attention/SelfAttention.java", "dev/llmf/exercises/tensors/TensorOps.java"),
                uploadedNames(grader.requests.getFirst().body()));
    }

    @Test
    void compileErrorsAreShown() {
        h.saveConfig(grader.url(), "tok");
        grader.on("POST", "/api/exercises/tokenizer/submissions", json(202, "{\"id\":44,\"status\":\"QUEUED\"}"));
        grader.on("GET", "/api/submissions/44", json(200, COMPILE_ERROR));
        assertEquals(1, h.run("submit", "tokenizer"));
        assertTrue(h.out().contains("✘ Your code did not compile:\n  dev/llmf/exercises/tokenizer/BpeTokenizer.java:3: error: ';' expected"),
                h.out());
        assertTrue(h.out().contains("Score: 0/10 (0%)"), h.out());
    }

    @Test
    void aRejectedTokenSaysToLogInAgain() {
        h.saveConfig(grader.url(), "stale");
        grader.on("POST", "/api/exercises/tokenizer/submissions", problem(401, "Unauthorized", "missing or invalid token"));
        assertEquals(1, h.run("submit", "tokenizer"));
        assertTrue(h.err().contains("llmf: your token was rejected: run `./llmf login` again"), h.err());
        assertFalse(h.err().contains("Exception"), h.err());
    }

    @Test
    void theServersProblemDetailIsPrinted() {
        h.saveConfig(grader.url(), "tok");
        grader.on("POST", "/api/exercises/tokenizer/submissions",
                problem(403, "Forbidden", "exercise 'tokenizer' opens at 2030-01-01T00:00:00Z"));
        assertEquals(1, h.run("submit", "tokenizer"));
        assertTrue(h.err().contains("llmf: exercise 'tokenizer' opens at 2030-01-01T00:00:00Z"), h.err());
    }

    @Test
    void aRemoteServerThatCannotBeReachedSuggestsAnotherAddress() {
        h.saveConfig("http://grader.invalid", "tok");
        assertEquals(1, h.run("status"));
        assertTrue(h.err().contains("llmf: cannot reach http://grader.invalid: is the address right and the grader"
                + " running? (`./llmf login --server URL` changes the address)"), h.err());
    }

    @Test
    void aServerThatIsDownIsNamed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        h.saveConfig("http://127.0.0.1:" + port, "tok");
        assertEquals(1, h.run("submit", "tokenizer"));
        assertTrue(h.err().contains("llmf: cannot reach http://127.0.0.1:" + port
                + ": is the address right and the grader running? Start it from the course repository with\n  ./llmf-grader"), h.err());
        assertFalse(h.err().contains("Exception"), h.err());

        assertEquals(1, h.run("status"));
        assertTrue(h.err().contains("cannot reach"));
    }

    @Test
    void notLoggedIn() {
        assertEquals(1, h.run("submit", "tokenizer"));
        assertTrue(h.err().contains("llmf: not logged in: run `./llmf login` first"), h.err());
        assertEquals(1, h.run("status"));
        assertTrue(grader.requests.isEmpty());
    }

    @Test
    void nothingToSubmitIsSaidBeforeUploading() {
        h.saveConfig(grader.url(), "tok");
        assertEquals(1, h.run("submit", "sampler"));
        assertTrue(h.err().contains("llmf: nothing to submit: no .java files found in exercises/06-sampler/src/main/java"),
                h.err());
        assertTrue(grader.requests.isEmpty());
    }

    @Test
    void givingUpAfterTheTimeout() {
        h.saveConfig(grader.url(), "tok");
        grader.on("POST", "/api/exercises/tokenizer/submissions", json(202, "{\"id\":42,\"status\":\"QUEUED\"}"));
        grader.on("GET", "/api/submissions/42", json(200, RUNNING));
        Context ctx = h.context();
        Context slow = new Context(ctx.out(), ctx.err(), ctx.in(), null, false, ctx.style(), ctx.cwd(), ctx.env(),
                ctx.home(), null, ctx.builds(), java.time.Duration.ofSeconds(1), d -> { }, ctx.zone());
        assertEquals(1, Llmf.run(slow, "submit", "tokenizer", "--timeout", "3"));
        assertTrue(h.err().contains("submission 42 is still running after 3 s; see it later with `./llmf status`"), h.err());
        assertEquals(1 + 4, grader.requests.size());
    }

    // ---- status

    @Test
    void statusPrintsTheProgressTable() {
        h.saveConfig(grader.url(), "tok");
        grader.on("GET", "/api/me/progress", json(200, """
                [{"exercise":"tensors","number":1,"title":"Tensor basics","status":"PASSED","attempts":2,
                  "best":{"earned":10,"possible":10,"percent":100.0},"latest":{"earned":10,"possible":10,"percent":100.0},
                  "latestSubmissionId":5,"dueAt":null},
                 {"exercise":"tokenizer","number":2,"title":"BPE","status":"IN_PROGRESS","attempts":1,
                  "best":{"earned":2,"possible":3,"percent":66.7},"latest":{"earned":2,"possible":3,"percent":66.7},
                  "latestSubmissionId":6,"dueAt":"2030-01-01T00:00:00Z"},
                 {"exercise":"transformer-block","number":5,"title":"Block","status":"NOT_STARTED","attempts":0,
                  "best":null,"latest":null,"latestSubmissionId":null,"dueAt":null}]"""));
        grader.on("GET", "/api/exercises", json(200, """
                [{"id":"tensors","number":1,"title":"Tensor basics","opensAt":"2029-12-01T09:00:00Z","dueAt":null,"open":true},
                 {"id":"tokenizer","number":2,"title":"BPE","opensAt":null,"dueAt":"2030-01-01T00:00:00Z","open":true}]"""));
        assertEquals(0, h.run("status"), h.err());
        assertEquals("Bearer tok", grader.requests.getFirst().header("Authorization"));
        String out = h.out();
        assertTrue(out.contains("#  exercise           status       attempts  best          latest        opens             due\n"), out);
        assertTrue(out.contains("1  tensors            passed       2         10/10 (100%)  10/10 (100%)  2029-12-01 09:00  —\n"), out);
        assertTrue(out.contains("2  tokenizer          in progress  1         2/3 (66.7%)   2/3 (66.7%)   —                 2030-01-01 00:00\n"), out);
        assertTrue(out.contains("5  transformer-block  not started  0         —             —             —                 —\n"), out);
        assertTrue(out.contains("1 of 3 exercises passed with full score. Dates are in UTC."), out);
    }

    @Test
    void statusWithARejectedToken() {
        h.saveConfig(grader.url(), "old");
        grader.on("GET", "/api/me/progress", problem(401, "Unauthorized", "unknown token"));
        assertEquals(1, h.run("status"));
        assertTrue(h.err().contains("your token was rejected: run `./llmf login` again"), h.err());
    }

    @Test
    void somethingThatIsNotTheGrader() {
        h.saveConfig(grader.url(), "tok");
        grader.on("GET", "/api/me/progress", new FakeGrader.Answer(200, "text/html", "<html>hello</html>"));
        assertEquals(1, h.run("status"));
        assertTrue(h.err().contains("sent an answer llmf does not understand"), h.err());
    }

    private static List<String> uploadedNames(String multipart) {
        Matcher m = Pattern.compile("Content-Disposition: form-data; name=\"file\"; filename=\"([^\"]+)\"").matcher(multipart);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
