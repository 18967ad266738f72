package dev.llmf.grader.dashboard;

import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The course's grades as CSV, in one of the {@link GradeFormat}s: a row per learner (by username). An exercise's
 * grade is an instructor's override when there is one, else the best submission's score after its late penalty;
 * not started is empty; the total is the mean of the grades over all exercises, not started counting as 0. Rows are
 * streamed from the database to the writer a batch at a time, never held all at once.
 */
@ApplicationScoped
public class GradesCsv {

    // Rows a round trip: a 2,000-learner course in two, each a wait for the database on a busy machine.
    private static final int FETCH_SIZE = 1024;

    @Inject
    EntityManager em;

    /** Writes the whole file; runs its own transaction, so it can be called while the response is written. */
    public void write(long courseId, GradeFormat format, Writer out) {
        QuarkusTransaction.requiringNew().run(() -> {
            Course course = Course.findById(courseId);
            List<CourseExercise> exercises = CourseExercise.ofCourse(courseId);
            format.header(course, exercises).forEach(line -> print(out, Csv.line(line)));
            em.unwrap(Session.class).doWork(connection -> writeRows(connection, course, exercises, format, out));
        });
    }

    private static void writeRows(Connection connection, Course course, List<CourseExercise> exercises,
                                  GradeFormat format, Writer out) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql(exercises.size()))) {
            query.setFetchSize(FETCH_SIZE);
            int parameter = 1;
            for (CourseExercise e : exercises) {
                query.setLong(parameter++, e.id);
            }
            query.setLong(parameter, course.id);
            try (ResultSet rows = query.executeQuery()) {
                String[] cells = new String[rows.getMetaData().getColumnCount()];
                List<String> row = Arrays.asList(cells);
                while (rows.next()) {
                    // The driver receives every column as text: numbers are printed as PostgreSQL writes them.
                    for (int i = 0; i < cells.length; i++) {
                        cells[i] = rows.getString(i + 1);
                    }
                    print(out, Csv.line(format.row(course, row, exercises.size())));
                }
            }
        }
    }

    /**
     * One row per learner, in {@link GradeFormat#row}'s order: username, display name, e-mail, then per exercise
     * {@link GradeFormat#PER_EXERCISE} cells, then the total and its points. Each exercise is a join on the progress
     * row of that learner and exercise (bound in the course's order), so the database sorts 2,000 rows, not one per
     * learner and exercise. The cells come rounded from the progress row's generated columns
     * (V40__progress_grade_columns.sql); the totals are rounded once per learner.
     */
    static String sql(int exerciseCount) {
        List<String> cells = new ArrayList<>(List.of("a.username", "a.display_name", "a.email"));
        StringJoiner joins = new StringJoiner(" ");
        StringJoiner grades = new StringJoiner(" + ", "(", ")").setEmptyValue("0");
        StringJoiner points = new StringJoiner(" + ", "(", ")").setEmptyValue("0");
        for (int i = 0; i < exerciseCount; i++) {
            String p = "p" + i;
            joins.add("LEFT JOIN progress %1$s ON %1$s.account_id = a.id AND %1$s.exercise_id = ?".formatted(p));
            cells.addAll(List.of(p + ".grade_rounded", p + ".grade_points_rounded", p + ".best_possible",
                    "CASE WHEN %s.best_late THEN 'late' END".formatted(p),
                    "CASE WHEN %1$s.best_late THEN %1$s.best_penalty_percent END".formatted(p),
                    p + ".computed_rounded", p + ".override_reason"));
            grades.add("coalesce(%s.grade_percent, 0)".formatted(p));
            points.add("coalesce(%1$s.grade_percent * %1$s.best_possible / 100, 0)".formatted(p));
        }
        cells.add("round((%s / %d)::numeric, 1)".formatted(grades, Math.max(exerciseCount, 1)));
        cells.add("round((%s)::numeric, 2)".formatted(points));
        return "SELECT " + String.join(", ", cells) + " FROM membership m JOIN account a ON a.id = m.account_id "
                + joins + " WHERE m.course_id = ? AND m.role = 'LEARNER' ORDER BY a.username";
    }

    private static void print(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
