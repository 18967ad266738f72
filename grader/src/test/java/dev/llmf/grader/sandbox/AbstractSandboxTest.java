package dev.llmf.grader.sandbox;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviours every sandbox must get right, run against each implementation: correct code works through the
 * proxy, broken code gets the right verdict, and the grader carries on with a fresh child.
 */
abstract class AbstractSandboxTest {

    /** Call limit for the tests: short, so the timeout cases stay quick. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    static final Limits LIMITS = new Limits(CALL_TIMEOUT, 64, 256, 64, 64 * 1024);

    /** Spawn → first answered call of every child, per sandbox kind, for the report. */
    private static final Map<String, List<Long>> FIRST_CALL = Collections.synchronizedMap(new java.util.TreeMap<>());

    static ServerSocket listener;
    static Path learnerClasses;

    abstract Sandbox sandbox();

    /** A new sandbox of the same kind, for a test that changes its settings. */
    abstract JvmSandbox another();

    /** Compiles the corpus once per test class (the listening port and the grader's paths are baked in). */
    static void compileCorpus(Path dir) throws Exception {
        listener = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        learnerClasses = Corpus.compile(dir.resolve("classes"), listener.getLocalPort(), secretPaths());
    }

    /** Paths the learner must not see: the project, the grader's classes, the reference, home folders. */
    static List<String> secretPaths() throws Exception {
        List<String> paths = new ArrayList<>();
        paths.add(Path.of(JvmSandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        paths.add(Path.of(AbstractSandboxTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        try {
            Class<?> reference = Class.forName("dev.llmf.reference.ReferenceTensorMath");
            paths.add(Path.of(reference.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (ClassNotFoundException e) {
            // the reference module names its classes otherwise: the project folder covers it
        }
        paths.add(Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("pom.xml").toString());
        paths.add("/work/main/pom.xml");
        paths.add("/root");
        paths.add("/home");
        paths.add("/run");
        paths.add("/etc/passwd");
        paths.add("/etc/shadow");
        // the host's programs and the rest of its system: only the JDK (with the files it links to, such as
        // Temurin's /etc/ssl/certs/java/cacerts) and the libraries it links against are mounted
        paths.addAll(List.of("/bin/sh", "/bin", "/sbin", "/usr/bin", "/usr/local/bin", "/usr/share", "/etc/hostname",
                "/etc/hosts", "/etc/ld.so.cache", "/etc/ssl/private", "/var", "/sys", "/opt",
                HarnessFiles.directory().toString()));
        return paths;
    }

    @AfterAll
    static void closeListener() throws Exception {
        if (listener != null) {
            listener.close();
        }
    }

    @AfterAll
    static void reportTimings() {
        synchronized (FIRST_CALL) {
            FIRST_CALL.forEach((kind, all) -> {
                List<Long> sorted = new ArrayList<>(all);
                Collections.sort(sorted);
                if (!sorted.isEmpty()) {
                    System.out.printf("[sandbox timings] %s: child spawn -> first call p50 %d ms, p90 %d ms,"
                                    + " max %d ms over %d children%n", kind, sorted.get(sorted.size() / 2) / 1_000_000,
                            sorted.get(Math.min(sorted.size() - 1, sorted.size() * 9 / 10)) / 1_000_000,
                            sorted.getLast() / 1_000_000, sorted.size());
                }
            });
            FIRST_CALL.clear();
        }
    }

    /** Opens a session on the corpus and records its timings when it is closed. */
    JvmSession open(Limits limits) {
        return (JvmSession) sandbox().open(learnerClasses, limits);
    }

    void record(JvmSession session) {
        FIRST_CALL.computeIfAbsent(sandbox().getClass().getSimpleName(), k -> Collections.synchronizedList(
                new ArrayList<>())).addAll(session.firstCallNanos());
    }

    /** Runs {@code body} on a probe's {@code decode} in a fresh session and returns what it answered. */
    String probe(String name) {
        return probe(name, LIMITS);
    }

    String probe(String name, Limits limits) {
        try (JvmSession session = open(limits)) {
            try {
                return session.implementation(Tokenizer.class, "learner." + name).decode(new int[] {1});
            } finally {
                record(session);
            }
        }
    }

    /** Expects the probe's call to fail with {@code kind}; returns the failure. */
    LearnerFailure expectFailure(String name, LearnerFailure.Kind kind, Limits limits) {
        try (JvmSession session = open(limits)) {
            Tokenizer t = session.implementation(Tokenizer.class, "learner." + name);
            LearnerFailure f = assertThrows(LearnerFailure.class, () -> t.decode(new int[0]));
            System.out.printf("[verdict] %s / %s: %s %s%n", sandbox().getClass().getSimpleName(), name, f.kind(),
                    f.getMessage());
            assertEquals(kind, f.kind(), f.getMessage());
            record(session);
            return f;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // correct code

    @Test
    void aCorrectTensorMathWorksThroughTheProxy() {
        try (JvmSession session = open(LIMITS)) {
            TensorMath math = session.implementation(TensorMath.class, "learner.GoodMath");
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
            Tensor c = math.matmul(a, b);
            assertArrayEquals(new int[] {2, 2}, c.shape());
            assertArrayEquals(new float[] {4, 5, 10, 11}, c.toArray());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, math.transpose(a).toArray());
            Tensor p = math.softmax(Tensor.vector(1000, 999));
            assertEquals(0.7311f, p.get(0), 1e-4);
            // a view (non-contiguous) crosses as its row-major values
            assertArrayEquals(new float[] {2, 8, 4, 10, 6, 12}, math.add(a.transpose(0, 1), a.transpose(0, 1)).toArray());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> math.matmul(a, a));
            assertEquals("cannot multiply [2, 3] by [2, 3]: inner sizes 3 and 2 differ", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> math.add(a, b));

            assertTrue(math.toString().contains("learner.GoodMath"), math.toString());
            assertEquals(math, math);
            assertNotEquals(math, session.implementation(TensorMath.class, "learner.GoodMath"));
            assertEquals(System.identityHashCode(math), math.hashCode());
            assertTrue(session.output().contains("GoodMath created"), session.output());
            assertEquals(1, session.childrenStarted());
            record(session);
        }
    }

    @Test
    void standardExceptionsComeBackAsThemselvesOthersAsFailures() {
        try (JvmSession session = open(LIMITS)) {
            TensorMath math = session.implementation(TensorMath.class, "learner.Thrower");
            Function<Integer, Executable> call = n -> () -> math.softmax(Tensor.vector(n));
            assertTrue(assertThrows(ArrayIndexOutOfBoundsException.class, call.apply(0)).getMessage().contains("2"));
            assertThrows(NullPointerException.class, call.apply(1));
            assertEquals("/ by zero", assertThrows(ArithmeticException.class, call.apply(2)).getMessage());
            LearnerFailure custom = assertThrows(LearnerFailure.class, call.apply(3));
            assertEquals(LearnerFailure.Kind.EXCEPTION, custom.kind());
            assertEquals("learner.MyException: boom", custom.getMessage());
            // a subclass of a standard exception comes back as that standard type, naming the real class
            assertEquals("java.lang.NumberFormatException: For input string: \"seven\"",
                    assertThrows(IllegalArgumentException.class, call.apply(4)).getMessage());
            assertEquals("not trained yet", assertThrows(IllegalStateException.class, call.apply(5)).getMessage());
            assertEquals("later", assertThrows(UnsupportedOperationException.class, call.apply(6)).getMessage());
            assertThrows(ClassCastException.class, call.apply(7));
            assertEquals("-8", assertThrows(NegativeArraySizeException.class, call.apply(8)).getMessage());
            assertEquals("learner.ShapeException: shape [2] is wrong",
                    assertThrows(IllegalArgumentException.class, call.apply(9)).getMessage());
            assertEquals("index 5 out of range",
                    assertThrows(IndexOutOfBoundsException.class, call.apply(10)).getMessage());
            assertEquals("java.lang.RuntimeException: java.lang.Exception: wrapped",
                    assertThrows(LearnerFailure.class, call.apply(11)).getMessage());
            assertEquals("java.lang.Error: custom error", assertThrows(LearnerFailure.class, call.apply(12)).getMessage());
            // exceptions do not kill the child
            assertEquals(1, session.childrenStarted());
            record(session);
        }
    }

    @Test
    void recordsListsAndArraysCrossBothWays() {
        try (JvmSession session = open(LIMITS)) {
            Attention attention = session.implementation(Attention.class, "learner.Attn");
            Attention.Weights w = Attention.Weights.random(4, 7);
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
            Attention.Output out = attention.multiHead(x, w, new Attention.Options(2, true, false));
            assertArrayEquals(x.toArray(), out.output().toArray());
            assertArrayEquals(w.wq().toArray(), out.weights().toArray());
            assertEquals("heads=2 rotary=true", assertThrows(IllegalArgumentException.class,
                    () -> attention.multiHead(x, w, new Attention.Options(2, false, true))).getMessage());
            assertEquals(null, attention.scaledDotProduct(x, x, x, false).weights());

            Tokenizer tokenizer = session.implementation(Tokenizer.class, "learner.MiniTokenizer");
            tokenizer.train("low lower", 259);
            List<Tokenizer.Merge> merges = tokenizer.merges();
            assertEquals(List.of(new Tokenizer.Merge(0, 1, 256), new Tokenizer.Merge(1, 2, 257),
                    new Tokenizer.Merge(2, 3, 258)), merges);
            assertEquals(259, tokenizer.vocabSize());
            assertArrayEquals(new int[] {0xC3, 0xA9}, tokenizer.encode("é"));
            assertEquals("é", tokenizer.decode(new int[] {0xC3, 0xA9}));
            assertArrayEquals(new byte[] {7}, tokenizer.tokenBytes(7));
            assertEquals("unknown token 300", assertThrows(IllegalArgumentException.class,
                    () -> tokenizer.decode(new int[] {300})).getMessage());
            record(session);
        }
    }

    @Test
    void resultsThePipeCannotCarryOrTheGraderDidNotAskForAreRefused() {
        try (JvmSession session = open(LIMITS)) {
            Tokenizer odd = session.implementation(Tokenizer.class, "learner.OddLists");
            LearnerFailure unsendable = assertThrows(LearnerFailure.class, odd::merges);
            assertEquals(LearnerFailure.Kind.EXCEPTION, unsendable.kind(), unsendable.getMessage());
            assertTrue(unsendable.getMessage().startsWith("your method returned a value that cannot be sent back"),
                    unsendable.getMessage());
            assertEquals("fine", odd.decode(new int[0]));   // the child lives on
            odd.train("", 300);
            LearnerFailure wrongType = assertThrows(LearnerFailure.class, odd::merges);
            assertEquals(LearnerFailure.Kind.PROTOCOL, wrongType.kind(), wrongType.getMessage());
            assertTrue(wrongType.getMessage().contains("must return a list of dev.llmf.contract.Tokenizer$Merge"),
                    wrongType.getMessage());
            assertEquals("fine", odd.decode(new int[0]));   // a fresh child
            assertEquals(2, session.childrenStarted());
            record(session);
        }
    }

    @Test
    void missingOrUnusableClassesAreReportedAsSuch() {
        try (JvmSession session = open(LIMITS)) {
            Map<String, LearnerFailure.Kind> expected = Map.of(
                    "learner.Nope", LearnerFailure.Kind.MISSING_CLASS,
                    "learner.NotMath", LearnerFailure.Kind.MISSING_CLASS,
                    "learner.NoCtor", LearnerFailure.Kind.MISSING_CLASS,
                    "learner.Hidden", LearnerFailure.Kind.MISSING_CLASS,
                    "learner.CtorThrows", LearnerFailure.Kind.EXCEPTION,
                    "learner.StaticInitThrows", LearnerFailure.Kind.EXCEPTION);
            expected.forEach((className, kind) -> {
                LearnerFailure f = assertThrows(LearnerFailure.class,
                        () -> session.implementation(TensorMath.class, className));
                assertEquals(kind, f.kind(), className + ": " + f.getMessage());
                assertTrue(f.getMessage().contains(className.substring(8)), f.getMessage());
            });
            assertTrue(assertThrows(LearnerFailure.class, () -> session.implementation(TensorMath.class,
                    "learner.CtorThrows")).getMessage().contains("not today"));
            assertEquals(1, session.childrenStarted());
            record(session);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // broken code: verdicts, and the next call works

    @Test
    void anInfiniteLoopTimesOutAndTheNextCallGetsAFreshChild() {
        try (JvmSession session = open(LIMITS)) {
            Tokenizer loop = session.implementation(Tokenizer.class, "learner.Loop");
            long start = System.nanoTime();
            LearnerFailure f = assertThrows(LearnerFailure.class, () -> loop.decode(new int[0]));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("[verdict] %s / Loop: %s after %d ms: %s%n", sandbox().getClass().getSimpleName(),
                    f.kind(), millis, f.getMessage());
            assertEquals(LearnerFailure.Kind.TIMEOUT, f.kind(), f.getMessage());
            assertEquals("your code did not finish within 2 s: is there an infinite loop?", f.getMessage());
            assertTrue(millis >= CALL_TIMEOUT.toMillis() && millis < CALL_TIMEOUT.toMillis() + 2000,
                    "verdict after " + millis + " ms");
            assertEquals("alive", loop.decode(new int[] {1}));          // same proxy, fresh child
            assertEquals(2, session.childrenStarted());
            record(session);
        }
    }

    @Test
    void systemExitIsReported() {
        LearnerFailure f = expectFailure("Exit3", LearnerFailure.Kind.EXITED, LIMITS);
        assertEquals("the process exited with status 3 (did you call System.exit or Runtime.halt?)", f.getMessage());
    }

    @Test
    void runtimeHaltIsReported() {
        LearnerFailure f = expectFailure("Halt", LearnerFailure.Kind.EXITED, LIMITS);
        assertTrue(f.getMessage().contains("status 4"), f.getMessage());
    }

    @Test
    void unboundedAllocationRunsOutOfMemory() {
        LearnerFailure f = expectFailure("Hog", LearnerFailure.Kind.OUT_OF_MEMORY, LIMITS);
        assertTrue(f.getMessage().startsWith("ran out of memory (limit 64 MiB of heap)"), f.getMessage());
    }

    @Test
    void aStackOverflowIsAnExceptionAndTheChildLives() {
        try (JvmSession session = open(LIMITS)) {
            Tokenizer t = session.implementation(Tokenizer.class, "learner.Recurse");
            LearnerFailure f = assertThrows(LearnerFailure.class, () -> t.decode(new int[0]));
            assertEquals(LearnerFailure.Kind.EXCEPTION, f.kind());
            assertTrue(f.getMessage().startsWith("java.lang.StackOverflowError"), f.getMessage());
            assertInstanceOf(LearnerFailure.class, assertThrows(LearnerFailure.class, () -> t.decode(new int[0])));
            assertEquals(1, session.childrenStarted());
            record(session);
        }
    }

    @Test
    void stateIsLostWhenAChildDiesButTheProxyCarriesOn() {
        try (JvmSession session = open(LIMITS)) {
            Tokenizer t = session.implementation(Tokenizer.class, "learner.MiniTokenizer");
            Tokenizer counter = session.implementation(Tokenizer.class, "learner.Counter");
            t.train("abc", 260);
            assertEquals(260, t.vocabSize());
            assertEquals("count 1", counter.decode(new int[0]));
            assertEquals(LearnerFailure.Kind.EXITED,
                    assertThrows(LearnerFailure.class, () -> t.decode(new int[] {-1})).kind());
            assertEquals(256, t.vocabSize());                   // a new instance in a new child
            assertEquals("count 1", counter.decode(new int[0]));  // every proxy of the session gets one
            assertEquals(2, session.childrenStarted());
            record(session);
        }
    }

    @Test
    void printingTenMegabytesIsCappedAndTheProtocolSurvives() {
        Limits limits = new Limits(Duration.ofSeconds(10), 64, 256, 64, 1000);
        try (JvmSession session = open(limits)) {
            Tokenizer t = session.implementation(Tokenizer.class, "learner.Printer");
            assertEquals("printed", t.decode(new int[0]));
            String out = session.output();
            assertTrue(out.startsWith("x".repeat(1000) + "\n[output cut"), out.substring(0, Math.min(1100, out.length())));
            assertEquals("echo 0", session.implementation(Tokenizer.class, "learner.Echo").decode(new int[0]));
            record(session);
        }
    }

    @Test
    void forgedFramesOnStdoutDoNotForgeAnAnswer() {
        try (JvmSession session = open(LIMITS)) {
            Tokenizer t = session.implementation(Tokenizer.class, "learner.Forger");
            String answer;
            try {
                answer = t.decode(new int[0]);
            } catch (LearnerFailure f) {
                assertEquals(LearnerFailure.Kind.PROTOCOL, f.kind(), f.getMessage());
                answer = null;
            }
            System.out.printf("[verdict] %s / Forger: %s%n", sandbox().getClass().getSimpleName(), answer);
            if (answer != null) {
                assertFalse(answer.contains("forged") && !answer.startsWith("real"), answer);
                assertTrue(answer.startsWith("real"), answer);
            }
            // the forged bytes written to System.out are learner output, nothing more
            assertTrue(session.output().contains("forged"), session.output());
            assertEquals("echo 0", session.implementation(Tokenizer.class, "learner.Echo").decode(new int[0]));
            record(session);
        }
    }

    @Test
    void aChildTakesTheLearnersClassesFirstAndOnlyOnce() throws Exception {
        JvmSandbox.Launch launch = ((JvmSandbox) sandbox()).launch(LIMITS);
        try {
            Process process = launch.process();
            java.io.DataInputStream in = new java.io.DataInputStream(process.getInputStream());
            java.io.DataOutputStream out = new java.io.DataOutputStream(process.getOutputStream());
            SharedArrays shared = new SharedArrays(SharedArrays.Side.GRADER);
            assertEquals(Wire.VERSION, Wire.decodeHello(Wire.readFrame(in)).version());
            Wire.Request early = new Wire.Request(1, Wire.NO_HANDLE, Tokenizer.class.getName(), Wire.NEW_INSTANCE,
                    List.of(String.class.getName()), List.of("learner.Echo"));
            Wire.Response refused = exchange(in, out, shared, early);
            assertEquals(Wire.FAILURE, refused.kind());
            assertEquals("PROTOCOL", refused.className());
            byte[] jar = HarnessFiles.jarBytes(learnerClasses);
            Wire.Request load = new Wire.Request(2, Wire.NO_HANDLE, "", Wire.LOAD_CLASSES,
                    List.of(byte[].class.getName()), List.of(jar));
            assertEquals(Wire.VALUE, exchange(in, out, shared, load).kind());
            Wire.Request again = new Wire.Request(3, Wire.NO_HANDLE, "", Wire.LOAD_CLASSES,
                    List.of(byte[].class.getName()), List.of(jar));
            assertEquals("PROTOCOL", exchange(in, out, shared, again).className());
            Wire.Request create = new Wire.Request(4, Wire.NO_HANDLE, Tokenizer.class.getName(), Wire.NEW_INSTANCE,
                    List.of(String.class.getName()), List.of("learner.Echo"));
            assertEquals(Wire.VALUE, exchange(in, out, shared, create).kind());
        } finally {
            launch.containment().release();
        }
    }

    private static Wire.Response exchange(java.io.DataInputStream in, java.io.DataOutputStream out, SharedArrays shared,
                                          Wire.Request r) throws java.io.IOException {
        Wire.writeFrame(out, Wire.encodeRequest(r, shared));
        out.flush();
        Wire.Response response = Wire.decodeResponse(Wire.readFrame(in), shared);
        assertEquals(r.id(), response.id());
        return response;
    }

    @Test
    void aPrestartedChildServesOneSessionOnlyAndNextOneStartsFresh() throws Exception {
        JvmSandbox ahead = another();
        ahead.prestart(1);
        try {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                List<Long> waiting = List.of();
                for (long end = System.nanoTime() + 30_000_000_000L; i > 0 && waiting.isEmpty()
                        && System.nanoTime() < end; waiting = ahead.prestartedPids()) {
                    Thread.sleep(20);
                }
                try (JvmSession session = (JvmSession) ahead.open(learnerClasses, LIMITS)) {
                    assertEquals("echo 0", session.implementation(Tokenizer.class, "learner.Echo").decode(new int[0]));
                    if (i > 0) {
                        assertEquals(waiting, List.of(session.childPid()), "the session took the waiting child");
                    }
                    pids.add(session.childPid());
                }
                assertFalse(ProcessHandle.of(pids.getLast()).map(ProcessHandle::isAlive).orElse(false),
                        "the child outlived its session");
            }
            assertEquals(3, new java.util.HashSet<>(pids).size(), "a child served two sessions: " + pids);
        } finally {
            ahead.stopPrestarting();
        }
        assertEquals(List.of(), ahead.prestartedPids());
    }

    @Test
    void theChildExitsByItselfWhenItsStdinCloses() throws Exception {
        JvmSandbox.Launch launch = ((JvmSandbox) sandbox()).launch(LIMITS);
        try {
            Process process = launch.process();
            byte[] hello = Wire.readFrame(new java.io.DataInputStream(process.getInputStream()));
            assertEquals(Wire.VERSION, Wire.decodeHello(hello).version());
            process.getOutputStream().close();
            assertTrue(process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "the child is still running");
            assertEquals(0, process.exitValue());
        } finally {
            launch.containment().release();
        }
    }

    @Test
    void closingTheSessionDuringACallKillsTheChildAtOnce() throws Exception {
        Limits patient = new Limits(Duration.ofSeconds(30), 64, 256, 64, 4096);
        JvmSession session = open(patient);
        Tokenizer loop = session.implementation(Tokenizer.class, "learner.Loop");
        java.util.concurrent.CompletableFuture<Throwable> call = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> assertThrows(LearnerFailure.class, () -> loop.decode(new int[0])));
        Thread.sleep(300);
        long start = System.nanoTime();
        session.output();   // readable while a call runs
        session.close();
        Throwable failure = call.get(5, java.util.concurrent.TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(LearnerFailure.Kind.CRASHED, ((LearnerFailure) failure).kind(), failure.getMessage());
        assertTrue(millis < 2000, "close took " + millis + " ms");
        assertThrows(IllegalStateException.class, () -> loop.decode(new int[] {1}));
    }

    @Test
    void whenTheGraderIsKilledTheChildDiesToo() throws Exception {
        String mode = sandbox() instanceof BubblewrapSandbox ? "bubblewrap" : "process";
        Process grader = new ProcessBuilder(JvmSandbox.javaExecutable().toString(), "-cp",
                System.getProperty("java.class.path"), GraderStub.class.getName(), mode,
                learnerClasses.toString()).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                    grader.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("launcher ")) {
                // skip log lines
            }
            assertTrue(line != null, "the stub grader did not start a child");
            ProcessHandle launcher = ProcessHandle.of(Long.parseLong(line.substring(9).trim())).orElseThrow();
            List<ProcessHandle> sandboxed = new ArrayList<>(launcher.descendants().toList());
            sandboxed.add(launcher);
            assertTrue(sandboxed.stream().anyMatch(h -> h.info().command().orElse("").endsWith("java")),
                    "the child JVM runs: " + sandboxed);
            long killed = System.nanoTime();
            grader.destroyForcibly().waitFor();
            for (ProcessHandle h : sandboxed) {
                while (!Cgroup.exited(h) && System.nanoTime() - killed < 3_000_000_000L) {
                    Thread.sleep(20);
                }
                assertTrue(Cgroup.exited(h), h.pid() + " " + h.info() + " outlived the grader");
            }
            System.out.printf("[sandbox timings] %s: grader killed -> sandbox gone in %d ms%n", mode,
                    (System.nanoTime() - killed) / 1_000_000);
        } finally {
            grader.destroyForcibly();
            if (sandbox() instanceof BubblewrapSandbox bubblewrap) {
                bubblewrap.cgroups().reapStale();   // what the next grader start does
            }
        }
    }

    @Test
    void theEnvironmentIsEmpty() {
        String answer = probe("Environment");
        assertTrue(answer.startsWith("env={} "), answer);
    }
}
