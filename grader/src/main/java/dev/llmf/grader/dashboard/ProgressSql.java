package dev.llmf.grader.dashboard;

/**
 * The rules about a learner's standing on an exercise, written once as SQL over {@code progress p} (left-joined,
 * so {@code p.account_id IS NULL} means no graded attempt yet). They match {@code SubmissionService.progress},
 * which the learner's own pages use.
 */
final class ProgressSql {

    private ProgressSql() {
    }

    /** {@code NOT_STARTED}, {@code IN_PROGRESS} or {@code PASSED}. */
    static final String STATUS = """
            CASE WHEN p.account_id IS NULL THEN 'NOT_STARTED'
                 WHEN p.best_earned = p.best_possible THEN 'PASSED' ELSE 'IN_PROGRESS' END""";

    /**
     * The best submission's score as a percentage (float8), before any late penalty: what the learner's code
     * achieved. NULL when not started. An exercise worth 0 points counts as 100.
     */
    static final String BEST_PERCENT = """
            CASE WHEN p.best_possible > 0 THEN 100.0::float8 * p.best_earned / p.best_possible
                 WHEN p.best_possible = 0 THEN 100.0::float8 END""";

    /** The best score after its late penalty (float8). NULL when not started. */
    static final String PENALISED_PERCENT = "(" + BEST_PERCENT + ") * (100 - p.best_penalty_percent)::float8 / 100";

    /** The percentage that counts: an instructor's override, else the best score after its late penalty. */
    static final String GRADE_PERCENT = "coalesce(p.override_percent::float8, " + PENALISED_PERCENT + ")";

    /**
     * {@link #GRADE_PERCENT} as the progress row keeps it (a generated column, V40__progress_grade_columns.sql, with
     * the export's rounded forms beside it): queries over a whole class read this instead of computing it per row.
     */
    static final String GRADE = "p.grade_percent";

    /**
     * A learner's course total: the mean of their grades over all {@code exerciseCount} exercises of the course,
     * not started counting as 0. An aggregate: use it in a query grouped by learner.
     */
    static String total(String exerciseCount) {
        return "coalesce(sum(" + GRADE + "), 0) / greatest(" + exerciseCount + ", 1)";
    }
}
