package dev.llmf.grader.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limit tests every cgroup version passes, against a {@link FakeCgroupFs} of that version (the kernel's own
 * enforcement is {@code BubblewrapSandboxTest}'s job, on the cgroups this machine has): the limits are written where
 * the kernel reads them, every process that joins is a member and is killed, even one that left its session; the
 * OOM killer's verdict is read; a failed set-up leaves nothing; what a dead grader left is reaped, nothing else.
 */
abstract class AbstractCgroupTest {

    static final Limits LIMITS = new Limits(Duration.ofSeconds(2), 64, 160, 48, 4096);
    static final long MEMORY_BYTES = 160L * 1024 * 1024;

    @TempDir
    Path root;
    FakeCgroupFs fs;
    CgroupHost host;
    private final List<Process> started = new ArrayList<>();

    /** The fake file system of this version, laid out under {@code root}. */
    abstract FakeCgroupFs layOut(Path root) throws IOException;

    /** The folders the children's cgroups are made in. */
    abstract List<Path> parents();

    /** The value of a limit file of {@code cgroup}: "memory", "swap" or "pids". */
    abstract String limit(Cgroup cgroup, String which) throws IOException;

    /** What the swap limit must say for {@link #LIMITS}: no swapping beyond the memory limit. */
    abstract String expectedSwapLimit();

    @BeforeEach
    void setUp() throws IOException {
        fs = layOut(root);
        host = CgroupHost.detect(fs, root, fs.selfFile(root));
    }

    @AfterEach
    void stopProcesses() {
        started.forEach(Process::destroyForcibly);
    }

    Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    /** What the launcher does: writes the pid into every {@code cgroup.procs} file of the cgroup. */
    void join(Cgroup cgroup, long pid) throws IOException {
        for (Path procs : cgroup.procsFiles()) {
            fs.write(procs, Long.toString(pid));
        }
    }

    @Test
    void aFreshCgroupCarriesTheMemoryAndProcessLimits() throws IOException {
        Cgroup cgroup = host.create(LIMITS);
        assertEquals(Long.toString(MEMORY_BYTES), limit(cgroup, "memory"));
        assertEquals(expectedSwapLimit(), limit(cgroup, "swap"));
        assertEquals("48", limit(cgroup, "pids"));
        for (Path dir : cgroup.dirs()) {
            assertTrue(parents().contains(dir.getParent()), dir + " is not in " + parents());
        }
        assertTrue(cgroup.remove());
        for (Path dir : cgroup.dirs()) {
            assertFalse(Files.exists(dir), dir + " is still there");
        }
    }

    @Test
    void everyChildGetsAFreshCgroup() throws IOException {
        Cgroup first = host.create(LIMITS);
        Cgroup second = host.create(LIMITS);
        assertNotEquals(first.name(), second.name());
        assertTrue(first.name().startsWith("g" + ProcessHandle.current().pid() + "-"), first.name());
        assertTrue(first.remove() && second.remove());
    }

    @Test
    void everyMemberIsKilledEvenOneThatLeftItsSession() throws Exception {
        Cgroup cgroup = host.create(LIMITS);
        Process plain = start("sleep", "600");
        Process escapee = start("setsid", "sleep", "600");
        join(cgroup, plain.pid());
        join(cgroup, escapee.pid());
        assertEquals(Set.of(plain.pid(), escapee.pid()), cgroup.members());
        assertFalse(cgroup.remove(), "a cgroup with members cannot be removed");

        assertTrue(cgroup.killAll(3000));
        assertTrue(plain.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) && escapee.waitFor(2,
                java.util.concurrent.TimeUnit.SECONDS), "the members still run");
        assertEquals(Set.of(), cgroup.members());
        assertTrue(cgroup.remove());
        assertKilledTheWayTheVersionDoes(fs.writes());
    }

    /** v1: freezer FROZEN, then THAWED; v2: cgroup.kill, or cgroup.freeze without it. */
    abstract void assertKilledTheWayTheVersionDoes(List<String> writes);

    @Test
    void theOomKillersVerdictIsRead() throws IOException {
        Cgroup cgroup = host.create(LIMITS);
        assertFalse(cgroup.memoryLimitHit());
        fs.oomKill(memoryDir(cgroup));
        assertTrue(cgroup.memoryLimitHit());
        assertTrue(cgroup.remove());
    }

    /** The folder with the cgroup's memory controller files. */
    abstract Path memoryDir(Cgroup cgroup);

    @Test
    void aLimitThatCannotBeWrittenFailsTheCreationAndLeavesNothing() throws IOException {
        fs.failWrites("pids.max");
        IOException e = assertThrows(IOException.class, () -> host.create(LIMITS));
        assertTrue(e.getMessage().contains("pids.max"), e.getMessage());
        for (Path parent : parents()) {
            assertEquals(List.of(), ours(parent), parent.toString());
        }
    }

    @Test
    void whatADeadGraderLeftIsReapedAndNothingElse() throws Exception {
        Process gone = start("true");
        gone.waitFor();
        Process other = start("sleep", "600");   // a grader that still runs
        Process orphan = start("sleep", "600");  // a child the dead grader left behind
        List<Path> deadGroups = new ArrayList<>();
        List<Path> liveGroups = new ArrayList<>();
        for (Path parent : parents()) {
            Path dead = parent.resolve("g" + gone.pid() + "-1-abc");
            Path live = parent.resolve("g" + other.pid() + "-1-abc");
            fs.mkdir(dead);
            fs.mkdir(live);
            fs.write(dead.resolve("cgroup.procs"), Long.toString(orphan.pid()));
            deadGroups.add(dead);
            liveGroups.add(live);
        }
        Cgroup ours = host.create(LIMITS);

        host.reapStale();

        assertTrue(orphan.waitFor(2, java.util.concurrent.TimeUnit.SECONDS), "the orphan still runs");
        deadGroups.forEach(d -> assertFalse(Files.exists(d), d + " is still there"));
        liveGroups.forEach(d -> assertTrue(Files.exists(d), d + " was removed"));
        ours.dirs().forEach(d -> assertTrue(Files.exists(d), d + " was removed"));
        assertTrue(ours.remove());
    }

    private static List<Path> ours(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().startsWith("g" + ProcessHandle.current().pid() + "-"))
                    .toList();
        }
    }
}
