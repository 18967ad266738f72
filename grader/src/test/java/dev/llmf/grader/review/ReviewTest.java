package dev.llmf.grader.review;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staff reviewing learners' work through the real service: code, comments, score overrides. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ReviewTest {

    private static final String TENSORS = "dev/llmf/exercises/tensors/TensorOps.java";

    @Inject
    ResultStore results;

    @Test
    @DisplayName("staff open a learner's code (highlighted, with line numbers) and comment on line 12; the learner reads it but not the code view; other courses see nothing")
    void codeAndComments() {
        CourseCrew crew = CourseCrew.create("rv-code");
        CourseCrew other = CourseCrew.create("rv-other");
        long id = submit(crew.api(crew.learner()));

        JsonPath files = crew.api(crew.assistant()).get("/api/submissions/" + id + "/files").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(TENSORS), files.getList("path"));
        assertEquals(Submissions.sources("tensors", "accepted").get(TENSORS), files.getString("[0].content"));
        crew.api(crew.learner()).get("/api/submissions/" + id + "/files").then().statusCode(403);
        other.api(other.instructor()).get("/api/submissions/" + id + "/files").then().statusCode(403);

        crew.api(crew.assistant()).contentType(ContentType.JSON)
                .body(Map.of("body", "This constructor is empty: <drop it>", "path", TENSORS, "line", 12))
                .post("/api/submissions/" + id + "/comments").then().statusCode(201)
                .body("line", equalTo(12)).body("quote", equalTo("}")).body("author", equalTo("Assistant of rv-code"));
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("body", "Well structured overall."))
                .post("/api/submissions/" + id + "/comments").then().statusCode(201);
        crew.api(crew.assistant()).contentType(ContentType.JSON).body(Map.of("body", "x", "path", TENSORS, "line", 9999))
                .post("/api/submissions/" + id + "/comments").then().statusCode(400).body("detail", containsString("has lines 1 to"));
        crew.api(crew.assistant()).contentType(ContentType.JSON).body(Map.of("body", "x", "path", "Other.java", "line", 1))
                .post("/api/submissions/" + id + "/comments").then().statusCode(400);
        crew.api(crew.assistant()).contentType(ContentType.JSON).body(Map.of("body", "   "))
                .post("/api/submissions/" + id + "/comments").then().statusCode(400);
        crew.api(crew.learner()).contentType(ContentType.JSON).body(Map.of("body", "me too"))
                .post("/api/submissions/" + id + "/comments").then().statusCode(403);
        other.api(other.assistant()).contentType(ContentType.JSON).body(Map.of("body", "hi"))
                .post("/api/submissions/" + id + "/comments").then().statusCode(403);

        crew.api(crew.learner()).get("/api/submissions/" + id + "/comments").then().statusCode(200)
                .body("body", equalTo(List.of("This constructor is empty: <drop it>", "Well structured overall.")))
                .body("[0].path", equalTo(TENSORS)).body("[1].line", equalTo(null));
        String learnerPage = WebSession.signIn(crew.learner()).request().get("/submissions/" + id).then().statusCode(200)
                .extract().asString();
        assertTrue(learnerPage.contains("This constructor is empty: &lt;drop it&gt;"), learnerPage);
        assertTrue(learnerPage.contains("on dev/llmf/exercises/tensors/TensorOps.java, line 12"), learnerPage);
        assertTrue(!learnerPage.contains("id=\"code\"") && !learnerPage.contains("id=\"comment-form\""),
                "the learner gets no code view and no comment form");

        String staffPage = WebSession.signIn(crew.assistant()).request().get("/submissions/" + id).then().statusCode(200)
                .extract().asString();
        assertTrue(staffPage.contains("<tr id=\"f1-L12\"><td class=\"ln\"><a href=\"/submissions/" + id + "?path="), staffPage);
        assertTrue(staffPage.contains("<span class=\"tok-kw\">public</span> <span class=\"tok-kw\">class</span> TensorOps"),
                staffPage);
        assertTrue(staffPage.contains("<span class=\"tok-com\">/** Exercise 1: the four tensor operations, with plain loops. */</span>"),
                staffPage);
        assertTrue(!staffPage.contains("id=\"override-form\""), "assistants do not override scores");
        WebSession.signIn(other.instructor()).request().get("/submissions/" + id).then().statusCode(403);
    }

    @Test
    @DisplayName("an instructor overrides a score with a reason: it counts (progress, CSV), the computed one stays beside it, the audit keeps it; assistants may not")
    void overrides() {
        CourseCrew crew = CourseCrew.create("rv-over");
        long learner = accountId(crew.learner());
        GradedSubmissions.store(results, learner, crew.course().exerciseId("tensors"), Instant.now(), tests(7, 10));
        String reason = "graded by hand: the sandbox was down on the due date";

        crew.api(crew.assistant()).contentType(ContentType.JSON).body(Map.of("percent", 90, "reason", reason))
                .put("/api/instructor/overrides/" + crew.learner() + "/tensors").then().statusCode(403);
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("percent", 90, "reason", ""))
                .put("/api/instructor/overrides/" + crew.learner() + "/tensors").then().statusCode(400)
                .body("detail", containsString("needs a reason"));
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("percent", 90, "reason", reason))
                .put("/api/instructor/overrides/" + crew.learner() + "/sampler").then().statusCode(409);
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("percent", 90, "reason", reason))
                .put("/api/instructor/overrides/" + crew.learner() + "/tensors").then().statusCode(200)
                .body("percent", equalTo(90.0f)).body("computedPercent", equalTo(70.0f))
                .body("setBy", equalTo(crew.instructor()));

        crew.api(crew.learner()).get("/api/me/progress").then()
                .body("find { it.exercise == 'tensors' }.grade", equalTo(90.0f))
                .body("find { it.exercise == 'tensors' }.best.percent", equalTo(70.0f))
                .body("find { it.exercise == 'tensors' }.overrideReason", equalTo(reason));
        String csv = crew.api(crew.instructor()).get("/instructor/grades.csv").then().statusCode(200).extract().asString();
        assertTrue(csv.contains(crew.learner() + ",Learner of rv-over,,90.0,9.00,10,,,70.0," + reason + ","), csv);
        crew.api(crew.instructor()).get("/api/instructor/audit").then()
                .body("entries.action", hasItem("OVERRIDE_SET"))
                .body("entries.find { it.action == 'OVERRIDE_SET' }.detail", containsString("90% (computed 70%)"));
        String history = WebSession.signIn(crew.instructor()).request().get("/instructor/learners/" + crew.learner())
                .then().statusCode(200).extract().asString();
        assertTrue(history.contains("Grade overridden: 90% (computed 70%), by " + crew.instructor()), history);

        crew.api(crew.instructor()).delete("/api/instructor/overrides/" + crew.learner() + "/tensors").then().statusCode(204);
        String after = crew.api(crew.instructor()).get("/instructor/grades.csv").then().extract().asString();
        assertTrue(after.contains(crew.learner() + ",Learner of rv-over,,70.0,7.00,10,,,70.0,,"), after);
        crew.api(crew.instructor()).get("/api/instructor/audit").then().body("entries.action", hasItem("OVERRIDE_REMOVED"));
    }

    @Test
    @DisplayName("the override form on the submission page: instructors see it and save through it; a bad grade is said next to it")
    void overrideThroughThePage() {
        CourseCrew crew = CourseCrew.create("rv-page");
        long id = GradedSubmissions.store(results, accountId(crew.learner()), crew.course().exerciseId("tensors"),
                Instant.now(), tests(4, 10));
        WebSession teacher = WebSession.signIn(crew.instructor());
        String page = teacher.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("action=\"/submissions/" + id + "/override?course=rv-page\""), page);
        teacher.request().formParam("csrf", teacher.csrf()).formParam("percent", "hundred").formParam("reason", "r")
                .post("/submissions/" + id + "/override?course=rv-page").then().statusCode(400)
                .body(containsString("Not saved: the grade must be a number"));
        teacher.request().formParam("csrf", teacher.csrf()).formParam("percent", "55.5").formParam("reason", "oral exam")
                .post("/submissions/" + id + "/override?course=rv-page").then().statusCode(303);
        teacher.request().get("/submissions/" + id).then().body(containsString("Overridden to <strong>55.5%</strong> (computed 40%)"));
        WebSession.signIn(crew.learner()).request().get("/").then()
                .body(containsString("55.5% (set by your instructor: oral exam)"));
        WebSession assistant = WebSession.signIn(crew.assistant());
        assistant.request().formParam("csrf", assistant.csrf()).formParam("percent", "100").formParam("reason", "x")
                .post("/submissions/" + id + "/override?course=rv-page").then().statusCode(403)
                .body(not(containsString("Overridden to <strong>100%")));
    }

    private static long submit(RequestSpecification as) {
        RequestSpecification form = as;
        for (var file : Submissions.sources("tensors", "accepted").entrySet()) {
            form = form.multiPart("file", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return form.post("/api/exercises/tensors/submissions").then().statusCode(202).extract().jsonPath().getLong("id");
    }

    static List<dev.llmf.grader.grading.TestOutcome> tests(int passed, int of) {
        List<dev.llmf.grader.grading.TestOutcome> out = new java.util.ArrayList<>();
        for (int i = 1; i <= of; i++) {
            out.add(GradedSubmissions.test("t%02d".formatted(i), i <= passed ? null : "failed", Visibility.VISIBLE));
        }
        return out;
    }

    static long accountId(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Account.byUsername(username).orElseThrow().id);
    }
}
