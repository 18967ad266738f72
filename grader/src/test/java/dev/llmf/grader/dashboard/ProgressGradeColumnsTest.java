package dev.llmf.grader.dashboard;

import dev.llmf.grader.model.Role;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestCourse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The progress row's generated grade columns (V40__progress_grade_columns.sql) hold exactly what {@link ProgressSql}'s
 * rules compute, unrounded and rounded as the grades export prints them, for every kind of row: on time, late with a
 * penalty (whole, fractional, 100%), overridden (to 0, to a fraction, over a late score), worth 0 points, and with no
 * graded submission yet. A change to the rules without a migration for the columns fails here.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ProgressGradeColumnsTest {

    // earned, possible, penalty percent, override percent (NULL: none); one learner and exercise each
    private static final List<String> ROWS = List.of(
            "10, 10, 0, NULL", "7, 8, 0, NULL", "1, 3, 0, NULL", "2, 3, 0, NULL", "1, 400, 0, NULL", "0, 10, 0, NULL",
            "8, 8, 20, NULL", "7, 8, 12.5, NULL", "19, 23, 33.33, NULL", "5, 7, 7.25, NULL", "9, 10, 100, NULL",
            "1, 3, 0.01, NULL", "6, 10, 0, 75", "6, 10, 0, 66.67", "3, 7, 10, 0", "29, 31, 12.5, 12.35",
            "0, 0, 0, NULL", "0, 0, 50, NULL", "NULL, NULL, 0, NULL", "NULL, NULL, 0, 80");

    // Each stored column beside the rule it keeps, as text, so that the scale (90.0, 6.40) counts too.
    private static final String MISMATCHES = """
            SELECT count(*) FROM progress p JOIN exercise e ON e.id = p.exercise_id
            WHERE e.course_id = :course AND (
                 p.grade_percent IS DISTINCT FROM (%1$s)
              OR p.grade_rounded::text IS DISTINCT FROM round((%1$s)::numeric, 1)::text
              OR p.grade_points_rounded::text IS DISTINCT FROM round((%1$s * p.best_possible / 100)::numeric, 2)::text
              OR p.computed_rounded::text IS DISTINCT FROM round((%2$s)::numeric, 1)::text)""";

    @Inject
    EntityManager em;

    @Test
    @DisplayName("the stored grade columns equal ProgressSql's grade and penalised score, unrounded and rounded")
    void storedColumnsFollowTheRules() {
        TestCourse c = TestCourse.create("grade-columns");
        long learner = c.account("gc-learner", "Grade Columns", Role.LEARNER, false);
        long[] exercises = new long[ROWS.size()];
        for (int i = 0; i < ROWS.size(); i++) {
            exercises[i] = c.exercise("ex-" + i, i + 1, "Exercise " + i, null);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < ROWS.size(); i++) {
                String[] v = ROWS.get(i).split(", ");
                em.createNativeQuery("""
                        INSERT INTO progress (account_id, exercise_id, attempts, best_earned, best_possible,
                                              best_late, best_penalty_percent, override_percent, override_reason, override_at)
                        VALUES (:account, :exercise, 1, %s, %s, %s, %s, %s, %s, %s)""".formatted(v[0], v[1],
                                !v[2].equals("0"), v[2], v[3], v[3].equals("NULL") ? "NULL" : "'test'",
                                v[3].equals("NULL") ? "NULL" : "now()"))
                        .setParameter("account", learner).setParameter("exercise", exercises[i]).executeUpdate();
            }
        });
        long mismatches = QuarkusTransaction.requiringNew().call(() -> Rows.longValue(em.createNativeQuery(
                MISMATCHES.formatted(ProgressSql.GRADE_PERCENT, ProgressSql.PENALISED_PERCENT))
                .setParameter("course", c.id()).getSingleResult()));
        assertEquals(0, mismatches, "rows whose stored grade columns differ from ProgressSql's rules");

        // and the stored values are the ones the export shows (docs/instructors.md's samples round the same way)
        List<?> sample = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT p.grade_rounded::text || ' ' || p.grade_points_rounded::text || ' ' || p.computed_rounded::text
                FROM progress p JOIN exercise e ON e.id = p.exercise_id
                WHERE e.course_id = :course AND e.slug IN ('ex-7', 'ex-15') ORDER BY e.position""")
                .setParameter("course", c.id()).getResultList());
        assertEquals(List.of("76.6 6.13 76.6", "12.4 3.83 81.9"), sample,
                "7/8 with 12.5% off is 76.5625% (6.125 points); 29/31 with 12.5% off is 81.85…%, overridden to 12.35%"
                        + " (3.8285 points); halves round up");
    }
}
