package dev.llmf.grader.course;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.PasswordLinks;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.roster.RosterCsv;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ./llmf-grader create-course --slug … --title … --instructor USERNAME}: a new course with every exercise
 * and its first instructor (a new account, or an existing one), then exits. A new instructor gets a one-time
 * set-password link, printed here (valid 7 days); an existing one keeps their password. Runs with no HTTP
 * listener, no grading workers and no demo accounts (GraderMain sets that up).
 */
public class CreateCourseCommand implements QuarkusApplication {

    @Inject
    Courses courses;

    @Inject
    PasswordLinks links;

    @ConfigProperty(name = "llmf.public-url")
    Optional<String> publicUrl;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    private record Made(Course course, Account instructor, PasswordLinks.Link link) {
    }

    @Override
    public int run(String... args) {
        CreateCourseOptions options;
        try {
            options = CreateCourseOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("create-course: " + e.getMessage() + "\n" + CreateCourseOptions.USAGE);
            return 2;
        }
        String server = options.url() != null ? options.url()
                : publicUrl.map(u -> u.replaceAll("/+$", "")).orElse("http://127.0.0.1:" + port);
        Made made;
        try {
            made = QuarkusTransaction.requiringNew().call(() -> make(options, server));
        } catch (IllegalArgumentException | ApiException e) {
            System.err.println("create-course: " + e.getMessage() + "; nothing was created");
            return 1;
        }
        System.out.printf("create-course: course '%s' (%s) with %d exercises; instructor '%s'%n", made.course().slug,
                made.course().title, QuarkusTransaction.requiringNew().call(() ->
                        dev.llmf.grader.model.CourseExercise.count("courseId", made.course().id)),
                made.instructor().username);
        if (made.link() == null) {
            System.out.println("create-course: '" + made.instructor().username + "' already has an account and signs in"
                    + " with their password");
        } else {
            System.out.println("create-course: '" + made.instructor().username + "' sets a password once, until "
                    + made.link().expiresAt() + ", at:");
            System.out.println(made.link().url());
        }
        return 0;
    }

    private Made make(CreateCourseOptions o, String server) {
        Course course = courses.create(o.slug(), o.title());
        String username = o.instructor().strip().toLowerCase(Locale.ROOT);
        if (!RosterCsv.USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("the instructor's username must be 3 to 40 of a-z, 0-9, '.', '_', '-'");
        }
        Account account = Account.byUsername(username).orElse(null);
        PasswordLinks.Link link = null;
        if (account == null) {
            account = new Account();
            account.username = username;
            account.displayName = o.name() == null || o.name().isBlank() ? username : o.name().strip();
            account.email = o.email();
            account.passwordHash = Account.NO_PASSWORD;
            account.persist();
        }
        if (!account.hasPassword()) {
            link = links.issue(account, null, server);
        }
        Membership.of(account.id, course.id, Role.INSTRUCTOR).persist();
        return new Made(course, account, link);
    }
}
