package dev.llmf.grader.web;

import dev.llmf.grader.CourseSetup;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.model.SubmissionStatus;
import dev.llmf.grader.model.TestResult;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.WebSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learner's pages: home, an exercise with its lesson, feedback, access control, and escaping. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class WebPagesTest {

    private static final String SCRIPT = "<script>alert('xss')</script>";
    private static final String IMG = "<img src=x onerror=alert(1)>";

    @Test
    @DisplayName("home lists the eight exercises in course order, not started, with links")
    void home() {
        String html = WebSession.signIn("hana").request().get("/").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        Matcher rows = Pattern.compile("<tr id=\"exercise-([a-z-]+)\">").matcher(html);
        List<String> ids = new ArrayList<>();
        while (rows.find()) {
            ids.add(rows.group(1));
        }
        assertEquals(List.of("tensors", "tokenizer", "embeddings", "attention", "transformer-block", "sampler", "mini-gpt",
                "training"), ids);
        assertTrue(html.contains("<a href=\"/exercises/attention\">Attention</a>"), html);
        assertTrue(html.contains("not started"));
        assertTrue(html.contains("<th scope=\"col\">Due</th>"));
        assertTrue(html.contains("<a id=\"starter-link\" class=\"button\" href=\"/api/starter\""), html);
    }

    @Test
    @DisplayName("the starter downloads for a signed-in learner, set up for them; anonymous callers get a 401")
    void starterDownload() throws java.io.IOException {
        WebSession ines = WebSession.signIn("ines");
        byte[] zip = ines.request().get("/api/starter").then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"llmf-starter.zip\"").extract().asByteArray();
        String settings = null;
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("llmf-starter/.llmf/course.properties")) {
                    settings = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        assertTrue(settings != null && settings.contains("username=ines\n") && settings.contains("server=http://"), settings);
        io.restassured.RestAssured.given().get("/api/starter").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    @DisplayName("an exercise page renders its lesson from the README, the submit form and the attempts")
    void exercisePage() {
        WebSession omar = WebSession.signIn("omar");
        String html = omar.request().get("/exercises/tensors").then().statusCode(200).extract().asString();
        assertTrue(html.contains("<h1>Exercise 1: tensors and softmax</h1>"), html);
        assertTrue(html.contains("<table>"), "the lesson's tables are rendered");
        assertTrue(html.contains("id=\"submit-form\""));
        assertTrue(html.contains("enctype=\"multipart/form-data\""));
        assertTrue(html.contains("<label for=\"file\">"));
        assertTrue(html.contains("id=\"no-attempts\""));
        assertTrue(html.contains("<code>./llmf check tensors</code>"), html);
        assertEquals(omar.csrf(), WebSession.csrfIn(html));
        omar.request().get("/exercises/attention").then().statusCode(200).body(containsString("<h1>Exercise 4"));
        omar.request().get("/exercises/no-such-thing").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("id=\"error-title\""));
    }

    @Test
    @DisplayName("a lesson's diagram is linked from its page and served as SVG with its own strict policy, cacheable")
    void lessonDiagram() {
        WebSession sam = WebSession.signIn("sam");
        String url = "/lessons/04-attention/attention-flow.svg";
        Response page = sam.request().get("/exercises/attention");
        assertTrue(page.asString().contains("<img src=\"" + url + "\" alt=\"Attention data flow:"), page.asString());
        assertTrue(page.header("Content-Security-Policy").contains("img-src 'self'"), "the page may show it");

        Response svg = RestAssured.given().get(url);
        svg.then().statusCode(200).contentType("image/svg+xml")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "public, max-age=3600")
                .body(containsString("<title id=\"title\">Multi-head attention: the data flow</title>"));
        String etag = svg.header("ETag");
        assertTrue(etag != null && !etag.isBlank(), "an ETag to revalidate with");
        RestAssured.given().header("If-None-Match", etag).get(url).then().statusCode(304);
        RestAssured.given().get("/lessons/05-transformer-block/pre-norm-block.svg").then().statusCode(200);
        RestAssured.given().get("/lessons/07-mini-gpt/mini-gpt-pipeline.svg").then().statusCode(200);
    }

    @Test
    @DisplayName("the lesson images route serves nothing but packaged lesson SVGs: traversal and other files get a 404, a NUL a 400")
    void lessonImagesServeNothingElse() {
        for (String path : List.of(
                "/lessons/04-attention/..%2F..%2Fapplication.properties",
                "/lessons/04-attention/%2e%2e%2f05-transformer-block%2fpre-norm-block.svg",
                "/lessons/..%2F04-attention/attention-flow.svg",
                "/lessons/04-attention/..%5C..%5Capplication.properties",
                "/lessons/04-attention/README.md",
                "/lessons/04-attention/Attention-Flow.svg",
                "/lessons/04-attention/no-such-diagram.svg",
                "/lessons/05-attention/attention-flow.svg",
                "/lessons/db/V1__schema.svg")) {
            RestAssured.given().urlEncodingEnabled(false).get(path).then()
                    .statusCode(404).contentType(containsString("application/problem+json"));
        }
        // a NUL in any address is refused before routing (RequestGate)
        RestAssured.given().urlEncodingEnabled(false).get("/lessons/04-attention/attention-flow.svg%00.md").then()
                .statusCode(400).contentType(containsString("application/problem+json"));
    }

    @Test
    @DisplayName("a bad upload shows the exercise page again with what to fix, escaped")
    void badUpload() {
        WebSession pia = WebSession.signIn("pia");
        String html = pia.request().multiPart("csrf", pia.csrf())
                .multiPart("file", SCRIPT + ".java", "class A {}".getBytes(StandardCharsets.UTF_8))
                .post("/exercises/tensors/submissions").then().statusCode(400).extract().asString();
        assertTrue(html.contains("id=\"submit-error\""), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;.java"), html);
        assertFalse(html.contains(SCRIPT), "the file name is printed as text, not markup");
    }

    @Test
    @DisplayName("a feedback page escapes test names, messages and compile errors; other learners get a 403 page")
    void feedbackEscapesAndIsPrivate() {
        WebSession quinn = WebSession.signIn("quinn");
        long id = storedSubmission("quinn");
        String html = quinn.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
        assertFalse(html.contains(SCRIPT), html);
        assertFalse(html.contains(IMG), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
        assertTrue(html.contains("<strong id=\"score\">1 / 3 (33.3%)</strong>"), html);
        assertTrue(html.contains("<span id=\"hidden-passed\">0</span> of <span id=\"hidden-count\">1</span>"), html);
        assertFalse(html.contains("secret hidden test"), "hidden tests are counted, never named");
        assertFalse(html.contains("the hidden test's message"));
        assertTrue(html.contains("<td>7</td>"), "the compile error's line number");
        assertTrue(html.contains("<code>dev/llmf/Bad.java</code>"), html);

        WebSession rita = WebSession.signIn("rita");
        rita.request().get("/submissions/" + id).then().statusCode(403).contentType(containsString("text/html"))
                .body(containsString("id=\"error-title\"")).body(not(containsString("&lt;script&gt;")));
        rita.request().get("/submissions/" + id + "/figure").then().statusCode(403);
        rita.request().get("/submissions/999999999").then().statusCode(404);
        rita.request().get("/submissions/abc").then().statusCode(404);
    }

    /** A graded submission stored directly, with hostile text where learner code or tests could put some. */
    private static long storedSubmission(String username) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Account owner = Account.byUsername(username).orElseThrow();
            Long course = Course.bySlug(CourseSetup.COURSE).orElseThrow().id;
            Submission s = new Submission();
            s.accountId = owner.id;
            s.exerciseId = CourseExercise.find(course, "tensors").orElseThrow().id;
            s.status = SubmissionStatus.GRADED;
            s.seed = 1;
            s.finishedAt = Instant.now();
            s.pointsEarned = 1;
            s.pointsPossible = 3;
            s.compileErrors = "dev/llmf/Bad.java:7:3: error: " + IMG + "\n  symbol: " + SCRIPT + "\n";
            s.persist();
            SubmissionFile f = new SubmissionFile();
            f.submissionId = s.id;
            f.path = "dev/llmf/Bad.java";
            f.content = "class Bad {}";
            f.persist();
            result(s.id, 0, SCRIPT, true, 1, Visibility.VISIBLE, null);
            result(s.id, 1, "softmax", false, 0, Visibility.VISIBLE, "expected 1 but was " + IMG);
            result(s.id, 2, "secret hidden test", false, 0, Visibility.NEVER, "the hidden test's message");
            return s.id;
        });
    }

    private static void result(long submission, int position, String name, boolean passed, int points,
                               Visibility visibility, String message) {
        TestResult r = new TestResult();
        r.submissionId = submission;
        r.position = position;
        r.testKey = "key-" + position;
        r.displayName = name;
        r.passed = passed;
        r.pointsEarned = points;
        r.pointsPossible = 1;
        r.visibility = visibility;
        r.message = message;
        r.persist();
    }
}
