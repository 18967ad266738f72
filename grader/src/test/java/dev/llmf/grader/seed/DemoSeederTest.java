package dev.llmf.grader.seed;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.grading.SuiteRunner;
import dev.llmf.grader.support.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo seed on a small class; its own database (the seed sets the course's schedule). */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@TestProfile(DemoSeederTest.OwnDatabase.class)
class DemoSeederTest {

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmf.grading.workers", "0");
        }
    }

    private static final int LEARNERS = 6;
    private static final int ATTEMPTS = 4;

    @Inject
    DemoSeeder seeder;

    @Inject
    EntityManager em;

    @Test
    @DisplayName("seeds learners × exercises × attempts with a result per hidden test, repeatably, and learners can sign in")
    void seeds() {
        DemoSeeder.Result first = seeder.seed(new SeedOptions(LEARNERS, ATTEMPTS, 7, false));
        int tests = Arrays.stream(Exercise.values()).mapToInt(e -> SuiteRunner.tests(e).size()).sum();
        int exercises = Exercise.values().length;
        assertEquals(LEARNERS * exercises * ATTEMPTS, first.submissions());
        assertEquals((long) LEARNERS * ATTEMPTS * tests, first.testResults());
        assertEquals(LEARNERS * exercises, first.progressRows());
        assertEquals("demo-0001", first.firstUsername());
        assertEquals("demo-0006", first.lastUsername());
        given().contentType(ContentType.JSON)
                .body("{\"username\":\"demo-0003\",\"password\":\"" + first.password() + "\"}")
                .post("/api/auth/tokens").then().statusCode(201);

        assertEquals(0L, count("SELECT count(*) FROM submission s WHERE points_earned <>"
                + " (SELECT sum(points_earned) FROM test_result t WHERE t.submission_id = s.id)"), "score = sum of its tests");
        assertEquals(0L, count("SELECT count(*) FROM test_result WHERE passed = (message IS NOT NULL)"),
                "a failing test has a message, a passing one none");
        long messages = count("SELECT count(DISTINCT message) FROM test_result");
        assertTrue(messages >= 2 && messages <= 5, "a handful of distinct failure messages: " + messages);
        double firstTry = number("SELECT avg(points_earned::float8 / points_possible) FROM submission s"
                + " WHERE NOT EXISTS (SELECT 1 FROM submission o WHERE o.account_id = s.account_id"
                + " AND o.exercise_id = s.exercise_id AND o.submitted_at < s.submitted_at)");
        double lastTry = number("SELECT avg(points_earned::float8 / points_possible) FROM submission s"
                + " WHERE NOT EXISTS (SELECT 1 FROM submission o WHERE o.account_id = s.account_id"
                + " AND o.exercise_id = s.exercise_id AND o.submitted_at > s.submitted_at)");
        assertTrue(lastTry > firstTry, "scores improve over attempts: " + firstTry + " → " + lastTry);
        assertEquals(0L, count("SELECT count(*) FROM submission s JOIN exercise e ON e.id = s.exercise_id"
                + " WHERE s.submitted_at < e.opens_at OR s.submitted_at > e.due_at"),
                "submissions fall in their exercise's window, none after the due date");
        assertEquals(0L, count("SELECT count(*) FROM progress p WHERE p.attempts <> " + ATTEMPTS
                + " OR p.best_earned <> (SELECT max(points_earned) FROM submission s WHERE s.account_id = p.account_id"
                + "   AND s.exercise_id = p.exercise_id)"
                + " OR p.latest_submission_id <> (SELECT s.id FROM submission s WHERE s.account_id = p.account_id"
                + "   AND s.exercise_id = p.exercise_id ORDER BY s.submitted_at DESC LIMIT 1)"), "progress matches the submissions");

        List<?> scores = scores();
        DemoSeeder.AlreadySeeded refused = assertThrows(DemoSeeder.AlreadySeeded.class,
                () -> seeder.seed(new SeedOptions(LEARNERS, ATTEMPTS, 7, false)));
        assertTrue(refused.getMessage().contains("--replace"), refused.getMessage());
        DemoSeeder.Result again = seeder.seed(new SeedOptions(LEARNERS, ATTEMPTS, 7, true));
        assertEquals(first.testResults(), again.testResults());
        assertEquals((long) LEARNERS * exercises * ATTEMPTS, count("SELECT count(*) FROM submission"),
                "replaced, not added");
        assertEquals(scores, scores(), "the same seed gives the same scores");
    }

    private List<?> scores() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("SELECT a.username, e.slug, s.points_earned"
                + " FROM submission s JOIN account a ON a.id = s.account_id JOIN exercise e ON e.id = s.exercise_id"
                + " ORDER BY a.username, e.position, s.submitted_at").getResultList().stream()
                .map(r -> Arrays.asList((Object[]) r)).toList());
    }

    private long count(String sql) {
        return (long) number(sql);
    }

    private double number(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).doubleValue());
    }
}
