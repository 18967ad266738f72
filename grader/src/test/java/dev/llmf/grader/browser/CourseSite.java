package dev.llmf.grader.browser;

import dev.llmf.grader.model.Role;
import dev.llmf.grader.support.TestAccounts;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The grader's pages used the way a person uses them, through a {@link Browser}: the sign-in form, the home page's
 * links, the submit form with its file input, the feedback page and the sign-out button.
 */
final class CourseSite {

    /** Grading compiles and runs the hidden suite in the sandbox; on a busy machine that can take a while. */
    static final Duration GRADING = Duration.ofMinutes(3);
    private static final Duration PAGE = Duration.ofSeconds(15);

    private final Browser browser;

    CourseSite(Browser browser) {
        this.browser = browser;
    }

    /** Creates the account if needed, then signs in through the sign-in form and waits for the signed-in page. */
    void signIn(String username, Role role) {
        TestAccounts.token(username, role);
        browser.open("/login");
        browser.visible(By.id("username")).sendKeys(username);
        browser.driver().findElement(By.id("password")).sendKeys(TestAccounts.password(username));
        browser.driver().findElement(By.id("login-submit")).click();
        browser.visible(By.id("signed-in-as"));
    }

    /** Clicks the header's sign-out button and waits for the sign-in page. */
    void signOut() {
        browser.driver().findElement(By.cssSelector("#sign-out button[type=submit]")).click();
        browser.waitUntil(PAGE, d -> browser.path().equals("/login"));
        browser.visible(By.id("login-form"));
    }

    /** Follows the exercise's link on the home page to its page, which has the submit form. */
    void openExercise(String exercise) {
        browser.open("/");
        browser.visible(By.cssSelector("#exercise-" + exercise + " a")).click();
        browser.visible(By.id("submit-form"));
    }

    /**
     * Chooses the files in the submit form's file input (as the file dialog would), submits, and returns the id of
     * the submission whose feedback page the browser lands on.
     */
    long submit(List<Path> files) {
        String paths = files.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining("\n"));
        browser.driver().findElement(By.id("file")).sendKeys(paths);
        browser.driver().findElement(By.id("submit-button")).click();
        browser.waitUntil(PAGE, d -> browser.path().matches("/submissions/\\d+"));
        browser.visible(By.id("feedback"));
        String path = browser.path();
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }

    /** Waits, without reloading, until the feedback page shows the score; returns the score's text. */
    String awaitScore() {
        WebElement score = browser.waitUntil(GRADING, d -> d.findElement(By.id("score")));
        return score.getText();
    }
}
