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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The course's grades as CSV, in one of the {@link GradeFormat}s: a row per learner (by username). An exercise's
 * grade is an instructor's override when there is one, else the best submission's score after its late penalty;
 * not started is empty; the total is the mean of the grades over all exercises, not started counting as 0. Rows are
 * streamed from the database to the writer a batch at a time, never held all at once.
 */
@ApplicationScoped
public class GradesCsv {

    // One row per learner and exercise started (one with NULLs for a learner with none), learners by username. The
    // cells come rounded from the progress row (its generated columns, V40__progress_grade_columns.sql); the totals
    // are rounded once per learner, not once per cell. Java lays the cells out per exercise.
    private static final String SQL = """
            WITH cell AS (
              SELECT p.account_id, e.position, p.grade_rounded, p.grade_points_rounded, p.best_possible, p.best_late,
                     p.best_penalty_percent, p.computed_rounded, p.override_reason, %1$s AS grade
              FROM progress p JOIN exercise e ON e.id = p.exercise_id AND e.course_id = :course
            ), total AS (
              SELECT account_id, round((coalesce(sum(grade), 0) / greatest(:exercises, 1))::numeric, 1) AS percent,
                     round(coalesce(sum(grade * best_possible / 100), 0)::numeric, 2) AS points
              FROM cell GROUP BY account_id
            )
            SELECT a.username, a.display_name, a.email, c.position, c.grade_rounded, c.grade_points_rounded,
                   c.best_possible, CASE WHEN c.best_late THEN 'late' END, CASE WHEN c.best_late THEN c.best_penalty_percent END,
                   c.computed_rounded, c.override_reason, coalesce(t.percent, 0.0), coalesce(t.points, 0.00)
            FROM membership m JOIN account a ON a.id = m.account_id
            LEFT JOIN cell c ON c.account_id = a.id LEFT JOIN total t ON t.account_id = a.id
            WHERE m.course_id = :course AND m.role = 'LEARNER'
            ORDER BY a.username, c.position""";

    // Rows a round trip: a 2,000-learner course (about 16k rows, a few MB) in four, not sixteen, each a wait for
    // the database on a busy machine.
    private static final int FETCH_SIZE = 4096;

    @Inject
    EntityManager em;

    /** Writes the whole file; runs its own transaction, so it can be called while the response is written. */
    public void write(long courseId, GradeFormat format, Writer out) {
        QuarkusTransaction.requiringNew().run(() -> {
            Course course = Course.findById(courseId);
            List<CourseExercise> exercises = CourseExercise.ofCourse(courseId);
            format.header(course, exercises).forEach(line -> print(out, Csv.line(line)));
            Map<Integer, Integer> column = new HashMap<>();
            for (int i = 0; i < exercises.size(); i++) {
                column.put(exercises.get(i).position, i);
            }
            String sql = SQL.formatted(ProgressSql.GRADE);
            @SuppressWarnings("unchecked")
            Stream<Object[]> rows = em.createNativeQuery(sql).setParameter("course", courseId)
                    .setParameter("exercises", exercises.size()).setHint(HibernateHints.HINT_FETCH_SIZE, FETCH_SIZE)
                    .getResultStream();
            try (rows) {
                LearnerRow[] current = {null};
                rows.forEach(r -> {
                    if (current[0] != null && !current[0].username.equals(r[0])) {
                        print(out, Csv.line(format.row(course, current[0].cells(), exercises.size())));
                        current[0] = null;
                    }
                    if (current[0] == null) {
                        current[0] = new LearnerRow(r, exercises.size());
                    }
                    if (r[3] != null) {
                        current[0].exercise(column.get(Rows.intValue(r[3])), r);
                    }
                });
                if (current[0] != null) {
                    print(out, Csv.line(format.row(course, current[0].cells(), exercises.size())));
                }
            }
        });
    }

    /** One learner's cells as the database gives them, in {@link GradeFormat}'s order, filled exercise by exercise. */
    private static final class LearnerRow {
        final String username;
        private final List<String> cells;

        LearnerRow(Object[] r, int exercises) {
            username = (String) r[0];
            cells = new ArrayList<>(Collections.nCopies(3 + exercises * GradeFormat.PER_EXERCISE + 2, (String) null));
            cells.set(0, username);
            cells.set(1, (String) r[1]);
            cells.set(2, (String) r[2]);
            cells.set(cells.size() - 2, text(r[11]));
            cells.set(cells.size() - 1, text(r[12]));
        }

        void exercise(int index, Object[] r) {
            for (int i = 0; i < GradeFormat.PER_EXERCISE; i++) {
                cells.set(3 + index * GradeFormat.PER_EXERCISE + i, text(r[4 + i]));
            }
        }

        List<String> cells() {
            return cells;
        }
    }

    private static String text(Object cell) {
        return switch (cell) {
            case null -> null;
            case BigDecimal d -> d.toPlainString();
            default -> cell.toString();
        };
    }

    private static void print(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
