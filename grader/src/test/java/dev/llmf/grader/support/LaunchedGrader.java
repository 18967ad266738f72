package dev.llmf.grader.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The grader started the way the operations guide says, through {@code ./llmf-grader} from the repository root,
 * on free ports and a data folder of its own (given as {@code LLMF_JAVA_OPTS} and {@code LLMF_DATA_DIR}, the
 * documented way to change them).
 */
public final class LaunchedGrader implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Shell shell;
    private final int port;
    private final Path log;
    private Process process;

    private LaunchedGrader(Shell shell, int port, Path log) {
        this.shell = shell;
        this.port = port;
        this.log = log;
    }

    /**
     * A shell for {@code ./llmf-grader} with {@code dataDir}, a free HTTP and database port, and {@code env} (which
     * may add to {@code LLMF_JAVA_OPTS}).
     */
    public static LaunchedGrader in(Path dataDir, Map<String, String> env) throws IOException {
        int port = freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("LLMF_DATA_DIR", dataDir.toString());
        all.put("LLMF_JAVA_OPTS", ("-Dquarkus.http.port=" + port + " -Dllmf.db.port=" + freePort()
                + " -Dllmf.grading.poll-interval=200ms " + env.getOrDefault("LLMF_JAVA_OPTS", "")).strip());
        Files.createDirectories(dataDir.getParent());
        return new LaunchedGrader(new Shell(Shell.repository(), all), port, dataDir.resolveSibling(dataDir.getFileName() + ".log"));
    }

    /** Runs a command that ends (a sub-command such as {@code ./llmf-grader backup …}) in the same environment. */
    public Shell.Result run(String command) throws IOException, InterruptedException {
        return shell.run(command, "");
    }

    /** Starts {@code command} (e.g. {@code ./llmf-grader}) and waits until {@code /q/health/ready} answers 200. */
    public Duration startAndAwaitReady(String command) throws Exception {
        Instant started = Instant.now();
        process = shell.start(command, "", log);
        Instant deadline = started.plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (HTTP.send(request("/q/health/ready").build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.between(started, Instant.now());
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(command + " was not ready within 120 s:\n" + Files.readString(log));
    }

    /** What the grader printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Stops it as Ctrl-C does; waits for it to end. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            Shell.stop(process);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
