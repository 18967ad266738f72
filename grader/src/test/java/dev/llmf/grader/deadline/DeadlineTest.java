package dev.llmf.grader.deadline;

import dev.llmf.grader.model.Account;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.CourseCrew;
import dev.llmf.grader.support.GradedSubmissions;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.Submissions;
import dev.llmf.grader.support.WebSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deadlines through the real service: opens, due and cut-off per exercise ({@code PUT /api/exercises/{id}/schedule}),
 * the course's late penalty, per-learner extensions, and what the learner sees of hidden tests. Each test has a
 * course of its own, so its dates disturb nobody.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class DeadlineTest {

    private static final String HIDDEN = "message of the after-deadline test";

    @Inject
    ResultStore results;

    @Test
    @DisplayName("past the due date but before the cut-off a submission is accepted, marked late and penalised (10%/day);"
            + " after the cut-off it is refused with a problem; an extension still lets its learner submit")
    void lateThenClosedThenExtended() {
        CourseCrew crew = CourseCrew.create("dl-late");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        schedule(crew, "tensors", now.minus(Duration.ofDays(5)), now.minus(Duration.ofHours(30)), now.plus(Duration.ofDays(2)));
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("policy", "PER_DAY", "percentPerDay", 10))
                .put("/api/instructor/late-policy").then().statusCode(200).body("description", containsString("10% off per day"));

        long late = submit(crew.api(crew.learner()), "tensors").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath graded = awaitGraded(crew, late);
        assertEquals("GRADED", graded.getString("status"), graded.prettify());
        assertTrue(graded.getBoolean("late"), graded.prettify());
        assertEquals(20.0, graded.getDouble("penaltyPercent"), "30 hours late: two started days × 10%");
        assertEquals(100.0, graded.getDouble("score.percent"), "the raw score stays beside the penalty");
        assertEquals(80.0, graded.getDouble("finalPercent"));
        crew.api(crew.learner()).get("/api/me/progress").then().statusCode(200)
                .body("find { it.exercise == 'tensors' }.bestLate", equalTo(true))
                .body("find { it.exercise == 'tensors' }.grade", equalTo(80.0f));
        crew.api(crew.learner()).get("/api/exercises/tensors/submissions").then()
                .body("[0].late", equalTo(true)).body("[0].penaltyPercent", equalTo(20.0f));

        // the cut-off passes: refused, and the problem says why
        schedule(crew, "tensors", now.minus(Duration.ofDays(5)), now.minus(Duration.ofDays(3)), now.minus(Duration.ofMinutes(1)));
        submit(crew.api(crew.learner()), "tensors").then().statusCode(403).contentType("application/problem+json")
                .body("title", equalTo("Submissions closed")).body("detail", containsString("cut-off"));

        // an extension for one learner: they may submit, on time; the others still may not
        crew.learner("dl-late-ext");
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("username", "dl-late-ext",
                "exercise", "tensors", "dueAt", now.plus(Duration.ofDays(1)).toString()))
                .post("/api/instructor/extensions").then().statusCode(201).body("username", equalTo("dl-late-ext"));
        crew.api("dl-late-ext").get("/api/exercises").then()
                .body("find { it.id == 'tensors' }.extended", equalTo(true))
                .body("find { it.id == 'tensors' }.acceptingSubmissions", equalTo(true));
        long extended = submit(crew.api("dl-late-ext"), "tensors").then().statusCode(202).extract().jsonPath().getLong("id");
        crew.api("dl-late-ext").get("/api/submissions/" + extended).then().body("late", equalTo(false));
        submit(crew.api(crew.learner()), "tensors").then().statusCode(403);
        crew.api(crew.instructor()).get("/api/instructor/audit").then()
                .body("entries.action", org.hamcrest.Matchers.hasItems("EXTENSION_GRANTED", "LATE_POLICY_CHANGED", "SCHEDULE_CHANGED"));

        // a regrade keeps the late mark and the penalty
        long regrade = crew.api(crew.instructor()).post("/api/instructor/exercises/tensors/regrade").then().statusCode(202)
                .extract().jsonPath().getLong("id");
        awaitRegrade(crew, regrade);
        crew.api(crew.learner()).get("/api/submissions/" + late).then().statusCode(200)
                .body("late", equalTo(true)).body("penaltyPercent", equalTo(20.0f)).body("finalPercent", equalTo(80.0f));
        crew.api(crew.learner()).get("/api/me/progress").then()
                .body("find { it.exercise == 'tensors' }.bestPenaltyPercent", equalTo(20.0f));
    }

    @Test
    @DisplayName("the best score applies penalties: a late 70% with 20% off (56%) does not beat an on-time 60%; a late 100% (80%) does")
    void bestScoreAppliesPenalties() {
        CourseCrew crew = CourseCrew.create("dl-best");
        long learner = accountId(crew.learner());
        long exercise = crew.course().exerciseId("sampler");
        store(learner, exercise, 6, 10, false, 0);
        store(learner, exercise, 7, 10, true, 20);
        JsonPath progress = crew.api(crew.learner()).get("/api/me/progress").then().extract().jsonPath();
        assertEquals(60.0, progress.getDouble("find { it.exercise == 'sampler' }.grade"));
        assertFalse(progress.getBoolean("find { it.exercise == 'sampler' }.bestLate"));

        store(learner, exercise, 10, 10, true, 20);
        progress = crew.api(crew.learner()).get("/api/me/progress").then().extract().jsonPath();
        assertEquals(80.0, progress.getDouble("find { it.exercise == 'sampler' }.grade"));
        assertEquals(100.0, progress.getDouble("find { it.exercise == 'sampler' }.best.percent"));
        assertTrue(progress.getBoolean("find { it.exercise == 'sampler' }.bestLate"));
        String home = WebSession.signIn(crew.learner()).request().get("/").then().statusCode(200).extract().asString();
        assertTrue(home.contains("10 / 10 (100%), late −20% → 80%"), home);
    }

    @Test
    @DisplayName("after-deadline tests stay hidden while the learner can still submit (late, or by an extension), then show")
    void afterDeadlineTestsWaitForTheCutOff() {
        CourseCrew crew = CourseCrew.create("dl-vis");
        crew.learner("dl-vis-ext");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long exercise = crew.course().exerciseId("attention");
        long mine = hiddenResult(accountId(crew.learner()), exercise);
        long theirs = hiddenResult(accountId("dl-vis-ext"), exercise);
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("username", "dl-vis-ext",
                "exercise", "attention", "dueAt", now.plus(Duration.ofDays(2)).toString(),
                "closesAt", now.plus(Duration.ofDays(3)).toString())).post("/api/instructor/extensions").then().statusCode(201);

        // past the due date, before the cut-off: late submissions are still possible, so nothing is revealed
        schedule(crew, "attention", now.minus(Duration.ofDays(5)), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
        crew.api(crew.learner()).get("/api/submissions/" + mine).then().statusCode(200)
                .body(not(containsString(HIDDEN))).body("hidden.count", equalTo(1));
        WebSession learner = WebSession.signIn(crew.learner());
        learner.request().get("/submissions/" + mine).then().statusCode(200).body(not(containsString(HIDDEN)))
                .body(containsString("once you can no longer submit"));

        // the cut-off passes: shown to the learner, but not to the one whose extension still runs
        schedule(crew, "attention", now.minus(Duration.ofDays(5)), now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        crew.api(crew.learner()).get("/api/submissions/" + mine).then().body(containsString(HIDDEN));
        learner.request().get("/submissions/" + mine).then().body(containsString(HIDDEN));
        crew.api("dl-vis-ext").get("/api/submissions/" + theirs).then().statusCode(200).body(not(containsString(HIDDEN)));
        crew.api(crew.assistant()).get("/api/submissions/" + theirs).then().statusCode(200).body(containsString(HIDDEN));

        // a course without a due date never reveals them to learners
        schedule(crew, "attention", null, null, null);
        crew.api(crew.learner()).get("/api/submissions/" + mine).then().body(not(containsString(HIDDEN)));
    }

    @Test
    @DisplayName("bad dates are 400s that say what is wrong: a cut-off before the due date, or without one; staff only")
    void badSchedules() {
        CourseCrew crew = CourseCrew.create("dl-bad");
        Instant now = Instant.now();
        crew.api(crew.instructor()).contentType(ContentType.JSON)
                .body(Map.of("dueAt", now.toString(), "closesAt", now.minus(Duration.ofHours(1)).toString()))
                .put("/api/exercises/tensors/schedule").then().statusCode(400)
                .body("detail", containsString("cut-off cannot be before the due date"));
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("closesAt", now.toString()))
                .put("/api/exercises/tensors/schedule").then().statusCode(400).body("detail", containsString("needs a due date"));
        crew.api(crew.assistant()).contentType(ContentType.JSON).body(Map.of("dueAt", now.toString()))
                .put("/api/exercises/tensors/schedule").then().statusCode(403);
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("policy", "FACTOR", "factor", 1.5))
                .put("/api/instructor/late-policy").then().statusCode(400).body("detail", containsString("below 1"));
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("policy", "FACTOR", "factor", 0.8))
                .put("/api/instructor/late-policy").then().statusCode(200).body("description", equalTo("late scores count 80%"));
    }

    private static void schedule(CourseCrew crew, String exercise, Instant opens, Instant due, Instant closes) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("opensAt", opens == null ? null : opens.toString());
        body.put("dueAt", due == null ? null : due.toString());
        body.put("closesAt", closes == null ? null : closes.toString());
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(body)
                .put("/api/exercises/" + exercise + "/schedule").then().statusCode(200)
                .body("closesAt", closes == null ? org.hamcrest.Matchers.nullValue() : equalTo(closes.toString()));
    }

    private static io.restassured.response.Response submit(RequestSpecification as, String exercise) {
        RequestSpecification form = as;
        for (var file : Submissions.sources(exercise, "accepted").entrySet()) {
            form = form.multiPart("file", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return form.post("/api/exercises/" + exercise + "/submissions");
    }

    private static JsonPath awaitGraded(CourseCrew crew, long id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonPath body = crew.api(crew.learner()).get("/api/submissions/" + id).then().statusCode(200).extract().jsonPath();
            if (body.getString("status").equals("GRADED") || body.getString("status").equals("ERROR")) {
                return body;
            }
            pause();
        }
        throw new AssertionError("submission " + id + " was not graded within 3 minutes");
    }

    private static void awaitRegrade(CourseCrew crew, long id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (crew.api(crew.instructor()).get("/api/instructor/regrades/" + id).then().statusCode(200)
                    .extract().jsonPath().getBoolean("finished")) {
                return;
            }
            pause();
        }
        throw new AssertionError("regrade " + id + " did not finish within 3 minutes");
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void store(long learner, long exercise, int earned, int possible, boolean late, double penalty) {
        List<dev.llmf.grader.grading.TestOutcome> tests = new java.util.ArrayList<>();
        for (int i = 0; i < possible; i++) {
            tests.add(GradedSubmissions.test("t" + i, i < earned ? null : "failed", Visibility.VISIBLE));
        }
        GradedSubmissions.store(results, learner, exercise, Instant.now(), tests, late, penalty);
    }

    private long hiddenResult(long learner, long exercise) {
        return GradedSubmissions.store(results, learner, exercise, Instant.now(), List.of(
                GradedSubmissions.test("shown", null, Visibility.VISIBLE),
                GradedSubmissions.test("after", HIDDEN, Visibility.AFTER_DEADLINE)));
    }

    private static long accountId(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Account.byUsername(username).orElseThrow().id);
    }
}
