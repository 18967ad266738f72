package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A child's cgroup on a cgroup v2 (unified) host: one folder {@code <base>/llmf/<name>} in the subtree delegated to
 * the grader, with {@code memory.max} (and {@code memory.swap.max} 0, {@code memory.oom.group} 1: an OOM kills the
 * whole child) and {@code pids.max}. Killing: {@code cgroup.kill} (Linux 5.14+: the kernel kills every member,
 * forks in flight included); on older kernels {@code cgroup.freeze}, SIGKILL every member, thaw.
 */
final class CgroupV2 extends Cgroup {

    static final List<String> CONTROLLERS = List.of("memory", "pids");
    /** Where the grader's own processes go: cgroup v2 gives controllers only to children of a cgroup without any. */
    static final String GRADER_LEAF = "llmf-grader";

    private final Path dir;

    private CgroupV2(CgroupFs fs, String name, Path dir) {
        super(fs, name);
        this.dir = dir;
    }

    /**
     * Makes the delegated cgroup {@code base} ready and returns the folder for the children's cgroups,
     * {@code base/llmf}: the processes in {@code base} (the grader) move to {@code base/llmf-grader}, and
     * {@code memory} and {@code pids} are enabled for {@code base}'s and {@code llmf}'s children.
     *
     * @throws IOException if {@code base} is not delegated to us (the message says how to delegate it)
     */
    static Path prepare(CgroupFs fs, Path base) throws IOException {
        Set<String> available = words(fs.read(base.resolve("cgroup.controllers")).orElse(""));
        if (!available.containsAll(CONTROLLERS)) {
            throw new IOException("the cgroup v2 controllers memory and pids are not available in " + base
                    + " (it has: " + (available.isEmpty() ? "none" : String.join(" ", available)) + ")");
        }
        if (!enabled(fs, base)) {
            Path leaf = base.resolve(GRADER_LEAF);
            fs.mkdir(leaf);
            for (int round = 0; round < 5 && !pids(fs, base.resolve("cgroup.procs")).isEmpty(); round++) {
                for (long pid : pids(fs, base.resolve("cgroup.procs"))) {
                    try {
                        fs.write(leaf.resolve("cgroup.procs"), Long.toString(pid));
                    } catch (IOException e) {
                        if (ProcessHandle.of(pid).isPresent()) {
                            throw e;
                        }
                        // it exited meanwhile
                    }
                }
            }
            fs.write(base.resolve("cgroup.subtree_control"), enableAll());
        }
        Path parent = base.resolve(PARENT);
        fs.mkdir(parent);
        if (!enabled(fs, parent)) {
            fs.write(parent.resolve("cgroup.subtree_control"), enableAll());
        }
        return parent;
    }

    /**
     * Creates the cgroup of one child under {@code parent} (from {@link #prepare}) and writes its limits.
     *
     * @throws IOException if it cannot be created or a limit cannot be written (what failed is in the message)
     */
    static CgroupV2 create(CgroupFs fs, Path parent, Limits limits) throws IOException {
        String name = newName();
        Path dir = parent.resolve(name);
        return setUp(new CgroupV2(fs, name, dir), () -> {
            fs.mkdir(dir);
            fs.write(dir.resolve("memory.max"), Long.toString(limits.memoryMegabytes() * MIB));
            if (fs.exists(dir.resolve("memory.swap.max"))) {
                fs.write(dir.resolve("memory.swap.max"), "0");   // no swapping our way past the limit
            }
            if (fs.exists(dir.resolve("memory.oom.group"))) {
                fs.write(dir.resolve("memory.oom.group"), "1");
            }
            fs.write(dir.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
        });
    }

    @Override
    List<Path> dirs() {
        return List.of(dir);
    }

    /** {@code oom_kill} in {@code memory.events}: how often the kernel's OOM killer acted in this cgroup. */
    @Override
    boolean memoryLimitHit() {
        for (String line : fs.read(dir.resolve("memory.events")).orElse("").split("\n")) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring(9).trim()) > 0;
            }
        }
        return false;
    }

    /** Freezes only where the kernel cannot kill the whole cgroup itself. */
    @Override
    boolean freeze() {
        if (fs.exists(dir.resolve("cgroup.kill"))) {
            return false;
        }
        try {
            fs.write(dir.resolve("cgroup.freeze"), "1");
        } catch (IOException e) {
            return false;
        }
        for (int i = 0; i < 50 && fs.read(dir.resolve("cgroup.events")).orElse("").lines()
                .noneMatch(line -> line.trim().equals("frozen 1")); i++) {
            sleep(2);
        }
        return true;
    }

    @Override
    void thaw() {
        try {
            fs.write(dir.resolve("cgroup.freeze"), "0");
        } catch (IOException ignored) {
            // the SIGKILLs are delivered once it thaws; the next round of killAll tries again
        }
    }

    @Override
    List<ProcessHandle> kill(Set<Long> members) {
        if (fs.exists(dir.resolve("cgroup.kill"))) {
            try {
                fs.write(dir.resolve("cgroup.kill"), "1");
                return members.stream().flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
            } catch (IOException e) {
                // fall back to one signal per member
            }
        }
        return super.kill(members);
    }

    /** Kills and removes the cgroups that graders no longer running left behind. */
    static void reapStale(CgroupFs fs, Path parent) {
        for (Path dir : stale(parent)) {
            CgroupV2 stale = new CgroupV2(fs, dir.getFileName().toString(), dir);
            stale.killAll(1000);
            stale.remove();
        }
    }

    private static boolean enabled(CgroupFs fs, Path cgroup) {
        return words(fs.read(cgroup.resolve("cgroup.subtree_control")).orElse("")).containsAll(CONTROLLERS);
    }

    private static String enableAll() {
        return String.join(" ", CONTROLLERS.stream().map(c -> "+" + c).toList());
    }

    /** The words of a control file such as {@code cgroup.controllers}. */
    private static Set<String> words(String text) {
        Set<String> words = new TreeSet<>(Arrays.asList(text.trim().split("\\s+")));
        words.remove("");
        return words;
    }
}
