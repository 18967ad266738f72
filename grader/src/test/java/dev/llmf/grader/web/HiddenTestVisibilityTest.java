package dev.llmf.grader.web;

import dev.llmf.grader.CourseSetup;
import dev.llmf.grader.grading.TestOutcome;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.GradedSubmissions;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import dev.llmf.grader.support.WebSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hidden tests on the feedback page and in the API: counted only, until their visibility allows more. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class HiddenTestVisibilityTest {

    private static final String AFTER = "message shown once the due date has passed";
    private static final String NEVER = "message never shown to the learner";

    @Inject
    ResultStore results;

    @Test
    @DisplayName("an after-deadline test is counted, not named, until the due date; then shown in full; a never test stays hidden")
    void afterDeadlineTestsAppearAtTheDueDate() {
        TestAccounts.token("vis-val", Role.LEARNER);
        long[] ids = QuarkusTransaction.requiringNew().call(() -> new long[] {
                Account.byUsername("vis-val").orElseThrow().id,
                CourseExercise.find(Course.bySlug(CourseSetup.COURSE).orElseThrow().id, "sampler").orElseThrow().id});
        long id = GradedSubmissions.store(results, ids[0], ids[1], Instant.now(), List.of(
                GradedSubmissions.test("visible", null, Visibility.VISIBLE),
                GradedSubmissions.test("after-deadline", AFTER, Visibility.AFTER_DEADLINE),
                GradedSubmissions.test("never", NEVER, Visibility.NEVER)));
        WebSession val = WebSession.signIn("vis-val");
        Instant[] schedule = dueDate(ids[1], Instant.now().plus(Duration.ofDays(1)), null);
        try {
            String before = val.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
            assertTrue(before.contains("<span id=\"hidden-passed\">0</span> of <span id=\"hidden-count\">2</span>"), before);
            assertFalse(before.contains(AFTER), "not before the due date");
            assertFalse(val.request().get("/api/submissions/" + id).asString().contains(AFTER), "nor in the API");

            dueDate(ids[1], Instant.now().minus(Duration.ofMinutes(1)), Instant.now().minus(Duration.ofDays(1)));
            String after = val.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
            assertTrue(after.contains(AFTER), after);
            assertTrue(after.contains("<span id=\"hidden-passed\">0</span> of <span id=\"hidden-count\">1</span>"), after);
            assertFalse(after.contains(NEVER), "a never-visible test is never shown");
            assertTrue(val.request().get("/api/submissions/" + id).asString().contains(AFTER));
            assertFalse(val.request().get("/api/submissions/" + id).asString().contains(NEVER));
        } finally {
            dueDate(ids[1], schedule[1], schedule[0]);
        }
    }

    @Test
    @DisplayName("what the code printed during a test is shown with the test, and hidden with a hidden one")
    void printedOutputFollowsItsTest() {
        TestAccounts.token("vis-pia", Role.LEARNER);
        long[] ids = QuarkusTransaction.requiringNew().call(() -> new long[] {
                Account.byUsername("vis-pia").orElseThrow().id,
                CourseExercise.find(Course.bySlug(CourseSetup.COURSE).orElseThrow().id, "sampler").orElseThrow().id});
        long id = GradedSubmissions.store(results, ids[0], ids[1], Instant.now(), List.of(
                new TestOutcome("shown", "test shown", false, 0, 1, Visibility.VISIBLE, "wrong", 1,
                        "printed <during> the visible test"),
                new TestOutcome("never", "test never", false, 0, 1, Visibility.NEVER, NEVER, 1,
                        "printed during the never-visible test")));
        WebSession pia = WebSession.signIn("vis-pia");
        String page = pia.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("What your code printed"), page);
        assertTrue(page.contains("printed &lt;during&gt; the visible test"), "escaped like every learner text: " + page);
        assertFalse(page.contains("never-visible test"), page);
        String api = pia.request().get("/api/submissions/" + id).asString();
        assertTrue(api.contains("\"output\":\"printed <during> the visible test\""), api);
        assertFalse(api.contains("never-visible test"), api);
    }

    /** Sets the exercise's due date (and opening, when given); returns the previous {opens, due}. */
    private static Instant[] dueDate(long exerciseId, Instant due, Instant opens) {
        return QuarkusTransaction.requiringNew().call(() -> {
            CourseExercise e = CourseExercise.findById(exerciseId);
            Instant[] previous = {e.opensAt, e.dueAt};
            e.opensAt = opens;
            e.dueAt = due;
            return previous;
        });
    }
}
