package dev.llmf.grader.support;

import dev.llmf.grader.auth.Passwords;
import dev.llmf.grader.course.Courses;
import io.quarkus.arc.Arc;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Instant;

/**
 * A course of its own for a test, apart from the one every other test shares, so that class-wide numbers (counts,
 * distributions, totals) depend only on what that test puts in it.
 */
public record TestCourse(long id) {

    /** Creates the course; its slug must be new. */
    public static TestCourse create(String slug) {
        return new TestCourse(QuarkusTransaction.requiringNew().call(() -> {
            Course c = new Course();
            c.slug = slug;
            c.title = "Test course " + slug;
            c.persist();
            return c.id;
        }));
    }

    /** Adds every exercise the grader has, in course order, as {@code create-course} does. */
    public TestCourse withAllExercises() {
        QuarkusTransaction.requiringNew().run(() ->
                Arc.container().instance(Courses.class).get().addMissingExercises(Course.findById(id)));
        return this;
    }

    /** The id of the course's exercise {@code slug}. */
    public long exerciseId(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> CourseExercise.find(id, slug).orElseThrow().id);
    }

    /** Adds an exercise; returns its id. */
    public long exercise(String slug, int position, String title, Instant dueAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            CourseExercise e = new CourseExercise();
            e.courseId = id;
            e.slug = slug;
            e.position = position;
            e.title = title;
            e.dueAt = dueAt;
            e.persist();
            return e.id;
        });
    }

    /**
     * Adds an account whose password is {@link TestAccounts#password}, so that {@link WebSession#signIn} and
     * {@link TestAccounts#token} sign in as it; returns its id. {@code hashPassword} false stores a hash nobody can
     * sign in with, which is much faster for many accounts.
     */
    public long account(String username, String displayName, Role role, boolean hashPassword) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Account a = new Account();
            a.username = username;
            a.displayName = displayName;
            a.passwordHash = hashPassword ? Passwords.hash(TestAccounts.password(username)) : "!";
            a.persist();
            Membership.of(a.id, id, role).persist();
            return a.id;
        });
    }
}
