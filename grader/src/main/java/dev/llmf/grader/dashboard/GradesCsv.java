package dev.llmf.grader.dashboard;

import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.jpa.HibernateHints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The course's grades as CSV, in one of the {@link GradeFormat}s: a row per learner (by username). An exercise's
 * grade is an instructor's override when there is one, else the best submission's score after its late penalty;
 * not started is empty; the total is the mean of the grades over all exercises, not started counting as 0. Rows are
 * streamed from the database to the writer a batch at a time, never held all at once.
 */
@ApplicationScoped
public class GradesCsv {

    // The exercise columns, pivoted with FILTER: no per-learner sort of an array, and only the learners' own progress
    // rows are read (a missing one is "not started"). %1$s are those columns; %2$s the total.
    private static final String SQL = """
            SELECT a.username, a.display_name, a.email%1$s, round((%2$s)::numeric, 1) AS total,
                   round(coalesce(sum(%3$s * p.best_possible / 100), 0)::numeric, 2) AS total_points
            FROM membership m JOIN account a ON a.id = m.account_id
            LEFT JOIN (progress p JOIN exercise e ON e.id = p.exercise_id AND e.course_id = :course) ON p.account_id = a.id
            WHERE m.course_id = :course AND m.role = 'LEARNER'
            GROUP BY a.id ORDER BY a.username""";

    // One exercise's GradeFormat.PER_EXERCISE columns; %1$d is its id (a number from our own table, not input).
    private static final String EXERCISE_COLUMNS = """
            , round((max(%2$s) FILTER (WHERE p.exercise_id = %1$d))::numeric, 1)
            , round((max(%2$s * p.best_possible / 100) FILTER (WHERE p.exercise_id = %1$d))::numeric, 2)
            , max(p.best_possible) FILTER (WHERE p.exercise_id = %1$d)
            , CASE WHEN bool_or(p.best_late) FILTER (WHERE p.exercise_id = %1$d) THEN 'late' END
            , max(p.best_penalty_percent) FILTER (WHERE p.exercise_id = %1$d AND p.best_late)
            , round((max(%3$s) FILTER (WHERE p.exercise_id = %1$d))::numeric, 1)
            , max(p.override_reason) FILTER (WHERE p.exercise_id = %1$d)""";

    @Inject
    EntityManager em;

    /** Writes the whole file; runs its own transaction, so it can be called while the response is written. */
    public void write(long courseId, GradeFormat format, Writer out) {
        QuarkusTransaction.requiringNew().run(() -> {
            Course course = Course.findById(courseId);
            List<CourseExercise> exercises = CourseExercise.ofCourse(courseId);
            format.header(course, exercises).forEach(line -> print(out, Csv.line(line)));
            StringBuilder columns = new StringBuilder();
            for (CourseExercise e : exercises) {
                columns.append(EXERCISE_COLUMNS.formatted(e.id, ProgressSql.GRADE_PERCENT, ProgressSql.PENALISED_PERCENT));
            }
            String sql = SQL.formatted(columns, ProgressSql.total(Integer.toString(exercises.size())),
                    ProgressSql.GRADE_PERCENT);
            @SuppressWarnings("unchecked")
            Stream<Object[]> rows = em.createNativeQuery(sql).setParameter("course", courseId)
                    .setHint(HibernateHints.HINT_FETCH_SIZE, 500).getResultStream();
            try (rows) {
                rows.forEach(r -> print(out, Csv.line(format.row(course, cells(r), exercises.size()))));
            }
        });
    }

    private static List<String> cells(Object[] r) {
        List<String> cells = new ArrayList<>();
        for (Object cell : r) {
            cells.add(switch (cell) {
                case null -> null;
                case BigDecimal d -> d.toPlainString();
                default -> cell.toString();
            });
        }
        return cells;
    }

    private static void print(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
