package dev.llmf.grader;

import dev.llmf.grader.auth.Passwords;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
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

/**
 * Makes sure the course and its exercises exist, and in demo mode creates an instructor and a learner on first
 * start. Their passwords are random; the log prints them once and they are kept in the data folder
 * ({@code demo-accounts.txt}, readable by the owner only).
 */
@ApplicationScoped
public class CourseSetup {

    public static final String COURSE = "llm-foundations";
    private static final Logger LOG = Logger.getLogger(CourseSetup.class);

    @Inject
    GraderConfig config;

    @Transactional
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (!config.setup().enabled()) {
            return;
        }
        Course course = Course.bySlug(COURSE).orElseGet(() -> {
            Course c = new Course();
            c.slug = COURSE;
            c.title = "LLM Foundations";
            c.persist();
            return c;
        });
        for (Exercise e : Exercise.values()) {
            if (CourseExercise.find(course.id, e.id()).isEmpty()) {
                CourseExercise row = new CourseExercise();
                row.courseId = course.id;
                row.slug = e.id();
                row.position = e.number();
                row.title = e.title();
                row.persist();
            }
        }
        if (config.demo().enabled() && Account.count() == 0) {
            String instructor = createAccount(course, "instructor", "Ada Instructor", Role.INSTRUCTOR);
            String learner = createAccount(course, "learner", "Lee Learner", Role.LEARNER);
            String text = "instructor " + instructor + "\nlearner " + learner + "\n";
            Path file = Path.of(config.dataDir(), "demo-accounts.txt");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warnf("could not save the demo accounts to %s: %s", file, e.getMessage());
            }
            LOG.infof("demo accounts created — sign in as 'learner' with password %s, or 'instructor' with password %s"
                    + " (also saved in %s)", learner, instructor, file);
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

    private static String createAccount(Course course, String username, String name, Role role) {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Account a = new Account();
        a.username = username;
        a.displayName = name;
        a.passwordHash = Passwords.hash(password);
        a.role = role;
        a.courseId = course.id;
        a.persist();
        return password;
    }
}
