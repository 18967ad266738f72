package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where this host lets the sandbox make its cgroups: the cgroup v1 hierarchies (memory, pids, freezer), or the
 * cgroup v2 subtree delegated to the grader. {@link #detect} picks by what the host has; with neither, the
 * bubblewrap sandbox refuses to run.
 */
sealed interface CgroupHost {

    Path DEFAULT_MOUNT = Path.of("/sys/fs/cgroup");
    Path SELF = Path.of("/proc/self/cgroup");

    /** How to give the grader a cgroup v2 subtree, for the messages that say it has none. */
    String HOW_TO_DELEGATE = "run the grader in a systemd service with Delegate=yes, or under"
            + " 'systemd-run --scope -p Delegate=yes' (docs/operations.md, The sandbox)";

    /** A fresh cgroup for one child, with its limits written. */
    Cgroup create(Limits limits) throws IOException;

    /** Kills and removes what graders that died ({@code kill -9}) left behind. */
    void reapStale();

    /** One line for logs and the health check. */
    String describe();

    /** cgroup v1: a hierarchy per controller under {@code root}. */
    record V1(CgroupFs fs, Path root) implements CgroupHost {
        @Override
        public Cgroup create(Limits limits) throws IOException {
            return CgroupV1.create(fs, root, limits);
        }

        @Override
        public void reapStale() {
            CgroupV1.reapStale(fs, root);
        }

        @Override
        public String describe() {
            return "cgroup v1 (memory, pids" + (fs.exists(root.resolve("freezer").resolve("cgroup.procs"))
                    ? ", freezer)" : ")");
        }
    }

    /** cgroup v2: the children's cgroups in {@code parent}, made ready by {@link CgroupV2#prepare}. */
    record V2(CgroupFs fs, Path parent) implements CgroupHost {
        @Override
        public Cgroup create(Limits limits) throws IOException {
            return CgroupV2.create(fs, parent, limits);
        }

        @Override
        public void reapStale() {
            CgroupV2.reapStale(fs, parent);
        }

        @Override
        public String describe() {
            return "cgroup v2 (memory, pids, freeze/kill) in " + parent;
        }
    }

    /**
     * The cgroups this host offers: v1 when its memory and pids hierarchies are mounted under {@code mount}, else v2
     * when {@code mount} is a cgroup2 file system and the grader's own cgroup (from {@code self}, the format of
     * {@code /proc/self/cgroup}) is delegated to it; then that cgroup is made ready ({@link CgroupV2#prepare}).
     *
     * @throws IOException if neither works, saying why
     */
    static CgroupHost detect(CgroupFs fs, Path mount, Path self) throws IOException {
        if (CgroupV1.mountedAt(fs, mount)) {
            return new V1(fs, mount);
        }
        if (!fs.exists(mount.resolve("cgroup.controllers"))) {
            throw new IOException("no cgroups usable at " + mount + ": neither the cgroup v1 memory and pids"
                    + " hierarchies nor a cgroup v2 file system are mounted there");
        }
        Optional<String> own = fs.read(self).flatMap(text -> text.lines()
                .filter(line -> line.startsWith("0::")).map(line -> line.substring(3).trim()).findFirst());
        if (own.isEmpty()) {
            throw new IOException("cgroup v2 is mounted at " + mount + " but " + self + " names no cgroup v2 of ours");
        }
        Path base = mount.resolve(own.get().replaceFirst("^/+", ""));
        try {
            return new V2(fs, CgroupV2.prepare(fs, base));
        } catch (IOException e) {
            throw new IOException("cgroup v2: cannot use the grader's cgroup " + base + " (" + e.getMessage()
                    + "); the sandbox needs it delegated: " + HOW_TO_DELEGATE, e);
        }
    }
}
