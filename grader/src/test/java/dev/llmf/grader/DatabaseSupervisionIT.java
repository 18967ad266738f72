package dev.llmf.grader;

import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.TensorsVariants;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of the packaged grader's embedded PostgreSQL while it grades: the API answers 503 problem+json
 * with Retry-After while the database is away, the grader brings it back by itself within 30 s, every accepted
 * submission is graded once, and the log has one line per change of state, no stack traces.
 */
class DatabaseSupervisionIT {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

    @Test
    @DisplayName("kill -9 of the embedded PostgreSQL: 503 while it is down, ready again within 30 s, nothing lost")
    void embeddedDatabaseComesBack() throws Exception {
        // the first restart waits 3 s, so the outage is long enough to be seen from outside
        try (GraderProcess grader = GraderProcess.withEmbeddedDatabase("-Dllmf.db.restart-delay=3s")) {
            grader.start();
            String token = grader.signInAsDemoLearner();
            List<Long> accepted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accepted.add(grader.submit(token, "tensors", TensorsVariants.slowSoftmax(Duration.ofMillis(300))));
            }
            grader.awaitStatus(token, accepted.getFirst(), "RUNNING", Duration.ofSeconds(60), Duration.ofMillis(50));
            int logBefore = grader.log().length();
            // a client calling all through the outage: calls in flight when PostgreSQL dies, calls while it is away
            AtomicBoolean stopCalling = new AtomicBoolean();
            Set<Integer> answers = ConcurrentHashMap.newKeySet();
            CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
                while (!stopCalling.get()) {
                    try {
                        answers.add(grader.fetch("/api/exercises", token).statusCode());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });

            Instant killed = Instant.now();
            ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(
                    grader.dataDir().resolve("postgres/cluster/postmaster.pid")).getFirst().trim())).orElseThrow();
            assertTrue(postmaster.destroyForcibly(), "SIGKILL sent to PostgreSQL");

            HttpResponse<String> during = grader.awaitAnswer("/api/exercises", token, 503, Duration.ofSeconds(10));
            assertTrue(during.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    during.headers().toString());
            assertTrue(during.headers().firstValue("Retry-After").isPresent(), "Retry-After: " + during.headers());
            assertTrue(during.body().contains("\"status\":503"), during.body());
            assertEquals(503, grader.fetch("/q/health/ready").statusCode(), "not ready while the database is down");
            assertEquals(200, grader.fetch("/q/health/live").statusCode(), "but alive: it is bringing it back");

            grader.awaitAnswer("/q/health/ready", null, 200, BACK_WITHIN.plusSeconds(5));
            Duration outage = Duration.between(killed, Instant.now());
            System.out.printf("[figure] embedded PostgreSQL killed -> grader ready again: %d ms (first restart after 3 s)%n",
                    outage.toMillis());
            assertTrue(outage.compareTo(BACK_WITHIN) <= 0, "ready again after " + outage.toMillis() + " ms");
            stopCalling.set(true);
            caller.get(30, TimeUnit.SECONDS);
            assertEquals(Set.of(200, 503), answers, "every call answered 200 or 503, never 500");

            for (long id : accepted) {
                grader.awaitStatus(token, id, "GRADED", Duration.ofMinutes(2), Duration.ofMillis(100));
            }
            try (Connection c = grader.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT id, claims, points_earned = points_possible FROM submission WHERE id IN ("
                            + accepted.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow() + ")")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertEquals(1, rs.getInt(2), "submission " + rs.getLong(1) + " was claimed once");
                    assertTrue(rs.getBoolean(3), "submission " + rs.getLong(1) + " scored in full");
                }
                assertEquals(accepted.size(), rows, "every accepted submission is there");
            }

            String log = grader.log().substring(logBefore);
            System.out.println("[log after the kill]\n" + log);
            assertFalse(log.contains("\tat "), "no stack trace in the log:\n" + log);
            assertEquals(1, occurrences(log, "database unavailable"), log);
            assertEquals(1, occurrences(log, "database available again"), log);
        }
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
