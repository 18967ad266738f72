package dev.llmf.grader.browser;

import dev.llmf.grader.model.Account;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.CourseCrew;
import dev.llmf.grader.support.GradedSubmissions;
import dev.llmf.grader.support.Submissions;
import dev.llmf.grader.support.TestAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.llmf.grader.support.PostgresTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running a term in a real browser (headless Chromium): an instructor imports a roster and hands out set-password
 * links, a learner uses one (once), an assistant opens a learner's code and comments on line 12 and the learner
 * reads it, late marks and a closed exercise on the learner's pages. Screenshots: target/screenshots/TermBrowserTest.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class TermBrowserTest {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private static final String TENSORS = "dev/llmf/exercises/tensors/TensorOps.java";

    private final CourseSite site = new CourseSite(BROWSER);

    @Inject
    ResultStore results;

    @TempDir
    Path folder;

    @Test
    @DisplayName("the roster page imports 30 rows with two bad ones: 28 accounts, the bad lines by number, links as CSV; a link sets a password once")
    void rosterImportAndSetPasswordLink() throws Exception {
        CourseCrew crew = CourseCrew.create("tb-roster");
        StringBuilder csv = new StringBuilder("\uFEFFusername,name,email\r\n");
        for (int i = 1; i <= 30; i++) {
            csv.append(i == 5 ? "Bad Name!" : "tbr-%02d".formatted(i)).append(",\"Learner ").append(i).append(", B.\",")
                    .append(i == 17 ? "not-an-address" : "tbr-%02d@example.org".formatted(i)).append("\r\n");
        }
        Path file = folder.resolve("roster.csv");
        Files.writeString(file, csv);

        site.signIn(crew.instructor(), dev.llmf.grader.model.Role.INSTRUCTOR);
        BROWSER.visible(By.id("nav-instructor")).click();
        BROWSER.visible(By.id("nav-roster")).click();
        BROWSER.visible(By.id("roster-file")).sendKeys(file.toAbsolutePath().toString());
        BROWSER.driver().findElement(By.id("import-button")).click();
        assertEquals("28", BROWSER.visible(By.id("created-count")).getText());
        assertEquals("2", BROWSER.driver().findElement(By.id("rejected-count")).getText());
        List<String> lines = BROWSER.driver().findElements(By.cssSelector("#rejected-lines tr[data-line]")).stream()
                .map(tr -> tr.getAttribute("data-line")).toList();
        assertEquals(List.of("6", "18"), lines, "rows 5 and 17 sit on lines 6 and 18 under the header");
        assertTrue(BROWSER.driver().findElement(By.cssSelector("#rejected-lines tr[data-line='18'] .reason")).getText()
                .contains("not an e-mail address"));
        BROWSER.screenshot("rosterImport-result");

        String href = BROWSER.visible(By.id("links-csv")).getAttribute("href");
        assertTrue(href.startsWith("data:text/csv;charset=utf-8,"), href);
        List<String> rows = URLDecoder.decode(href.substring(href.indexOf(',') + 1), StandardCharsets.UTF_8).lines().toList();
        assertEquals("username,name,email,link,expires_at", rows.getFirst());
        assertEquals(29, rows.size(), "a header and the 28 links");
        String link = rows.stream().filter(r -> r.startsWith("tbr-01,")).findFirst().orElseThrow().split(",")[4];
        assertTrue(rows.getFirst().length() > 0 && link.contains("/set-password/"), link);
        assertTrue(BROWSER.driver().findElement(By.id("password-links")).getText().contains(link),
                "the page shows the same links as the file");

        site.signOut();
        BROWSER.visit(link);
        assertEquals(200, BROWSER.status());
        assertEquals("tbr-01", BROWSER.visible(By.id("set-password-user")).getText());
        BROWSER.driver().findElement(By.id("password")).sendKeys("tbr-01-password");
        BROWSER.driver().findElement(By.id("repeat")).sendKeys("tbr-01-password");
        BROWSER.driver().findElement(By.id("set-password-save")).click();
        BROWSER.visible(By.id("sign-in-link")).click();
        BROWSER.visible(By.id("username")).sendKeys("tbr-01");
        BROWSER.driver().findElement(By.id("password")).sendKeys("tbr-01-password");
        BROWSER.driver().findElement(By.id("login-submit")).click();
        BROWSER.visible(By.id("progress"));
        assertTrue(BROWSER.visible(By.id("course-title")).getText().contains("tb-roster"));
        site.signOut();

        BROWSER.visit(link);
        assertEquals(410, BROWSER.status(), "the link works once");
        assertTrue(BROWSER.visible(By.id("error-title")).getText().startsWith("410"));
    }

    @Test
    @DisplayName("an instructor disables a learner on the roster page: the learner can no longer sign in")
    void disableOnTheRosterPage() {
        CourseCrew crew = CourseCrew.create("tb-disable");
        crew.learner("tbd-dora");
        site.signIn(crew.instructor(), dev.llmf.grader.model.Role.INSTRUCTOR);
        BROWSER.open("/instructor/roster?q=tbd-dora");
        BROWSER.visible(By.cssSelector("tr[data-member='tbd-dora'] button.disable")).click();
        assertTrue(BROWSER.visible(By.id("roster-notice")).getText().startsWith("tbd-dora is disabled"));
        assertEquals("disabled", BROWSER.driver().findElement(By.cssSelector("tr[data-member='tbd-dora'] .status")).getText());
        site.signOut();
        BROWSER.visible(By.id("username")).sendKeys("tbd-dora");
        BROWSER.driver().findElement(By.id("password")).sendKeys(TestAccounts.password("tbd-dora"));
        BROWSER.driver().findElement(By.id("login-submit")).click();
        assertTrue(BROWSER.visible(By.id("login-error")).getText().contains("disabled"));
    }

    @Test
    @DisplayName("an assistant opens a learner's code, comments on line 12, and the learner sees the comment on their feedback page")
    void assistantCommentsOnLine12() {
        CourseCrew crew = CourseCrew.create("tb-review");
        LearnerSubmits submit = new LearnerSubmits(crew);
        long id = submit.tensors();

        site.signIn(crew.assistant(), dev.llmf.grader.model.Role.ASSISTANT);
        BROWSER.open("/instructor/learners/" + crew.learner());
        BROWSER.visible(By.cssSelector("#attempt-" + id + " a")).click();
        WebElement line12 = BROWSER.visible(By.cssSelector("#f1-L12 .ln a"));
        assertTrue(BROWSER.driver().findElement(By.cssSelector("#f1-L9 .src")).getAttribute("innerHTML")
                .contains("<span class=\"tok-kw\">public</span>"), "highlighted on the server");
        line12.click();
        assertEquals(TENSORS, new org.openqa.selenium.support.ui.Select(BROWSER.visible(By.id("comment-path")))
                .getFirstSelectedOption().getAttribute("value"));
        assertEquals("12", BROWSER.driver().findElement(By.id("comment-line")).getAttribute("value"));
        BROWSER.driver().findElement(By.id("comment-body")).sendKeys("Line 12 closes an empty constructor: drop it.");
        BROWSER.driver().findElement(By.id("comment-save")).click();
        BROWSER.visible(By.cssSelector("#f1-L12 + tr.line-comment"));
        BROWSER.screenshot("assistantComments-code");
        site.signOut();

        site.signIn(crew.learner(), dev.llmf.grader.model.Role.LEARNER);
        BROWSER.open("/submissions/" + id);
        WebElement comment = BROWSER.visible(By.cssSelector("#comments li[data-line='12']"));
        assertTrue(comment.getText().contains("Line 12 closes an empty constructor: drop it."), comment.getText());
        assertTrue(comment.getText().contains("on " + TENSORS + ", line 12"), comment.getText());
        assertTrue(comment.getText().contains("Assistant of tb-review"), comment.getText());
        assertTrue(BROWSER.driver().findElements(By.id("code")).isEmpty(), "the learner gets no code view");
        BROWSER.screenshot("assistantComments-learner");
    }

    @Test
    @DisplayName("late marks on the learner's pages, a closed exercise without its form; an override shows in the exported CSV")
    void lateClosedAndOverride() throws Exception {
        CourseCrew crew = CourseCrew.create("tb-late");
        long learner = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(crew.learner()).orElseThrow().id);
        long late = GradedSubmissions.store(results, learner, crew.course().exerciseId("tensors"), Instant.now(),
                List.of(GradedSubmissions.test("t1", null, Visibility.VISIBLE)), true, 25);
        Instant now = Instant.now();
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("opensAt", now.minus(Duration.ofDays(9)).toString(),
                "dueAt", now.minus(Duration.ofDays(2)).toString(), "closesAt", now.minus(Duration.ofDays(1)).toString()))
                .put("/api/exercises/tensors/schedule").then().statusCode(200);
        crew.api(crew.instructor()).contentType(ContentType.JSON).body(Map.of("percent", 95, "reason", "medical note"))
                .put("/api/instructor/overrides/" + crew.learner() + "/tensors").then().statusCode(200);

        site.signIn(crew.learner(), dev.llmf.grader.model.Role.LEARNER);
        BROWSER.open("/submissions/" + late);
        assertEquals("late −25%", BROWSER.visible(By.id("late")).getText());
        assertEquals("1 / 1 (100%), late −25% → 75%", BROWSER.driver().findElement(By.id("score")).getText());
        BROWSER.open("/exercises/tensors");
        assertTrue(BROWSER.visible(By.id("closed")).getText().startsWith("Submissions for this exercise are closed"));
        assertTrue(BROWSER.driver().findElements(By.id("submit-form")).isEmpty());
        assertTrue(BROWSER.driver().findElement(By.id("attempt-history")).getText().contains("late −25%"));
        BROWSER.open("/");
        assertTrue(BROWSER.visible(By.id("exercise-tensors")).getText().contains("95% (set by your instructor: medical note)"));
        site.signOut();

        site.signIn(crew.instructor(), dev.llmf.grader.model.Role.INSTRUCTOR);
        BROWSER.open("/instructor");
        String csv = BROWSER.fetch(BROWSER.visible(By.id("export-csv")).getAttribute("href")).body();
        assertTrue(csv.contains(crew.learner() + ",Learner of tb-late,,95.0,0.95,1,late,25.00,75.0,medical note,"), csv);
        assertFalse(csv.contains("Teacher of tb-late"), "staff are no rows");
    }

    /** Submits the accepted tensors files through the API as the crew's learner. */
    private record LearnerSubmits(CourseCrew crew) {
        long tensors() {
            var form = crew.api(crew.learner());
            for (var f : Submissions.sources("tensors", "accepted").entrySet()) {
                form = form.multiPart("file", f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8));
            }
            return form.post("/api/exercises/tensors/submissions").then().statusCode(202).extract().jsonPath().getLong("id");
        }
    }
}
