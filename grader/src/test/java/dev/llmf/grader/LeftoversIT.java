package dev.llmf.grader;

import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.Submissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the packaged grader leaves behind: nothing running after a {@code kill -9}, no scratch folders after the next
 * start, its uploads and caches in its data folder, a private database password, and no promise of a demo-accounts
 * file it never wrote.
 */
class LeftoversIT {

    @ParameterizedTest(name = "sandbox mode {0}")
    @ValueSource(strings = {"auto", "process"})
    @DisplayName("kill -9 while learner code runs: the child and what it started die, the scratch folder goes at restart")
    void killedGraderLeavesNothing(String mode) throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase("-Dllmf.sandbox.mode=" + mode)) {
            grader.start();
            String token = grader.signInAsDemoLearner();
            String marker = "llmf-marker-" + UUID.randomUUID();
            long id = grader.submit(token, "tensors", Submissions.tensorsWithSoftmaxStartingWith(
                    "try { new ProcessBuilder(\"/bin/sh\", \"-c\", \"sleep 300; true\", \"" + marker + "\").start(); }"
                            + " catch (Exception e) { } while (x != null) { Thread.onSpinWait(); }"));
            grader.awaitStatus(token, id, "RUNNING", Duration.ofSeconds(60), Duration.ofMillis(100));
            // the sandbox's processes: the grader's descendants (bubblewrap hides their command lines' host paths)
            List<ProcessHandle> sandbox = awaitDescendants(grader.process(), Duration.ofSeconds(30));
            if (mode.equals("process")) {
                awaitProcesses(marker, true, Duration.ofSeconds(30));   // the learner's own process is running
            }
            List<Path> scratch = scratchFolders(grader.tempDir());
            assertFalse(scratch.isEmpty(), "the grading has a scratch folder");

            long killed = System.nanoTime();
            grader.kill();
            awaitGone(sandbox, Duration.ofSeconds(5));
            awaitProcesses(marker, false, Duration.ofSeconds(5));
            System.out.printf("[measured] %s: sandbox processes gone %d ms after kill -9 of the grader%n", mode,
                    (System.nanoTime() - killed) / 1_000_000);
            scratch.forEach(p -> assertTrue(Files.exists(p), "a killed grader cannot delete " + p));

            grader.start();
            scratch.forEach(p -> assertFalse(Files.exists(p), p + " was removed at start-up"));
            assertTrue(grader.log().contains("temporary folder(s) left behind by graders that no longer run"));
        }
    }

    @Test
    @DisplayName("uploads and the Vert.x cache are in the data folder; the database password is private; a second"
            + " instance does not point at a demo-accounts file it never wrote")
    void filesAndNotes() throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase()) {
            grader.start();
            String token = grader.signInAsDemoLearner();
            long id = grader.submit(token, "tensors", Submissions.sources("tensors", "accepted"));
            grader.awaitStatus(token, id, "GRADED", Duration.ofSeconds(90), Duration.ofMillis(200));
            assertTrue(Files.isDirectory(grader.dataDir().resolve("uploads")), "uploads in the data folder");
            assertTrue(Files.isDirectory(grader.dataDir().resolve("vertx-cache")), "Vert.x cache in the data folder");
            assertFalse(Files.exists(grader.tempDir().resolve("uploads")));
            assertFalse(Files.exists(grader.tempDir().resolve("vertx-cache")));

            Path password = grader.dataDir().resolveSibling("postgres").resolve("password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));

            try (GraderProcess second = grader.sharingDatabase("-Dllmf.grading.instance-name=second")) {
                second.start();
                String log = second.log();
                assertFalse(Files.exists(second.dataDir().resolve("demo-accounts.txt")));
                assertFalse(log.contains("see " + second.dataDir().resolve("demo-accounts.txt")), log);
                assertTrue(log.contains("made by another instance on this database"), log);
            }
        }
    }

    private static List<Path> scratchFolders(Path temp) throws IOException {
        try (Stream<Path> list = Files.list(temp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("llmf-work-")).toList();
        }
    }

    /** Waits until the grader has started a sandbox (a child JVM, and bubblewrap's processes if it runs). */
    private static List<ProcessHandle> awaitDescendants(Process grader, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> all = grader.descendants().toList();
            if (!all.isEmpty()) {
                return all;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the grader started no sandbox within " + patience);
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still running: " + processes.stream().filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until some process's command line mentions {@code text} ({@code present}) or none does. */
    private static void awaitProcesses(String text, boolean present, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> found;
        do {
            found = processesMentioning(text);
            if (found.isEmpty() != present) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError((present ? "no process mentions " : "still running: ") + text + " " + found);
    }

    private static List<String> processesMentioning(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmd.contains(text)) {
                        found.add(p.getFileName() + ": " + (cmd.length() > 120 ? cmd.substring(0, 120) : cmd));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
