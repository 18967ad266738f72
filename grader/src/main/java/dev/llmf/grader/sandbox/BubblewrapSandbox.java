package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The production sandbox: each child JVM runs inside {@code bwrap} (bubblewrap), under a seccomp filter, in a fresh
 * cgroup (v1 or v2, whichever the host has).
 *
 * <ul>
 *   <li><b>Namespaces</b> ({@code --unshare-all}, user namespace included, uid 65534, no capabilities, no nested user
 *       namespaces): no network but an empty loopback, its own PIDs, IPC, hostname and cgroup view.</li>
 *   <li><b>Mounts</b>, an allowlist, read-only ({@link SandboxMounts}): the JDK at {@code /sandbox/jdk}, the shared
 *       libraries it links, {@code env}; the class path as two jars copied in ({@code /sandbox/contract.jar},
 *       {@code harness.jar}; the learner's classes come through the protocol); a fresh {@code /proc}, a minimal {@code /dev}, a small tmpfs
 *       {@code /tmp}; the root is read-only. No {@code /usr}, no shell, no {@code /etc}; the grader's files, the
 *       hidden suites and the reference do not exist inside.</li>
 *   <li><b>No host paths visible</b> ({@link BwrapCommand}): bwrap gets its options through a descriptor, so the
 *       sandbox's {@code /proc/1/cmdline} names only {@code /sandbox/…} paths.</li>
 *   <li><b>System calls</b>: the {@link SeccompFilter} kills a process that tries a dangerous one.</li>
 *   <li><b>Environment</b>: empty ({@code --clearenv}, then {@code env -i}); new session (no terminal to inject
 *       into); killed when the grader dies ({@code --die-with-parent}).</li>
 *   <li><b>cgroup</b> ({@link CgroupHost}): memory (the limit covers everything the child uses; swap too), pids
 *       (thread and fork bombs), freeze/kill (to kill everything at once). The launcher joins it before
 *       {@code bwrap} and the JVM start, so nothing runs outside it.</li>
 *   <li><b>Time</b>: every call has a wall-clock limit; past it the whole cgroup is killed.</li>
 * </ul>
 *
 * <p>Construction checks once per grader JVM that all of it works here: it starts a JVM inside the sandbox, in a test
 * cgroup, and removes the cgroup; if anything fails it throws {@link SandboxUnavailableException} with the reason,
 * and the grader grades nothing.
 */
public final class BubblewrapSandbox extends JvmSandbox {

    /**
     * {@code bwrap --die-with-parent} uses PR_SET_PDEATHSIG, which fires when the <em>thread</em> that spawned it
     * ends. So every child is spawned from this one thread, which lives as long as the grader.
     */
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("llmf-sandbox-spawner").daemon().factory());

    /** What the check found, per (bwrap, cgroup mount, extra mounts): it runs once per grader JVM. */
    private static final Map<String, Setup> CHECKED = new HashMap<>();

    /** A working setup, or why there is none. */
    private record Setup(Optional<String> problem, CgroupHost cgroups, BwrapCommand.SharedFiles files) {
        static Setup failed(String problem) {
            return new Setup(Optional.of(problem), null, null);
        }
    }

    private final Path bwrap;
    private final CgroupHost cgroups;
    private final BwrapCommand.SharedFiles files;

    /**
     * The sandbox with {@code bwrap} from {@code /usr/bin} (or the system property {@code llmf.sandbox.bwrap}) and
     * the cgroups mounted under {@code /sys/fs/cgroup}.
     *
     * @throws SandboxUnavailableException if it does not work here, with the reason
     */
    public BubblewrapSandbox() {
        this(findBwrap(), CgroupHost.DEFAULT_MOUNT, List.of());
    }

    /** {@code extraBinds}: for tests only (a helper program mounted into the sandbox). */
    BubblewrapSandbox(Path bwrap, Path cgroupMount, List<SandboxMounts.Bind> extraBinds) {
        Setup setup = setUp(bwrap, cgroupMount, extraBinds);
        if (setup.problem().isPresent()) {
            throw new SandboxUnavailableException(setup.problem().get());
        }
        this.bwrap = bwrap;
        this.cgroups = setup.cgroups();
        this.files = setup.files();
    }

    /** Why bubblewrap sandboxing does not work on this machine, or empty if it does (checked once, then cached). */
    public static Optional<String> unavailableReason() {
        return setUp(findBwrap(), CgroupHost.DEFAULT_MOUNT, List.of()).problem();
    }

    private static Setup setUp(Path bwrap, Path cgroupMount, List<SandboxMounts.Bind> extraBinds) {
        synchronized (CHECKED) {
            return CHECKED.computeIfAbsent(bwrap + "|" + cgroupMount + "|" + extraBinds,
                    k -> check(bwrap, cgroupMount, extraBinds, CHECKED.size()));
        }
    }

    @Override
    public String describe() {
        return "bubblewrap (" + bwrap + ": user, pid, net, ipc, uts, cgroup namespaces; only the JDK, its libraries"
                + " and the class path mounted, read-only; empty environment; seccomp filter) + "
                + cgroups.describe() + " + per-call wall-clock limit";
    }

    /** The cgroups this sandbox makes its children's in. */
    CgroupHost cgroups() {
        return cgroups;
    }

    @Override
    Launch launch(Limits limits) throws IOException {
        Cgroup cgroup = null;
        try {
            cgroup = cgroups.create(limits);
            List<String> java = new ArrayList<>(jvmOptions(limits, "/tmp"));
            java.addAll(List.of("-cp", classPath(BwrapCommand.CONTRACT_JAR, BwrapCommand.HARNESS_JAR), CHILD_MAIN,
                    Integer.toString(limits.outputBytes())));
            ProcessBuilder builder = new ProcessBuilder(BwrapCommand.command(bwrap, files, cgroup.procsFiles(),
                    BwrapCommand.javaCommand(java)));
            builder.environment().clear();
            builder.directory(Path.of("/").toFile());
            long spawn = System.nanoTime();
            Process process = spawn(builder);
            return new Launch(process, containment(process, cgroup), spawn);
        } catch (IOException | RuntimeException e) {
            if (cgroup != null) {
                cgroup.killAll(1000);
                cgroup.remove();
            }
            throw e;
        }
    }

    private static ChildProcess.Containment containment(Process process, Cgroup cgroup) {
        return new ChildProcess.Containment() {
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
    static Path findBwrap() {
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

    // ---------------------------------------------------------------------------------------------------------
    // the check

    /**
     * Finds the cgroups, writes the files every child reads, then starts {@code java -version} exactly as a child
     * would be started (same options, mounts, seccomp filter) in a test cgroup, and checks that the cgroup can be
     * emptied and removed.
     */
    private static Setup check(Path bwrap, Path cgroupMount, List<SandboxMounts.Bind> extraBinds, int serial) {
        if (!Files.isExecutable(bwrap)) {
            return Setup.failed("bubblewrap is not installed (no executable " + bwrap
                    + "; on Debian/Ubuntu: apt-get install bubblewrap)");
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Setup.failed("bubblewrap sandboxing needs Linux");
        }
        Optional<SyscallTable> syscalls = SyscallTable.host();
        if (syscalls.isEmpty()) {
            return Setup.failed("no seccomp filter for this architecture (" + System.getProperty("os.arch")
                    + "); the sandbox knows x86-64 and arm64");
        }
        CgroupHost cgroups;
        try {
            cgroups = CgroupHost.detect(CgroupFs.KERNEL, cgroupMount, CgroupHost.SELF);
        } catch (IOException e) {
            return Setup.failed(e.getMessage());
        }
        BwrapCommand.SharedFiles files;
        try {
            files = writeSharedFiles(syscalls.get(), extraBinds, serial);
        } catch (IOException | RuntimeException e) {
            return Setup.failed("cannot prepare the sandbox's files: " + e.getMessage());
        }
        Optional<String> problem = tryJava(bwrap, cgroups, files);
        if (problem.isEmpty()) {
            cgroups.reapStale();
        }
        return new Setup(problem, cgroups, files);
    }

    private static BwrapCommand.SharedFiles writeSharedFiles(SyscallTable syscalls, List<SandboxMounts.Bind> extraBinds,
                                                             int serial) throws IOException {
        Path dir = HarnessFiles.privateDirectory();
        List<SandboxMounts.Bind> binds = new ArrayList<>(SandboxMounts.forJdk(javaHome(), SandboxMounts.findEnv()));
        binds.addAll(extraBinds);
        Path options = dir.resolve("bwrap-" + serial + ".args");
        BwrapCommand.writeOptions(BwrapCommand.options(binds), options);
        Path seccomp = dir.resolve("seccomp.bpf");
        Files.write(seccomp, SeccompFilter.program(syscalls));
        Path contract = HarnessFiles.asJar(contractLocation(), dir.resolve("contract.jar"));
        return new BwrapCommand.SharedFiles(options, seccomp, contract, HarnessFiles.jar());
    }

    private static Optional<String> tryJava(Path bwrap, CgroupHost cgroups, BwrapCommand.SharedFiles files) {
        Limits limits = new Limits(Duration.ofSeconds(10), 16, 128, 32, 0);
        Cgroup cgroup;
        try {
            cgroup = cgroups.create(limits);
        } catch (IOException e) {
            return Optional.of("cannot create a cgroup for the child (" + e.getMessage() + "); the sandbox needs the"
                    + " memory and pids controllers (" + cgroups.describe() + ") and write access there");
        }
        try {
            List<String> java = new ArrayList<>(jvmOptions(limits, "/tmp"));
            java.add("-version");
            ProcessBuilder builder = new ProcessBuilder(BwrapCommand.command(bwrap, files, cgroup.procsFiles(),
                    BwrapCommand.javaCommand(java))).redirectErrorStream(true);
            builder.environment().clear();
            builder.directory(Path.of("/").toFile());
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
                return Optional.of("a JVM in the sandbox did not start within 20 s");
            }
            if (p.exitValue() != 0 || !out.contains("version")) {
                return Optional.of("a JVM does not start in bubblewrap with the sandbox's options (exit status "
                        + p.exitValue() + "): " + (out.isEmpty() ? "(no output)" : out));
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
