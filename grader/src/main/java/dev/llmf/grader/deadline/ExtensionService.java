package dev.llmf.grader.deadline;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.audit.AuditAction;
import dev.llmf.grader.audit.AuditLog;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.dashboard.Rows;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Extension;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Per-learner extensions: a new due date (and cut-off) for one learner and one exercise, set by the course's
 * instructors. Submissions made before it are not changed; those after follow it. Every change is in the audit log.
 */
@ApplicationScoped
public class ExtensionService {

    /** What an instructor asks for; {@code closesAt} null: the new due date is also the cut-off. */
    public record Grant(String username, String exercise, Instant dueAt, Instant closesAt) {
    }

    public record ExtensionView(String username, String exercise, Instant dueAt, Instant closesAt, String grantedBy,
                                Instant grantedAt) {
    }

    private static final String LIST = """
            SELECT a.username, e.slug, x.due_at, x.closes_at, g.username, x.granted_at
            FROM extension x JOIN account a ON a.id = x.account_id JOIN exercise e ON e.id = x.exercise_id
            LEFT JOIN account g ON g.id = x.granted_by
            WHERE e.course_id = ?1 ORDER BY e.position, a.username""";

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    /** Grants or replaces the learner's extension; 404 for a learner or exercise not in the course, 400 for bad dates. */
    @Transactional
    public ExtensionView grant(Member instructor, Grant grant) {
        if (grant == null || grant.username() == null || grant.exercise() == null || grant.dueAt() == null) {
            throw ApiException.badRequest("send {\"username\": …, \"exercise\": …, \"dueAt\": …, \"closesAt\": …}"
                    + " (closesAt may be null: then the new due date is also the cut-off)");
        }
        if (grant.closesAt() != null && grant.closesAt().isBefore(grant.dueAt())) {
            throw ApiException.badRequest("the cut-off (closesAt) cannot be before the due date (dueAt)");
        }
        Account learner = learner(instructor, grant.username());
        CourseExercise exercise = exercise(instructor, grant.exercise());
        Extension x = Extension.of(learner.id, exercise.id).orElseGet(() -> {
            Extension fresh = new Extension();
            fresh.key = new Extension.Key(learner.id, exercise.id);
            return fresh;
        });
        x.dueAt = grant.dueAt();
        x.closesAt = grant.closesAt();
        x.grantedBy = instructor.account().id;
        x.grantedAt = Instant.now();
        x.persist();
        audit.record(instructor, AuditAction.EXTENSION_GRANTED, learner.username, exercise.slug, null,
                "due " + x.dueAt + ", cut-off " + (x.closesAt == null ? x.dueAt : x.closesAt));
        return new ExtensionView(learner.username, exercise.slug, x.dueAt, x.closesAt, instructor.account().username,
                x.grantedAt);
    }

    @Transactional
    public void remove(Member instructor, String username, String exerciseSlug) {
        Account learner = learner(instructor, username);
        CourseExercise exercise = exercise(instructor, exerciseSlug);
        Extension x = Extension.of(learner.id, exercise.id).orElseThrow(() -> ApiException.notFound(
                learner.username + " has no extension for '" + exercise.slug + "'"));
        x.delete();
        audit.record(instructor, AuditAction.EXTENSION_REMOVED, learner.username, exercise.slug, null, "");
    }

    /** The course's extensions, by exercise and learner. */
    @Transactional
    public List<ExtensionView> list(long courseId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(LIST).setParameter(1, courseId).getResultList();
        return rows.stream().map(r -> new ExtensionView((String) r[0], (String) r[1], Rows.instant(r[2]),
                Rows.instant(r[3]), (String) r[4], Rows.instant(r[5]))).toList();
    }

    private static Account learner(Member instructor, String username) {
        String name = username.strip().toLowerCase(Locale.ROOT);
        return Account.byUsername(name)
                .filter(a -> Membership.find(a.id, instructor.courseId()).filter(m -> m.role == Role.LEARNER).isPresent())
                .orElseThrow(() -> ApiException.notFound("no learner '" + username + "' in this course"));
    }

    private static CourseExercise exercise(Member instructor, String slug) {
        return CourseExercise.find(instructor.courseId(), slug.strip())
                .orElseThrow(() -> ApiException.notFound("no exercise '" + slug + "' in this course"));
    }
}
