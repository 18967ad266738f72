package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A session with a time budget (what grading uses): a method that timed out is skipped from then on, a call gets
 * at most what is left of the budget, and once it is spent every call is skipped, each with a verdict that says
 * why. Runs on the process sandbox, which needs nothing installed.
 */
class SessionBudgetTest {

    private static final Duration CALL_LIMIT = Duration.ofSeconds(1);
    private static final Limits BUDGETED = new Limits(CALL_LIMIT, 64, 256, 64, 4096, Duration.ofMillis(1500));
    private static final String SLOW = """
            package learner;
            import dev.llmf.contract.Tokenizer;
            import java.util.List;
            public class Slow implements Tokenizer {
                private static void spin() { long n = 0; while (n >= 0) { n = (n + 1) & Long.MAX_VALUE; } }
                @Override public String decode(int[] ids) { if (ids.length == 0) { spin(); } return "alive"; }
                @Override public int[] encode(String text) { spin(); return new int[0]; }
                @Override public void train(String corpus, int vocabSize) { }
                @Override public List<Merge> merges() { return List.of(); }
                @Override public int vocabSize() { return 256; }
                @Override public byte[] tokenBytes(int id) { return new byte[] {(byte) id}; }
            }
            """;

    private static Path classes;
    private final Sandbox sandbox = new ProcessSandbox();

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        classes = LearnerCompiler.compile(dir.resolve("classes"), Map.of("learner.Slow", SLOW));
    }

    @Test
    @DisplayName("after a time-out, later calls into the same method are skipped; other methods still run")
    void timedOutMethodIsSkipped() {
        try (SandboxSession session = sandbox.open(classes, BUDGETED)) {
            Tokenizer slow = session.implementation(Tokenizer.class, "learner.Slow");
            LearnerFailure first = assertThrows(LearnerFailure.class, () -> slow.decode(new int[0]));
            assertEquals(LearnerFailure.Kind.TIMEOUT, first.kind());
            assertEquals("your code did not finish within 1 s: is there an infinite loop?", first.getMessage());

            LearnerFailure again = assertThrows(LearnerFailure.class, () -> slow.decode(new int[] {1}));
            assertEquals(LearnerFailure.Kind.TIMEOUT, again.kind());
            assertEquals("skipped: an earlier call to decode did not finish within 1 s, so the grader does not call it"
                    + " again for this submission (is there an infinite loop?)", again.getMessage());
            assertEquals(256, slow.vocabSize(), "another method is still called");
        }
    }

    @Test
    @DisplayName("a call gets only what is left of the budget; once it is spent, every call is skipped")
    void spentBudgetSkipsEverything() {
        try (SandboxSession session = sandbox.open(classes, BUDGETED)) {
            Tokenizer slow = session.implementation(Tokenizer.class, "learner.Slow");
            assertThrows(LearnerFailure.class, () -> slow.decode(new int[0]));   // 1 s of the 1.5 s

            LearnerFailure cut = assertThrows(LearnerFailure.class, () -> slow.encode("x"));
            assertEquals(LearnerFailure.Kind.TIMEOUT, cut.kind());
            assertEquals("your code did not finish before this submission's time budget ran out (1.5 s for all calls"
                    + " together): is there an infinite loop?", cut.getMessage());

            LearnerFailure skipped = assertThrows(LearnerFailure.class, slow::vocabSize);
            assertEquals(LearnerFailure.Kind.TIMEOUT, skipped.kind());
            assertEquals("skipped: your code used up this submission's time budget (1.5 s for all calls together)"
                    + " before this call: is there an infinite loop?", skipped.getMessage());
        }
    }

    @Test
    @DisplayName("a budget must be positive")
    void budgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(CALL_LIMIT, 64, 256, 64, 4096, Duration.ZERO));
    }
}
