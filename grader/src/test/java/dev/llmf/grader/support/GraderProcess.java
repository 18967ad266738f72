package dev.llmf.grader.support;

import dev.llmf.grader.db.LocalPostgres;

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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged grader ({@code target/quarkus-app}) as a separate process on its own port, driven over HTTP like a
 * real client: for tests that kill it and for the grader benchmark. Its database is a PostgreSQL the test starts
 * ({@link #withFreshDatabase}, shared by a second instance with {@link #sharingDatabase}) or the grader's own
 * embedded one in its data folder ({@link #withEmbeddedDatabase}).
 */
public final class GraderProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path folder;
    private final LocalPostgres db;
    private final boolean ownsDatabase;
    private final int port;
    private final int embeddedDbPort;
    private final List<String> extraProperties;
    private Process process;

    private GraderProcess(Path folder, LocalPostgres db, boolean ownsDatabase, int embeddedDbPort,
                          List<String> extraProperties) throws IOException {
        this.folder = folder;
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.port = freePort();
        this.embeddedDbPort = embeddedDbPort;
        Files.createDirectories(tempDir());
        this.extraProperties = extraProperties;
    }

    /** A database in a fresh temporary folder; the grader itself is started with {@link #start()}. */
    public static GraderProcess withFreshDatabase(String... extraProperties) throws IOException, InterruptedException {
        Path folder = openTemporaryFolder();
        return new GraderProcess(folder, LocalPostgres.start(folder.resolve("postgres"), freePort()), true, -1,
                List.of(extraProperties));
    }

    /** No database from the test: the grader starts its own in its data folder, on a free port. */
    public static GraderProcess withEmbeddedDatabase(String... extraProperties) throws IOException {
        return new GraderProcess(openTemporaryFolder(), null, false, freePort(), List.of(extraProperties));
    }

    /** Another grader instance (own folder, own port) on this one's database, as several instances share one. */
    public GraderProcess sharingDatabase(String... extraProperties) throws IOException {
        if (db == null) {
            throw new IllegalStateException("only a database the test started can be shared");
        }
        return new GraderProcess(openTemporaryFolder(), db, false, -1, List.of(extraProperties));
    }

    /** The database the test started (null with the embedded one). */
    public LocalPostgres database() {
        return db;
    }

    /** A connection to this grader's database, whichever it is. */
    public Connection connect() throws IOException, SQLException {
        if (db != null) {
            return DriverManager.getConnection(db.jdbcUrl(), LocalPostgres.USER, db.password());
        }
        String password = Files.readString(dataDir().resolve("postgres/password")).trim();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + embeddedDbPort + "/" + LocalPostgres.DATABASE,
                LocalPostgres.USER, password);
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    /** The grader's data folder ({@code llmf.data-dir}). */
    public Path dataDir() {
        return folder.resolve("data");
    }

    /** Everything the grader printed so far. */
    public String log() throws IOException {
        return Files.readString(folder.resolve("grader.log"));
    }

    /** The java command that runs the packaged grader with this instance's settings, without the jar. */
    public List<String> javaCommand() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(settings());
        return command;
    }

    /** The grader's own {@code java.io.tmpdir}, so its temporary folders are not mixed with other processes'. */
    public Path tempDir() {
        return folder.resolve("tmp");
    }

    /** This instance's settings as -D options (the database's, its port, its data folder, then the extra ones). */
    public List<String> settings() {
        List<String> settings = new ArrayList<>(List.of("-Dquarkus.http.port=" + port,
                "-Dllmf.data-dir=" + dataDir(),
                "-Djava.io.tmpdir=" + tempDir(),
                "-Dllmf.grading.instance-name=grader-process",
                "-Dllmf.grading.poll-interval=200ms",
                // the tests' graders skip the start-up warm-up (CPU for nothing) unless a test sets it after this
                "-Dllmf.grading.warm-up-rounds=0"));
        if (db != null) {
            settings.addAll(List.of("-Dquarkus.datasource.jdbc.url=" + db.jdbcUrl(),
                    "-Dquarkus.datasource.username=" + LocalPostgres.USER,
                    "-Dquarkus.datasource.password=" + db.password()));
        } else {
            settings.add("-Dllmf.db.port=" + embeddedDbPort);
        }
        settings.addAll(extraProperties);
        return settings;
    }

    public static Path jar() {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the grader first: " + jar + " is missing");
        }
        return jar;
    }

    /** Starts the jar and waits until it answers HTTP. */
    public void start() throws Exception {
        List<String> command = javaCommand();
        command.addAll(List.of("-jar", jar().toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("grader.log").toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the grader exited at start: " + Files.readString(folder.resolve("grader.log")));
            }
            try {
                HTTP.send(HttpRequest.newBuilder(url("/api/exercises")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the grader did not start within 90 s");
    }

    /** SIGKILL: no shutdown hooks, no clean-up — as a crash or {@code kill -9}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as a deploy or {@code systemctl stop} sends it; waits for the exit and returns its code. */
    public int terminate(Duration patience) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the grader did not stop within " + patience + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** Polls {@code path} (with the token, if any) until it answers {@code status}; returns that answer. */
    public HttpResponse<String> awaitAnswer(String path, String token, int status, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = token == null ? fetch(path) : fetch(path, token);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(path + " did not answer " + status + " within " + patience + "; last: "
                + (last == null ? "nothing" : last.statusCode() + " " + last.body()));
    }

    /** GET {@code path} without signing in, e.g. {@code /q/health/ready}. */
    public HttpResponse<String> fetch(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code path} with the API token; the body as text. */
    public HttpResponse<String> fetch(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Seeds {@code learners} demo learners ({@code demo-0001} …) with {@code seed-demo}, before {@link #start()};
     * returns the password they all sign in with.
     */
    public String seedDemo(int learners) throws Exception {
        List<String> command = javaCommand();
        command.addAll(List.of("-jar", jar().toString(), "seed-demo", "--learners", Integer.toString(learners),
                "--attempts", "1"));
        Process seed = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(seed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("signs in with the password: (\\S+)").matcher(out);
        if (seed.waitFor() != 0 || !m.find()) {
            throw new IllegalStateException("seed-demo failed: " + out);
        }
        return m.group(1);
    }

    /** Signs {@code username} in; returns an API token. */
    public String signIn(String username, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\""
                        + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("sign-in of " + username + " failed: " + r.body());
        }
        return field(r.body(), "token");
    }

    /** The demo learner's password, from the data folder. */
    public String demoLearnerPassword() throws IOException {
        Matcher m = Pattern.compile("learner (\\S+)").matcher(Files.readString(folder.resolve("data/demo-accounts.txt")));
        if (!m.find()) {
            throw new IllegalStateException("no demo learner in " + folder);
        }
        return m.group(1);
    }

    /** Signs in as the demo learner (password from the data folder) and returns an API token. */
    public String signInAsDemoLearner() throws Exception {
        return signIn("learner", demoLearnerPassword());
    }

    /** Uploads the files as a multipart submission; returns its id. */
    public long submit(String token, String exercise, Map<String, String> files) throws Exception {
        String boundary = "llmf-" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        files.forEach((name, text) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(name).append("\"\r\n")
                .append("Content-Type: text/x-java\r\n\r\n").append(text).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/exercises/" + exercise + "/submissions"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("submission refused: " + r.statusCode() + " " + r.body());
        }
        return Long.parseLong(field(r.body(), "id"));
    }

    /** GET {@code path} with the token; the answer with its body as bytes. */
    public HttpResponse<byte[]> get(String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Where the grader answers, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The submission's status, e.g. QUEUED, RUNNING, GRADED. */
    public String status(String token, long id) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/submissions/" + id))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400 && r.statusCode() < 500) {
            throw new IllegalStateException("GET /api/submissions/" + id + " answered " + r.statusCode() + ": " + r.body());
        }
        return field(r.body(), "status");
    }

    /** Polls every {@code every} until the submission has {@code wanted}; returns when it did. */
    public Instant awaitStatus(String token, long id, String wanted, Duration patience, Duration every) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = status(token, id);
            if (last.equals(wanted)) {
                return Instant.now();
            }
            Thread.sleep(every.toMillis());
        }
        throw new IllegalStateException("submission " + id + " did not reach " + wanted + " (last: " + last + ")");
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsDatabase) {
            db.close();
        }
        if (db == null) {   // the grader's own PostgreSQL outlives a kill -9 of the grader: stop it
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                            .map(c -> c.contains(dataDir().resolve("postgres").toString())).orElse(false))
                    .forEach(p -> {
                        p.destroy();
                        p.onExit().completeOnTimeout(p, 30, java.util.concurrent.TimeUnit.SECONDS).join();
                    });
        }
        deleteRecursively(folder);
    }

    private static void deleteRecursively(Path folder) {
        try (var walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    private static Path openTemporaryFolder() throws IOException {
        Path folder = Files.createTempDirectory("llmf-grader-");
        // open to other users: as root, PostgreSQL runs as nobody and must reach its folder
        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return folder;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** The address of {@code path} on this grader, e.g. {@code /api/exercises}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
