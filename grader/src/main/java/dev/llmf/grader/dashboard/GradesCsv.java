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

    // The best percentages come back as one array per learner, in course order, rounded to one decimal.
    private static final String SQL = """
            SELECT a.username, a.display_name,
                   array_agg(round((%1$s)::numeric, 1) ORDER BY e.position) AS best,
                   round((%2$s)::numeric, 1) AS total
            FROM account a CROSS JOIN exercise e
            LEFT JOIN progress p ON p.account_id = a.id AND p.exercise_id = e.id
            WHERE a.course_id = :course AND a.role = 'LEARNER' AND e.course_id = :course
            GROUP BY a.id ORDER BY a.username""";

    @Inject
    EntityManager em;

    /** Writes the whole file; runs its own transaction, so it can be called while the response is written. */
    public void write(long courseId, Writer out) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<String> header = new ArrayList<>(List.of("username", "display_name"));
            CourseExercise.ofCourse(courseId).forEach(e -> header.add(e.slug));
            header.add("total");
            print(out, Csv.line(header));
            String sql = SQL.formatted(ProgressSql.BEST_PERCENT, ProgressSql.total("count(*)"));
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
        cells.add((String) r[0]);
        cells.add((String) r[1]);
        for (Object best : asArray(r[2])) {
            cells.add(best == null ? null : ((BigDecimal) best).toPlainString());
        }
        cells.add(((BigDecimal) r[3]).toPlainString());
        return cells;
    }

    private static Object[] asArray(Object value) {
        try {
            return value instanceof java.sql.Array a ? (Object[]) a.getArray() : (Object[]) value;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not read the grades array", e);
        }
    }

    private static void print(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
