package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a submission sees of the machine from inside the bubblewrap sandbox: the whole file tree (only the JDK, the
 * shared libraries it links, {@code env} and the two jars of the class path; the learner's classes come through the
 * protocol), and no trace of the host's paths, the grader's pid or
 * the submission's scratch folder in any command line, environment, mount table or open file.
 */
class SandboxViewTest {

    private static final Limits LIMITS = new Limits(Duration.ofSeconds(10), 64, 256, 64, 64 * 1024);
    private static final Pattern LIBRARY = Pattern.compile("(lib[^/]*\\.so(\\.[0-9]+)*|ld-linux[^/]*\\.so\\.[0-9]+)");
    private static final Set<String> OUR_FILES = Set.of("/sandbox/jdk/", "/sandbox/bin/env", "/sandbox/contract.jar",
            "/sandbox/harness.jar");

    private static Optional<String> problem;
    private static BubblewrapSandbox sandbox;
    private static Path classes;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        problem = BubblewrapSandbox.unavailableReason();
        if (problem.isEmpty()) {
            sandbox = new BubblewrapSandbox();
            classes = Corpus.compile(dir.resolve("classes"), 1, List.of());
        }
    }

    @BeforeEach
    void requireBubblewrap() {
        assumeTrue(problem.isEmpty(), () -> "bubblewrap sandbox unavailable here: " + problem.orElse(""));
    }

    private static String probe(String name) {
        try (SandboxSession session = sandbox.open(classes, LIMITS)) {
            return session.implementation(Tokenizer.class, "learner." + name).decode(new int[] {1});
        }
    }

    /** Where the JDK's links that leave its folder point once it is at /sandbox/jdk (Temurin: its cacerts). */
    private static Set<String> jdkLinkTargets() throws IOException {
        Path home = JvmSandbox.javaHome();
        Set<String> targets = new TreeSet<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path link : all.filter(Files::isSymbolicLink).toList()) {
                Path inside = Path.of("/sandbox/jdk").resolve(home.relativize(link)).getParent()
                        .resolve(Files.readSymbolicLink(link)).normalize();
                if (!inside.startsWith("/sandbox/jdk")) {
                    targets.add(inside.toString());
                }
            }
        }
        return targets;
    }

    @Test
    void theFileTreeHoldsTheJdkItsLibrariesEnvAndTheJarsNothingElse() throws IOException {
        String tree = probe("FileTree");
        System.out.println("[sandbox] file tree:\n" + tree);
        List<String> paths = tree.strip().lines().toList();
        List<String> libraries = new ArrayList<>();
        Set<String> linkTargets = jdkLinkTargets();
        for (String path : paths) {
            assertFalse(path.contains("UNREADABLE"), path);
            if (path.endsWith("/") || OUR_FILES.contains(path) || Set.of("/proc/", "/dev/").contains(path)
                    || linkTargets.stream().anyMatch(t -> path.equals(t) || path.startsWith(t + "/"))) {
                continue;
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            assertTrue(LIBRARY.matcher(name).matches() && path.matches("/(usr/)?lib[^/]*/.*"),
                    "neither ours nor a shared library: " + path);
            libraries.add(name);
        }
        assertTrue(paths.containsAll(OUR_FILES), tree);
        assertTrue(libraries.contains("libc.so.6"), libraries.toString());
        // every folder is ours, /tmp (empty: -XX:-UsePerfData), or on the way to a library
        for (String dir : paths.stream().filter(p -> p.endsWith("/")).toList()) {
            boolean known = Set.of("/", "/sandbox/", "/sandbox/bin/", "/sandbox/jdk/", "/proc/", "/dev/", "/tmp/")
                    .contains(dir);
            assertTrue(known || paths.stream().anyMatch(p -> p.startsWith(dir) && !p.endsWith("/")), dir);
        }
        for (String absent : List.of("/bin/", "/bin/sh", "/usr/bin/", "/usr/local/", "/usr/share/", "/var/",
                "/home/", "/root/", "/run/", "/sys/", "/opt/", "/work/", "/mnt/", "/srv/", "/boot/")) {
            assertFalse(paths.contains(absent), absent + " exists inside");
        }
        // of /etc, only what the JDK links to
        for (String etc : paths.stream().filter(p -> p.startsWith("/etc/") && !p.endsWith("/")).toList()) {
            assertTrue(linkTargets.stream().anyMatch(t -> etc.equals(t) || etc.startsWith(t + "/")), etc);
        }
    }

    @Test
    void noHostPathPidOrScratchFolderShowsAnywhere() throws Exception {
        String traces = probe("HostTraces");
        System.out.println("[sandbox] host traces:\n" + traces);
        long pid = ProcessHandle.current().pid();
        List<String> secrets = new ArrayList<>(List.of(
                HarnessFiles.directory().toString(), HarnessFiles.privateDirectory().toString(),
                classes.toString(), classes.getParent().toString(), JvmSandbox.contractLocation().toString(),
                JvmSandbox.javaHome().toString(), System.getProperty("user.dir"), System.getProperty("java.io.tmpdir")
                        + "/llmf-", "llmf-" + HarnessFiles.HARNESS_KIND + "-" + pid, "llmf-" + HarnessFiles.CHILD_KIND + "-" + pid, "g" + pid + "-",
                "bwrap-", "/work/", "/root", "/home/"));
        for (String secret : secrets) {
            for (String line : traces.lines().toList()) {
                // mountinfo names the JDK's folder on the host: the one host path the sandbox shows (see operations)
                if (!(line.contains(" /sandbox/jdk ") && secret.equals(JvmSandbox.javaHome().toString()))) {
                    assertFalse(line.contains(secret), "'" + secret + "' shows in: " + line);
                }
            }
        }
        for (String line : traces.lines().filter(l -> l.startsWith("cmdline ")).toList()) {
            for (String word : line.substring(line.indexOf(": ") + 2).split(" ")) {
                assertTrue(!word.startsWith("/") || word.startsWith("/sandbox/") || word.endsWith("/bwrap"),
                        "a host path in a command line: " + line);
            }
        }
        assertTrue(traces.contains("cmdline 1: " + BubblewrapSandbox.findBwrap() + " --args 3 -- /sandbox/bin/env -i "
                + "/sandbox/jdk/bin/java "), traces);
        for (String line : traces.lines().filter(l -> l.startsWith("environ ")).toList()) {
            assertTrue(line.endsWith(": "), "an environment: " + line);
        }
        for (String line : traces.lines().filter(l -> l.startsWith("fd ")).toList()) {
            String target = line.substring(line.indexOf(" -> ") + 4);
            assertTrue(target.startsWith("pipe:") || target.startsWith("/sandbox/") || target.equals("/dev/null")
                    || target.startsWith("/proc/") || target.startsWith("anon_inode:"), "an open file: " + line);
        }
        assertTrue(traces.contains("\nhostname: sandbox\n"), traces);
        assertTrue(traces.contains("java.home=/sandbox/jdk\n"), traces);
        assertTrue(traces.contains("\nUid:\t65534\t65534\t65534\t65534\n"), "nobody");
        assertTrue(traces.contains("\nCapEff:\t0000000000000000\n"), "no capabilities");
        assertTrue(traces.contains("\nNoNewPrivs:\t1\n"), "no new privileges");
        assertTrue(traces.contains("\nSeccomp:\t2\n"), "a seccomp filter (mode 2)");
    }

    @Test
    void theJvmsOwnArgumentsNameOnlySandboxPaths() {
        String traces = probe("HostTraces");
        String arguments = traces.lines().filter(l -> l.startsWith("input arguments: ")).findFirst().orElseThrow();
        assertTrue(arguments.contains("-Djava.io.tmpdir=/tmp"), arguments);
        for (String word : arguments.split("[\\[\\], =]+")) {
            assertTrue(!word.startsWith("/") || word.startsWith("/tmp") || word.startsWith("/sandbox/"), word);
        }
        String classPath = traces.lines().filter(l -> l.startsWith("java.class.path=")).findFirst().orElseThrow();
        assertEquals("java.class.path=/sandbox/contract.jar:/sandbox/harness.jar", classPath);
    }
}
