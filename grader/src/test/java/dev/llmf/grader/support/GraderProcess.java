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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged grader ({@code target/quarkus-app}) as a separate process on its own port, with a PostgreSQL of its
 * own, driven over HTTP like a real client: for tests that kill it and for the grader benchmark.
 */
public final class GraderProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path folder;
    private final LocalPostgres db;
    private final boolean ownsDatabase;
    private final int port;
    private final List<String> extraProperties;
    private Process process;

    private GraderProcess(Path folder, LocalPostgres db, boolean ownsDatabase, int port, List<String> extraProperties) {
        this.folder = folder;
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.port = port;
        this.extraProperties = extraProperties;
    }

    /** A database in a fresh temporary folder; the grader itself is started with {@link #start()}. */
    public static GraderProcess withFreshDatabase(String... extraProperties) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("llmf-grader-");
        // open to other users: as root, PostgreSQL runs as nobody and must reach its folder
        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return new GraderProcess(folder, LocalPostgres.start(folder.resolve("postgres"), freePort()), true, freePort(),
                List.of(extraProperties));
    }

    /** A second instance on {@code other}'s database, with a data folder of its own; closing it keeps the database. */
    public static GraderProcess onSameDatabase(GraderProcess other, String... extraProperties) throws IOException {
        Path folder = Files.createTempDirectory("llmf-grader-");
        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return new GraderProcess(folder, other.db, false, freePort(), List.of(extraProperties));
    }

    public int port() {
        return port;
    }

    /** The grader's data folder ({@code llmf.data-dir}). */
    public Path dataDir() {
        return folder.resolve("data");
    }

    /** The grader's own {@code java.io.tmpdir}, so its temporary folders are not mixed with other processes'. */
    public Path tempDir() {
        return folder.resolve("tmp");
    }

    /** Everything the grader logged so far, across restarts. */
    public String log() throws IOException {
        return Files.readString(folder.resolve("grader.log"));
    }

    public LocalPostgres database() {
        return db;
    }

    public Process process() {
        return process;
    }

    /** Starts the jar and waits until it answers HTTP. */
    public void start() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the grader first: " + jar + " is missing");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + db.jdbcUrl(),
                "-Dquarkus.datasource.username=" + LocalPostgres.USER,
                "-Dquarkus.datasource.password=" + db.password(),
                "-Dllmf.data-dir=" + folder.resolve("data"),
                "-Djava.io.tmpdir=" + Files.createDirectories(tempDir()),
                "-Dllmf.grading.instance-name=grader-process",
                "-Dllmf.grading.poll-interval=200ms"));
        command.addAll(extraProperties);
        command.addAll(List.of("-jar", jar.toString()));
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

    /** Signs in as the demo learner (password from the data folder) and returns an API token. */
    public String signInAsDemoLearner() throws Exception {
        Matcher m = Pattern.compile("learner (\\S+)").matcher(Files.readString(folder.resolve("data/demo-accounts.txt")));
        if (!m.find()) {
            throw new IllegalStateException("no demo learner in " + folder);
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"learner\",\"password\":\"" + m.group(1) + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("sign-in failed: " + r.body());
        }
        return field(r.body(), "token");
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

    /** The submission's status, e.g. QUEUED, RUNNING, GRADED. */
    public String status(String token, long id) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/submissions/" + id))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
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
        }
        if (ownsDatabase) {
            db.close();
        }
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
