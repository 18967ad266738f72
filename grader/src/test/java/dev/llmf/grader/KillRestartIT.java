package dev.llmf.grader;

import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.TensorsVariants;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged grader, killed with SIGKILL while it grades, then started again: the submission is graded
 * exactly once and nothing is lost. Runs against the real jar ({@code target/quarkus-app}) in the verify phase.
 */
class KillRestartIT {

    @Test
    @DisplayName("kill -9 during grading, restart: the submission is graded once and kept")
    void killDuringGrading() throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase()) {
            grader.start();
            String token = grader.signInAsDemoLearner();
            long id = grader.submit(token, "tensors", TensorsVariants.slowSoftmax(Duration.ofMillis(1500)));
            grader.awaitStatus(token, id, "RUNNING", Duration.ofSeconds(60), Duration.ofMillis(100));
            grader.kill();

            grader.start();
            grader.awaitStatus(token, id, "GRADED", Duration.ofSeconds(120), Duration.ofMillis(100));
            LocalPostgres db = grader.database();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), LocalPostgres.USER, db.password())) {
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT claims, (SELECT count(*) FROM test_result WHERE submission_id = s.id),"
                                + " (SELECT count(DISTINCT test_key) FROM test_result WHERE submission_id = s.id)"
                                + " FROM submission s WHERE id = " + id);
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1), "claimed by the killed instance, then by the restarted one");
                assertTrue(rs.getInt(2) > 0, "results were stored");
                assertEquals(rs.getInt(3), rs.getInt(2), "each test stored once");
            }
        }
    }
}
