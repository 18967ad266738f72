package dev.llmf.grader.regrade;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.audit.AuditAction;
import dev.llmf.grader.audit.AuditLog;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.dashboard.Rows;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Regrading an exercise for everyone after its hidden suite changed. Each learner's latest and best graded
 * submissions (one if they are the same) go back into the queue's regrade lane; their previous score and per-test
 * results are copied into {@code regrade_item} first, so nothing is lost. Only one regrade of an exercise runs at
 * a time: asking again while one runs returns that one instead of starting another.
 */
@ApplicationScoped
public class RegradeService {

    /** The regrade asked for: a new one, or the one of that exercise that is still running. */
    public record Started(long id, boolean alreadyRunning) {
    }

    private static final String VIEW = """
            SELECT r.id, e.slug, e.title, a.username, r.requested_at, r.total,
                   count(i.finished_at), count(*) FILTER (WHERE i.outcome = 'REGRADED' AND s.points_earned IS DISTINCT FROM
                   i.previous_earned), count(*) FILTER (WHERE i.outcome = 'KEPT'), r.finished_at
            FROM regrade r JOIN exercise e ON e.id = r.exercise_id JOIN account a ON a.id = r.requested_by
            LEFT JOIN regrade_item i ON i.regrade_id = r.id LEFT JOIN submission s ON s.id = i.submission_id
            """;
    private static final String GROUP = " GROUP BY r.id, e.slug, e.title, a.username";

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Transactional
    public Started start(Member instructor, String exerciseSlug) {
        CourseExercise exercise = CourseExercise.find(instructor.courseId(), exerciseSlug)
                .orElseThrow(() -> ApiException.notFound("no exercise '" + exerciseSlug + "' in your course"));
        // Two instructors pressing the button at once: the second waits here, then finds the first one running.
        em.createNativeQuery("SELECT id FROM exercise WHERE id = ?1 FOR UPDATE").setParameter(1, exercise.id).getResultList();
        Optional<Long> running = running(exercise.id);
        if (running.isPresent()) {
            return new Started(running.get(), true);
        }
        long id = ((Number) em.createNativeQuery("INSERT INTO regrade (exercise_id, requested_by, total)"
                        + " VALUES (?1, ?2, 0) RETURNING id")
                .setParameter(1, exercise.id).setParameter(2, instructor.account().id).getSingleResult()).longValue();
        int total = em.createNativeQuery("""
                INSERT INTO regrade_item (regrade_id, submission_id, previous_earned, previous_possible, previous_results)
                SELECT ?1, s.id, s.points_earned, s.points_possible,
                       COALESCE((SELECT jsonb_agg(jsonb_build_object('test', t.test_key, 'passed', t.passed,
                                        'earned', t.points_earned, 'possible', t.points_possible, 'message', t.message)
                                        ORDER BY t.position)
                                 FROM test_result t WHERE t.submission_id = s.id), '[]'::jsonb)
                FROM submission s
                WHERE s.status = 'GRADED' AND s.id IN (SELECT unnest(ARRAY[p.best_submission_id, p.latest_submission_id])
                                                       FROM progress p WHERE p.exercise_id = ?2)
                  -- without its sources (seed-demo's rows) a submission cannot be graded again: it keeps its result
                  AND EXISTS (SELECT 1 FROM submission_file f WHERE f.submission_id = s.id)""")
                .setParameter(1, id).setParameter(2, exercise.id).executeUpdate();
        // The previous score stays on the submission until the new one replaces it, so progress never drops to
        // nothing in between; claims start again, as for a new submission.
        em.createNativeQuery("""
                UPDATE submission SET status = 'QUEUED', queue_lane = 1, claims = 0, worker = NULL, started_at = NULL,
                       heartbeat_at = NULL, finished_at = NULL
                WHERE id IN (SELECT submission_id FROM regrade_item WHERE regrade_id = ?1)""")
                .setParameter(1, id).executeUpdate();
        em.createNativeQuery("UPDATE regrade SET total = ?2, finished_at = CASE WHEN ?2 = 0 THEN now() END WHERE id = ?1")
                .setParameter(1, id).setParameter(2, total).executeUpdate();
        audit.record(instructor, AuditAction.REGRADE_STARTED, null, exercise.slug, null,
                "regrade " + id + ": " + total + (total == 1 ? " submission" : " submissions"));
        return new Started(id, false);
    }

    /** One regrade of the instructor's course, or 404. */
    @Transactional
    public RegradeView view(Member staff, long id) {
        List<?> rows = em.createNativeQuery(VIEW + " WHERE r.id = ?1 AND e.course_id = ?2" + GROUP)
                .setParameter(1, id).setParameter(2, staff.courseId()).getResultList();
        if (rows.isEmpty()) {
            throw ApiException.notFound("no regrade " + id + " in your course");
        }
        return toView((Object[]) rows.getFirst());
    }

    /** The course's most recent regrades, newest first. */
    @Transactional
    public List<RegradeView> recent(Member staff, int limit) {
        return em.createNativeQuery(VIEW + " WHERE e.course_id = ?1" + GROUP + " ORDER BY r.requested_at DESC, r.id DESC LIMIT ?2")
                .setParameter(1, staff.courseId()).setParameter(2, limit).getResultList().stream()
                .map(row -> toView((Object[]) row)).toList();
    }

    private Optional<Long> running(long exerciseId) {
        List<?> ids = em.createNativeQuery("SELECT id FROM regrade WHERE exercise_id = ?1 AND finished_at IS NULL")
                .setParameter(1, exerciseId).getResultList();
        return ids.stream().map(id -> ((Number) id).longValue()).findFirst();
    }

    private static RegradeView toView(Object[] r) {
        int total = ((Number) r[5]).intValue();
        int done = ((Number) r[6]).intValue();
        Instant finishedAt = Rows.instant(r[9]);
        return new RegradeView(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], Rows.instant(r[4]),
                total, done, ((Number) r[7]).intValue(), ((Number) r[8]).intValue(), finishedAt != null, finishedAt);
    }
}
