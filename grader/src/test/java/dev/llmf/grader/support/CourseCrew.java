package dev.llmf.grader.support;

import dev.llmf.grader.model.Role;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/**
 * A course of its own with every exercise and its people: an instructor ({@code <slug>-teacher}), an assistant
 * ({@code <slug>-ta}) and a learner ({@code <slug>-learner}), whose passwords are {@link TestAccounts#password}.
 * {@link #api} sends a request as one of them about this course ({@code ?course=<slug>}).
 */
public record CourseCrew(TestCourse course, String slug) {

    public static CourseCrew create(String slug) {
        TestCourse course = TestCourse.create(slug).withAllExercises();
        course.account(slug + "-teacher", "Teacher of " + slug, Role.INSTRUCTOR, true);
        course.account(slug + "-ta", "Assistant of " + slug, Role.ASSISTANT, true);
        course.account(slug + "-learner", "Learner of " + slug, Role.LEARNER, true);
        return new CourseCrew(course, slug);
    }

    public String instructor() {
        return slug + "-teacher";
    }

    public String assistant() {
        return slug + "-ta";
    }

    public String learner() {
        return slug + "-learner";
    }

    /** A request signed in as {@code username} (by an API token, made once per account) about this course. */
    public RequestSpecification api(String username) {
        return given().header("Authorization", "Bearer " + token(username)).queryParam("course", slug);
    }

    /** An API token of {@code username}, signed in once and then reused (bcrypt makes each sign-in slow). */
    public static String token(String username) {
        return TOKENS.computeIfAbsent(username, u -> TestAccounts.token(u, Role.LEARNER));
    }

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    /** Adds a learner with a known password to this course; returns its account id. */
    public long learner(String username) {
        return course.account(username, "Learner " + username, Role.LEARNER, true);
    }
}
