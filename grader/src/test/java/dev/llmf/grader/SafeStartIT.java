package dev.llmf.grader;

import dev.llmf.grader.support.GraderProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two starts on one data folder (the packaged grader, with its own embedded PostgreSQL): the second refuses in one
 * line that names the first, and the first keeps serving; after a {@code kill -9} of the first, the PostgreSQL it
 * left behind is stopped and a new start succeeds.
 */
class SafeStartIT {

    private static final Duration REFUSAL_PATIENCE = Duration.ofSeconds(60);

    @Test
    @DisplayName("a second start on a running grader's data folder refuses in one line; the first stays ready")
    void secondStartRefuses() throws Exception {
        try (GraderProcess first = GraderProcess.withEmbeddedDatabase()) {
            first.start();
            String token = first.signInAsDemoLearner();
            String names = "(PID " + first.process().pid() + ", HTTP port " + first.port() + ")";

            Refusal launcher = run(launcherCommand(first, "start"));
            assertNotEquals(0, launcher.exitCode, launcher.output);
            assertEquals(1, launcher.lines().size(), "one line: " + launcher.output);
            assertTrue(launcher.output.contains(names), launcher.output);
            assertTrue(launcher.output.contains(first.dataDir().toString()), launcher.output);

            Refusal seed = run(launcherCommand(first, "seed-demo"));
            assertNotEquals(0, seed.exitCode, seed.output);
            assertEquals(1, seed.lines().size(), "one line: " + seed.output);
            assertTrue(seed.output.startsWith("seed-demo: a grader " + names), seed.output);

            // Straight to the jar, past the launcher's look: the grader's own lock refuses (the JVM adds its notice).
            List<String> direct = first.javaCommand();
            direct.set(direct.indexOf("-Dquarkus.http.port=" + first.port()), "-Dquarkus.http.port=0");
            direct.addAll(List.of("-jar", GraderProcess.jar().toString()));
            Refusal jar = run(direct);
            assertNotEquals(0, jar.exitCode, jar.output);
            String last = jar.lines().getLast();
            assertTrue(last.startsWith("llmf-grader: a grader " + names), jar.output);
            assertFalse(jar.output.contains("\tat "), "no stack trace: " + jar.output);

            assertEquals(200, first.fetch("/q/health/ready").statusCode(), "the first instance is still ready");
            assertEquals(200, first.fetch("/api/exercises", token).statusCode(), "and still reaches its database");
        }
    }

    @Test
    @DisplayName("after a kill -9, the PostgreSQL the dead grader left is stopped and the next start works")
    void leftoverOfADeadGraderIsStopped() throws Exception {
        try (GraderProcess grader = GraderProcess.withEmbeddedDatabase()) {
            grader.start();
            grader.kill();
            assertTrue(postgresOf(grader).isPresent(), "the killed grader's PostgreSQL is still running");

            grader.start();
            assertEquals(200, grader.fetch("/q/health/ready").statusCode());
            assertTrue(grader.log().contains("stopping the PostgreSQL that a grader which is no longer running left"),
                    grader.log());
            assertEquals(200, grader.fetch("/api/exercises", grader.signInAsDemoLearner()).statusCode());
        }
    }

    private static java.util.Optional<ProcessHandle> postgresOf(GraderProcess grader) {
        String cluster = grader.dataDir().resolve("postgres").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains(cluster) && c.contains("postgres")).orElse(false)).findFirst();
    }

    /** The launcher, {@code ./llmf-grader <command>}, with the first grader's data folder and JDK. */
    private static List<String> launcherCommand(GraderProcess first, String command) {
        List<String> settings = new ArrayList<>(first.settings());
        settings.replaceAll(s -> s.startsWith("-Dquarkus.http.port=") ? "-Dquarkus.http.port=0" : s);
        return List.of("env", "JAVA_HOME=" + System.getProperty("java.home"), "LLMF_JAVA_OPTS=" + String.join(" ", settings),
                Path.of("..", "llmf-grader").toAbsolutePath().normalize().toString(), command);
    }

    private record Refusal(int exitCode, String output) {
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Refusal run(List<String> command) throws Exception {
        Path output = Files.createTempFile("llmf-second-start-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(REFUSAL_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the second start did not end: " + Files.readString(output));
            }
            return new Refusal(p.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
