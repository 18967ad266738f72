package dev.llmf.grader.regrade;

import dev.llmf.grader.CourseSetup;
import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.grading.GradingService;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.model.SubmissionStatus;
import dev.llmf.grader.queue.GradingQueue;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.Submissions;
import dev.llmf.grader.support.TestAccounts;
import dev.llmf.grader.support.WebSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regrading an exercise for everyone. No grading worker runs here ({@code llmf.grading.workers=0}): the test
 * works the queue itself, so it can look at the queue while a regrade is waiting, in the queue's own order.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@TestProfile(RegradeTest.NoWorkers.class)
class RegradeTest {

    public static class NoWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmf.grading.workers", "0", "llmf.sandbox.call-timeout", "3s");
        }
    }

    @Inject
    GradingQueue queue;

    @Inject
    GradingService grading;

    @Inject
    ResultStore results;

    @Inject
    EntityManager em;

    @Test
    @DisplayName("a regrade re-runs each learner's latest and best, after new submissions, and recomputes progress without new attempts")
    void regradeRecomputes() {
        String instructor = TestAccounts.token("rg-teacher", Role.INSTRUCTOR);
        String ann = TestAccounts.token("rg-ann", Role.LEARNER);
        String bo = TestAccounts.token("rg-bo", Role.LEARNER);
        long annBug1 = submit(ann, "planted-bug");
        long annGood = submit(ann, "accepted");
        long annBug2 = submit(ann, "planted-bug");
        long boGood = submit(bo, "accepted");
        drain();
        int full = score(instructor, annGood).getInt("score.possible");
        int bugged = score(instructor, annBug2).getInt("score.earned");
        assertEquals(full, score(instructor, annGood).getInt("score.earned"), "the accepted solution scores full marks");
        assertTrue(bugged < full, "the planted bug loses points");
        int tests = score(instructor, annGood).getList("tests").size();

        // Pretend an older hidden suite had scored them differently (as if it had since been fixed).
        setScore(annGood, full - 5);
        setScore(annBug2, 0);
        setScore(boGood, 1);
        setProgress("rg-ann", annGood, full - 5, annBug2, 0);
        setProgress("rg-bo", boGood, 1, boGood, 1);

        var started = given().header("Authorization", "Bearer " + instructor)
                .post("/api/instructor/exercises/tensors/regrade").then().statusCode(202)
                .header("Location", containsString("/api/instructor/regrades/")).extract().jsonPath();
        long regrade = started.getLong("id");
        assertEquals(3, started.getInt("total"), "ann's best and latest, and bo's one submission");
        assertEquals(0, started.getInt("done"));
        assertEquals(Set.of(annGood, annBug2, boGood), items(regrade).keySet());
        assertEquals("GRADED", status(annBug1), "an attempt that is neither best nor latest is left alone");
        assertEquals("QUEUED", status(annGood));

        // A second regrade while this one runs starts nothing: 409 in the API, its page on the web.
        given().header("Authorization", "Bearer " + instructor).post("/api/instructor/exercises/tensors/regrade")
                .then().statusCode(409).body("detail", containsString("regrade " + regrade));
        WebSession teacher = WebSession.signIn("rg-teacher");
        teacher.request().formParam("csrf", teacher.csrf()).post("/instructor/exercises/tensors/regrade")
                .then().statusCode(303).header("Location", containsString("/instructor/regrades/" + regrade + "?already=true"));
        assertEquals(1L, count("SELECT count(*) FROM regrade r JOIN exercise e ON e.id = r.exercise_id WHERE e.slug = 'tensors'"));

        // A learner who submits now is graded before the regrade's submissions.
        long cyGood = submit(TestAccounts.token("rg-cy", Role.LEARNER), "accepted");
        GradingQueue.Claim first = queue.claimNext("test").orElseThrow();
        assertEquals(cyGood, first.submissionId());
        assertTrue(results.store(first, grading.grade(cyGood)));
        drain();

        JsonPath done = given().header("Authorization", "Bearer " + instructor)
                .get("/api/instructor/regrades/" + regrade).then().statusCode(200).extract().jsonPath();
        assertEquals(3, done.getInt("done"));
        assertEquals(3, done.getInt("total"));
        assertEquals(true, done.getBoolean("finished"));
        assertEquals(3, done.getInt("changed"));
        assertEquals(0, done.getInt("kept"));

        assertEquals(full, score(instructor, annGood).getInt("score.earned"));
        assertEquals(bugged, score(instructor, annBug2).getInt("score.earned"));
        assertEquals(full, score(instructor, boGood).getInt("score.earned"));
        assertEquals(tests, score(instructor, annGood).getList("tests").size(), "new results replace the old ones");

        Map<String, Object> annProgress = tensorsProgress(ann);
        assertEquals(3, annProgress.get("attempts"), "a regrade is not an attempt");
        assertEquals(full, ((Map<?, ?>) annProgress.get("best")).get("earned"));
        assertEquals(bugged, ((Map<?, ?>) annProgress.get("latest")).get("earned"));
        assertEquals(annBug2, ((Number) annProgress.get("latestSubmissionId")).longValue());
        Map<String, Object> boProgress = tensorsProgress(bo);
        assertEquals(1, boProgress.get("attempts"));
        assertEquals(full, ((Map<?, ?>) boProgress.get("best")).get("earned"));

        assertEquals(Map.of(annGood, full - 5, annBug2, 0, boGood, 1), items(regrade), "the previous scores are kept");
        assertEquals((long) tests, count("SELECT jsonb_array_length(previous_results) FROM regrade_item WHERE submission_id = "
                + annGood), "and the previous per-test results");

        String page = teacher.request().get("/instructor/regrades/" + regrade).then().statusCode(200).extract().asString();
        assertTrue(page.contains("<progress id=\"regrade-progress\" max=\"3\" value=\"3\">"), page);
        assertTrue(page.contains("<span id=\"regrade-done\">3</span>"), page);
        teacher.request().get("/instructor/regrades").then().statusCode(200)
                .body(containsString("id=\"regrade-row-" + regrade + "\""));
    }

    @Test
    @DisplayName("when the grader fails on a regraded submission, its previous result stands")
    void graderFailureKeepsPreviousResult() {
        String instructor = TestAccounts.token("rg-teacher", Role.INSTRUCTOR);
        long id = storedGraded("rg-dee", "embeddings", 7, 10, true);
        long regrade = given().header("Authorization", "Bearer " + instructor)
                .post("/api/instructor/exercises/embeddings/regrade").then().statusCode(202).extract().jsonPath().getLong("id");
        GradingQueue.Claim claim = queue.claimNext("test").orElseThrow();
        assertEquals(id, claim.submissionId());
        assertTrue(results.store(claim, GradeReport.graderFailure("the sandbox is gone", 10)));

        Submission s = QuarkusTransaction.requiringNew().call(() -> Submission.<Submission>findById(id));
        assertEquals(SubmissionStatus.GRADED, s.status);
        assertEquals(7, s.pointsEarned);
        given().header("Authorization", "Bearer " + instructor).get("/api/instructor/regrades/" + regrade)
                .then().statusCode(200).body("done", org.hamcrest.Matchers.is(1)).body("kept", org.hamcrest.Matchers.is(1))
                .body("finished", org.hamcrest.Matchers.is(true));
    }

    @Test
    @DisplayName("a submission stored without its sources (as seed-demo makes them) is left out and keeps its score")
    void withoutSourcesNotRegraded() {
        String instructor = TestAccounts.token("rg-teacher", Role.INSTRUCTOR);
        long id = storedGraded("rg-fay", "transformer-block", 4, 10, false);
        given().header("Authorization", "Bearer " + instructor).post("/api/instructor/exercises/transformer-block/regrade")
                .then().statusCode(202).body("total", org.hamcrest.Matchers.is(0)).body("finished", org.hamcrest.Matchers.is(true));
        assertEquals("GRADED", status(id));
        assertTrue(queue.claimNext("test").isEmpty(), "nothing was queued");
    }

    @Test
    @DisplayName("learners get 403 from every regrade page and call; the web form needs the CSRF token")
    void onlyInstructorsWithToken() {
        String learner = TestAccounts.token("rg-eve", Role.LEARNER);
        given().header("Authorization", "Bearer " + learner).post("/api/instructor/exercises/sampler/regrade")
                .then().statusCode(403).contentType(containsString("application/problem+json"));
        given().header("Authorization", "Bearer " + learner).get("/api/instructor/regrades").then().statusCode(403);
        given().header("Authorization", "Bearer " + learner).get("/api/instructor/regrades/1").then().statusCode(403);
        WebSession eve = WebSession.signIn("rg-eve");
        eve.request().get("/instructor/regrades").then().statusCode(403).body(containsString("id=\"error-title\""));
        eve.request().formParam("csrf", eve.csrf()).post("/instructor/exercises/sampler/regrade").then().statusCode(403);
        assertEquals(0L, count("SELECT count(*) FROM regrade r JOIN exercise e ON e.id = r.exercise_id WHERE e.slug = 'sampler'"));

        TestAccounts.token("rg-teacher", Role.INSTRUCTOR);
        WebSession teacher = WebSession.signIn("rg-teacher");
        teacher.request().formParam("csrf", "forged").post("/instructor/exercises/sampler/regrade").then().statusCode(403);
        teacher.request().post("/instructor/exercises/sampler/regrade").then().statusCode(403);
        assertEquals(0L, count("SELECT count(*) FROM regrade r JOIN exercise e ON e.id = r.exercise_id WHERE e.slug = 'sampler'"));

        String location = teacher.request().formParam("csrf", teacher.csrf()).post("/instructor/exercises/sampler/regrade")
                .then().statusCode(303).extract().header("Location");
        String page = teacher.request().get(location).then().statusCode(200).extract().asString();
        assertTrue(page.contains("<span id=\"regrade-total\">0</span>"), "nobody has tried the sampler: nothing to regrade");
        assertTrue(page.contains("data-finished=\"true\""), page);
        teacher.request().formParam("csrf", teacher.csrf()).post("/instructor/exercises/no-such/regrade").then().statusCode(404);
    }

    private long submit(String token, String kase) {
        RequestSpecification request = given().header("Authorization", "Bearer " + token);
        for (var file : Submissions.sources("tensors", kase).entrySet()) {
            request = request.multiPart("file", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return request.post("/api/exercises/tensors/submissions").then().statusCode(202).extract().jsonPath().getLong("id");
    }

    /** Grades everything queued, in the queue's order, as a worker does. */
    private void drain() {
        Optional<GradingQueue.Claim> claim;
        while ((claim = queue.claimNext("test")).isPresent()) {
            assertTrue(results.store(claim.get(), grading.grade(claim.get().submissionId())));
        }
    }

    private static JsonPath score(String token, long id) {
        return given().header("Authorization", "Bearer " + token).get("/api/submissions/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    private static Map<String, Object> tensorsProgress(String token) {
        List<Map<String, Object>> all = given().header("Authorization", "Bearer " + token).get("/api/me/progress")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(p -> "tensors".equals(p.get("exercise"))).findFirst().orElseThrow();
    }

    private String status(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Submission.<Submission>findById(id).status.name());
    }

    private void setScore(long id, int earned) {
        sql("UPDATE submission SET points_earned = " + earned + " WHERE id = " + id);
    }

    private void setProgress(String username, long best, int bestEarned, long latest, int latestEarned) {
        sql("UPDATE progress SET best_submission_id = " + best + ", best_earned = " + bestEarned
                + ", latest_submission_id = " + latest + ", latest_earned = " + latestEarned
                + " WHERE account_id = (SELECT id FROM account WHERE username = '" + username + "')");
    }

    /** A graded submission (with one source file or none) and its progress row, stored directly (no grading needed). */
    private long storedGraded(String username, String exercise, int earned, int possible, boolean withSource) {
        TestAccounts.token(username, Role.LEARNER);
        return QuarkusTransaction.requiringNew().call(() -> {
            Submission s = new Submission();
            s.accountId = Account.byUsername(username).orElseThrow().id;
            s.exerciseId = CourseExercise.find(Course.bySlug(CourseSetup.COURSE).orElseThrow().id, exercise).orElseThrow().id;
            s.status = SubmissionStatus.GRADED;
            s.pointsEarned = earned;
            s.pointsPossible = possible;
            s.persist();
            if (withSource) {
                SubmissionFile file = new SubmissionFile();
                file.submissionId = s.id;
                file.path = "Stored.java";
                file.content = "class Stored {}";
                file.persist();
            }
            em.createNativeQuery("INSERT INTO progress (account_id, exercise_id, attempts, best_submission_id, best_earned,"
                            + " best_possible, latest_submission_id, latest_earned, latest_possible) VALUES (?1, ?2, 1, ?3, ?4, ?5, ?3, ?4, ?5)")
                    .setParameter(1, s.accountId).setParameter(2, s.exerciseId).setParameter(3, s.id)
                    .setParameter(4, earned).setParameter(5, possible).executeUpdate();
            return s.id;
        });
    }

    private Map<Long, Integer> items(long regrade) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT submission_id, previous_earned FROM regrade_item WHERE regrade_id = ?1")
                .setParameter(1, regrade).getResultList());
        return rows.stream().map(r -> (Object[]) r).collect(Collectors.toMap(r -> ((Number) r[0]).longValue(),
                r -> ((Number) r[1]).intValue()));
    }

    private long count(String query) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(query).getSingleResult()).longValue());
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }
}
