package dev.llmf.grader.starter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A learner's terminal in an unpacked starter: commands run as typed ({@code ./llmf check tensors}) with only
 * {@code JAVA_HOME} pointing at a JDK 25, and a PATH whose {@code java} may be older (these machines have 17), so
 * nothing of this build's own JVM or Maven set-up helps them along.
 */
final class LearnerShell {

    /** What a command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private final Path folder;
    private final Map<String, String> env;

    LearnerShell(Path folder, Path llmfConfig) {
        this.folder = folder;
        this.env = Map.of("JAVA_HOME", System.getProperty("java.home"),
                "PATH", "/usr/local/bin:/usr/bin:/bin",
                "HOME", System.getProperty("user.home"),
                "LLMF_CONFIG", llmfConfig.toString(),
                "LANG", "C.UTF-8",
                "NO_COLOR", "1");
    }

    /** Runs {@code command} (e.g. {@code ./llmf check tensors}) in the starter, {@code input} on its stdin. */
    Result run(String command, String input) throws IOException, InterruptedException {
        Path output = Files.createTempFile("llmf-learner-", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", command)).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        String printed = Files.readString(output);
        Files.delete(output);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within 5 minutes; it printed:\n" + printed);
        }
        return new Result(p.exitValue(), printed);
    }

    /** Puts a file into the starter, as a learner saving their code would. */
    void write(String path, String text) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
