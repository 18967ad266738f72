package dev.llmf.grader.browser;

import dev.llmf.grader.model.Role;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.Submissions;
import dev.llmf.grader.support.WebSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instructor's dashboard in a real browser (headless Chromium). The dashboard's contract: {@code GET /instructor}
 * shows the table {@code #class-matrix} with one {@code tr[data-learner=USERNAME]} per learner and a link
 * {@code a#export-csv} to {@code /instructor/grades.csv}, a CSV whose header row names a {@code username} column and
 * which has one row per learner. Screenshots: target/screenshots/InstructorBrowserTest.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class InstructorBrowserTest {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private static final String LEARNER = "browser-fay";

    private final CourseSite site = new CourseSite(BROWSER);

    @Test
    @DisplayName("after a learner's submission the instructor finds that learner in the class matrix and in the CSV export")
    void matrixAndCsvExport() throws Exception {
        WebSession learner = WebSession.signIn(LEARNER);
        long id = learner.submit("tensors", Submissions.sources("tensors", "accepted"));
        assertEquals("GRADED", learner.awaitGraded(id).getString("status"));

        site.signIn("browser-ines", Role.INSTRUCTOR);
        BROWSER.open("/instructor");
        assertEquals(200, BROWSER.status());
        WebElement row = BROWSER.visible(By.cssSelector("#class-matrix tr[data-learner='" + LEARNER + "']"));
        BROWSER.driver().executeScript("arguments[0].scrollIntoView();", row);
        BROWSER.screenshot("matrixAndCsvExport-matrix");
        assertTrue(BROWSER.driver().findElements(By.cssSelector("#class-matrix tr[data-learner='browser-ines']"))
                .isEmpty(), "the instructor is not a learner of the matrix");

        WebElement export = BROWSER.visible(By.id("export-csv"));
        assertEquals("/instructor/grades.csv", URI.create(export.getAttribute("href")).getPath());
        HttpResponse<String> csv = BROWSER.fetch(export.getAttribute("href"));
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
        List<String> lines = csv.body().lines().toList();
        List<String> header = cells(lines.getFirst());
        int username = header.indexOf("username");
        assertTrue(username >= 0, "the header row names a username column: " + lines.getFirst());
        assertEquals(1, lines.stream().skip(1).filter(l -> cells(l).get(username).equals(LEARNER)).count(),
                "one row for " + LEARNER + " in\n" + csv.body());
        assertTrue(lines.stream().skip(1).noneMatch(l -> cells(l).get(username).equals("browser-ines")),
                "no row for the instructor in\n" + csv.body());
    }

    @Test
    @DisplayName("a learner who opens the dashboard or its CSV export gets a 403")
    void learnerIsRefused() throws Exception {
        site.signIn("browser-gus", Role.LEARNER);
        BROWSER.open("/instructor");
        assertEquals(403, BROWSER.status());
        assertTrue(BROWSER.visible(By.id("error-title")).getText().startsWith("403"));
        assertTrue(BROWSER.driver().findElements(By.id("class-matrix")).isEmpty());
        assertEquals(403, BROWSER.fetch(BROWSER.url("/instructor/grades.csv")).statusCode());
    }

    /** One CSV line's cells, unquoted (usernames hold no commas or quotes). */
    private static List<String> cells(String line) {
        return Arrays.stream(line.split(",", -1)).map(c -> c.strip().replaceAll("^\"|\"$", "")).toList();
    }
}
