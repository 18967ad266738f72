package dev.llmf.grader.dashboard;

import dev.llmf.grader.grading.TestOutcome;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.GradedSubmissions;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import dev.llmf.grader.support.TestCourse;
import dev.llmf.grader.support.WebSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instructor's views that lead to learners: who fails a test, who needs attention (stuck or inactive), and the
 * class matrix sorted and filtered by one exercise. A course of its own with a known story:
 * <ul>
 *   <li>ida: tensors 3 attempts, 4 → 7 → 10 of 10 (passed), tokenizer 9/10 failing t10; active a minute ago</li>
 *   <li>jon: tensors 5 attempts a day ago, 5, 5, 4, 5, 5 (best at the first: 4 since), latest fails t03 and t10</li>
 *   <li>kim: tensors 2 attempts, 6 → 8, latest fails t09 and t10; last seen 10 days ago</li>
 *   <li>lea: nothing at all</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class InstructorViewsTest {

    private static final Map<String, List<Long>> SUBMISSIONS = new HashMap<>();
    private static boolean seeded;

    @Inject
    ResultStore results;

    @BeforeEach
    void seed() {
        synchronized (InstructorViewsTest.class) {
            if (seeded) {
                return;
            }
            TestCourse c = TestCourse.create("views-test");
            Instant now = Instant.now();
            long tensors = c.exercise("tensors", 1, "Tensors", now.plus(Duration.ofDays(7)));
            long tokenizer = c.exercise("tokenizer", 2, "Tokenizer", now.plus(Duration.ofDays(14)));
            c.account("views-teacher", "Views Teacher", Role.INSTRUCTOR, true);
            long ida = c.account("views-ida", "Ida", Role.LEARNER, false);
            long jon = c.account("views-jon", "Jon", Role.LEARNER, false);
            long kim = c.account("views-kim", "Kim", Role.LEARNER, false);
            c.account("views-lea", "Lea", Role.LEARNER, false);
            Instant day = now.minus(Duration.ofDays(1));
            graded("ida", ida, tensors, day.minusSeconds(300), Set.of(5, 6, 7, 8, 9, 10));
            graded("ida", ida, tensors, day.minusSeconds(200), Set.of(8, 9, 10));
            graded("ida", ida, tensors, day.minusSeconds(100), Set.of());
            graded("ida", ida, tokenizer, now.minusSeconds(60), Set.of(10));
            for (int attempt = 0; attempt < 5; attempt++) {
                graded("jon", jon, tensors, day.plusSeconds(attempt), attempt == 2 ? Set.of(3, 5, 6, 7, 8, 10)
                        : Set.of(3, 6, 7, 8, 10));
            }
            graded("kim", kim, tensors, now.minus(Duration.ofDays(11)), Set.of(7, 8, 9, 10));
            graded("kim", kim, tensors, now.minus(Duration.ofDays(10)), Set.of(9, 10));
            seeded = true;
        }
    }

    @Test
    @DisplayName("from a failing test to the learners whose latest submission fails it, linked to that submission")
    void failingLearners() {
        JsonPath t10 = api().get("/api/instructor/exercises/tensors/tests/t10").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("views-jon", "views-kim"), t10.getList("learners.username"), "ida's latest passes t10");
        assertEquals(2, t10.getInt("failedBy"));
        assertEquals(SUBMISSIONS.get("jon").getLast(), t10.getLong("learners[0].submissionId"));
        assertEquals("test t10", t10.getString("testName"));
        JsonPath t03 = api().get("/api/instructor/exercises/tensors/tests/t03").then().extract().jsonPath();
        assertEquals(List.of("views-jon"), t03.getList("learners.username"));

        String exercise = web().request().get("/instructor/exercises/tensors").then().statusCode(200).extract().asString();
        assertTrue(exercise.contains("<a href=\"/instructor/exercises/tensors/tests/t10\">test t10</a>"), exercise);
        String page = web().request().get("/instructor/exercises/tensors/tests/t10").then().statusCode(200).extract().asString();
        assertTrue(page.contains("<a class=\"submission\" href=\"/submissions/" + SUBMISSIONS.get("kim").getLast() + "\">"), page);
        assertTrue(page.contains("<strong id=\"failed-by\">2</strong>"), page);
        api().get("/api/instructor/exercises/nonesuch/tests/t10").then().statusCode(404);
    }

    @Test
    @DisplayName("needs attention: stuck (N attempts without gain) and inactive (D days, or never) learners, thresholds adjustable, sortable")
    void needsAttention() {
        JsonPath a = api().queryParam("attempts", 4).queryParam("days", 7).get("/api/instructor/attention").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("views-lea", "views-kim", "views-jon"), a.getList("learners.username"),
                "never active first, then the longest silent; ida is neither stuck nor inactive");
        assertEquals("tensors", a.getString("learners.find { it.username == 'views-jon' }.stuck[0].exercise"));
        assertEquals(4, a.getInt("learners.find { it.username == 'views-jon' }.stuck[0].attemptsSinceBest"));
        assertEquals(true, a.getBoolean("learners.find { it.username == 'views-kim' }.inactive"));
        assertEquals(false, a.getBoolean("learners.find { it.username == 'views-jon' }.inactive"));

        JsonPath stricter = api().queryParam("attempts", 5).queryParam("days", 14).queryParam("sort", "username")
                .get("/api/instructor/attention").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("views-lea"), stricter.getList("learners.username"),
                "jon is not stuck at 5 (4 since his best), kim was active 10 days ago");
        api().queryParam("attempts", 1).get("/api/instructor/attention").then().statusCode(400)
                .body("detail", containsString("attempts (1) must be 2 to 100"));

        String html = web().request().get("/instructor/attention?attempts=4&days=7&sort=stuck").then().statusCode(200)
                .extract().asString();
        assertTrue(html.contains("<tr data-learner=\"views-jon\" data-stuck=\"1\" data-inactive=\"false\">"), html);
        assertTrue(html.contains("tensors (4 attempts since the best, of 5)"), html);
        assertTrue(html.indexOf("data-learner=\"views-jon\"") < html.indexOf("data-learner=\"views-lea\""),
                "sorted by stuck first");
    }

    @Test
    @DisplayName("the class matrix sorts and filters by one exercise (grade, attempts, status) and by last activity")
    void matrixPerExercise() {
        assertEquals(List.of("views-ida", "views-kim", "views-jon", "views-lea"), learners(Map.of("exercise", "tensors",
                "sort", "score-desc")));
        assertEquals(List.of("views-jon", "views-ida", "views-kim", "views-lea"), learners(Map.of("exercise", "tensors",
                "sort", "attempts-desc")));
        assertEquals(List.of("views-ida"), learners(Map.of("exercise", "tensors", "status", "passed")));
        assertEquals(List.of("views-jon", "views-kim"), learners(Map.of("exercise", "tensors", "status", "in-progress")));
        assertEquals(List.of("views-lea"), learners(Map.of("exercise", "tensors", "status", "not-started")));
        assertEquals(List.of("views-ida"), learners(Map.of("exercise", "tokenizer", "status", "in-progress")));
        assertEquals(List.of("views-lea", "views-kim", "views-jon", "views-ida"), learners(Map.of("sort", "activity-asc")));
        assertEquals(List.of("views-ida", "views-jon", "views-kim", "views-lea"), learners(Map.of("sort", "activity-desc")));

        JsonPath m = api().get("/api/instructor/matrix").then().extract().jsonPath();
        assertEquals(5, m.getInt("learners.find { it.username == 'views-jon' }.cells[0].attempts"));
        assertEquals(SUBMISSIONS.get("kim").size(), m.getInt("learners.find { it.username == 'views-kim' }.cells[0].attempts"));
        assertTrue(m.getString("learners.find { it.username == 'views-kim' }.lastActivity") != null);
        api().queryParam("sort", "score-desc").get("/api/instructor/matrix").then().statusCode(400)
                .body("detail", containsString("choose it with ?exercise="));
        api().queryParam("exercise", "nonesuch").get("/api/instructor/matrix").then().statusCode(404);

        String html = web().request().get("/instructor?exercise=tensors&sort=attempts-desc&status=in-progress").then()
                .statusCode(200).extract().asString();
        assertTrue(html.contains("<option value=\"attempts-desc\" selected>"), html);
        assertTrue(html.contains("<option value=\"tensors\" selected>"), html);
        assertTrue(html.indexOf("data-learner=\"views-jon\"") < html.indexOf("data-learner=\"views-kim\""), html);
        assertTrue(!html.contains("data-learner=\"views-ida\""), html);
    }

    @Test
    @DisplayName("every sort shows each learner the same total and last activity, whether it sums up the class or the page")
    void matrixSummariesAgreeAcrossSorts() {
        Map<String, String> byUsername = summaries(Map.of());
        assertEquals(4, byUsername.size());
        assertTrue(byUsername.get("views-ida").startsWith("95.0 "), "ida: tensors 100%, tokenizer 90%: the mean of both");
        assertEquals("0.0 null", byUsername.get("views-lea"), "lea: nothing, a total of 0");
        for (Map<String, String> sort : List.of(Map.of("sort", "total-desc"), Map.of("sort", "total-asc"),
                Map.of("sort", "activity-asc"), Map.of("sort", "activity-desc"),
                Map.of("exercise", "tensors", "sort", "score-asc"), Map.of("exercise", "tensors", "sort", "attempts-desc"))) {
            assertEquals(byUsername, summaries(sort), sort.toString());
        }
    }

    /** Username → "totalPercent lastActivity" as the matrix API gives them under {@code query}. */
    private Map<String, String> summaries(Map<String, String> query) {
        JsonPath m = api().queryParams(query).get("/api/instructor/matrix").then().statusCode(200).extract().jsonPath();
        Map<String, String> out = new HashMap<>();
        List<String> names = m.getList("learners.username");
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), m.getDouble("learners[" + i + "].totalPercent") + " "
                    + m.getString("learners[" + i + "].lastActivity"));
        }
        return out;
    }

    private List<String> learners(Map<String, String> query) {
        return api().queryParams(query).get("/api/instructor/matrix").then().statusCode(200).extract().jsonPath()
                .getList("learners.username");
    }

    /** Ten tests t01…t10 worth a point each; those numbered in {@code failing} fail. */
    private void graded(String who, long account, long exercise, Instant at, Set<Integer> failing) {
        List<TestOutcome> outcomes = new ArrayList<>();
        for (int t = 1; t <= 10; t++) {
            outcomes.add(GradedSubmissions.test("t%02d".formatted(t), failing.contains(t) ? "failed t" + t : null,
                    Visibility.VISIBLE));
        }
        SUBMISSIONS.computeIfAbsent(who, k -> new ArrayList<>()).add(GradedSubmissions.store(results, account, exercise,
                at, outcomes));
    }

    private static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TestAccounts.token("views-teacher", Role.INSTRUCTOR));
    }

    private static WebSession web() {
        return WebSession.signIn("views-teacher");
    }
}
