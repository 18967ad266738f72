package dev.llmf.grader.dashboard;

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
 * The course's grades as CSV: a row per learner (by username) with their display name, their best score on each
 * exercise in percent (empty: not started) and their total (the mean over all exercises, not started counting as
 * 0). Rows are streamed from the database to the writer a batch at a time, never held all at once.
 */
@ApplicationScoped
public class GradesCsv {

    public static final String FILE_NAME = "llm-foundations-grades.csv";

    // One column per exercise, pivoted with FILTER: no per-learner sort of an array, and only the learners' own
    // progress rows are read (a missing one is "not started"). %1$s are those columns; %2$s the total.
    private static final String SQL = """
            SELECT a.username, a.display_name%1$s, round((%2$s)::numeric, 1) AS total
            FROM membership m JOIN account a ON a.id = m.account_id
            LEFT JOIN (progress p JOIN exercise e ON e.id = p.exercise_id AND e.course_id = :course) ON p.account_id = a.id
            WHERE m.course_id = :course AND m.role = 'LEARNER'
            GROUP BY a.id ORDER BY a.username""";

    @Inject
    EntityManager em;

    /** Writes the whole file; runs its own transaction, so it can be called while the response is written. */
    public void write(long courseId, Writer out) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<CourseExercise> exercises = CourseExercise.ofCourse(courseId);
            List<String> header = new ArrayList<>(List.of("username", "display_name"));
            exercises.forEach(e -> header.add(e.slug));
            header.add("total");
            print(out, Csv.line(header));
            StringBuilder columns = new StringBuilder();
            for (CourseExercise e : exercises) {
                // ids are numbers from our own table, not input
                columns.append(", round((max(" + ProgressSql.GRADE_PERCENT + ") FILTER (WHERE p.exercise_id = " + e.id + "))::numeric, 1)");
            }
            String sql = SQL.formatted(columns, ProgressSql.total(Integer.toString(exercises.size())));
            @SuppressWarnings("unchecked")
            Stream<Object[]> rows = em.createNativeQuery(sql).setParameter("course", courseId)
                    .setHint(HibernateHints.HINT_FETCH_SIZE, 500).getResultStream();
            try (rows) {
                rows.forEach(r -> print(out, Csv.line(row(r))));
            }
        });
    }

    private static List<String> row(Object[] r) {
        List<String> cells = new ArrayList<>();
        for (Object cell : r) {
            cells.add(cell == null ? null : cell instanceof BigDecimal d ? d.toPlainString() : (String) cell);
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
