package dev.llmf.grader.web;

import dev.llmf.grader.CourseSetup;
import dev.llmf.grader.auth.SessionCookie;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.GradedSubmissions;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import dev.llmf.grader.support.TestCourse;
import dev.llmf.grader.support.WebSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may see what: the instructor dashboard (pages and API) is for instructors of the course only, and a
 * learner who guesses submission URLs sees only their own.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class InstructorAccessTest {

    private static final List<String> PAGES = List.of("/instructor", "/instructor?page=2&q=a",
            "/instructor/exercises/tensors", "/instructor/activity", "/instructor/learners/acc-owner",
            "/instructor/grades.csv");
    private static final List<String> API = List.of("/api/instructor/matrix", "/api/instructor/exercises/tensors",
            "/api/instructor/activity?by=hour", "/api/instructor/learners/acc-owner");
    private static final String SECRET = "hidden test message only its learner may read";

    @Inject
    ResultStore results;

    @Test
    @DisplayName("a learner gets a 403 on every instructor page and API call, by cookie or by token; no header link")
    void learnerIsForbidden() {
        WebSession lena = WebSession.signIn("acc-lena");
        for (String page : PAGES) {
            lena.request().get(page).then().statusCode(403).contentType(containsString("text/html"))
                    .body(containsString("id=\"error-title\"")).body(containsString("for instructors"));
        }
        String token = TestAccounts.token("acc-lena", Role.LEARNER);
        for (String call : API) {
            given().header("Authorization", "Bearer " + token).get(call).then().statusCode(403)
                    .contentType("application/problem+json");
            lena.request().get(call).then().statusCode(403);
        }
        lena.request().get("/").then().statusCode(200).body(not(containsString("nav-instructor")));
        String teacher = signInInstructor();
        given().cookie(SessionCookie.NAME, teacher).get("/").then().statusCode(200)
                .body(containsString("<a id=\"nav-instructor\" href=\"/instructor\">"));
    }

    @Test
    @DisplayName("anonymous visitors are sent to sign in from the pages and get a 401 from the API")
    void anonymous() {
        for (String page : PAGES) {
            given().redirects().follow(false).get(page).then().statusCode(303)
                    .header("Location", containsString("/login"));
        }
        given().redirects().follow(false).get("/instructor/activity").then().statusCode(303)
                .header("Location", endsWith("/login?next=%2Finstructor%2Factivity"));
        for (String call : API) {
            given().get(call).then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    @DisplayName("a learner guessing submission ids opens only their own: others' are 403 (page, heatmap, API)")
    void guessingSubmissionIds() {
        WebSession owner = WebSession.signIn("acc-owner");
        WebSession guesser = WebSession.signIn("acc-guesser");
        String guesserToken = TestAccounts.token("acc-guesser", Role.LEARNER);
        long theirs = storedSubmission("acc-owner");
        long mine = storedSubmission("acc-guesser");
        owner.request().get("/submissions/" + theirs).then().statusCode(200);
        guesser.request().get("/submissions/" + mine).then().statusCode(200);
        for (long id = Math.max(1, theirs - 5); id <= mine + 5; id++) {
            if (id == mine) {
                continue;
            }
            for (String path : List.of("/submissions/" + id, "/submissions/" + id + "/attention")) {
                Response r = guesser.request().get(path);
                assertTrue(r.statusCode() == 403 || r.statusCode() == 404, path + " answered " + r.statusCode());
                assertFalse(r.asString().contains(SECRET), path);
            }
            Response api = given().header("Authorization", "Bearer " + guesserToken).get("/api/submissions/" + id);
            assertTrue(api.statusCode() == 403 || api.statusCode() == 404, "/api/submissions/" + id + ": " + api.statusCode());
            assertFalse(api.asString().contains(SECRET));
        }
        guesser.request().get("/submissions/" + theirs).then().statusCode(403).body(containsString("is not yours"));
        given().header("Authorization", "Bearer " + guesserToken).get("/api/submissions/" + theirs).then()
                .statusCode(403);
    }

    @Test
    @DisplayName("an instructor of another course sees none of this course: submissions 403, learners 404, not in the matrix")
    void otherCourseInstructor() {
        WebSession.signIn("acc-owner");
        long theirs = storedSubmission("acc-owner");
        TestCourse other = TestCourse.create("access-other");
        other.exercise("tensors", 1, "Tensors", null);
        other.account("acc-other-teacher", "Other Teacher", Role.INSTRUCTOR, true);
        WebSession stranger = WebSession.signIn("acc-other-teacher");
        String token = TestAccounts.token("acc-other-teacher", Role.INSTRUCTOR);
        stranger.request().get("/submissions/" + theirs).then().statusCode(403);
        given().header("Authorization", "Bearer " + token).get("/api/submissions/" + theirs).then().statusCode(403);
        stranger.request().get("/instructor/learners/acc-owner").then().statusCode(404);
        given().header("Authorization", "Bearer " + token).get("/api/instructor/learners/acc-owner").then().statusCode(404);
        stranger.request().get("/instructor?q=acc-owner").then().statusCode(200)
                .body(not(containsString("data-learner=\"acc-owner\"")));
        String csv = stranger.request().get("/instructor/grades.csv").then().statusCode(200).extract().asString();
        assertEquals("username,display_name,email,tensors,tensors_points,tensors_possible,tensors_late,"
                + "tensors_penalty_percent,tensors_computed,tensors_override_reason,total,total_points\r\n", csv,
                "a course without learners: the header only");

        // the course's own instructor does see it, hidden tests included
        String teacher = signInInstructor();
        given().cookie(SessionCookie.NAME, teacher).get("/submissions/" + theirs).then().statusCode(200)
                .body(containsString(SECRET));
        given().cookie(SessionCookie.NAME, teacher).get("/instructor/learners/acc-owner").then().statusCode(200)
                .body(containsString("<tr id=\"attempt-" + theirs + "\">"));
    }

    /** An instructor of the shared course, signed in to the pages; returns the session cookie. */
    private static String signInInstructor() {
        TestAccounts.token("acc-teacher", Role.INSTRUCTOR);
        return given().redirects().follow(false).formParam("username", "acc-teacher")
                .formParam("password", TestAccounts.password("acc-teacher")).post("/login").then().statusCode(303)
                .extract().cookie(SessionCookie.NAME);
    }

    /** A graded tensors submission of {@code username} with a hidden test whose message must not leak. */
    private long storedSubmission(String username) {
        long[] ids = QuarkusTransaction.requiringNew().call(() -> new long[] {
                Account.byUsername(username).orElseThrow().id,
                CourseExercise.find(Course.bySlug(CourseSetup.COURSE).orElseThrow().id, "tensors").orElseThrow().id});
        return GradedSubmissions.store(results, ids[0], ids[1], Instant.now(),
                List.of(GradedSubmissions.test("hidden", SECRET, Visibility.NEVER)));
    }
}
