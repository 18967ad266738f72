package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fresh cgroup (v1) per child, in the {@code memory}, {@code pids} and (when mounted) {@code freezer}
 * hierarchies: {@code /sys/fs/cgroup/<controller>/llmf/<name>}. It caps what the whole child uses (heap, metaspace,
 * thread stacks, tmpfs pages, any process it starts) and the number of its processes and threads, and it is how the
 * grader finds and kills everything the child started: freeze, SIGKILL every member, thaw, check empty, remove.
 * A cgroup is never reused (reused cgroups carried state between runs in isolate).
 */
final class CgroupV1 {

    static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");
    static final String PARENT = "llmf";

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final long MIB = 1024L * 1024L;

    private final Map<String, Path> dirs;   // controller -> directory
    private final String name;

    private CgroupV1(String name, Map<String, Path> dirs) {
        this.name = name;
        this.dirs = dirs;
    }

    /**
     * Creates the cgroups of one child and writes its limits.
     *
     * @throws IOException if a cgroup cannot be created or a limit cannot be written (what failed is in the message)
     */
    static CgroupV1 create(Path root, Limits limits) throws IOException {
        String name = "g" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + Long.toHexString(System.nanoTime() & 0xffffff);
        Map<String, Path> dirs = new LinkedHashMap<>();
        CgroupV1 group = new CgroupV1(name, dirs);
        try {
            for (String controller : List.of("memory", "pids", "freezer")) {
                Path hierarchy = root.resolve(controller);
                if (!Files.isDirectory(hierarchy) || !Files.exists(hierarchy.resolve("cgroup.procs"))) {
                    if (controller.equals("freezer")) {
                        continue;   // optional: without it we kill without freezing first
                    }
                    throw new IOException("the cgroup v1 " + controller + " controller is not mounted at " + hierarchy);
                }
                Path dir = hierarchy.resolve(PARENT).resolve(name);
                Files.createDirectories(dir);
                dirs.put(controller, dir);
            }
            long memory = limits.memoryMegabytes() * MIB;
            write(dirs.get("memory").resolve("memory.limit_in_bytes"), Long.toString(memory));
            Path memsw = dirs.get("memory").resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
                write(memsw, Long.toString(memory));   // no swapping our way past the limit
            }
            Path swappiness = dirs.get("memory").resolve("memory.swappiness");
            if (Files.exists(swappiness)) {
                try {
                    write(swappiness, "0");
                } catch (IOException ignored) {
                    // not all kernels allow it below the root; the memsw limit still holds
                }
            }
            write(dirs.get("pids").resolve("pids.max"), Integer.toString(limits.maxProcesses()));
            return group;
        } catch (IOException | RuntimeException e) {
            group.remove();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** The {@code cgroup.procs} files a process writes its pid into to join (memory, pids, freezer). */
    List<Path> procsFiles() {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs.values()) {
            files.add(dir.resolve("cgroup.procs"));
        }
        return files;
    }

    /** Which controllers are in use, e.g. "memory, pids, freezer". */
    String controllers() {
        return String.join(", ", dirs.keySet());
    }

    /** True when the kernel's OOM killer acted in this cgroup (or the limit was hit, on kernels without oom_kill). */
    boolean memoryLimitHit() {
        Path dir = dirs.get("memory");
        if (dir == null) {
            return false;
        }
        Optional<String> control = read(dir.resolve("memory.oom_control"));
        if (control.isPresent()) {
            for (String line : control.get().split("\n")) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring(9).trim()) > 0;
                }
            }
        }
        return read(dir.resolve("memory.failcnt")).map(s -> Long.parseLong(s.trim()) > 0).orElse(false);
    }

    /** The pids of every process in any of the child's cgroups. */
    Set<Long> members() {
        Set<Long> pids = new TreeSet<>();
        for (Path dir : dirs.values()) {
            read(dir.resolve("cgroup.procs")).ifPresent(s -> {
                for (String line : s.split("\n")) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            });
        }
        return pids;
    }

    /**
     * Kills every process of the child: freezes the cgroup (so nothing can fork while we kill), SIGKILLs each
     * member, thaws it so the signals are delivered, and waits until the cgroups are empty.
     *
     * @return true when the cgroups are empty
     */
    boolean killAll(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Path freezer = dirs.get("freezer");
        boolean frozen = false;
        if (freezer != null) {
            try {
                write(freezer.resolve("freezer.state"), "FROZEN");
                frozen = true;
                // wait (briefly) until every task is frozen; killing works either way
                for (int i = 0; i < 50 && !read(freezer.resolve("freezer.state")).orElse("").trim().equals("FROZEN");
                     i++) {
                    Thread.onSpinWait();
                    sleep(2);
                }
            } catch (IOException e) {
                frozen = false;
            }
        }
        while (true) {
            Set<Long> pids = members();
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (frozen) {
                try {
                    write(freezer.resolve("freezer.state"), "THAWED");
                    frozen = false;
                } catch (IOException ignored) {
                    // try again next round
                }
            }
            if (pids.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return members().isEmpty();
            }
            sleep(5);
        }
    }

    /** Removes the cgroups (they must be empty); returns false if one could not be removed. */
    boolean remove() {
        boolean all = true;
        for (Path dir : dirs.values()) {
            all &= removeDir(dir);
        }
        return all;
    }

    private static boolean removeDir(Path dir) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (IOException e) {
                sleep(10);   // EBUSY right after the last task exits: the kernel is still tearing down
            }
        }
        return !Files.exists(dir);
    }

    /**
     * Removes the cgroups that a grader process which no longer runs left behind (killed with {@code kill -9}),
     * killing anything still inside them. Only our own directories ({@code llmf/g<pid>-…}) are touched.
     */
    static void reapStale(Path root) {
        for (String controller : List.of("memory", "pids", "freezer")) {
            Path parent = root.resolve(controller).resolve(PARENT);
            if (!Files.isDirectory(parent)) {
                continue;
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
                    if (owner == ProcessHandle.current().pid() || ProcessHandle.of(owner).isPresent()) {
                        continue;
                    }
                    Map<String, Path> one = new LinkedHashMap<>();
                    one.put(controller, dir);
                    CgroupV1 stale = new CgroupV1(n, one);
                    stale.killAll(1000);
                    stale.remove();
                }
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot write " + value + " to " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IOException("cannot write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
