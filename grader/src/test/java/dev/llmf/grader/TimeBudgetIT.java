package dev.llmf.grader;

import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.TensorsVariants;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A submission whose every method loops forever, through the packaged grader with its default limits (10 s a call,
 * 20 s a submission): graded 0 within 30 s, every test with a time-out verdict that says why.
 */
class TimeBudgetIT {

    private static final Duration GRADED_WITHIN = Duration.ofSeconds(30);

    @Test
    @DisplayName("every call loops forever: graded within 30 s, 0 points, each test a time-out verdict")
    void endlessSubmissionIsGradedQuickly() throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase()) {
            grader.start();
            String token = grader.signInAsDemoLearner();
            Instant submitted = Instant.now();
            long id = grader.submit(token, "tensors", TensorsVariants.everyMethodLoopsForever());
            grader.awaitStatus(token, id, "GRADED", Duration.ofMinutes(3), Duration.ofMillis(100));
            Duration took = Duration.between(submitted, Instant.now());
            System.out.printf("[figure] every call loops forever: submitted -> graded in %d ms%n", took.toMillis());
            assertTrue(took.compareTo(GRADED_WITHIN) <= 0, "graded after " + took.toMillis() + " ms");

            try (Connection c = grader.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT s.points_earned, t.test_key, t.passed, t.message FROM submission s"
                            + " JOIN test_result t ON t.submission_id = s.id WHERE s.id = " + id)) {
                int tests = 0;
                while (rs.next()) {
                    tests++;
                    assertEquals(0, rs.getInt(1));
                    String message = rs.getString(4);
                    assertFalse(rs.getBoolean(3), rs.getString(2));
                    assertTrue(message.contains("did not finish") || message.startsWith("skipped: "),
                            rs.getString(2) + ": " + message);
                }
                assertTrue(tests > 0, "the tests' verdicts are stored");
            }
        }
    }
}
