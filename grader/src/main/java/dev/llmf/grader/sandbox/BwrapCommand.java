package dev.llmf.grader.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts one sandboxed child, built so that nothing of the host shows inside. {@code /bin/sh}
 * (on the host, outside the sandbox) opens the files below as descriptors 3–6, joins the child's cgroups and becomes
 * {@code bwrap --args 3 -- <child command>}. {@code bwrap} reads its options from descriptor 3, the seccomp program
 * from 4 and the two jars of the class path from 5–6, copies the jars into the sandbox and closes every one of
 * them before the child starts. The learner's classes are not among them: they come later, through the protocol
 * ({@link Wire#LOAD_CLASSES}), so that a child can start before the submission is compiled. So the sandbox's {@code /proc/1/cmdline} (bwrap's) holds only {@code bwrap --args 3}
 * and the child's own command line, whose paths are all {@code /sandbox/…}; {@code /proc/self/mountinfo} shows the
 * jars as files of bwrap's tmpfs, not as host folders.
 */
final class BwrapCommand {

    static final int ARGS_FD = 3;
    static final int SECCOMP_FD = 4;
    static final int CONTRACT_FD = 5;
    static final int HARNESS_FD = 6;

    static final String CONTRACT_JAR = "/sandbox/contract.jar";
    static final String HARNESS_JAR = "/sandbox/harness.jar";
    static final int TMP_BYTES = 32 << 20;

    /** Every namespace, explicitly (so a missing one is an error, not a silent skip); nobody; no capabilities. */
    static final List<String> NAMESPACES = List.of("--unshare-all", "--unshare-user", "--unshare-cgroup",
            "--disable-userns", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
            "--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox");

    /**
     * {@code $1}–{@code $4}: the files for descriptors 3–6; then the number of {@code cgroup.procs} files and the
     * files; then the command ({@code bwrap …}). Exit status 125 when a cgroup cannot be joined. dash exports
     * {@code PWD}: unset, so even bwrap's own environment (the sandbox's {@code /proc/1/environ}) is empty.
     */
    static final String SCRIPT = "exec 3<\"$1\" 4<\"$2\" 5<\"$3\" 6<\"$4\"; shift 4; "
            + "n=$1; shift; while [ \"$n\" -gt 0 ]; do "
            + "echo $$ > \"$1\" || { echo \"llmf: cannot join cgroup $1\" >&2; exit 125; }; "
            + "shift; n=$((n-1)); done; unset PWD OLDPWD; exec \"$@\"";

    /** The files every child of one sandbox reads: bwrap's options, the seccomp program, the two jars. */
    record SharedFiles(Path options, Path seccomp, Path contractJar, Path harnessJar) {
    }

    private BwrapCommand() {
    }

    /**
     * {@code bwrap}'s options: namespaces; the host files, read-only; the seccomp program; the jars; a fresh
     * {@code /proc}, a minimal {@code /dev}, a small tmpfs {@code /tmp}; then the root read-only.
     */
    static List<String> options(List<SandboxMounts.Bind> binds) {
        List<String> o = new ArrayList<>(NAMESPACES);
        for (SandboxMounts.Bind bind : binds) {
            o.addAll(List.of("--ro-bind", bind.host().toString(), bind.inside()));
        }
        o.addAll(List.of("--seccomp", Integer.toString(SECCOMP_FD)));
        o.addAll(List.of("--ro-bind-data", Integer.toString(CONTRACT_FD), CONTRACT_JAR));
        o.addAll(List.of("--ro-bind-data", Integer.toString(HARNESS_FD), HARNESS_JAR));
        o.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        o.addAll(List.of("--size", Integer.toString(TMP_BYTES), "--tmpfs", "/tmp"));
        o.addAll(List.of("--remount-ro", "/", "--chdir", "/tmp"));
        return o;
    }

    /** Writes {@code options} as {@code bwrap --args} reads them: each followed by a NUL byte. */
    static void writeOptions(List<String> options, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String option : options) {
            if (option.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a bwrap option with a NUL byte: " + option);
            }
            out.writeBytes(option.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        Files.write(file, out.toByteArray());
    }

    /** The whole command: the shell that joins {@code procsFiles}, then {@code bwrap}, then {@code child}. */
    static List<String> command(Path bwrap, SharedFiles files, List<Path> procsFiles, List<String> child) {
        List<String> c = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "llmf-launch",
                files.options().toString(), files.seccomp().toString(), files.contractJar().toString(),
                files.harnessJar().toString(), Integer.toString(procsFiles.size())));
        procsFiles.forEach(p -> c.add(p.toString()));
        c.addAll(List.of(bwrap.toString(), "--args", Integer.toString(ARGS_FD), "--"));
        c.addAll(child);
        return c;
    }

    /** The child JVM's command inside the sandbox, through {@code env -i} (bwrap sets {@code PWD} after --clearenv). */
    static List<String> javaCommand(List<String> javaArguments) {
        List<String> c = new ArrayList<>(List.of(SandboxMounts.ENV, "-i", SandboxMounts.JDK + "/bin/java"));
        c.addAll(javaArguments);
        return c;
    }
}
