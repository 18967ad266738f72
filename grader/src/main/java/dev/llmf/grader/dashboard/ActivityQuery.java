package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Submissions over time, per hour or per day (UTC), for the whole course or one exercise, with the due dates: the
 * rush before a deadline shows as the bars next to its mark. Empty hours or days are counted as 0, and the span
 * reaches from the first submission or due date to the last. The counts come from {@code submission_activity}
 * (per exercise and hour, kept by a trigger; see {@code migrations/V4__submission_activity.sql}).
 */
@ApplicationScoped
public class ActivityQuery {

    /** The longest chart, in bars; a longer span is cut at its end (and says so). */
    public static final int MAX_BARS = 2000;

    /** The width of one bar, by {@code ?by=}. */
    public enum Interval implements Choice {
        HOUR("hour", Duration.ofHours(1)),
        DAY("day", Duration.ofDays(1));

        private final String param;
        private final Duration length;

        Interval(String param, Duration length) {
            this.param = param;
            this.length = length;
        }

        @Override
        public String param() {
            return param;
        }

        public Duration length() {
            return length;
        }
    }

    /** Submissions made from {@code start} to {@code start} + one interval. */
    public record Point(Instant start, long submissions) {
    }

    public record Deadline(String exercise, int number, String title, Instant dueAt) {
    }

    /**
     * @param exercise  the exercise shown, or null for all of them
     * @param total     submissions in the whole span, {@code peak} the most in one bar
     * @param truncated the span had more than {@link #MAX_BARS} bars; the rest is not shown
     */
    public record Activity(String by, String exercise, long total, long peak, boolean truncated, List<Point> points,
                           List<Deadline> deadlines) {
    }

    // Intervals bin from a fixed origin at midnight UTC, so days are UTC days. %1$s is the interval, a constant.
    private static final String SQL = """
            WITH counts AS (
              SELECT date_bin(interval '%1$s', a.hour, timestamptz '2000-01-01 00:00Z') AS bucket, sum(a.submissions) AS n
              FROM submission_activity a WHERE a.exercise_id IN (:exercises) AND a.submissions > 0
              GROUP BY 1
            ), span AS (
              SELECT min(b) AS first, max(b) AS last, (SELECT sum(n) FROM counts) AS total, (SELECT max(n) FROM counts) AS peak
              FROM (SELECT bucket AS b FROM counts
                    UNION ALL
                    SELECT date_bin(interval '%1$s', due_at, timestamptz '2000-01-01 00:00Z') FROM exercise
                    WHERE id IN (:exercises) AND due_at IS NOT NULL) AS x
            )
            SELECT g, coalesce(c.n, 0), span.total, span.peak, span.last > span.first + %2$d * interval '%1$s'
            FROM span
            CROSS JOIN generate_series(span.first, least(span.last, span.first + %2$d * interval '%1$s'), interval '%1$s') AS g
            LEFT JOIN counts c ON c.bucket = g
            ORDER BY g""";

    @Inject
    EntityManager em;

    /** @param exerciseSlug null or blank: the whole course */
    @Transactional
    public Activity run(long courseId, String exerciseSlug, Interval by) {
        List<CourseExercise> exercises = CourseExercise.ofCourse(courseId);
        String only = exerciseSlug == null || exerciseSlug.isBlank() ? null : exerciseSlug;
        if (only != null) {
            exercises = exercises.stream().filter(e -> e.slug.equals(only)).toList();
            if (exercises.isEmpty()) {
                throw ApiException.notFound("no exercise '" + only + "' in your course");
            }
        }
        List<Deadline> deadlines = exercises.stream().filter(e -> e.dueAt != null)
                .map(e -> new Deadline(e.slug, e.position, e.title, e.dueAt)).toList();
        if (exercises.isEmpty()) {
            return new Activity(by.param(), only, 0, 0, false, List.of(), deadlines);
        }
        String interval = by == Interval.HOUR ? "1 hour" : "1 day";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SQL.formatted(interval, MAX_BARS - 1))
                .setParameter("exercises", exercises.stream().map(e -> e.id).toList())
                .getResultList();
        if (rows.isEmpty()) {
            return new Activity(by.param(), only, 0, 0, false, List.of(), deadlines);
        }
        Object[] first = rows.getFirst();
        List<Point> points = rows.stream().map(r -> new Point(Rows.instant(r[0]), Rows.longValue(r[1]))).toList();
        return new Activity(by.param(), only, first[2] == null ? 0 : Rows.longValue(first[2]),
                first[3] == null ? 0 : Rows.longValue(first[3]), Boolean.TRUE.equals(first[4]), points, deadlines);
    }
}
