package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a learner reads when their code fails: the cause behind a wrapper, the static initializer that failed,
 * which memory limit was hit, the thread limit by its number, and what was printed during each call. The messages
 * are made the same way in every sandbox, so the plain process sandbox runs them everywhere; the real thread limit
 * needs bubblewrap's cgroup.
 */
class LearnerMessagesTest {

    private static final Limits LIMITS = new Limits(Duration.ofSeconds(20), 64, 128, 64, 4096);

    /** Each id passed to {@code decode} is one way to fail. */
    private static final String MESSAGES = """
            package learner;
            import dev.llmf.contract.Tokenizer;
            import java.util.List;
            public class Messages implements Tokenizer {
                static int divide(int by) { return 1 / by; }
                @Override public String decode(int[] ids) {
                    switch (ids[0]) {
                        case 0 -> {
                            try { Messages.class.getDeclaredMethod("divide", int.class).invoke(null, 0); }
                            catch (ReflectiveOperationException e) { throw new RuntimeException(e); }
                            return "divided";
                        }
                        case 1 -> { return "value " + Broken.VALUE; }
                        case 2 -> throw new OutOfMemoryError(
                                "unable to create native thread: possibly out of memory or process/resource limits reached");
                        case 3 -> {
                            byte[] blob;
                            try (var in = Messages.class.getResourceAsStream("Blob.class")) { blob = in.readAllBytes(); }
                            catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
                            var lookup = java.lang.invoke.MethodHandles.lookup();
                            List<Class<?>> kept = new java.util.ArrayList<>();
                            try { while (true) { kept.add(lookup.defineHiddenClass(blob, false).lookupClass()); } }
                            catch (IllegalAccessException e) { throw new IllegalStateException(e); }
                        }
                        case 4 -> {
                            System.out.println("call " + ids[1] + " says hello");
                            return "printed";
                        }
                        case 5 -> {
                            List<Thread> started = new java.util.ArrayList<>();
                            while (true) {
                                Thread t = new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } });
                                t.start();
                                started.add(t);
                            }
                        }
                        default -> { return "?"; }
                    }
                }
                @Override public void train(String corpus, int vocabSize) { }
                @Override public int[] encode(String text) { return new int[0]; }
                @Override public List<Merge> merges() { return List.of(); }
                @Override public int vocabSize() { return 256; }
                @Override public byte[] tokenBytes(int id) { return new byte[] {(byte) id}; }
            }
            """;

    private static Path classes;

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        classes = LearnerCompiler.compile(dir.resolve("classes"), Map.of(
                "learner.Messages", MESSAGES,
                "learner.Broken", "package learner; class Broken { static final int VALUE = Integer.parseInt(\"seven\"); }",
                "learner.Blob", "package learner; class Blob { int x; int twice() { return 2 * x; } }"));
    }

    private static LearnerFailure failure(SandboxSession session, int... ids) {
        Tokenizer t = session.implementation(Tokenizer.class, "learner.Messages");
        return assertThrows(LearnerFailure.class, () -> t.decode(ids));
    }

    @Test
    void aWrappedExceptionShowsItsCause() {
        try (SandboxSession session = new ProcessSandbox().open(classes, LIMITS)) {
            LearnerFailure f = failure(session, 0);
            assertEquals(LearnerFailure.Kind.EXCEPTION, f.kind());
            assertEquals("java.lang.RuntimeException: java.lang.reflect.InvocationTargetException;"
                    + " caused by java.lang.ArithmeticException: / by zero", f.getMessage());
        }
    }

    @Test
    void aFailedStaticInitializerShowsWhatItThrew() {
        try (SandboxSession session = new ProcessSandbox().open(classes, LIMITS)) {
            LearnerFailure first = failure(session, 1);
            assertTrue(first.getMessage().startsWith("java.lang.ExceptionInInitializerError: caused by"
                    + " java.lang.NumberFormatException: For input string: \"seven\""), first.getMessage());
            assertTrue(first.getMessage().contains("a static initializer"), first.getMessage());
            // the class is now unusable: the second use says why, with the original failure
            LearnerFailure second = failure(session, 1);
            assertTrue(second.getMessage().startsWith("java.lang.NoClassDefFoundError: Could not initialize class"
                    + " learner.Broken"), second.getMessage());
            assertTrue(second.getMessage().contains("NumberFormatException"), second.getMessage());
        }
    }

    @Test
    void theThreadLimitIsNamedWithItsNumber() {
        try (SandboxSession session = new ProcessSandbox().open(classes, LIMITS)) {
            LearnerFailure f = failure(session, 2);
            assertEquals(LearnerFailure.Kind.OUT_OF_MEMORY, f.kind());
            assertTrue(f.getMessage().startsWith("could not start another thread: the sandbox allows 64 threads and"
                    + " processes in all"), f.getMessage());
        }
    }

    @Test
    void runningOutOfMetaspaceIsNotCalledTheHeapLimit() {
        try (SandboxSession session = new ProcessSandbox().open(classes, LIMITS)) {
            LearnerFailure f = failure(session, 3);
            assertEquals(LearnerFailure.Kind.OUT_OF_MEMORY, f.kind());
            assertTrue(f.getMessage().startsWith("ran out of class metadata space (limit "
                    + LIMITS.metaspaceMegabytes() + " MiB of Metaspace)")
                    || f.getMessage().startsWith("ran out of class metadata space (limit "
                    + LIMITS.classSpaceMegabytes() + " MiB of compressed class space)"), f.getMessage());
        }
    }

    @Test
    void whatEachCallPrintedCanBeToldApart() {
        try (SandboxSession session = new ProcessSandbox().open(classes, LIMITS)) {
            Tokenizer t = session.implementation(Tokenizer.class, "learner.Messages");
            long start = session.outputMark();
            assertEquals("printed", t.decode(new int[] {4, 1}));
            long afterFirst = session.outputMark();
            assertEquals("printed", t.decode(new int[] {4, 2}));
            assertEquals("call 1 says hello\n", session.outputSince(start).substring(0, 18));
            assertEquals("call 2 says hello\n", session.outputSince(afterFirst));
            assertEquals("", session.outputSince(session.outputMark()));
        }
    }

    @Test
    void aRealThreadBombIsToldTheLimit() {
        assumeTrue(BubblewrapSandbox.unavailableReason().isEmpty(), "bubblewrap and cgroups are not available here");
        try (SandboxSession session = new BubblewrapSandbox().open(classes, LIMITS)) {
            LearnerFailure f = failure(session, 5);
            assertEquals(LearnerFailure.Kind.OUT_OF_MEMORY, f.kind(), f.getMessage());
            assertTrue(f.getMessage().startsWith("could not start another thread: the sandbox allows 64 threads"),
                    f.getMessage());
        }
    }
}
