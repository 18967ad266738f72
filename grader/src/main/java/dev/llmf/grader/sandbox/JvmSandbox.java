package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tensor;
import dev.llmf.grader.ShutdownOrder;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What both sandboxes share: the child JVM's command line, sessions with their proxies, the restart of a dead
 * child, and children started ahead ({@link #prestart}). A subclass decides only how the child is started and how
 * it is contained ({@link #launch}).
 */
public abstract sealed class JvmSandbox implements Sandbox permits BubblewrapSandbox, ProcessSandbox {

    /** How long a child JVM may take from spawn to its first frame (not counted against the learner). */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    /** The main class of the child. */
    static final String CHILD_MAIN = SandboxChild.class.getName();

    /** A started child: its process and what holds it. */
    record Launch(Process process, ChildProcess.Containment containment, long spawnNanos) {
    }

    /**
     * Starts one child JVM running {@link SandboxChild}, without the learner's classes: its session sends them as
     * the first request ({@link Wire#LOAD_CLASSES}).
     */
    abstract Launch launch(Limits limits) throws IOException;

    /** Children started ahead; null: each is started when a session needs it. */
    private volatile PrestartedChildren prestarted;

    /**
     * Keeps up to {@code count} children started ahead, each waiting for the one session that takes it (a child is
     * never used for two sessions); they start after the first session with the same limits. Called once, at
     * start-up.
     */
    public void prestart(int count) {
        if (count > 0 && prestarted == null) {
            PrestartedChildren children = new PrestartedChildren(this, count);
            ShutdownOrder.afterApplicationStop("llmf-prestarted-children", children::close);
            prestarted = children;
        }
    }

    /** The pids of the pre-started children waiting now (for tests). */
    List<Long> prestartedPids() {
        PrestartedChildren children = prestarted;
        return children == null ? List.of() : children.waitingPids();
    }

    /** Kills the pre-started children and starts no more (when the application stops; at JVM exit in any case). */
    void stopPrestarting() {
        PrestartedChildren children = prestarted;
        if (children != null) {
            children.close();
        }
    }

    /** A child that said hello, with its output going to {@code output}: a pre-started one if one waits. */
    ChildProcess startChild(Limits limits, OutputCapture output) throws IOException, ChildProcess.Died {
        PrestartedChildren children = prestarted;
        ChildProcess child = children == null ? null : children.take(limits);
        if (child == null) {
            child = greet(limits);
        }
        child.attach(output);
        return child;
    }

    /** Launches a child and waits for its hello; a child that does not say it is closed. */
    ChildProcess greet(Limits limits) throws IOException, ChildProcess.Died {
        Launch launch = launch(limits);
        ChildProcess child = new ChildProcess(launch.process(), launch.containment(), limits, launch.spawnNanos());
        try {
            child.awaitHello(STARTUP_TIMEOUT);
            return child;
        } catch (ChildProcess.Died | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    @Override
    public SandboxSession open(Path compiledClasses, Limits limits) {
        Objects.requireNonNull(compiledClasses, "compiledClasses");
        Objects.requireNonNull(limits, "limits");
        checkLimits(limits);
        Path classes;
        try {
            classes = compiledClasses.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("no compiled classes at " + compiledClasses, e);
        }
        if (!Files.isDirectory(classes) && !classes.toString().endsWith(".jar")) {
            throw new IllegalArgumentException(classes + " is neither a directory nor a jar");
        }
        JvmSession session = new JvmSession(this, classes, limits);
        session.start();
        return session;
    }

    private static void checkLimits(Limits limits) {
        if (limits.callTimeout() == null || limits.callTimeout().isNegative() || limits.callTimeout().isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + limits);
        }
        if (limits.heapMegabytes() < 8 || limits.memoryMegabytes() < 48 || limits.maxProcesses() < 16
                || limits.outputBytes() < 0) {
            throw new IllegalArgumentException("limits too small for a JVM (heap >= 8 MiB, memory >= 48 MiB,"
                    + " maxProcesses >= 16): " + limits);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // the child's command line

    /** The {@code java} launcher of the JDK the grader runs on. */
    static Path javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            java = ProcessHandle.current().info().command().map(Path::of)
                    .orElseThrow(() -> new SandboxUnavailableException("cannot find the java launcher in "
                            + System.getProperty("java.home")));
        }
        try {
            return java.toRealPath();
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot find the java launcher: " + e.getMessage(), e);
        }
    }

    /** The JDK folder (real path): {@code bin/java}'s grandparent. */
    static Path javaHome() {
        return javaExecutable().getParent().getParent();
    }

    /** Where the contract classes are: a directory or a jar. */
    static Path contractLocation() {
        CodeSource source = Tensor.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new SandboxUnavailableException("cannot locate the contract classes (no code source for "
                    + Tensor.class.getName() + ")");
        }
        try {
            Path p = Path.of(source.getLocation().toURI()).toRealPath();
            if (!Files.isDirectory(p) && !Files.isRegularFile(p)) {
                throw new SandboxUnavailableException("the contract classes at " + p + " are not readable");
            }
            return p;
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            throw new SandboxUnavailableException("cannot locate the contract classes at " + source.getLocation()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The child's JVM options: heap, stack, metaspace and direct memory capped; exit on the first
     * OutOfMemoryError; no attach, no native access, no {@code sun.misc.Unsafe} memory access; every JVM message on
     * stderr (never on the protocol's stdout); C1 only and class-data sharing for a fast start; reflection through
     * the JVM's native accessor (a child calls each method a few times: spinning method handles for it costs more).
     */
    static List<String> jvmOptions(Limits limits, String tmpDir) {
        List<String> o = new ArrayList<>();
        o.add("-Xmx" + limits.heapMegabytes() + "m");
        o.add("-Xss1m");
        o.add("-XX:MaxMetaspaceSize=" + limits.metaspaceMegabytes() + "m");
        o.add("-XX:CompressedClassSpaceSize=" + limits.classSpaceMegabytes() + "m");
        o.add("-XX:MaxDirectMemorySize=" + limits.directMemoryMegabytes() + "m");
        o.add("-XX:ReservedCodeCacheSize=32m");
        o.add("-XX:+UseSerialGC");
        o.add("-XX:TieredStopAtLevel=1");
        o.add("-Xshare:auto");
        o.add("-XX:ActiveProcessorCount=1");
        o.add("-XX:+ExitOnOutOfMemoryError");
        o.add("-XX:+DisableAttachMechanism");
        o.add("-XX:-UsePerfData");
        o.add("-XX:+DisplayVMOutputToStderr");
        o.add("-XX:-CreateCoredumpOnCrash");
        o.add("-XX:ErrorFile=" + tmpDir + "/hs_err_pid%p.log");
        o.add("-Xlog:disable");
        o.add("-Xlog:all=warning:stderr");
        o.add("--illegal-native-access=deny");
        o.add("--sun-misc-unsafe-memory-access=deny");
        o.add("--finalization=disabled");
        o.add("-Djdk.reflect.useNativeAccessorOnly=true");
        o.add("-Djava.io.tmpdir=" + tmpDir);
        o.add("-Dstdout.encoding=UTF-8");
        o.add("-Dstderr.encoding=UTF-8");
        o.add("-Djava.awt.headless=true");
        return o;
    }

    static String classPath(String... entries) {
        return String.join(File.pathSeparator, entries);
    }
}
