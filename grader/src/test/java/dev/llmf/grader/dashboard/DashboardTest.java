package dev.llmf.grader.dashboard;

import dev.llmf.grader.grading.TestOutcome;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionStatus;
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
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instructor dashboard's numbers on a small course of its own whose every score is set here, graded through
 * the same {@link ResultStore} the workers use. The expected numbers are worked out by hand from the data below.
 *
 * <pre>
 * tensors (10 tests t01…t10, 1 point each), due 2026-03-10 12:00 UTC; tokenizer (8 tests), due 2026-03-12 12:00
 * learner   attempts at tensors (score: failed tests)                       best    tokenizer   total
 * dash-ann  3/10 (t04–t10 "stale"), 7/10 (t08–t10 "stale"), 10/10           100%    2/8 = 25%   62.5
 * dash-bob  7/10 (t08–t10 "stale"), 5/10 (t06–t10, t10 "NaN")               70%     —           35
 * dash-cat  4/10 (t05–t10, t10 "NaN")                                       40%     —           20
 * dash-dan  —                                                               —       —           0
 * dash-eve  10/10 (display name =Eve, "the" hacker)                         100%    —           50
 * dash-fay  one submission the grader failed on (ERROR): not started        —       —           0
 * dash-gil  9/10 (t10 "expected 1.0")                                       90%     —           45
 * teacher   0/10 (an instructor's attempt: counts for no learner statistic)
 * </pre>
 * Latest graded submissions fail t10 three times (bob, cat: "NaN"; gil: "expected 1.0"): the most-failed test,
 * its most common message "NaN" twice. Counting every submission instead would give t10 six failures, "stale" 3.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class DashboardTest {

    private static final String NAN = "softmax of a large logit is NaN";
    private static final String STALE = "stale message from an old attempt";
    private static final String OFF = "expected 1.0 but was 0.9";
    private static final String EVE = "=Eve, \"the\" hacker";

    private static TestCourse course;
    private static final Map<String, List<Long>> SUBMISSIONS = new HashMap<>();

    @Inject
    ResultStore results;

    @BeforeEach
    void seed() {
        synchronized (DashboardTest.class) {
            if (course == null) {
                course = seedCourse();
            }
        }
    }

    private TestCourse seedCourse() {
        TestCourse c = TestCourse.create("dash-test");
        long tensors = c.exercise("tensors", 1, "Tensor basics and softmax", Instant.parse("2026-03-10T12:00:00Z"));
        long tokenizer = c.exercise("tokenizer", 2, "Byte-level BPE tokenizer", Instant.parse("2026-03-12T12:00:00Z"));
        c.account("dash-teacher", "Dash Teacher", Role.INSTRUCTOR, true);
        long ann = c.account("dash-ann", "Ann", Role.LEARNER, false);
        long bob = c.account("dash-bob", "Bob", Role.LEARNER, false);
        long cat = c.account("dash-cat", "Cat", Role.LEARNER, false);
        c.account("dash-dan", "Dan", Role.LEARNER, false);
        long eve = c.account("dash-eve", EVE, Role.LEARNER, false);
        long fay = c.account("dash-fay", "Fay\nsecond line", Role.LEARNER, false);
        long gil = c.account("dash-gil", "Gil", Role.LEARNER, false);
        long teacher = c.account("dash-teacher2", "Another Teacher", Role.INSTRUCTOR, false);

        graded("ann", ann, tensors, "2026-03-08T10:00:00Z", 10, failing(4, 10, STALE));
        graded("ann", ann, tensors, "2026-03-09T10:00:00Z", 10, failing(8, 10, STALE));
        graded("ann", ann, tensors, "2026-03-10T09:00:00Z", 10, Map.of());
        graded("ann", ann, tokenizer, "2026-03-11T09:30:00Z", 8, failing(3, 8, "wrong merge"));
        graded("bob", bob, tensors, "2026-03-08T20:00:00Z", 10, failing(8, 10, STALE));
        Map<Integer, String> bobLatest = failing(6, 9, "close, not equal");
        bobLatest.put(10, NAN);
        graded("bob", bob, tensors, "2026-03-10T11:00:00Z", 10, bobLatest);
        Map<Integer, String> catOnly = failing(5, 9, "close, not equal");
        catOnly.put(10, NAN);
        graded("cat", cat, tensors, "2026-03-09T23:00:00Z", 10, catOnly);
        graded("eve", eve, tensors, "2026-03-10T11:30:00Z", 10, Map.of());
        graded("gil", gil, tensors, "2026-03-10T11:59:00Z", 10, Map.of(10, OFF));
        graded("teacher", teacher, tensors, "2026-03-09T08:00:00Z", 10, failing(1, 10, "teacher's test run"));
        QuarkusTransaction.requiringNew().run(() -> {
            Submission s = new Submission();
            s.accountId = fay;
            s.exerciseId = tensors;
            s.seed = 1;
            s.submittedAt = Instant.parse("2026-03-10T11:45:00Z");
            s.status = SubmissionStatus.ERROR;
            s.errorMessage = "the grader failed";
            s.persist();
            SUBMISSIONS.computeIfAbsent("fay", k -> new ArrayList<>()).add(s.id);
        });
        return c;
    }

    /** Tests {@code from}…{@code to} (1-based, inclusive) fail with {@code message}. */
    private static Map<Integer, String> failing(int from, int to, String message) {
        Map<Integer, String> out = new HashMap<>();
        for (int t = from; t <= to; t++) {
            out.put(t, message);
        }
        return out;
    }

    /** A submission graded as the workers store one: tests t01… worth a point each, {@code failures} failed. */
    private void graded(String who, long account, long exercise, String at, int tests, Map<Integer, String> failures) {
        List<TestOutcome> outcomes = new ArrayList<>();
        for (int t = 1; t <= tests; t++) {
            outcomes.add(GradedSubmissions.test("t%02d".formatted(t), failures.get(t), Visibility.VISIBLE));
        }
        long id = GradedSubmissions.store(results, account, exercise, Instant.parse(at), outcomes);
        SUBMISSIONS.computeIfAbsent(who, k -> new ArrayList<>()).add(id);
    }

    private static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TestAccounts.token("dash-teacher", Role.INSTRUCTOR));
    }

    private static WebSession web() {
        return WebSession.signIn("dash-teacher");
    }

    @Test
    @DisplayName("the matrix API: best score, status and attempts per cell, totals, filter and sort")
    void matrixApi() {
        JsonPath m = api().get("/api/instructor/matrix").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("tensors", "tokenizer"), m.getList("exercises.exercise"));
        assertEquals(List.of("dash-ann", "dash-bob", "dash-cat", "dash-dan", "dash-eve", "dash-fay", "dash-gil"),
                m.getList("learners.username"), "learners only, by username; the instructors are not rows");
        assertEquals(7, m.getInt("matched"));
        assertEquals(1, m.getInt("pages"));
        String bob = "learners.find { it.username == 'dash-bob' }";
        assertEquals("IN_PROGRESS", m.getString(bob + ".cells[0].status"));
        assertEquals(7, m.getInt(bob + ".cells[0].best.earned"));
        assertEquals(70.0, m.getDouble(bob + ".cells[0].best.percent"));
        assertEquals(2, m.getInt(bob + ".cells[0].attempts"));
        assertEquals("NOT_STARTED", m.getString(bob + ".cells[1].status"));
        assertEquals(35.0, m.getDouble(bob + ".totalPercent"));
        String ann = "learners.find { it.username == 'dash-ann' }";
        assertEquals("PASSED", m.getString(ann + ".cells[0].status"));
        assertEquals(3, m.getInt(ann + ".cells[0].attempts"));
        assertEquals(25.0, m.getDouble(ann + ".cells[1].best.percent"));
        assertEquals(62.5, m.getDouble(ann + ".totalPercent"));
        assertEquals("NOT_STARTED", m.getString("learners.find { it.username == 'dash-fay' }.cells[0].status"),
                "a submission the grader failed on is no attempt");

        JsonPath byTotal = api().queryParam("sort", "total-desc").get("/api/instructor/matrix").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("dash-ann", "dash-eve", "dash-gil", "dash-bob", "dash-cat", "dash-dan", "dash-fay"),
                byTotal.getList("learners.username"));
        JsonPath filtered = api().queryParam("q", " AN ").get("/api/instructor/matrix").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("dash-ann", "dash-dan"), filtered.getList("learners.username"));
        assertEquals(2, filtered.getInt("matched"));

        api().queryParam("sort", "shoe-size").get("/api/instructor/matrix").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("username, total-desc, total-asc"));
        api().queryParam("page", "0").get("/api/instructor/matrix").then().statusCode(400)
                .body("detail", containsString("page (0) must be"));
        api().queryParam("page", "two").get("/api/instructor/matrix").then().statusCode(400);
        api().queryParam("q", "x".repeat(41)).get("/api/instructor/matrix").then().statusCode(400)
                .body("detail", containsString("at most 40 characters"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/instructor/matrix"))
                .body(containsString("/api/instructor/learners/{username}"));
    }

    @Test
    @DisplayName("the matrix page: a row per learner, cells coloured by status with score and attempts, links")
    void matrixPage() {
        String html = web().request().get("/instructor").then().statusCode(200).extract().asString();
        assertTrue(html.contains("<table id=\"class-matrix\">"), html);
        assertTrue(html.contains("<a id=\"export-csv\" href=\"/instructor/grades.csv\""), html);
        assertTrue(html.contains("id=\"nav-instructor\" href=\"/instructor\""), "the header links instructors here");
        String bob = row(html, "dash-bob");
        assertTrue(bob.contains("<a href=\"/instructor/learners/dash-bob\">dash-bob</a>"), bob);
        assertTrue(bob.contains("<td class=\"cell in-progress band-3\" data-exercise=\"tensors\" data-status=\"in-progress\""
                + " data-attempts=\"2\" title=\"dash-bob · tensors: best 7 / 10 (70%), 2 attempts, last 2026-03-10 11:00 UTC\">"
                + "70%<span class=\"attempts\"> ×2</span></td>"), bob);
        assertTrue(bob.contains("data-exercise=\"tokenizer\" data-status=\"not-started\""), bob);
        assertTrue(bob.contains("<td class=\"total\">35%</td>"), bob);
        String ann = row(html, "dash-ann");
        assertTrue(ann.contains("<td class=\"cell passed\" data-exercise=\"tensors\" data-status=\"passed\""
                + " data-attempts=\"3\" title=\"dash-ann · tensors: best 10 / 10 (100%), 3 attempts, last 2026-03-10 09:00 UTC\">"
                + "100%<span class=\"attempts\"> ×3</span></td>"), ann);
        assertTrue(ann.contains("<td class=\"last-activity\"><time datetime=\"2026-03-11T09:30:00Z\">2026-03-11 09:30 UTC</time></td>"),
                ann);
        assertTrue(ann.contains("<td class=\"total\">62.5%</td>"), ann);
        String eve = row(html, "dash-eve");
        assertTrue(eve.contains("=Eve, &quot;the&quot; hacker"), eve);
        assertTrue(html.contains("<a href=\"/instructor/exercises/tensors\""), html);

        String filtered = web().request().queryParam("q", "gil").get("/instructor").then().statusCode(200)
                .extract().asString();
        assertEquals(List.of("dash-gil"), learnersIn(filtered));
        web().request().queryParam("page", "x").get("/instructor").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("id=\"error-title\""));
    }

    @Test
    @DisplayName("a big class is paged 100 learners at a time, with links that keep the filter")
    void paging() {
        TestCourse big = TestCourse.create("dash-paging");
        big.exercise("tensors", 1, "Tensors", null);
        big.account("page-teacher", "Page Teacher", Role.INSTRUCTOR, true);
        for (int i = 0; i < 150; i++) {
            big.account("page-%03d".formatted(i), "Learner " + i, Role.LEARNER, false);
        }
        WebSession teacher = WebSession.signIn("page-teacher");
        String first = teacher.request().get("/instructor").then().statusCode(200).extract().asString();
        List<String> firstPage = learnersIn(first);
        assertEquals(100, firstPage.size());
        assertEquals("page-000", firstPage.getFirst());
        assertEquals("page-099", firstPage.getLast());
        assertTrue(first.contains("<a rel=\"next\" href=\"/instructor?page=2\">"), first);
        List<String> second = learnersIn(teacher.request().get("/instructor?page=2").then().statusCode(200).extract().asString());
        assertEquals(50, second.size());
        assertEquals("page-100", second.getFirst());
        String filtered = teacher.request().get("/instructor?q=Page&sort=total-asc").then().statusCode(200).extract().asString();
        assertTrue(filtered.contains("150 learners matching “page”"), filtered);
        assertTrue(filtered.contains("href=\"/instructor?page=2&amp;q=page&amp;sort=total-asc\""), filtered);
        assertEquals(100, learnersIn(teacher.request().get("/instructor?q=page-0").then().statusCode(200).extract().asString()).size());
        assertEquals(0, learnersIn(teacher.request().get("/instructor?page=3").then().statusCode(200).extract().asString()).size());
    }

    @Test
    @DisplayName("exercise statistics: counts, the 10% buckets of best scores, the most failed test and its message")
    void exerciseStats() {
        JsonPath s = api().get("/api/instructor/exercises/tensors").then().statusCode(200).extract().jsonPath();
        assertEquals(7, s.getInt("learners"));
        assertEquals(2, s.getInt("notStarted"));       // dan, fay
        assertEquals(3, s.getInt("inProgress"));       // bob, cat, gil
        assertEquals(2, s.getInt("passed"));           // ann, eve
        assertEquals(90.0, s.getDouble("medianPercent"));   // of 100, 70, 40, 100, 90
        assertEquals(List.of(0, 0, 0, 0, 1, 0, 0, 1, 0, 3), s.getList("distribution.learners", Integer.class));
        assertEquals(List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90), s.getList("distribution.fromPercent", Integer.class));
        assertEquals(5, s.getInt("graded"));
        assertEquals("t10", s.getString("failingTests[0].testKey"));
        assertEquals(3, s.getInt("failingTests[0].failedBy"));
        assertEquals(NAN, s.getString("failingTests[0].message"));
        assertEquals(2, s.getInt("failingTests[0].messageCount"));
        // t06…t09: failed by bob and cat (latest); t05 by cat only
        assertEquals(List.of("t10", "t06", "t07", "t08", "t09", "t05"), s.getList("failingTests.testKey"));
        assertEquals(List.of(3, 2, 2, 2, 2, 1), s.getList("failingTests.failedBy", Integer.class));
        assertEquals("close, not equal", s.getString("failingTests[1].message"));

        String html = web().request().get("/instructor/exercises/tensors").then().statusCode(200).extract().asString();
        assertTrue(html.contains("<dd id=\"count-not-started\">2</dd>"), html);
        assertTrue(html.contains("<dd id=\"count-in-progress\">3</dd>"), html);
        assertTrue(html.contains("<dd id=\"count-passed\">2</dd>"), html);
        assertTrue(html.contains("<section id=\"score-distribution\""), html);
        assertEquals(10, count(html, "<g class=\"bar\">"), "one bar per 10% bucket");
        assertTrue(html.contains("<title>3 learners with a best score of 90% to 100%</title>"), html);
        assertTrue(html.contains("<title>1 learner with a best score of 70% to under 80%</title>"), html);
        assertTrue(html.contains("<table id=\"failing-tests\">"), html);
        Matcher t10 = Pattern.compile("<tr data-test=\"t10\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertTrue(t10.find(), html);
        assertTrue(t10.group(1).contains("<td class=\"failed-by\">3 of 5</td>"), t10.group(1));
        assertTrue(t10.group(1).contains(NAN), t10.group(1));
        assertTrue(t10.group(1).contains("<td class=\"message-count\">2</td>"), t10.group(1));

        JsonPath tokenizer = api().get("/api/instructor/exercises/tokenizer").then().statusCode(200).extract().jsonPath();
        assertEquals(6, tokenizer.getInt("notStarted"));
        assertEquals(List.of(0, 0, 1, 0, 0, 0, 0, 0, 0, 0), tokenizer.getList("distribution.learners", Integer.class));
        assertEquals(List.of("t03", "t04", "t05", "t06", "t07", "t08"), tokenizer.getList("failingTests.testKey"));
        api().get("/api/instructor/exercises/no-such").then().statusCode(404).body("detail", containsString("no-such"));
        web().request().get("/instructor/exercises/no-such").then().statusCode(404).contentType(containsString("text/html"));
    }

    @Test
    @DisplayName("activity: submissions per day and hour with empty ones as 0, the due dates marked")
    void activity() {
        JsonPath a = api().get("/api/instructor/activity").then().statusCode(200).extract().jsonPath();
        assertEquals("day", a.getString("by"));
        // Mar 8: ann, bob; Mar 9: ann, cat, teacher; Mar 10: ann, bob, eve, gil, fay; Mar 11: ann; Mar 12: tokenizer due
        assertEquals(List.of("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z",
                "2026-03-11T00:00:00Z", "2026-03-12T00:00:00Z"), a.getList("points.start"));
        assertEquals(List.of(2, 3, 5, 1, 0), a.getList("points.submissions", Integer.class));
        assertEquals(11, a.getInt("total"));
        assertEquals(5, a.getInt("peak"));
        assertEquals(List.of("tensors", "tokenizer"), a.getList("deadlines.exercise"));

        JsonPath hourly = api().queryParam("by", "hour").queryParam("exercise", "tokenizer")
                .get("/api/instructor/activity").then().statusCode(200).extract().jsonPath();
        // from the one submission (Mar 11 09:30, in the 09:00 hour) to the due date (Mar 12 12:00): 28 hours
        assertEquals(28, hourly.getList("points").size());
        assertEquals("2026-03-11T09:00:00Z", hourly.getString("points[0].start"));
        assertEquals(1, hourly.getInt("points[0].submissions"));
        assertEquals(1, hourly.getInt("total"));
        api().queryParam("by", "week").get("/api/instructor/activity").then().statusCode(400)
                .body("detail", equalTo("by (week) must be one of hour, day"));

        String html = web().request().get("/instructor/activity").then().statusCode(200).extract().asString();
        assertTrue(html.contains("<section id=\"activity-chart\""), html);
        assertEquals(5, count(html, "<g class=\"bar\">"), html);
        assertEquals(2, count(html, "<g class=\"mark\">"), "both due dates are marked");
        assertTrue(html.contains("<title>5 submissions in the day from 2026-03-10 00:00 UTC</title>"), html);
        assertTrue(html.contains("<span id=\"activity-total\">11</span>"), html);
    }

    @Test
    @DisplayName("a learner's history lists every attempt per exercise, newest first, linking to its feedback")
    void learnerHistory() {
        JsonPath h = api().get("/api/instructor/learners/dash-ann").then().statusCode(200).extract().jsonPath();
        assertEquals("Ann", h.getString("displayName"));
        assertEquals(List.of("tensors", "tokenizer"), h.getList("exercises.exercise"));
        List<Long> ann = SUBMISSIONS.get("ann");
        assertEquals(List.of(ann.get(2), ann.get(1), ann.get(0)), h.getList("exercises[0].attempts.submissionId", Long.class));
        assertEquals(List.of(3, 2, 1), h.getList("exercises[0].attempts.number", Integer.class));
        assertEquals(List.of(100.0f, 70.0f, 30.0f), h.getList("exercises[0].attempts.score.percent"));
        assertEquals("PASSED", h.getString("exercises[0].status"));
        assertEquals(3, h.getInt("exercises[0].gradedAttempts"));
        assertEquals("IN_PROGRESS", h.getString("exercises[1].status"));

        JsonPath fay = api().get("/api/instructor/learners/dash-fay").then().statusCode(200).extract().jsonPath();
        assertEquals("ERROR", fay.getString("exercises[0].attempts[0].status"));
        assertNull(fay.get("exercises[0].attempts[0].score"));
        assertEquals("NOT_STARTED", fay.getString("exercises[0].status"));
        assertEquals(0, fay.getList("exercises[1].attempts").size());

        WebSession teacher = web();
        String html = teacher.request().get("/instructor/learners/dash-ann").then().statusCode(200).extract().asString();
        assertTrue(html.contains("<div id=\"learner-history\">"), html);
        Matcher attempt = Pattern.compile("<tr id=\"attempt-" + ann.get(1) + "\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertTrue(attempt.find(), html);
        assertTrue(attempt.group(1).contains("<a href=\"/submissions/" + ann.get(1) + "\">#2</a>"), attempt.group(1));
        assertTrue(attempt.group(1).contains("<time datetime=\"2026-03-09T10:00:00Z\">2026-03-09 10:00 UTC</time>"),
                attempt.group(1));
        assertTrue(html.contains("<td>7 / 10 (70%)</td>"), html);
        teacher.request().get("/submissions/" + ann.get(1)).then().statusCode(200).body(containsString("dash-ann"));
        api().get("/api/instructor/learners/dash-teacher2").then().statusCode(404);
        api().get("/api/instructor/learners/learner-nobody").then().statusCode(404);
    }

    @Test
    @DisplayName("the grades CSV: one row per learner, grade, points, late mark, penalty per exercise and total, escaped for spreadsheets")
    void gradesCsv() {
        Response r = web().request().get("/instructor/grades.csv");
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("text/csv"), r.contentType());
        assertEquals("attachment; filename=\"dash-test-grades.csv\"", r.header("Content-Disposition"));
        String nothing = ",,,,,,";                    // an exercise not started: its seven cells empty
        String expected = String.join("\r\n",
                "username,display_name,email,tensors,tensors_points,tensors_possible,tensors_late,tensors_penalty_percent,"
                        + "tensors_computed,tensors_override_reason,tokenizer,tokenizer_points,tokenizer_possible,"
                        + "tokenizer_late,tokenizer_penalty_percent,tokenizer_computed,tokenizer_override_reason,total,"
                        + "total_points",
                "dash-ann,Ann,,100.0,10.00,10,,,100.0,,25.0,2.00,8,,,25.0,,62.5,12.00",
                "dash-bob,Bob,,70.0,7.00,10,,,70.0,," + nothing + ",35.0,7.00",
                "dash-cat,Cat,,40.0,4.00,10,,,40.0,," + nothing + ",20.0,4.00",
                "dash-dan,Dan,," + nothing + "," + nothing + ",0.0,0.00",
                "dash-eve,\"'=Eve, \"\"the\"\" hacker\",,100.0,10.00,10,,,100.0,," + nothing + ",50.0,10.00",
                "dash-fay,\"Fay\nsecond line\",," + nothing + "," + nothing + ",0.0,0.00",
                "dash-gil,Gil,,90.0,9.00,10,,,90.0,," + nothing + ",45.0,9.00") + "\r\n";
        assertEquals(expected, r.asString());
        // the same file for a script with a token
        api().get("/instructor/grades.csv").then().statusCode(200).body(equalTo(expected));
    }

    private static String row(String html, String username) {
        Matcher m = Pattern.compile("<tr data-learner=\"" + Pattern.quote(username) + "\">(.*?)</tr>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "no row for " + username + " in\n" + html);
        return m.group(1);
    }

    private static List<String> learnersIn(String html) {
        Matcher m = Pattern.compile("<tr data-learner=\"([^\"]+)\">").matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    @DisplayName("the CSV cell rules, one by one")
    void csvCells() {
        assertEquals("plain", Csv.cell("plain"));
        assertEquals("", Csv.cell(null));
        assertEquals("'=1+2", Csv.cell("=1+2"));
        assertEquals("'+1", Csv.cell("+1"));
        assertEquals("'-1", Csv.cell("-1"));
        assertEquals("'@SUM(A1)", Csv.cell("@SUM(A1)"));
        assertEquals("\"a,b\"", Csv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.cell("say \"hi\""));
        assertEquals("\"two\r\nlines\"", Csv.cell("two\r\nlines"));
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", Csv.cell("=HYPERLINK(\"x\")"));
        assertFalse(Csv.line(List.of("a", "b")).contains("\n\n"));
        assertEquals("a,,c\r\n", Csv.line(java.util.Arrays.asList("a", null, "c")));
    }
}
