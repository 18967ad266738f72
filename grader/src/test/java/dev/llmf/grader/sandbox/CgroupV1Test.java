package dev.llmf.grader.sandbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cgroup limit tests on a fake cgroup v1 file system, and which hosts count as v1. */
class CgroupV1Test extends AbstractCgroupTest {

    @Override
    FakeCgroupFs layOut(Path root) throws IOException {
        return FakeCgroupFs.v1(root);
    }

    @Override
    List<Path> parents() {
        return CgroupV1.CONTROLLERS.stream().map(c -> root.resolve(c).resolve(Cgroup.PARENT)).toList();
    }

    @Override
    String limit(Cgroup cgroup, String which) throws IOException {
        Path file = switch (which) {
            case "memory" -> memoryDir(cgroup).resolve("memory.limit_in_bytes");
            case "swap" -> memoryDir(cgroup).resolve("memory.memsw.limit_in_bytes");
            case "pids" -> dir(cgroup, "pids").resolve("pids.max");
            default -> throw new IllegalArgumentException(which);
        };
        return Files.readString(file).trim();
    }

    @Override
    String expectedSwapLimit() {
        return Long.toString(MEMORY_BYTES);   // memory + swap together: no swap at all
    }

    @Override
    Path memoryDir(Cgroup cgroup) {
        return dir(cgroup, "memory");
    }

    private Path dir(Cgroup cgroup, String controller) {
        return cgroup.dirs().stream().filter(d -> d.startsWith(root.resolve(controller))).findFirst().orElseThrow();
    }

    @Override
    void assertKilledTheWayTheVersionDoes(List<String> writes) {
        List<String> freezer = writes.stream().filter(w -> w.contains("freezer.state")).toList();
        assertEquals(2, freezer.size(), writes.toString());
        assertTrue(freezer.get(0).endsWith("=FROZEN") && freezer.get(1).endsWith("=THAWED"), freezer.toString());
    }

    @Test
    void aV1HostIsTakenForV1() {
        assertInstanceOf(CgroupHost.V1.class, host);
        assertEquals("cgroup v1 (memory, pids, freezer)", host.describe());
    }

    @Test
    void aHybridHostIsTakenForV1() throws IOException {
        // v1 controllers, and a cgroup2 at unified/ without any (systemd's "hybrid" layout, as on these machines)
        Files.createDirectories(root.resolve("unified"));
        Files.writeString(root.resolve("unified/cgroup.controllers"), "");
        assertInstanceOf(CgroupHost.V1.class, CgroupHost.detect(fs, root, root.resolve("no-such-file")));
    }

    @Test
    void withoutAnyCgroupsTheReasonIsGiven(@org.junit.jupiter.api.io.TempDir Path empty) {
        IOException e = assertThrows(IOException.class, () -> CgroupHost.detect(CgroupFs.KERNEL, empty,
                empty.resolve("self")));
        assertTrue(e.getMessage().startsWith("no cgroups usable at " + empty), e.getMessage());
    }
}
