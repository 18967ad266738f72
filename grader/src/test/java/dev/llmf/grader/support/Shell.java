package dev.llmf.grader.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A user's terminal: commands run as typed ({@code ./llmf check tensors}, {@code ./llmf-grader backup b.zip}) in a
 * folder, with only {@code JAVA_HOME} pointing at a JDK 25 and a PATH whose {@code java} may be older (these
 * machines have 17), so nothing of this build's own JVM or Maven set-up helps them along.
 */
public final class Shell {

    /** What a command printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private final Path folder;
    private final Map<String, String> env = new HashMap<>();

    /** A terminal in {@code folder} with a UTF-8 locale, {@code JAVA_HOME} and {@code extraEnv} set. */
    public Shell(Path folder, Map<String, String> extraEnv) {
        this.folder = folder;
        env.putAll(Map.of("JAVA_HOME", System.getProperty("java.home"),
                "PATH", "/usr/local/bin:/usr/bin:/bin",
                "HOME", System.getProperty("user.home"),
                "LANG", "C.UTF-8",
                "NO_COLOR", "1"));
        env.putAll(extraEnv);
    }

    /** The course repository's root, where the README's commands are typed. */
    public static Path repository() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    /** Runs {@code command} and waits for it (5 minutes at most), {@code input} on its stdin. */
    public Result run(String command, String input) throws IOException, InterruptedException {
        Path log = Files.createTempFile("llmf-shell-", ".log");
        try {
            Process p = start(command, input, log);
            boolean finished = p.waitFor(5, TimeUnit.MINUTES);
            String printed = Files.readString(log);
            if (!finished) {
                stop(p);
                throw new IllegalStateException(command + " did not finish within 5 minutes; it printed:\n" + printed);
            }
            return new Result(p.exitValue(), printed);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Starts {@code command} without waiting, its output going to {@code log}: for servers. */
    public Process start(String command, String input, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", command)).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        return p;
    }

    /** Stops a started command and everything it started, as Ctrl-C on a terminal would (SIGTERM, then SIGKILL). */
    public static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** Puts a file into the folder, as a user saving it would. */
    public void write(String path, String text) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
