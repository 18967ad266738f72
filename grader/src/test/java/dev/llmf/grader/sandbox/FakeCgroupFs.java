package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A temporary folder laid out like a cgroup file system, v1 (a hierarchy per controller under the root) or v2 (one
 * unified tree), that answers like the kernel where the cgroup code depends on it:
 * <ul>
 *   <li>{@code mkdir} creates the control files of the controllers the cgroup has (v2: those its parent's
 *       {@code cgroup.subtree_control} enables);</li>
 *   <li>writing a pid to {@code cgroup.procs} moves it there (ESRCH for a dead pid; v2: EBUSY into a cgroup that
 *       gives controllers to children — "no internal processes"); reading it lists only live processes;</li>
 *   <li>{@code cgroup.subtree_control} (v2) refuses a controller the cgroup does not have, and refuses enabling any
 *       while the cgroup holds processes;</li>
 *   <li>{@code cgroup.kill} (v2) SIGKILLs every live member of the cgroup and its descendants; {@code cgroup.freeze}
 *       shows in {@code cgroup.events};</li>
 *   <li>{@code rmdir} refuses (EBUSY) while the cgroup has live members or children, else removes it with its
 *       files; writing a file that does not exist fails (ENOENT).</li>
 * </ul>
 * The processes are real (the tests start {@code sleep}s), the membership is only written down: nothing is limited.
 * Every write is recorded, in order, in {@link #writes()}.
 */
final class FakeCgroupFs extends CgroupFs {

    enum Version { V1, V2 }

    private final Path root;
    private final Version version;
    private final boolean withKill;
    private final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> failing = new HashSet<>();

    private FakeCgroupFs(Path root, Version version, boolean withKill) {
        this.root = root;
        this.version = version;
        this.withKill = withKill;
    }

    /** cgroup v1: {@code memory}, {@code pids} and {@code freezer} hierarchies under {@code root}. */
    static FakeCgroupFs v1(Path root) throws IOException {
        FakeCgroupFs fs = new FakeCgroupFs(root, Version.V1, false);
        for (String controller : List.of("memory", "pids", "freezer")) {
            Files.createDirectories(root.resolve(controller));
            fs.populate(root.resolve(controller));
        }
        return fs;
    }

    /**
     * cgroup v2 at {@code root} (controllers cpu, io, memory, pids; {@code cgroup.kill} only if {@code withKill},
     * as before Linux 5.14) with {@code system.slice/llmf.service}, the grader's cgroup, holding {@code pids} and
     * given {@code delegated} controllers by its parent.
     */
    static FakeCgroupFs v2(Path root, boolean withKill, List<String> delegated, long... pids) throws IOException {
        FakeCgroupFs fs = new FakeCgroupFs(root, Version.V2, withKill);
        Files.createDirectories(root);
        Files.writeString(root.resolve("cgroup.controllers"), "cpu io memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "cpu memory pids\n");
        Files.writeString(root.resolve("cgroup.procs"), "");
        fs.mkdir(root.resolve("system.slice"));
        Files.writeString(root.resolve("system.slice/cgroup.subtree_control"), String.join(" ", delegated) + "\n");
        fs.mkdir(fs.graderCgroup());
        StringBuilder procs = new StringBuilder();
        for (long pid : pids) {
            procs.append(pid).append('\n');
        }
        Files.writeString(fs.graderCgroup().resolve("cgroup.procs"), procs);
        return fs;
    }

    /** v2: the grader's own cgroup, as {@link #selfFile} names it. */
    Path graderCgroup() {
        return root.resolve("system.slice/llmf.service");
    }

    /** A {@code /proc/self/cgroup} for the grader, in {@code dir}. */
    Path selfFile(Path dir) throws IOException {
        return Files.writeString(dir.resolve("self-cgroup"), version == Version.V2
                ? "0::/system.slice/llmf.service\n" : "4:memory:/\n8:pids:/\n0::/\n");
    }

    /** Every write so far, as {@code <path relative to the root>=<value>}. */
    List<String> writes() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }

    /** From now on, writing a file of this name fails (EACCES), as on a kernel that refuses the value. */
    void failWrites(String fileName) {
        failing.add(fileName);
    }

    /** What the kernel's OOM killer leaves in the counters after killing a process of {@code cgroup}. */
    void oomKill(Path cgroup) throws IOException {
        if (version == Version.V1) {
            Files.writeString(cgroup.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        } else {
            Files.writeString(cgroup.resolve("memory.events"),
                    "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 1\n");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    @Override
    void mkdir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        mkdir(dir.getParent());
        Files.createDirectory(dir);
        populate(dir);
    }

    @Override
    void rmdir(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            if (!live(dir.resolve("cgroup.procs")).isEmpty() || children.anyMatch(Files::isDirectory)) {
                throw new IOException(dir + ": Device or resource busy");
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Override
    synchronized void write(Path file, String value) throws IOException {
        writes.add(root.relativize(file) + "=" + value);
        String name = file.getFileName().toString();
        if (failing.contains(name)) {
            throw new IOException("cannot write " + value + " to " + file + ": Permission denied");
        }
        if (!Files.exists(file)) {
            throw new IOException("cannot write " + value + " to " + file + ": no such file");
        }
        Path cgroup = file.getParent();
        switch (name) {
            case "cgroup.procs" -> join(cgroup, Long.parseLong(value.trim()));
            case "cgroup.subtree_control" -> enable(cgroup, value);
            case "cgroup.kill" -> {
                try (Stream<Path> tree = Files.walk(cgroup)) {
                    for (Path procs : tree.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                        live(procs).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                    }
                }
            }
            case "cgroup.freeze" -> Files.writeString(file, value.trim() + "\n");
            default -> Files.writeString(file, value + "\n");
        }
    }

    @Override
    Optional<String> read(Path file) {
        try {
            return switch (file.getFileName().toString()) {
                case "cgroup.procs" -> Optional.of(lines(live(file)));
                case "cgroup.events" -> Optional.of("populated " + (populated(file.getParent()) ? 1 : 0) + "\nfrozen "
                        + Files.readString(file.resolveSibling("cgroup.freeze")).trim() + "\n");
                default -> Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
            };
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The control files the kernel puts into a new cgroup. */
    private void populate(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("cgroup.procs", "");
        if (version == Version.V1) {
            files.put("tasks", "");
            String controller = root.relativize(dir).getName(0).toString();
            switch (controller) {
                case "memory" -> {
                    files.put("memory.limit_in_bytes", "9223372036854771712");
                    files.put("memory.memsw.limit_in_bytes", "9223372036854771712");
                    files.put("memory.swappiness", "60");
                    files.put("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
                    files.put("memory.failcnt", "0");
                }
                case "pids" -> files.put("pids.max", "max");
                case "freezer" -> files.put("freezer.state", "THAWED");
                default -> throw new IOException("no such controller " + controller);
            }
        } else {
            Set<String> controllers = words(Files.readString(dir.getParent().resolve("cgroup.subtree_control")));
            files.put("cgroup.controllers", String.join(" ", controllers));
            files.put("cgroup.subtree_control", "");
            files.put("cgroup.freeze", "0");
            files.put("cgroup.events", "");
            if (withKill) {
                files.put("cgroup.kill", "");
            }
            if (controllers.contains("memory")) {
                files.put("memory.max", "max");
                files.put("memory.swap.max", "max");
                files.put("memory.oom.group", "0");
                files.put("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
            }
            if (controllers.contains("pids")) {
                files.put("pids.max", "max");
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue().isEmpty() ? "" : f.getValue() + "\n");
        }
    }

    private void join(Path cgroup, long pid) throws IOException {
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new IOException("cannot move " + pid + ": No such process");
        }
        if (version == Version.V2 && !cgroup.equals(root)
                && !words(Files.readString(cgroup.resolve("cgroup.subtree_control"))).isEmpty()) {
            throw new IOException("cannot move " + pid + " into " + cgroup + ": Device or resource busy");
        }
        Path hierarchy = version == Version.V1 ? root.resolve(root.relativize(cgroup).getName(0)) : root;
        try (Stream<Path> tree = Files.walk(hierarchy)) {
            for (Path procs : tree.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                Set<Long> members = live(procs);
                if (members.remove(pid)) {
                    Files.writeString(procs, lines(members));
                }
            }
        }
        Set<Long> members = live(cgroup.resolve("cgroup.procs"));
        members.add(pid);
        Files.writeString(cgroup.resolve("cgroup.procs"), lines(members));
    }

    private void enable(Path cgroup, String value) throws IOException {
        Set<String> available = words(Files.readString(cgroup.resolve("cgroup.controllers")));
        Set<String> enabled = words(Files.readString(cgroup.resolve("cgroup.subtree_control")));
        for (String change : value.trim().split("\\s+")) {
            String controller = change.substring(1);
            if (!available.contains(controller)) {
                throw new IOException("cannot enable " + controller + " in " + cgroup + ": No such file or directory");
            }
            if (change.startsWith("+")) {
                if (!cgroup.equals(root) && !live(cgroup.resolve("cgroup.procs")).isEmpty()) {
                    throw new IOException("cannot enable " + controller + " in " + cgroup
                            + ": Device or resource busy");
                }
                enabled.add(controller);
            } else {
                enabled.remove(controller);
            }
        }
        Files.writeString(cgroup.resolve("cgroup.subtree_control"), String.join(" ", enabled) + "\n");
    }

    private boolean populated(Path cgroup) throws IOException {
        try (Stream<Path> tree = Files.walk(cgroup)) {
            return tree.filter(p -> p.getFileName().toString().equals("cgroup.procs"))
                    .anyMatch(procs -> !live(procs).isEmpty());
        }
    }

    /** The pids in a {@code cgroup.procs} file that still run (the kernel forgets a process when it exits). */
    private static Set<Long> live(Path procs) {
        Set<Long> pids = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(procs)) {
                if (!line.isBlank()) {
                    long pid = Long.parseLong(line.trim());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        pids.add(pid);
                    }
                }
            }
        } catch (IOException e) {
            // no such cgroup: no members
        }
        return pids;
    }

    private static String lines(Set<Long> pids) {
        StringBuilder s = new StringBuilder();
        pids.forEach(pid -> s.append(pid).append('\n'));
        return s.toString();
    }

    private static Set<String> words(String text) {
        Set<String> words = new TreeSet<>(Arrays.asList(text.trim().split("\\s+")));
        words.remove("");
        return words;
    }
}
