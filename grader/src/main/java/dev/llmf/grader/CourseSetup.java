package dev.llmf.grader;

import dev.llmf.grader.auth.Passwords;
import dev.llmf.grader.course.Courses;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * At start: a grader with no course yet gets the default one ({@link #COURSE}); every course gets the exercises it
 * lacks; and in demo mode, on first start, the default course gets an instructor, an assistant and a learner.
 * Their passwords are random; the log prints them once and they are kept in the data folder
 * ({@code demo-accounts.txt}, readable by the owner only). A real deployment turns the demo off and makes its
 * course with {@code ./llmf-grader create-course}.
 */
@ApplicationScoped
public class CourseSetup {

    public static final String COURSE = "llm-foundations";
    private static final Logger LOG = Logger.getLogger(CourseSetup.class);

    @Inject
    GraderConfig config;

    @Inject
    Courses courses;

    @Transactional
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (!config.setup().enabled()) {
            return;
        }
        if (Course.count() == 0) {
            courses.create(COURSE, "LLM Foundations");
        }
        Course.<Course>listAll().forEach(courses::addMissingExercises);
        Course course = Course.bySlug(COURSE).orElse(null);
        if (config.demo().enabled() && course != null && Account.count() == 0) {
            List<String> lines = List.of(
                    "instructor " + createAccount(course, "instructor", "Ada Instructor", Role.INSTRUCTOR),
                    "assistant " + createAccount(course, "assistant", "Ash Assistant", Role.ASSISTANT),
                    "learner " + createAccount(course, "learner", "Lee Learner", Role.LEARNER));
            Path file = Path.of(config.dataDir(), "demo-accounts.txt");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, String.join("\n", lines) + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warnf("could not save the demo accounts to %s: %s", file, e.getMessage());
            }
            LOG.infof("demo accounts created — sign in as 'learner' with password %s, 'assistant' with password %s, or"
                    + " 'instructor' with password %s (also saved in %s)", password(lines.get(2)), password(lines.get(1)),
                    password(lines.get(0)), file);
        } else if (config.demo().enabled()) {
            Path file = Path.of(config.dataDir(), "demo-accounts.txt");
            if (Files.exists(file)) {
                LOG.infof("demo accounts: see %s for their passwords", file);
            } else {
                LOG.infof("demo accounts exist already, made by another instance on this database: their passwords"
                        + " are in the demo-accounts.txt of that instance's data folder (none in %s)", file.getParent());
            }
        }
    }

    private static String password(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    private static String createAccount(Course course, String username, String name, Role role) {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Account a = new Account();
        a.username = username;
        a.displayName = name;
        a.passwordHash = Passwords.hash(password);
        a.persist();
        Membership.of(a.id, course.id, role).persist();
        return password;
    }
}
