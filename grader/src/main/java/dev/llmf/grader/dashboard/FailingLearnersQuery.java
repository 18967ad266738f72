package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * From "tests most learners fail" to the learners: those whose latest graded submission fails one test, by
 * username, {@link #PAGE_SIZE} a page, each with that submission and its message. Counted as the exercise page
 * counts them (progress points at each learner's latest graded submission; the unique index on a submission's
 * test keys finds the result).
 */
@ApplicationScoped
public class FailingLearnersQuery {

    public static final int PAGE_SIZE = 100;

    public record FailingLearner(String username, String displayName, long submissionId, Instant submittedAt,
                                 String message) {
    }

    /** {@code failedBy}: learners on all pages; {@code testName} the test's sentence (its key when nobody fails it). */
    public record FailingLearners(String exercise, int number, String title, String testKey, String testName,
                                  long failedBy, int page, int pages, List<FailingLearner> learners) {
    }

    private static final String SQL = """
            SELECT a.username, a.display_name, p.latest_submission_id, p.latest_submitted_at, t.message, t.display_name,
                   count(*) OVER ()
            FROM progress p
            JOIN membership m ON m.account_id = p.account_id AND m.course_id = :course AND m.role = 'LEARNER'
            JOIN account a ON a.id = p.account_id
            JOIN test_result t ON t.submission_id = p.latest_submission_id AND t.test_key = :test AND NOT t.passed
            WHERE p.exercise_id = :exercise
            ORDER BY a.username LIMIT :limit OFFSET :offset""";

    @Inject
    EntityManager em;

    @Transactional
    public FailingLearners run(long courseId, String exerciseSlug, String testKey, int page) {
        CourseExercise exercise = CourseExercise.find(courseId, exerciseSlug)
                .orElseThrow(() -> ApiException.notFound("no exercise '" + exerciseSlug + "' in your course"));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SQL).setParameter("course", courseId)
                .setParameter("exercise", exercise.id).setParameter("test", testKey).setParameter("limit", PAGE_SIZE)
                .setParameter("offset", (page - 1L) * PAGE_SIZE).getResultList();
        long total = rows.isEmpty() ? 0 : Rows.longValue(rows.getFirst()[6]);
        String name = rows.isEmpty() ? testKey : (String) rows.getFirst()[5];
        return new FailingLearners(exercise.slug, exercise.position, exercise.title, testKey, name, total, page,
                (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE),
                rows.stream().map(r -> new FailingLearner((String) r[0], (String) r[1], Rows.longValue(r[2]),
                        Rows.instant(r[3]), (String) r[4])).toList());
    }
}
