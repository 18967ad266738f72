package dev.llmf.grader.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cgroup limit tests on a fake cgroup v2 file system whose {@code system.slice/llmf.service} (the grader's
 * cgroup) is delegated with memory and pids, as systemd does for {@code Delegate=yes}; and the delegation itself.
 */
class CgroupV2Test extends AbstractCgroupTest {

    @Override
    FakeCgroupFs layOut(Path root) throws IOException {
        return FakeCgroupFs.v2(root, true, List.of("memory", "pids"));
    }

    @Override
    List<Path> parents() {
        return List.of(fs.graderCgroup().resolve(Cgroup.PARENT));
    }

    @Override
    String limit(Cgroup cgroup, String which) throws IOException {
        String file = switch (which) {
            case "memory" -> "memory.max";
            case "swap" -> "memory.swap.max";
            case "pids" -> "pids.max";
            default -> throw new IllegalArgumentException(which);
        };
        return Files.readString(cgroup.dirs().getFirst().resolve(file)).trim();
    }

    @Override
    String expectedSwapLimit() {
        return "0";
    }

    @Override
    Path memoryDir(Cgroup cgroup) {
        return cgroup.dirs().getFirst();
    }

    @Override
    void assertKilledTheWayTheVersionDoes(List<String> writes) {
        assertTrue(writes.stream().anyMatch(w -> w.endsWith("/cgroup.kill=1")), writes.toString());
        assertFalse(writes.stream().anyMatch(w -> w.contains("cgroup.freeze")), "no need to freeze: " + writes);
    }

    @Test
    void aV2HostIsTakenForV2AndAnOomKillsTheWholeChild() throws IOException {
        assertInstanceOf(CgroupHost.V2.class, host);
        assertEquals("cgroup v2 (memory, pids, freeze/kill) in " + parents().getFirst(), host.describe());
        Cgroup cgroup = host.create(LIMITS);
        assertEquals("1", Files.readString(cgroup.dirs().getFirst().resolve("memory.oom.group")).trim());
        assertTrue(cgroup.remove());
    }

    @Test
    void theGradersProcessesMoveToALeafSoItsCgroupCanGiveControllersAway(@TempDir Path dir) throws Exception {
        Process grader = start("sleep", "600");
        Process helper = start("sleep", "600");
        FakeCgroupFs v2 = FakeCgroupFs.v2(dir.resolve("cg"), true, List.of("memory", "pids"), grader.pid(),
                helper.pid());
        Path base = v2.graderCgroup();

        CgroupHost.V2 prepared = (CgroupHost.V2) CgroupHost.detect(v2, dir.resolve("cg"), v2.selfFile(dir));

        assertEquals(base.resolve("llmf"), prepared.parent());
        assertEquals(Set.of(), Cgroup.pids(v2, base.resolve("cgroup.procs")));
        assertEquals(Set.of(grader.pid(), helper.pid()), Cgroup.pids(v2, base.resolve("llmf-grader/cgroup.procs")));
        assertEquals("memory pids", Files.readString(base.resolve("cgroup.subtree_control")).trim());
        assertEquals("memory pids", Files.readString(base.resolve("llmf/cgroup.subtree_control")).trim());
        // a second start (same service) finds it ready
        assertEquals(prepared, CgroupHost.detect(v2, dir.resolve("cg"), v2.selfFile(dir)));
    }

    @Test
    void aCgroupThatIsNotDelegatedIsRefusedWithHowToDelegateIt(@TempDir Path dir) throws IOException {
        FakeCgroupFs v2 = FakeCgroupFs.v2(dir.resolve("cg"), true, List.of("cpu"));
        IOException e = assertThrows(IOException.class, () -> CgroupHost.detect(v2, dir.resolve("cg"),
                v2.selfFile(dir)));
        assertTrue(e.getMessage().contains("memory and pids are not available in " + v2.graderCgroup()),
                e.getMessage());
        assertTrue(e.getMessage().contains("Delegate=yes"), e.getMessage());
    }

    @Test
    void withoutCgroupKillEveryMemberIsKilledWhileFrozen(@TempDir Path dir) throws Exception {
        FakeCgroupFs old = FakeCgroupFs.v2(dir.resolve("cg"), false, List.of("memory", "pids"));
        CgroupHost oldHost = CgroupHost.detect(old, dir.resolve("cg"), old.selfFile(dir));
        Cgroup cgroup = oldHost.create(LIMITS);
        Process member = start("setsid", "sleep", "600");
        old.write(cgroup.procsFiles().getFirst(), Long.toString(member.pid()));

        assertTrue(cgroup.killAll(3000));
        assertTrue(member.waitFor(2, java.util.concurrent.TimeUnit.SECONDS));
        List<String> freezes = old.writes().stream().filter(w -> w.contains("cgroup.freeze")).toList();
        assertEquals(2, freezes.size(), old.writes().toString());
        assertTrue(freezes.get(0).endsWith("=1") && freezes.get(1).endsWith("=0"), freezes.toString());
        assertTrue(cgroup.remove());
    }

    @Test
    void aV2MountWithoutOurCgroupIsRefused(@TempDir Path dir) throws IOException {
        FakeCgroupFs v2 = FakeCgroupFs.v2(dir.resolve("cg"), true, List.of("memory", "pids"));
        Path self = Files.writeString(dir.resolve("self"), "1:name=systemd:/\n");
        IOException e = assertThrows(IOException.class, () -> CgroupHost.detect(v2, dir.resolve("cg"), self));
        assertTrue(e.getMessage().contains("names no cgroup v2 of ours"), e.getMessage());
    }
}
