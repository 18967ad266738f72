package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The production sandbox: each child JVM runs inside {@code bwrap} (bubblewrap) and a fresh cgroup v1.
 *
 * <ul>
 *   <li><b>Namespaces</b> ({@code --unshare-all}, user namespace included, uid 65534, no capabilities, no nested user
 *       namespaces): no network but an empty loopback, its own PIDs, IPC, hostname and cgroup view.</li>
 *   <li><b>Mounts</b>, an allowlist, read-only: {@code /usr} (the JDK is in it or bound too), the {@code /lib*} links,
 *       {@code /etc/ld.so.cache}, the contract, the harness, the learner's classes; a fresh {@code /proc}, a minimal
 *       {@code /dev}, a small tmpfs {@code /tmp}; the root is remounted read-only. The grader's files, the hidden
 *       suites, the reference, {@code /work}, {@code /root}, {@code /home}, {@code /run} do not exist inside.</li>
 *   <li><b>Environment</b>: empty ({@code --clearenv}); new session (no terminal to inject into); killed when the
 *       grader dies ({@code --die-with-parent}).</li>
 *   <li><b>cgroup v1</b> {@code memory} (the limit covers everything the child uses; swap too), {@code pids} (thread
 *       and fork bombs), {@code freezer} (to kill everything at once). The process joins them before {@code bwrap}
 *       and the JVM start, so nothing runs outside them.</li>
 *   <li><b>Time</b>: every call has a wall-clock limit; past it the whole cgroup is frozen and killed.</li>
 * </ul>
 *
 * <p>Construction checks once per grader JVM that {@code bwrap} works with these options and that cgroups can be
 * created, limited and removed; if not it throws {@link SandboxUnavailableException} with the reason.
 */
public final class BubblewrapSandbox extends JvmSandbox {

    /** Where the sandbox sees the contract, the harness and the learner's classes. */
    private static final String INSIDE = "/sandbox";
    private static final int TMP_BYTES = 32 << 20;

    /** Every namespace, explicitly (so a missing one is an error, not a silent skip); nobody; no capabilities. */
    private static final List<String> NAMESPACES = List.of("--unshare-all", "--unshare-user", "--unshare-cgroup",
            "--disable-userns", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
            "--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox");

    /** Joins the cgroups whose {@code cgroup.procs} files follow the count, then becomes {@code bwrap}. */
    private static final String JOIN_AND_EXEC = "n=$1; shift; while [ \"$n\" -gt 0 ]; do "
            + "echo $$ > \"$1\" || { echo \"llmf: cannot join cgroup $1\" >&2; exit 125; }; "
            + "shift; n=$((n-1)); done; exec \"$@\"";

    /**
     * {@code bwrap --die-with-parent} uses PR_SET_PDEATHSIG, which fires when the <em>thread</em> that spawned it
     * ends. So every child is spawned from this one thread, which lives as long as the grader.
     */
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "llmf-sandbox-spawner");
        t.setDaemon(true);
        return t;
    });

    /** Self-check results per (bwrap, cgroup root): the check runs once per grader JVM. */
    private static final java.util.Map<String, Optional<String>> CHECKED = new java.util.HashMap<>();

    private final Path bwrap;
    private final Path cgroupRoot;

    /**
     * The sandbox with {@code bwrap} from {@code /usr/bin} (or the system property {@code llmf.sandbox.bwrap}) and
     * cgroups under {@code /sys/fs/cgroup}.
     *
     * @throws SandboxUnavailableException if they do not work here, with the reason
     */
    public BubblewrapSandbox() {
        this(findBwrap(), CgroupV1.DEFAULT_ROOT);
    }

    BubblewrapSandbox(Path bwrap, Path cgroupRoot) {
        this.bwrap = bwrap;
        this.cgroupRoot = cgroupRoot;
        Optional<String> problem = unavailableReason(bwrap, cgroupRoot);
        if (problem.isPresent()) {
            throw new SandboxUnavailableException(problem.get());
        }
    }

    /** Why bubblewrap sandboxing does not work on this machine, or empty if it does (checked once, then cached). */
    public static Optional<String> unavailableReason() {
        return unavailableReason(findBwrap(), CgroupV1.DEFAULT_ROOT);
    }

    private static Optional<String> unavailableReason(Path bwrap, Path cgroupRoot) {
        synchronized (CHECKED) {
            return CHECKED.computeIfAbsent(bwrap + "|" + cgroupRoot, k -> {
                Optional<String> problem = selfCheck(bwrap, cgroupRoot);
                if (problem.isEmpty()) {
                    CgroupV1.reapStale(cgroupRoot);
                }
                return problem;
            });
        }
    }

    @Override
    public String describe() {
        return "bubblewrap (" + bwrap + ": user, pid, net, ipc, uts, cgroup namespaces; read-only allowlist mounts;"
                + " empty environment) + cgroup v1 (memory, pids, freezer) + per-call wall-clock limit";
    }

    @Override
    Launch launch(Path compiledClasses, Limits limits) throws IOException {
        CgroupV1 cgroup = CgroupV1.create(cgroupRoot, limits);
        try {
            List<String> command = new ArrayList<>();
            command.add("/bin/sh");
            command.add("-c");
            command.add(JOIN_AND_EXEC);
            command.add("llmf-join");
            List<Path> procs = cgroup.procsFiles();
            command.add(Integer.toString(procs.size()));
            for (Path p : procs) {
                command.add(p.toString());
            }
            command.addAll(bwrapCommand(compiledClasses));
            command.addAll(List.of("/usr/bin/env", "-i"));   // bwrap sets PWD after --clearenv: start truly empty
            Path java = javaExecutable();
            command.add(java.toString());
            command.addAll(jvmOptions(limits, "/tmp"));
            command.add("-cp");
            command.add(classPath(INSIDE + "/" + mountName("contract", contractLocation()),
                    INSIDE + "/harness", INSIDE + "/" + mountName("learner", compiledClasses)));
            command.add(CHILD_MAIN);
            command.add(Integer.toString(limits.outputBytes()));

            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.directory(Path.of("/").toFile());
            long spawn = System.nanoTime();
            Process process = spawn(builder);
            ChildProcess.Containment containment = new ChildProcess.Containment() {
                @Override
                public void killAll() {
                    cgroup.killAll(2000);
                    process.destroyForcibly();
                }

                @Override
                public boolean memoryLimitHit() {
                    return cgroup.memoryLimitHit();
                }

                @Override
                public void release() {
                    killAll();
                    try {
                        process.waitFor(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    cgroup.killAll(1000);
                    cgroup.remove();
                }
            };
            return new Launch(process, containment, spawn);
        } catch (IOException | RuntimeException e) {
            cgroup.killAll(1000);
            cgroup.remove();
            throw e;
        }
    }

    /** {@code bwrap} and its options, up to the command it runs. */
    private List<String> bwrapCommand(Path compiledClasses) {
        List<String> b = new ArrayList<>();
        b.add(bwrap.toString());
        b.addAll(NAMESPACES);
        b.addAll(systemMounts());
        Path javaHome = javaHome();
        if (!javaHome.startsWith("/usr/")) {
            b.addAll(List.of("--ro-bind", javaHome.toString(), javaHome.toString()));
        }
        Path contract = contractLocation();
        b.addAll(List.of("--ro-bind", contract.toString(), INSIDE + "/" + mountName("contract", contract)));
        b.addAll(List.of("--ro-bind", HarnessFiles.directory().toString(), INSIDE + "/harness"));
        b.addAll(List.of("--ro-bind", compiledClasses.toString(), INSIDE + "/" + mountName("learner", compiledClasses)));
        b.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        b.addAll(List.of("--size", Integer.toString(TMP_BYTES), "--tmpfs", "/tmp"));
        b.addAll(List.of("--remount-ro", "/", "--chdir", "/tmp", "--"));
        return b;
    }

    /** {@code /usr} read-only, and {@code /bin}, {@code /lib}, … as the links (or folders) they are on the host. */
    private static List<String> systemMounts() {
        List<String> m = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
        for (String dir : List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")) {
            Path p = Path.of(dir);
            try {
                if (Files.isSymbolicLink(p)) {
                    m.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
                } else if (Files.isDirectory(p)) {
                    m.addAll(List.of("--ro-bind", dir, dir));
                }
            } catch (IOException e) {
                // skip what we cannot read
            }
        }
        m.addAll(List.of("--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"));
        return m;
    }

    /** "learner" for a folder, "learner.jar" for a jar: the class path names what it is. */
    private static String mountName(String base, Path p) {
        return Files.isDirectory(p) ? base : base + ".jar";
    }

    private static Process spawn(ProcessBuilder builder) throws IOException {
        Future<Process> f = SPAWNER.submit(builder::start);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            throw new IOException("interrupted while starting the sandbox");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start the sandbox: " + e.getCause(), e.getCause());
        }
    }

    /** {@code bwrap}: the system property {@code llmf.sandbox.bwrap} if set, else the first on the usual paths. */
    private static Path findBwrap() {
        String configured = System.getProperty("llmf.sandbox.bwrap");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path p = Path.of(dir, "bwrap");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "bwrap");
                if (Files.isExecutable(p)) {
                    return p.toAbsolutePath();
                }
            }
        }
        return Path.of("/usr/bin/bwrap");
    }

    /**
     * Runs {@code bwrap} with the sandbox's own options on {@code /bin/true} inside a test cgroup, then checks that
     * the cgroup can be emptied and removed.
     */
    private static Optional<String> selfCheck(Path bwrap, Path cgroupRoot) {
        if (!Files.isExecutable(bwrap)) {
            return Optional.of("bubblewrap is not installed (no executable " + bwrap
                    + "; on Debian/Ubuntu: apt-get install bubblewrap)");
        }
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.of("bubblewrap sandboxing needs Linux");
        }
        CgroupV1 cgroup;
        try {
            cgroup = CgroupV1.create(cgroupRoot, new Limits(java.time.Duration.ofSeconds(5), 16, 64, 16, 0));
        } catch (IOException e) {
            return Optional.of("cannot create a cgroup v1 for the child (" + e.getMessage() + "); the sandbox needs "
                    + "cgroup v1 memory and pids controllers mounted under " + cgroupRoot + " and write access there");
        }
        try {
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", JOIN_AND_EXEC, "llmf-join"));
            List<Path> procs = cgroup.procsFiles();
            command.add(Integer.toString(procs.size()));
            for (Path p : procs) {
                command.add(p.toString());
            }
            List<String> b = new ArrayList<>();
            b.add(bwrap.toString());
            b.addAll(NAMESPACES);
            b.addAll(systemMounts());
            b.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", Integer.toString(TMP_BYTES), "--tmpfs",
                    "/tmp", "--remount-ro", "/", "--chdir", "/tmp", "--", "/bin/sh", "-c",
                    "test -z \"$(ls /work /root /home 2>/dev/null)\" && echo llmf-ok"));
            command.addAll(b);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            Process p = spawn(builder);
            String out;
            boolean done;
            try {
                done = p.waitFor(20, TimeUnit.SECONDS);
                out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                return Optional.of("interrupted while checking bubblewrap");
            }
            if (!done) {
                p.destroyForcibly();
                return Optional.of("bubblewrap did not finish a trivial command within 20 s");
            }
            if (p.exitValue() != 0 || !out.contains("llmf-ok")) {
                return Optional.of("bubblewrap does not work with the sandbox's options (exit status " + p.exitValue()
                        + "): " + (out.isEmpty() ? "(no output)" : out));
            }
            if (!cgroup.killAll(2000)) {
                return Optional.of("the test cgroup " + cgroup.name() + " could not be emptied");
            }
            if (!cgroup.remove()) {
                return Optional.of("the test cgroup " + cgroup.name() + " could not be removed");
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot run bubblewrap: " + e.getMessage());
        } finally {
            cgroup.killAll(1000);
            cgroup.remove();
        }
    }
}
