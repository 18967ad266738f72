package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One child's cgroup: it caps what the whole child uses (heap, metaspace, thread stacks, tmpfs pages, any process
 * it starts) and the number of its processes and threads, and it is how the grader finds and kills everything the
 * child started, even a process that left its session. A cgroup is never reused (reused cgroups carried state
 * between runs in isolate). {@link CgroupV1} and {@link CgroupV2} differ in file names and in how they kill.
 */
abstract sealed class Cgroup permits CgroupV1, CgroupV2 {

    /** The folder our cgroups live in, below a hierarchy (v1) or the delegated subtree (v2). */
    static final String PARENT = "llmf";
    static final long MIB = 1024L * 1024L;

    private static final AtomicLong COUNTER = new AtomicLong();

    final CgroupFs fs;
    private final String name;

    Cgroup(CgroupFs fs, String name) {
        this.fs = fs;
        this.name = name;
    }

    /** A fresh name that carries the grader's pid: {@code g<pid>-<n>-<random>}, so stale ones can be told apart. */
    static String newName() {
        return "g" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    String name() {
        return name;
    }

    /** The steps that make a new cgroup and write its limits. */
    @FunctionalInterface
    interface SetUp {
        void run() throws IOException;
    }

    /** Runs {@code steps} for the new {@code group}; if one fails, removes what they made and rethrows. */
    static <G extends Cgroup> G setUp(G group, SetUp steps) throws IOException {
        try {
            steps.run();
            return group;
        } catch (IOException | RuntimeException e) {
            group.remove();
            throw e;
        }
    }

    /** Every folder of this cgroup: one per v1 hierarchy, one in v2. */
    abstract List<Path> dirs();

    /** The {@code cgroup.procs} files a process writes its pid into to join. */
    List<Path> procsFiles() {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs()) {
            files.add(dir.resolve("cgroup.procs"));
        }
        return files;
    }

    /** True when the kernel's OOM killer acted in this cgroup. */
    abstract boolean memoryLimitHit();

    /** Stops every member from running (so nothing forks while we kill); false if this cgroup cannot. */
    abstract boolean freeze();

    abstract void thaw();

    /** Sends SIGKILL to every member (v2 with {@code cgroup.kill}: the kernel does it, new forks included). */
    List<ProcessHandle> kill(Set<Long> members) {
        List<ProcessHandle> killed = new ArrayList<>();
        for (long pid : members) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroyForcibly();
                killed.add(h);
            });
        }
        return killed;
    }

    /** The pids of every process in this cgroup. */
    Set<Long> members() {
        Set<Long> pids = new TreeSet<>();
        for (Path procs : procsFiles()) {
            pids.addAll(pids(fs, procs));
        }
        return pids;
    }

    /** The pids listed in a {@code cgroup.procs} file. */
    static Set<Long> pids(CgroupFs fs, Path procsFile) {
        Set<Long> pids = new TreeSet<>();
        for (String line : fs.read(procsFile).orElse("").split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /**
     * Kills every process of the child: freezes the cgroup, SIGKILLs each member, thaws it so the signals are
     * delivered, waits until it is empty, then until each process it killed has exited. (A task leaves the cgroup
     * early in its exit; a PID namespace's first process then still waits for every other process of its namespace
     * to die, so "the cgroup is empty" alone can come a moment before "all are gone".)
     *
     * @return true when the cgroup is empty
     */
    boolean killAll(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        List<ProcessHandle> killed = new ArrayList<>();
        boolean frozen = freeze();
        while (true) {
            Set<Long> pids = members();
            if (!pids.isEmpty()) {
                killed.addAll(kill(pids));
            }
            if (frozen) {
                thaw();
                frozen = false;
            }
            if (pids.isEmpty()) {
                awaitExit(killed, deadline);
                return true;
            }
            if (System.nanoTime() > deadline) {
                return members().isEmpty();
            }
            sleep(5);
        }
    }

    private static void awaitExit(List<ProcessHandle> killed, long deadline) {
        killed.removeIf(Cgroup::exited);
        while (!killed.isEmpty() && System.nanoTime() < deadline) {
            sleep(2);
            killed.removeIf(Cgroup::exited);
        }
    }

    /** Gone, or a zombie: it runs nothing any more and only waits for its parent to collect its status. */
    static boolean exited(ProcessHandle h) {
        if (!h.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true;   // gone while we looked
        }
    }

    /** Removes the cgroup (it must be empty); returns false if a folder could not be removed. */
    boolean remove() {
        boolean all = true;
        for (Path dir : dirs()) {
            all &= removeDir(dir);
        }
        return all;
    }

    private boolean removeDir(Path dir) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                fs.rmdir(dir);
                return true;
            } catch (IOException e) {
                sleep(10);   // EBUSY right after the last task exits: the kernel is still tearing down
            }
        }
        return !fs.exists(dir);
    }

    /**
     * The cgroups in {@code parent} that a grader no longer running left behind ({@code kill -9}): only our own
     * ({@code g<pid>-…}) whose pid is dead.
     */
    static List<Path> stale(Path parent) {
        List<Path> stale = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return stale;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, "g*-*")) {
            for (Path dir : children) {
                String n = dir.getFileName().toString();
                long owner;
                try {
                    owner = Long.parseLong(n.substring(1, n.indexOf('-')));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).isEmpty()) {
                    stale.add(dir);
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
        return stale;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
