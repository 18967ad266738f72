package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learner submissions, DOMjudge style: correct ones, broken ones and hostile ones, each named for what it does.
 * The tests run each in a sandbox and check the verdict. All live in package {@code learner}.
 *
 * <p>The probes implement {@link dev.llmf.contract.Tokenizer} through an abstract base whose {@code decode} runs
 * the probe and returns what it found as a string (checked exceptions become "ERR …"; errors and exits escape).
 */
final class Corpus {

    private Corpus() {
    }

    /** Compiles the whole corpus into {@code out}. */
    static Path compile(Path out, int listeningPort, List<String> secretPaths) throws IOException {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("learner.GoodMath", GOOD_MATH);
        s.put("learner.Thrower", THROWER);
        s.put("learner.MyException", "package learner; public class MyException extends RuntimeException {"
                + " public MyException(String m) { super(m); } }");
        s.put("learner.ShapeException", "package learner; public class ShapeException extends IllegalArgumentException {"
                + " public ShapeException(String m) { super(m); } }");
        s.put("learner.Attn", ATTN);
        s.put("learner.MiniTokenizer", MINI_TOKENIZER);
        s.put("learner.Probe", PROBE);
        s.put("learner.NotMath", "package learner; public class NotMath { }");
        s.put("learner.NoCtor", "package learner; public class NoCtor extends GoodMath { public NoCtor(int x) { } }");
        s.put("learner.Hidden", "package learner; class Hidden extends GoodMath { }");
        s.put("learner.CtorThrows", "package learner; public class CtorThrows extends GoodMath {"
                + " public CtorThrows() { throw new IllegalStateException(\"not today\"); } }");
        s.put("learner.StaticInitThrows", "package learner; public class StaticInitThrows extends GoodMath {"
                + " static final int X = Integer.parseInt(\"x\"); }");

        probe(s, "Echo", "return \"echo \" + ids.length;");
        probe(s, "Loop", "if (ids.length == 0) { long n = 0; while (n >= 0) { n = (n + 1) & Long.MAX_VALUE; } } return \"alive\";");
        probe(s, "Exit3", "System.exit(3); return \"unreachable\";");
        probe(s, "Halt", "Runtime.getRuntime().halt(4); return \"unreachable\";");
        probe(s, "Hog", """
                java.util.List<long[]> hog = new java.util.ArrayList<>();
                while (true) { hog.add(new long[1 << 17]); }
                """);
        probe(s, "Recurse", "return \"depth \" + depth(0);", """
                private int depth(int n) { return depth(n + 1) + 1; }
                """);
        probe(s, "ThreadBomb", """
                int started = 0;
                try {
                    for (int i = 0; i < 10_000; i++) {
                        Thread t = new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } });
                        t.start();
                        started++;
                    }
                } catch (Throwable t) {
                    return "stopped after " + started + " threads: " + t;
                }
                return "started " + started + " threads";
                """);
        probe(s, "ForkBomb", """
                // a process that leaves our session, then a shell that starts more of them until fork fails (dash
                // then exits, its children stay); once the pids limit is full even the JVM cannot start a thread,
                // so whatever fails here is ignored
                new ProcessBuilder("setsid", "sleep", "1000").start();
                try {
                    new ProcessBuilder("/bin/sh", "-c", "while :; do setsid sleep 1000 & done").start();
                } catch (Throwable t) {
                    // the limit was reached early
                }
                Thread.sleep(1000);
                return "forked";
                """);
        probe(s, "Printer", """
                byte[] kb = new byte[1024];
                java.util.Arrays.fill(kb, (byte) 'x');
                for (int i = 0; i < 10 * 1024; i++) { System.out.write(kb, 0, kb.length); }
                for (int i = 0; i < 1024; i++) { System.err.println("err line " + i); }
                return "printed";
                """);
        probe(s, "Forger", """
                // a response frame for the call in progress (id 2: the instance was request 1) saying "forged"
                java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
                java.io.DataOutputStream p = new java.io.DataOutputStream(payload);
                p.writeByte('R'); p.writeLong(2); p.writeLong(0); p.writeByte(1); p.writeByte(7);
                byte[] text = "forged".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                p.writeInt(text.length); p.write(text);
                java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
                java.io.DataOutputStream f = new java.io.DataOutputStream(frame);
                f.writeInt(payload.size()); f.write(payload.toByteArray());
                byte[] forged = frame.toByteArray();
                StringBuilder tried = new StringBuilder();
                System.out.write(forged); System.out.flush();
                tried.append("System.out ok; ");
                try (var raw = new java.io.FileOutputStream(java.io.FileDescriptor.out)) {
                    raw.write(forged); raw.write(forged); tried.append("FileDescriptor.out ok; ");
                } catch (java.io.IOException e) { tried.append("FileDescriptor.out: ").append(e.getMessage()).append("; "); }
                try (var raw = new java.io.FileOutputStream("/proc/self/fd/1")) {
                    raw.write(forged); tried.append("/proc/self/fd/1 ok; ");
                } catch (java.io.IOException e) { tried.append("/proc/self/fd/1: ").append(e.getMessage()).append("; "); }
                return "real (" + tried + ")";
                """);
        StringBuilder paths = new StringBuilder();
        for (String p : secretPaths) {
            paths.append('"').append(p.replace("\\", "\\\\")).append("\", ");
        }
        probe(s, "ReadFiles", """
                StringBuilder out = new StringBuilder();
                for (String p : new String[] {%s}) {
                    java.nio.file.Path path = java.nio.file.Path.of(p);
                    String verdict;
                    if (!java.nio.file.Files.exists(path)) { verdict = "MISSING"; }
                    else if (java.nio.file.Files.isDirectory(path)) {
                        try (var l = java.nio.file.Files.list(path)) { verdict = "LISTED " + l.count(); }
                        catch (Exception e) { verdict = "DENIED"; }
                    } else {
                        try { verdict = "READ " + java.nio.file.Files.readAllBytes(path).length; }
                        catch (Exception e) { verdict = "DENIED"; }
                    }
                    out.append(p).append(" -> ").append(verdict).append('\\n');
                }
                return out.toString();
                """.formatted(paths));
        probe(s, "Network", """
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", %d), 2000);
                    return "CONNECTED";
                }
                """.formatted(listeningPort));
        probe(s, "Environment", """
                long processes;
                try (var l = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                    processes = l.filter(p -> p.getFileName().toString().matches("[0-9]+")).count();
                }
                return "env=" + System.getenv() + " processes=" + processes
                        + " root=" + java.util.Arrays.toString(new java.io.File("/").list());
                """);
        probe(s, "Shell", """
                Process p = new ProcessBuilder("/bin/sh", "-c",
                        "cat /work/main/pom.xml; ls /root /home /work /run; id -u; cat /proc/1/cmdline")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                return "exit " + p.waitFor() + ": " + out;
                """);
        probe(s, "Writer", """
                StringBuilder out = new StringBuilder();
                for (String p : new String[] {"/tmp/x", "/x", "/usr/x", "/sandbox/x", "/sandbox/harness.jar"}) {
                    try { java.nio.file.Files.writeString(java.nio.file.Path.of(p), "x"); out.append(p).append(" WROTE; "); }
                    catch (Exception e) { out.append(p).append(" REFUSED; "); }
                }
                return out.toString();
                """);
        probe(s, "FileTree", """
                // every path of the sandbox's file system but /proc and /dev, and the JDK's folder not entered
                StringBuilder out = new StringBuilder();
                java.nio.file.Files.walkFileTree(java.nio.file.Path.of("/"), new java.nio.file.SimpleFileVisitor<>() {
                    @Override public java.nio.file.FileVisitResult preVisitDirectory(java.nio.file.Path d,
                            java.nio.file.attribute.BasicFileAttributes a) {
                        out.append(d).append(d.toString().equals("/") ? "" : "/").append('\\n');
                        String n = d.toString();
                        return n.equals("/proc") || n.equals("/dev") || n.equals("/sandbox/jdk")
                                ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                    }
                    @Override public java.nio.file.FileVisitResult visitFile(java.nio.file.Path f,
                            java.nio.file.attribute.BasicFileAttributes a) {
                        out.append(f).append(a.isSymbolicLink() ? "@" : "").append('\\n');
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    @Override public java.nio.file.FileVisitResult visitFileFailed(java.nio.file.Path f,
                            java.io.IOException e) {
                        out.append(f).append(" UNREADABLE ").append(e).append('\\n');
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
                return out.toString();
                """);
        probe(s, "HostTraces", """
                // what a submission could read about the machine it runs on
                StringBuilder out = new StringBuilder();
                java.util.List<java.nio.file.Path> procs;
                try (var l = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                    procs = l.filter(p -> p.getFileName().toString().matches("[0-9]+")).sorted().toList();
                }
                for (java.nio.file.Path p : procs) {
                    out.append("cmdline ").append(p.getFileName()).append(": ").append(read(p.resolve("cmdline"))).append('\\n');
                    out.append("environ ").append(p.getFileName()).append(": ").append(read(p.resolve("environ"))).append('\\n');
                }
                out.append("mountinfo:\\n").append(read(java.nio.file.Path.of("/proc/self/mountinfo")));
                out.append("\\ncgroup:\\n").append(read(java.nio.file.Path.of("/proc/self/cgroup")));
                out.append("\\nstatus:\\n").append(read(java.nio.file.Path.of("/proc/self/status")));
                out.append("\\nhostname: ").append(read(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip());
                out.append("\\nfds:\\n");
                try (var l = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
                    for (java.nio.file.Path fd : l.sorted().toList()) {
                        try { out.append("fd ").append(fd.getFileName()).append(" -> ")
                                .append(java.nio.file.Files.readSymbolicLink(fd)).append('\\n'); }
                        catch (java.io.IOException e) { out.append("fd ").append(fd.getFileName()).append(" gone\\n"); }
                    }
                }
                out.append("properties:\\n");
                System.getProperties().forEach((k, v) -> out.append(k).append('=').append(v).append('\\n'));
                out.append("input arguments: ").append(java.lang.management.ManagementFactory.getRuntimeMXBean()
                        .getInputArguments()).append('\\n');
                return out.toString();
                """, """
                private static String read(java.nio.file.Path p) {
                    try { return new String(java.nio.file.Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8)
                            .replace('\\0', ' '); }
                    catch (Exception e) { return "UNREADABLE " + e; }
                }
                """);
        probe(s, "Syscalls", """
                // runs the test's helper once per system call it knows (a forbidden call kills it: exit 128 + 31)
                String helper = "/sandbox/test/syscall-probe";
                Process list = new ProcessBuilder(helper, "list").start();
                String[] names = new String(list.getInputStream().readAllBytes()).strip().split("\\n");
                list.waitFor();
                StringBuilder out = new StringBuilder();
                for (String name : names) {
                    Process p = new ProcessBuilder(helper, name).redirectErrorStream(true).start();
                    String said = new String(p.getInputStream().readAllBytes()).strip();
                    out.append(name).append(" exit=").append(p.waitFor()).append(" said=").append(said).append('\\n');
                }
                return out.toString();
                """);
        probe(s, "Counter", "return \"count \" + (++count);", "private int count;");
        probe(s, "OddLists", "return \"fine\";", """
                @SuppressWarnings({"unchecked", "rawtypes"})
                @Override public java.util.List<Merge> merges() {
                    // heap pollution: what the pipe cannot carry, and what it carries but the grader did not ask for
                    return vocabSize() == 256 ? (java.util.List) java.util.List.of(new Object()) : (java.util.List) java.util.List.of(5);
                }
                private int size = 256;
                @Override public int vocabSize() { return size; }
                @Override public void train(String corpus, int vocabSize) { size = vocabSize; }
                """);
        return LearnerCompiler.compile(out, s);
    }

    private static void probe(Map<String, String> s, String name, String body) {
        probe(s, name, body, "");
    }

    private static void probe(Map<String, String> s, String name, String body, String members) {
        s.put("learner." + name, """
                package learner;
                public class %s extends Probe {
                    %s
                    @Override
                    protected String probe(int[] ids) throws Exception {
                        %s
                    }
                }
                """.formatted(name, members, body));
    }

    static final String PROBE = """
            package learner;
            import dev.llmf.contract.Tokenizer;
            import java.util.List;
            public abstract class Probe implements Tokenizer {
                protected abstract String probe(int[] ids) throws Exception;
                @Override public String decode(int[] ids) {
                    try { return probe(ids); } catch (Exception e) { return "ERR " + e; }
                }
                @Override public void train(String corpus, int vocabSize) { }
                @Override public int[] encode(String text) { return new int[0]; }
                @Override public List<Merge> merges() { return List.of(); }
                @Override public int vocabSize() { return 256; }
                @Override public byte[] tokenBytes(int id) { return new byte[] {(byte) id}; }
            }
            """;

    static final String GOOD_MATH = """
            package learner;
            import dev.llmf.contract.Tensor;
            import dev.llmf.contract.TensorMath;
            import java.util.Arrays;
            public class GoodMath implements TensorMath {
                public GoodMath() {
                    System.out.println("GoodMath created");
                }
                @Override public Tensor matmul(Tensor a, Tensor b) {
                    if (a.rank() != 2 || b.rank() != 2 || a.size(1) != b.size(0)) {
                        throw new IllegalArgumentException("cannot multiply " + Arrays.toString(a.shape()) + " by "
                                + Arrays.toString(b.shape()) + ": inner sizes " + a.size(-1) + " and " + b.size(0) + " differ");
                    }
                    int m = a.size(0), k = a.size(1), n = b.size(1);
                    Tensor c = Tensor.zeros(m, n);
                    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                        float s = 0;
                        for (int p = 0; p < k; p++) s += a.get2(i, p) * b.get2(p, j);
                        c.set2(i, j, s);
                    }
                    return c;
                }
                @Override public Tensor transpose(Tensor a) { return a.transpose(0, 1).contiguous(); }
                @Override public Tensor add(Tensor a, Tensor b) {
                    if (!a.sameShape(b)) {
                        throw new IllegalArgumentException("cannot add " + Arrays.toString(a.shape()) + " and "
                                + Arrays.toString(b.shape()));
                    }
                    float[] x = a.toArray(), y = b.toArray();
                    for (int i = 0; i < x.length; i++) x[i] += y[i];
                    return Tensor.of(x, a.shape());
                }
                @Override public Tensor softmax(Tensor x) {
                    float[] v = x.toArray();
                    int d = x.size(-1);
                    for (int r = 0; r < v.length / Math.max(d, 1); r++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < d; i++) max = Math.max(max, v[r * d + i]);
                        double sum = 0;
                        for (int i = 0; i < d; i++) sum += Math.exp(v[r * d + i] - max);
                        for (int i = 0; i < d; i++) v[r * d + i] = (float) (Math.exp(v[r * d + i] - max) / sum);
                    }
                    return Tensor.of(v, x.shape());
                }
            }
            """;

    static final String THROWER = """
            package learner;
            import dev.llmf.contract.Tensor;
            public class Thrower extends GoodMath {
                @Override public Tensor softmax(Tensor x) {
                    int[] small = new int[1];
                    Object o = "text";
                    switch ((int) x.get(0)) {
                        case 0: small[2] = 1; break;
                        case 1: { String s = null; s.length(); break; }
                        case 2: { int zero = small[0]; small[0] = 1 / zero; break; }
                        case 3: throw new MyException("boom");
                        case 4: Integer.parseInt("seven"); break;
                        case 5: throw new IllegalStateException("not trained yet");
                        case 6: throw new UnsupportedOperationException("later");
                        case 7: { Integer i = (Integer) o; break; }
                        case 8: { int[] a = new int[-(int) x.get(0)]; break; }
                        case 9: throw new ShapeException("shape [2] is wrong");
                        case 10: throw new IndexOutOfBoundsException("index 5 out of range");
                        case 11: throw new RuntimeException(new Exception("wrapped"));
                        default: throw new Error("custom error");
                    }
                    return x;
                }
            }
            """;

    static final String ATTN = """
            package learner;
            import dev.llmf.contract.Attention;
            import dev.llmf.contract.Tensor;
            public class Attn implements Attention {
                @Override public Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal) {
                    return new Output(causal ? q : k, null);
                }
                @Override public Output multiHead(Tensor x, Weights weights, Options options) {
                    if (!options.causal()) {
                        throw new IllegalArgumentException("heads=" + options.heads() + " rotary=" + options.rotary());
                    }
                    return new Output(x, weights.wq());
                }
            }
            """;

    static final String MINI_TOKENIZER = """
            package learner;
            import dev.llmf.contract.Tokenizer;
            import java.nio.charset.StandardCharsets;
            import java.util.ArrayList;
            import java.util.List;
            public class MiniTokenizer implements Tokenizer {
                private final List<Merge> merges = new ArrayList<>();
                @Override public void train(String corpus, int vocabSize) {
                    if (vocabSize < 256) throw new IllegalArgumentException("vocabSize " + vocabSize + " < 256");
                    merges.clear();
                    for (int t = 256; t < vocabSize; t++) merges.add(new Merge(t - 256, t - 255, t));
                }
                @Override public int[] encode(String text) {
                    byte[] b = text.getBytes(StandardCharsets.UTF_8);
                    int[] ids = new int[b.length];
                    for (int i = 0; i < b.length; i++) ids[i] = b[i] & 0xff;
                    return ids;
                }
                @Override public String decode(int[] ids) {
                    if (ids.length == 1 && ids[0] == -1) { System.exit(0); }
                    byte[] b = new byte[ids.length];
                    for (int i = 0; i < ids.length; i++) {
                        if (ids[i] < 0 || ids[i] > 255) throw new IllegalArgumentException("unknown token " + ids[i]);
                        b[i] = (byte) ids[i];
                    }
                    return new String(b, StandardCharsets.UTF_8);
                }
                @Override public List<Merge> merges() { return List.copyOf(merges); }
                @Override public int vocabSize() { return 256 + merges.size(); }
                @Override public byte[] tokenBytes(int id) { return new byte[] {(byte) id}; }
            }
            """;
}
