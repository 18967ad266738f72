package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seccomp filter, in the kernel: learner code in the sandbox runs a tiny C program (compiled here with gcc and
 * mounted into the sandbox for this test only: the sandboxed JVM itself has no native access) once per system call.
 * Each forbidden call kills it with SIGSYS (exit status 128 + 31 as Java reports it). The same program run outside
 * the sandbox gets an answer from the kernel for every one of them (an error: its arguments are invalid on
 * purpose), so the kill is the filter's doing, not a missing call.
 */
class SeccompSandboxTest {

    private static final String HELPER_INSIDE = "/sandbox/test/syscall-probe";
    private static final int SIGSYS_EXIT = 128 + 31;
    private static final Limits LIMITS = new Limits(Duration.ofSeconds(20), 64, 256, 64, 64 * 1024);

    /** Every call the sandbox must deny (the x86-only ones are skipped where the helper does not know them). */
    private static final List<String> DENIED = List.of("ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
            "pidfd_getfd", "mount", "umount2", "pivot_root", "chroot", "open_tree", "move_mount", "fsopen",
            "fsconfig", "fsmount", "fspick", "mount_setattr", "unshare", "setns", "bpf", "perf_event_open", "keyctl",
            "add_key", "request_key", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
            "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "swapon", "swapoff",
            "reboot", "settimeofday", "clock_settime", "clock_adjtime", "acct", "quotactl", "syslog",
            "lookup_dcookie", "name_to_handle_at", "open_by_handle_at", "sethostname", "setdomainname", "iopl",
            "ioperm", "uselib", "_sysctl", "personality-odd", "clone-namespace", "x32-getpid", "i386-getpid");

    private static Optional<String> problem;
    private static BubblewrapSandbox sandbox;
    private static Path classes;
    private static Path helper;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        problem = BubblewrapSandbox.unavailableReason();
        if (problem.isEmpty()) {
            helper = compileHelper(dir);
            if (helper == null) {
                problem = Optional.of("gcc is not installed (apt-get install gcc): cannot build the syscall probe");
                return;
            }
            sandbox = new BubblewrapSandbox(BubblewrapSandbox.findBwrap(), CgroupHost.DEFAULT_MOUNT,
                    List.of(new SandboxMounts.Bind(helper, HELPER_INSIDE)));
            classes = Corpus.compile(dir.resolve("classes"), 1, List.of());
        }
    }

    @BeforeEach
    void requireBubblewrapAndGcc() {
        assumeTrue(problem.isEmpty(), () -> "cannot run the seccomp test here: " + problem.orElse(""));
    }

    /** gcc on the helper's source; null when there is no gcc. */
    private static Path compileHelper(Path dir) throws Exception {
        Path source = dir.resolve("syscall-probe.c");
        try (InputStream in = SeccompSandboxTest.class.getResourceAsStream("syscall-probe.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("syscall-probe");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O1", "-Wall", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed: " + out);
        return binary;
    }

    /** name → "exit=N said=…", from the learner probe in the sandbox. */
    private static Map<String, String> insideTheSandbox() {
        String answer;
        try (SandboxSession session = sandbox.open(classes, LIMITS)) {
            answer = session.implementation(Tokenizer.class, "learner.Syscalls").decode(new int[0]);
        }
        System.out.println("[sandbox] system calls in the sandbox:\n" + answer);
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : answer.strip().lines().toList()) {
            results.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
        }
        return results;
    }

    private static int exit(String result) {
        return Integer.parseInt(result.substring(5, result.indexOf(' ')));
    }

    @Test
    void everyForbiddenCallKillsTheProcessWithSigsys() throws Exception {
        Map<String, String> inside = insideTheSandbox();
        for (String name : DENIED) {
            if (!inside.containsKey(name)) {
                assertTrue(!System.getProperty("os.arch").equals("amd64"), name + " was not tried");
                continue;   // an x86-only call on another architecture
            }
            assertEquals(SIGSYS_EXIT, exit(inside.get(name)), name + ": " + inside.get(name));
            // outside the sandbox the kernel answers the same call (with an error, or a harmless result)
            Process p = new ProcessBuilder(helper.toString(), name).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = p.waitFor();
            assertNotEquals(SIGSYS_EXIT, status, name + " outside the sandbox: " + said);
            if (!name.equals("i386-getpid")) {   // without 32-bit emulation that one ends in SIGSEGV
                assertEquals(0, status, name + " outside the sandbox: " + said);
                assertTrue(said.startsWith(name + " "), said);
            }
        }
    }

    @Test
    void ordinaryCallsStillWork() {
        Map<String, String> inside = insideTheSandbox();
        for (String name : List.of("getpid", "clone-plain", "personality-query")) {
            assertTrue(inside.get(name).startsWith("exit=0 said=" + name + " "), name + ": " + inside.get(name));
            assertTrue(inside.get(name).endsWith(" 0"), "no error: " + inside.get(name));
        }
        // clone3 answers "not implemented" (38), so that glibc uses clone, whose flags the filter can see
        assertEquals("exit=0 said=clone3 -1 38", inside.get("clone3"));
    }
}
