package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The basic behaviours plus the hostile corpus on the production sandbox. Skipped (visibly, with the reason) where
 * bubblewrap or cgroups do not work: {@code apt-get install bubblewrap}, run as root with cgroup v1 mounted or in a
 * delegated cgroup v2 subtree. {@code SandboxViewTest} and {@code SeccompSandboxTest} show what is absent inside and
 * which system calls are denied.
 */
class BubblewrapSandboxTest extends AbstractSandboxTest {

    private static BubblewrapSandbox sandbox;
    /** The same sandbox with a shell, {@code setsid} and {@code sleep} mounted: for the fork bomb only. */
    private static BubblewrapSandbox withTools;
    private static Optional<String> problem;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        problem = BubblewrapSandbox.unavailableReason();
        if (problem.isEmpty()) {
            sandbox = new BubblewrapSandbox();
            withTools = new BubblewrapSandbox(BubblewrapSandbox.findBwrap(), CgroupHost.DEFAULT_MOUNT, List.of(
                    new SandboxMounts.Bind(Path.of("/bin/sh").toRealPath(), "/bin/sh"),
                    new SandboxMounts.Bind(Path.of("/usr/bin/setsid").toRealPath(), "/usr/bin/setsid"),
                    new SandboxMounts.Bind(Path.of("/usr/bin/sleep").toRealPath(), "/usr/bin/sleep")));
            compileCorpus(dir);
        }
    }

    /** Per test, so every test shows up as skipped, with the reason, where the sandbox cannot work. */
    @BeforeEach
    void requireBubblewrap() {
        assumeTrue(problem.isEmpty(), () -> "bubblewrap sandbox unavailable here: " + problem.orElse(""));
    }

    @Override
    Sandbox sandbox() {
        return sandbox;
    }

    @Override
    JvmSandbox another() {
        return new BubblewrapSandbox();
    }

    @Test
    void stoppingThePrestartedChildrenLeavesNoCgroup() throws Exception {
        BubblewrapSandbox ahead = new BubblewrapSandbox();
        ahead.prestart(2);
        try (JvmSession session = (JvmSession) ahead.open(learnerClasses, LIMITS)) {
            assertEquals("echo 0", session.implementation(Tokenizer.class, "learner.Echo").decode(new int[0]));
        }
        ahead.stopPrestarting();   // while the two it started after the session's own may still be starting
        assertEquals(List.of(), ourCgroups());
    }

    /** Where the children's cgroups with the pids controller are. */
    private static Path pidsCgroups() {
        return switch (sandbox.cgroups()) {
            case CgroupHost.V1 v1 -> v1.root().resolve("pids").resolve(Cgroup.PARENT);
            case CgroupHost.V2 v2 -> v2.parent();
        };
    }

    /** Our own cgroups now in the pids hierarchy (the test runs one session at a time). */
    private static List<Path> ourCgroups() throws IOException {
        if (!Files.isDirectory(pidsCgroups())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(pidsCgroups())) {
            String prefix = "g" + ProcessHandle.current().pid() + "-";
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    @Test
    void describeNamesTheLayers() {
        assertTrue(sandbox.describe().startsWith("bubblewrap"), sandbox.describe());
        boolean v1 = Files.exists(Path.of("/sys/fs/cgroup/memory/cgroup.procs"));
        assertTrue(sandbox.describe().contains(v1 ? "cgroup v1" : "cgroup v2"), sandbox.describe());
        assertTrue(sandbox.describe().contains("seccomp filter"), sandbox.describe());
    }

    @Test
    void theGradersFilesDoNotExistInside() throws Exception {
        String answer = probe("ReadFiles");
        for (String line : answer.strip().split("\n")) {
            assertTrue(line.endsWith("-> MISSING"), answer);
        }
        assertEquals(secretPaths().size(), answer.strip().split("\n").length, answer);
    }

    @Test
    void theRootHoldsOnlyTheAllowlist() {
        String answer = probe("Environment");
        // a fresh /proc: only the sandbox's own processes (bwrap's init and the JVM)
        assertTrue(answer.matches("env=\\{} processes=[1-3] root=.*"), answer);
        String root = answer.substring(answer.indexOf("root=") + 5);
        for (String forbidden : List.of("work", "root", "home", "run", "var", "opt", "old_root", "mnt")) {
            assertFalse(root.matches(".*\\b" + forbidden + "\\b.*"), root);
        }
    }

    @Test
    void theNetworkIsUnreachable() {
        String answer = probe("Network");
        assertTrue(answer.startsWith("ERR java.net."), answer);
    }

    @Test
    void thereIsNoShellToEscapeWith() {
        String answer = probe("Shell");
        assertTrue(answer.startsWith("ERR java.io.IOException: Cannot run program \"/bin/sh\""), answer);
        assertTrue(answer.contains("No such file"), answer);
    }

    @Test
    void onlyTmpIsWritable() {
        assertEquals("/tmp/x WROTE; /x REFUSED; /usr/x REFUSED; /sandbox/x REFUSED; /sandbox/harness.jar REFUSED; ",
                probe("Writer"));
    }

    @Test
    void aThreadBombHitsThePidsLimitAndLeavesNothingBehind() throws Exception {
        long start = System.nanoTime();
        try (JvmSession session = open(LIMITS)) {
            Tokenizer bomb = session.implementation(Tokenizer.class, "learner.ThreadBomb");
            try {
                String answer = bomb.decode(new int[0]);
                System.out.println("[verdict] BubblewrapSandbox / ThreadBomb: " + answer);
                assertTrue(answer.startsWith("stopped after"), answer);   // the limit stopped it
            } catch (LearnerFailure f) {
                System.out.println("[verdict] BubblewrapSandbox / ThreadBomb: " + f.kind() + " " + f.getMessage());
                assertTrue(f.kind() == LearnerFailure.Kind.OUT_OF_MEMORY || f.kind() == LearnerFailure.Kind.EXCEPTION,
                        f.kind() + ": " + f.getMessage());
            }
            assertEquals("echo 0", session.implementation(Tokenizer.class, "learner.Echo").decode(new int[0]));
            record(session);
        }
        assertEquals(List.of(), ourCgroups());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos());
    }

    @Test
    void aForkBombAndASetsidEscapeeAreAllKilledOnClose() throws Exception {
        List<ProcessHandle> members = new ArrayList<>();
        long closing;
        try (JvmSession session = (JvmSession) withTools.open(learnerClasses, LIMITS)) {
            assertEquals("forked", session.implementation(Tokenizer.class, "learner.ForkBomb").decode(new int[0]));
            List<Path> cgroups = ourCgroups();
            assertEquals(1, cgroups.size(), cgroups.toString());
            for (long pid : Cgroup.pids(CgroupFs.KERNEL, cgroups.getFirst().resolve("cgroup.procs"))) {
                ProcessHandle.of(pid).ifPresent(members::add);   // a handle knows its start time: no pid reuse confusion
            }
            int max = Integer.parseInt(Files.readString(cgroups.getFirst().resolve("pids.max")).trim());
            String current = Files.readString(cgroups.getFirst().resolve("pids.current")).trim();
            System.out.printf("[sandbox] fork bomb: %d processes, %s tasks (threads included), limit %d: %s%n",
                    members.size(), current, max, members.stream().limit(6).map(h -> h.pid() + "=" + h.info().command()
                            .orElse("?")).toList());
            assertTrue(members.stream().anyMatch(h -> h.info().command().orElse("").endsWith("sleep")),
                    "the setsid sleep runs in the cgroup");
            assertTrue(members.size() > 10 && Integer.parseInt(current) <= max, "the bomb runs, within the limit");
            record(session);
            closing = System.nanoTime();
        }
        long closeMillis = (System.nanoTime() - closing) / 1_000_000;
        System.out.printf("[sandbox timings] fork bomb of %d processes: killed and cgroup removed in %d ms%n",
                members.size(), closeMillis);
        for (ProcessHandle h : members) {
            assertTrue(Cgroup.exited(h), "process " + h.pid() + " (" + h.info() + ") lives");
        }
        assertEquals(List.of(), ourCgroups());
        assertTrue(closeMillis < 1500, "close took " + closeMillis + " ms");
    }

    @Test
    void theMemoryCgroupKillsWhatTheHeapLimitDoesNotCatch() {
        // heap allowed beyond the cgroup limit: the kernel's OOM killer acts, the verdict says so
        Limits limits = new Limits(Duration.ofSeconds(10), 512, 160, 64, 4096);
        LearnerFailure f = expectFailure("Hog", LearnerFailure.Kind.OUT_OF_MEMORY, limits);
        assertTrue(f.getMessage().contains("160 MiB"), f.getMessage());
    }

    @Test
    void aGraderThatCannotStartTheSandboxRefuses() {
        SandboxUnavailableException e = assertThrows(SandboxUnavailableException.class,
                () -> new BubblewrapSandbox(Path.of("/nonexistent/bwrap"), CgroupHost.DEFAULT_MOUNT, List.of()));
        assertTrue(e.getMessage().startsWith("bubblewrap is not installed"), e.getMessage());
    }

    @Test
    void aHostWithoutUsableCgroupsIsRefusedNotRunUnlimited(@TempDir Path noCgroups) {
        SandboxUnavailableException e = assertThrows(SandboxUnavailableException.class,
                () -> new BubblewrapSandbox(BubblewrapSandbox.findBwrap(), noCgroups, List.of()));
        assertTrue(e.getMessage().startsWith("no cgroups usable at " + noCgroups), e.getMessage());
    }
}
