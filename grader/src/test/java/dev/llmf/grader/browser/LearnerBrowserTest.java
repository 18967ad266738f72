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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A learner's flows in a real browser (headless Chromium): the pages' forms, their script and their styles, on
 * the grader with its real queue, sandbox and hidden suites. Screenshots: target/screenshots/LearnerBrowserTest.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class LearnerBrowserTest {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    /** The attention figure's container on the feedback page. */
    private static final By ATTENTION_FIGURE = By.id("figure-attention");

    private final CourseSite site = new CourseSite(BROWSER);

    @TempDir
    Path files;

    @Test
    @DisplayName("a learner signs in, uploads the accepted attention files, watches the status live, then sees 100% and the heatmaps")
    void acceptedAttention() throws IOException {
        // One grading worker: a submission queued just before keeps this one waiting long enough to watch it.
        WebSession.signIn("abe").submit("mini-gpt", Submissions.sources("mini-gpt", "accepted"));
        site.signIn("bea", Role.LEARNER);
        site.openExercise("attention");
        long id = site.submit(LearnerFiles.javaFiles(Submissions.sources("attention", "accepted"), files));

        WebElement feedback = BROWSER.visible(By.id("feedback"));
        assertEquals(String.valueOf(id), feedback.getAttribute("data-submission"));
        // A warm grader may finish before the page is drawn; the live update is checked whenever it was pending.
        boolean pending = "false".equals(feedback.getAttribute("data-done"));
        if (pending) {
            assertTrue(List.of("waiting to be graded", "being graded").contains(BROWSER.visible(By.id("status")).getText()));
            BROWSER.screenshot("acceptedAttention-pending");
            // a mark on this page: gone once the page's own script has reloaded it with the result
            BROWSER.driver().executeScript("window.stillThePendingPage = true;");
        }

        String score = site.awaitScore();
        if (pending) {
            assertEquals(Boolean.FALSE, BROWSER.driver().executeScript("return window.stillThePendingPage === true;"),
                    "the feedback page reloaded itself when grading ended");
        }
        assertEquals("graded", BROWSER.visible(By.id("status")).getText());
        assertTrue(score.endsWith("(100%)"), score);
        assertFalse(BROWSER.driver().findElements(By.cssSelector("#test-results tr.test.pass")).isEmpty());
        assertTrue(BROWSER.driver().findElements(By.cssSelector("#test-results tr.test.fail")).isEmpty());

        WebElement figure = BROWSER.visible(ATTENTION_FIGURE);
        for (String map : new String[] {"heatmap-reference-head-1", "heatmap-learner-head-1"}) {
            WebElement svg = BROWSER.visible(By.id(map));
            assertTrue(svg.getSize().getHeight() > 50 && svg.getSize().getWidth() > 50, map + " is drawn: " + svg.getSize());
        }
        assertFalse(figure.findElements(By.cssSelector("g.cell.masked")).isEmpty(), "the causal mask is drawn");
        assertTrue(BROWSER.visible(By.id("figure-comparison")).getAttribute("class").contains("pass"));
        BROWSER.driver().executeScript("arguments[0].scrollIntoView();", figure);
        BROWSER.screenshot("acceptedAttention-heatmaps");
    }

    @Test
    @DisplayName("a learner uploads a zip with the planted softmax bug and sees each failed test's teaching message")
    void plantedBug() throws IOException {
        site.signIn("cid", Role.LEARNER);
        site.openExercise("tensors");
        site.submit(List.of(LearnerFiles.zip(Submissions.sources("tensors", "planted-bug"), files.resolve("tensors.zip"))));
        String score = site.awaitScore();
        assertFalse(score.endsWith("(100%)"), score);

        List<WebElement> failed = BROWSER.driver().findElements(By.cssSelector("#test-results tr.test.fail"));
        List<String[]> expected = Submissions.expectedFailures("tensors");
        assertEquals(expected.size(), failed.size(), "failed tests on the page");
        for (String[] test : expected) {
            WebElement row = failed.stream().filter(r -> r.findElement(By.tagName("th")).getText().equals(test[0]))
                    .findFirst().orElseThrow(() -> new AssertionError("no failed row for: " + test[0]));
            WebElement message = row.findElement(By.cssSelector("pre.message"));
            assertTrue(message.isDisplayed(), test[0]);
            assertTrue(message.getText().contains(test[1]), test[0] + " says: " + message.getText());
        }
        BROWSER.driver().executeScript("arguments[0].scrollIntoView();", failed.get(0));
    }

    @Test
    @DisplayName("the attention lesson shows its data-flow diagram: the image loads under the page's security policy")
    void lessonDiagramLoads() {
        site.signIn("flo", Role.LEARNER);
        site.openExercise("attention");

        WebElement diagram = BROWSER.visible(By.cssSelector("#lesson img[src='/lessons/04-attention/attention-flow.svg']"));
        BROWSER.driver().executeScript("arguments[0].scrollIntoView();", diagram);
        Object width = BROWSER.waitUntil(Duration.ofSeconds(15), d -> d.executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0 ? arguments[0].naturalWidth : null;",
                diagram));
        assertEquals(760L, ((Number) width).longValue(), "the SVG's own width: it loaded and was drawn");
        assertTrue(diagram.getSize().getWidth() > 300, "shown at a readable size: " + diagram.getSize());
        assertTrue(diagram.getAttribute("alt").startsWith("Attention data flow"), diagram.getAttribute("alt"));
        BROWSER.screenshot("lessonDiagramLoads");
    }

    @Test
    @DisplayName("signing out leads to the sign-in page; another learner's feedback page is a 403 page")
    void signOutAndOthersSubmission() {
        long others = WebSession.signIn("dan").submit("tensors", Submissions.sources("tensors", "accepted"));

        site.signIn("eve", Role.LEARNER);
        BROWSER.open("/submissions/" + others);
        assertEquals(403, BROWSER.status());
        assertTrue(BROWSER.visible(By.id("error-title")).getText().startsWith("403"));
        assertTrue(BROWSER.driver().findElements(By.id("feedback")).isEmpty(), "nothing of dan's submission is shown");
        BROWSER.screenshot("signOutAndOthersSubmission-403");

        site.signOut();
        BROWSER.open("/");
        assertEquals("/login", BROWSER.path(), "signed out, the home page sends to the sign-in page");
        BROWSER.open("/submissions/" + others);
        assertEquals("/login", BROWSER.path());
    }
}
