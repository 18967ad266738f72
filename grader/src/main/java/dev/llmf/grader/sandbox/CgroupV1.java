package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A child's cgroup on a cgroup v1 host: one folder in each of the {@code memory}, {@code pids} and (when mounted)
 * {@code freezer} hierarchies, {@code <root>/<controller>/llmf/<name>}. Killing: freeze, SIGKILL every member,
 * thaw, check empty.
 */
final class CgroupV1 extends Cgroup {

    static final List<String> CONTROLLERS = List.of("memory", "pids", "freezer");

    private final Map<String, Path> dirs;   // controller -> folder

    private CgroupV1(CgroupFs fs, String name, Map<String, Path> dirs) {
        super(fs, name);
        this.dirs = dirs;
    }

    /** True when {@code root} has the memory and pids hierarchies of cgroup v1 mounted. */
    static boolean mountedAt(CgroupFs fs, Path root) {
        return fs.exists(root.resolve("memory").resolve("cgroup.procs"))
                && fs.exists(root.resolve("pids").resolve("cgroup.procs"))
                && !fs.exists(root.resolve("cgroup.controllers"));
    }

    /**
     * Creates the cgroups of one child and writes its limits.
     *
     * @throws IOException if a cgroup cannot be created or a limit cannot be written (what failed is in the message)
     */
    static CgroupV1 create(CgroupFs fs, Path root, Limits limits) throws IOException {
        String name = newName();
        Map<String, Path> dirs = new LinkedHashMap<>();
        return setUp(new CgroupV1(fs, name, dirs), () -> {
            for (String controller : CONTROLLERS) {
                Path hierarchy = root.resolve(controller);
                if (!fs.exists(hierarchy.resolve("cgroup.procs"))) {
                    if (controller.equals("freezer")) {
                        continue;   // optional: without it we kill without freezing first
                    }
                    throw new IOException("the cgroup v1 " + controller + " controller is not mounted at " + hierarchy);
                }
                Path dir = hierarchy.resolve(PARENT).resolve(name);
                fs.mkdir(dir);
                dirs.put(controller, dir);
            }
            Path memory = dirs.get("memory");
            long bytes = limits.memoryMegabytes() * MIB;
            fs.write(memory.resolve("memory.limit_in_bytes"), Long.toString(bytes));
            if (fs.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                fs.write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(bytes));   // no swapping past it
            }
            if (fs.exists(memory.resolve("memory.swappiness"))) {
                try {
                    fs.write(memory.resolve("memory.swappiness"), "0");
                } catch (IOException ignored) {
                    // not all kernels allow it below the root; the memsw limit still holds
                }
            }
            fs.write(dirs.get("pids").resolve("pids.max"), Integer.toString(limits.maxProcesses()));
        });
    }

    @Override
    List<Path> dirs() {
        return new ArrayList<>(dirs.values());
    }

    /** Which controllers are in use, e.g. "memory, pids, freezer". */
    String controllers() {
        return String.join(", ", dirs.keySet());
    }

    /** The OOM killer's count ({@code oom_kill}), or on kernels without it whether the limit was ever hit. */
    @Override
    boolean memoryLimitHit() {
        Path dir = dirs.get("memory");
        Optional<String> control = fs.read(dir.resolve("memory.oom_control"));
        if (control.isPresent()) {
            for (String line : control.get().split("\n")) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring(9).trim()) > 0;
                }
            }
        }
        return fs.read(dir.resolve("memory.failcnt")).map(s -> Long.parseLong(s.trim()) > 0).orElse(false);
    }

    @Override
    boolean freeze() {
        Path freezer = dirs.get("freezer");
        if (freezer == null) {
            return false;
        }
        try {
            fs.write(freezer.resolve("freezer.state"), "FROZEN");
        } catch (IOException e) {
            return false;
        }
        // wait (briefly) until every task is frozen; killing works either way
        for (int i = 0; i < 50 && !fs.read(freezer.resolve("freezer.state")).orElse("").trim().equals("FROZEN"); i++) {
            sleep(2);
        }
        return true;
    }

    @Override
    void thaw() {
        try {
            fs.write(dirs.get("freezer").resolve("freezer.state"), "THAWED");
        } catch (IOException ignored) {
            // the SIGKILLs wait for the thaw; the next round of killAll tries again
        }
    }

    /** Kills and removes the cgroups that graders no longer running left behind, in every hierarchy. */
    static void reapStale(CgroupFs fs, Path root) {
        for (String controller : CONTROLLERS) {
            for (Path dir : stale(root.resolve(controller).resolve(PARENT))) {
                CgroupV1 stale = new CgroupV1(fs, dir.getFileName().toString(), Map.of(controller, dir));
                stale.killAll(1000);
                stale.remove();
            }
        }
    }
}
