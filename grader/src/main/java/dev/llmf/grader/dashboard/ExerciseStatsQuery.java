package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One exercise across the class: how the learners' best scores are distributed, how many have not started, are
 * working on it, or passed, and which tests the learners' latest graded submissions fail most, each with its most
 * common failure message.
 */
@ApplicationScoped
public class ExerciseStatsQuery {

    /** How many of the most-failed tests are listed. */
    public static final int FAILING_TESTS = 15;

    /** Learners whose best score is at least {@code fromPercent} and below {@code toPercent} (the last: up to 100). */
    public record Bucket(int fromPercent, int toPercent, long learners) {
    }

    /**
     * @param failedBy     learners whose latest graded submission failed this test
     * @param message      the most common failure message among them (null if the failures had none)
     * @param messageCount how many of them failed with exactly that message
     */
    public record FailingTest(String testKey, String name, long failedBy, String message, long messageCount) {
    }

    /**
     * @param medianPercent the median best score of the learners who started (null when none has)
     * @param graded        learners with a graded submission: the base of {@code failingTests}' counts
     */
    public record ExerciseStats(String exercise, int number, String title, long learners, long notStarted,
                                long inProgress, long passed, Double medianPercent, List<Bucket> distribution,
                                long graded, List<FailingTest> failingTests) {
    }

    // Per 10% bucket of the best score (100% goes into the last), plus one total row (bucket NULL) with the median.
    private static final String DISTRIBUTION = """
            WITH best AS (
              SELECT CASE WHEN p.best_possible > 0 THEN least(p.best_earned * 10 / p.best_possible, 9) ELSE 9 END AS bucket,
                     %s AS percent, p.best_earned = p.best_possible AS passed
              FROM progress p JOIN membership m ON m.account_id = p.account_id AND m.course_id = :course
              WHERE p.exercise_id = :exercise AND m.role = 'LEARNER'
            )
            SELECT bucket, count(*), count(*) FILTER (WHERE passed), percentile_cont(0.5) WITHIN GROUP (ORDER BY percent)
            FROM best GROUP BY GROUPING SETS ((bucket), ()) ORDER BY bucket NULLS LAST""";

    private static final String LEARNERS = "SELECT count(*) FROM membership WHERE course_id = :course AND role = 'LEARNER'";

    // Only each learner's latest graded submission counts (progress points at it). Their ids go in as an array, so
    // the database reads about (learners × failed tests) rows through the partial index on failed results; joined
    // as a table instead, the planner may prefer to scan every failed result ever stored (~1M rows on a big course).
    private static final String FAILING = """
            WITH by_message AS (
              SELECT t.test_key, t.message, max(t.display_name) AS name, count(*) AS n
              FROM test_result t
              WHERE NOT t.passed AND t.submission_id = ANY (ARRAY(
                SELECT p.latest_submission_id
                FROM progress p JOIN membership m ON m.account_id = p.account_id AND m.course_id = :course
                WHERE p.exercise_id = :exercise AND m.role = 'LEARNER' AND p.latest_submission_id IS NOT NULL))
              GROUP BY t.test_key, t.message
            ), ranked AS (
              SELECT test_key, name, message, n, sum(n) OVER (PARTITION BY test_key) AS failed,
                     row_number() OVER (PARTITION BY test_key ORDER BY n DESC, message NULLS LAST) AS rank
              FROM by_message
            )
            SELECT test_key, name, failed, message, n
            FROM ranked WHERE rank = 1
            ORDER BY failed DESC, test_key LIMIT :limit""";

    private static final String GRADED = "SELECT count(*) FROM progress p JOIN membership m ON m.account_id = p.account_id"
            + " AND m.course_id = :course WHERE p.exercise_id = :exercise AND m.role = 'LEARNER'"
            + " AND p.latest_submission_id IS NOT NULL";

    @Inject
    EntityManager em;

    @Transactional
    public ExerciseStats run(long courseId, String exerciseSlug) {
        CourseExercise exercise = CourseExercise.find(courseId, exerciseSlug)
                .orElseThrow(() -> ApiException.notFound("no exercise '" + exerciseSlug + "' in your course"));
        long learners = Rows.longValue(em.createNativeQuery(LEARNERS).setParameter("course", courseId).getSingleResult());
        long[] counts = new long[10];
        long started = 0;
        long passed = 0;
        Double median = null;
        for (Object row : em.createNativeQuery(DISTRIBUTION.formatted(ProgressSql.BEST_PERCENT))
                .setParameter("exercise", exercise.id).setParameter("course", courseId).getResultList()) {
            Object[] r = (Object[]) row;
            if (r[0] == null) {              // the grand total row
                started = Rows.longValue(r[1]);
                passed = Rows.longValue(r[2]);
                median = Rows.decimal(r[3]);
            } else {
                counts[Rows.intValue(r[0])] = Rows.longValue(r[1]);
            }
        }
        List<Bucket> distribution = IntStream.range(0, 10)
                .mapToObj(b -> new Bucket(b * 10, b * 10 + 10, counts[b])).toList();
        @SuppressWarnings("unchecked")
        List<Object[]> failing = em.createNativeQuery(FAILING)
                .setParameter("exercise", exercise.id).setParameter("course", courseId).setParameter("limit", FAILING_TESTS)
                .getResultList();
        long graded = Rows.longValue(em.createNativeQuery(GRADED).setParameter("exercise", exercise.id)
                .setParameter("course", courseId).getSingleResult());
        return new ExerciseStats(exercise.slug, exercise.position, exercise.title, learners, learners - started,
                started - passed, passed, median, distribution, graded,
                failing.stream().map(r -> new FailingTest((String) r[0], (String) r[1], Rows.longValue(r[2]),
                        (String) r[3], Rows.longValue(r[4]))).toList());
    }
}
