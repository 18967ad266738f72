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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instances that die or are stopped, through the packaged grader: a dead instance's work moves to a live one in
 * seconds; a graceful stop (SIGTERM) finishes or hands back what it grades without using up a claim.
 */
class InstancesIT {

    private static final Duration TAKEN_OVER_WITHIN = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** A submission's row, as the tests check it; {@code worker} is the instance that graded it, without the worker's number. */
    private record Row(String status, int claims, String worker, boolean fullScore) {
    }

    @Test
    @DisplayName("kill -9 of one of two instances on one database: the other grades its submission within 30 s")
    void deadInstanceWorkIsTakenOver() throws Exception {
        try (GraderProcess a = GraderProcess.withFreshDatabase("-Dllmf.grading.instance-name=instance-a");
             GraderProcess b = a.sharingDatabase("-Dllmf.grading.instance-name=instance-b")) {
            a.start();
            b.start();
            String token = a.signInAsDemoLearner();
            long id = a.submit(token, "tensors", TensorsVariants.slowSoftmax(Duration.ofMillis(500)));
            a.awaitStatus(token, id, "RUNNING", PATIENCE, Duration.ofMillis(50));
            boolean aGrades = row(a, id).worker().equals("instance-a");
            GraderProcess grading = aGrades ? a : b;
            GraderProcess other = aGrades ? b : a;

            Instant killed = Instant.now();
            grading.kill();
            other.awaitStatus(token, id, "GRADED", PATIENCE, Duration.ofMillis(100));
            Duration took = Duration.between(killed, Instant.now());
            System.out.printf("[figure] kill -9 of the grading instance -> graded by the other: %d ms%n", took.toMillis());
            assertTrue(took.compareTo(TAKEN_OVER_WITHIN) <= 0, "graded " + took.toMillis() + " ms after the kill");
            Row graded = row(other, id);
            assertTrue(graded.worker().equals(aGrades ? "instance-b" : "instance-a"), graded.toString());
            assertEquals(2, graded.claims(), "the dead instance's claim counts, the live one's too");
            assertTrue(graded.fullScore(), graded.toString());
        }
    }

    @Test
    @DisplayName("SIGTERM while grading, with time to finish: graded before the grader exits, claimed once")
    void gracefulStopFinishes() throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase("-Dllmf.grading.shutdown-grace=60s")) {
            grader.start();
            String token = grader.signInAsDemoLearner();
            long id = grader.submit(token, "tensors", TensorsVariants.slowSoftmax(Duration.ofMillis(300)));
            grader.awaitStatus(token, id, "RUNNING", PATIENCE, Duration.ofMillis(50));
            grader.terminate(PATIENCE);
            assertEquals(new Row("GRADED", 1, "grader-process", true), row(grader, id));
        }
    }

    @Test
    @DisplayName("three graceful restarts during one correct submission: queued again each time, claim unused, then full score")
    void threeGracefulRestarts() throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase("-Dllmf.grading.shutdown-grace=1s")) {
            grader.start();
            String token = grader.signInAsDemoLearner();
            long id = grader.submit(token, "tensors", TensorsVariants.slowSoftmax(Duration.ofMillis(1000)));
            for (int restart = 1; restart <= 3; restart++) {
                grader.awaitStatus(token, id, "RUNNING", PATIENCE, Duration.ofMillis(50));
                grader.terminate(PATIENCE);
                Row handedBack = row(grader, id);
                assertEquals("QUEUED", handedBack.status(), "after stop " + restart);
                assertEquals(0, handedBack.claims(), "stop " + restart + " used no claim");
                assertNull(handedBack.worker());
                grader.start();
            }
            grader.awaitStatus(token, id, "GRADED", PATIENCE, Duration.ofMillis(100));
            assertEquals(new Row("GRADED", 1, "grader-process", true), row(grader, id));
        }
    }

    private static Row row(GraderProcess grader, long id) throws Exception {
        try (Connection c = grader.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT status, claims, worker, coalesce(points_earned = points_possible, false) FROM submission WHERE id = " + id)) {
            assertTrue(rs.next(), "submission " + id + " exists");
            String worker = rs.getString(3);
            return new Row(rs.getString(1), rs.getInt(2), worker == null ? null : worker.replaceFirst("#\\d+$", ""),
                    rs.getBoolean(4));
        }
    }
}
