package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The class at a glance: one row per learner, one cell per exercise with the learner's grade (best score after its
 * late penalty, or an instructor's override), attempts and last submission, a page of {@link #PAGE_SIZE} learners
 * at a time, filtered by a part of the username and by status on one exercise, sorted by username, course total,
 * one exercise's grade or attempts, or last activity. Sort keys and counts are computed by the database over the
 * whole class, so sorting is exact.
 */
@ApplicationScoped
public class ClassMatrixQuery {

    public static final int PAGE_SIZE = 100;

    /** How the rows are ordered, by {@code ?sort=}; the exercise ones need {@code ?exercise=}. */
    public enum Sort implements Choice {
        USERNAME("username", "username", false, false),
        TOTAL_DESC("total-desc", "total DESC, username", false, true),
        TOTAL_ASC("total-asc", "total, username", false, true),
        SCORE_DESC("score-desc", "ex_grade DESC NULLS LAST, username", true, false),
        SCORE_ASC("score-asc", "ex_grade NULLS FIRST, username", true, false),
        ATTEMPTS_DESC("attempts-desc", "ex_attempts DESC NULLS LAST, username", true, false),
        ACTIVITY_DESC("activity-desc", "last_at DESC NULLS LAST, username", false, true),
        ACTIVITY_ASC("activity-asc", "last_at NULLS FIRST, username", false, true);

        private final String param;
        private final String orderBy;
        private final boolean perExercise;
        /** Its key sums up every learner's progress (the total, the last activity), not one exercise's row. */
        private final boolean classWide;

        Sort(String param, String orderBy, boolean perExercise, boolean classWide) {
            this.param = param;
            this.orderBy = orderBy;
            this.perExercise = perExercise;
            this.classWide = classWide;
        }

        @Override
        public String param() {
            return param;
        }
    }

    /** Which learners a chosen exercise keeps, by {@code ?status=}. */
    public enum Status implements Choice {
        ANY("any", "true"),
        NOT_STARTED("not-started", "NOT coalesce(ex_started, false)"),
        IN_PROGRESS("in-progress", "ex_started AND NOT ex_passed"),
        PASSED("passed", "ex_passed");

        private final String param;
        private final String where;

        Status(String param, String where) {
            this.param = param;
            this.where = where;
        }

        @Override
        public String param() {
            return param;
        }
    }

    public record Column(String exercise, int number, String title) {
    }

    /**
     * {@code best} is null when not started; {@code attempts} counts graded submissions; {@code grade} the
     * percentage that counts ({@code overridden}: an instructor set it); {@code late}, {@code penaltyPercent} those
     * of the best submission; {@code lastSubmittedAt} the learner's latest graded submission to it.
     */
    public record Cell(String exercise, String status, int attempts, Views.Score best, Double grade, boolean late,
                       double penaltyPercent, boolean overridden, Instant lastSubmittedAt) {
    }

    /**
     * {@code totalPercent}: the mean of the grades over every exercise, not started counting as 0;
     * {@code lastActivity}: the latest of the cells' submissions (null: none).
     */
    public record LearnerRow(String username, String displayName, double totalPercent, boolean disabled,
                             Instant lastActivity, List<Cell> cells) {
    }

    /** {@code matched}: learners that pass the filters, on all pages; {@code exercise} empty when none is chosen. */
    public record Matrix(List<Column> exercises, List<LearnerRow> learners, String q, String sort, String exercise,
                         String status, int page, int pageSize, long matched, int pages) {
    }

    // Every learner of the class (filtered by username) with the keys a status filter or an exercise's sort reads:
    // the chosen exercise's progress row, one per learner at most (exercise id -1 when none is chosen: no row, so
    // NULL grade and attempts, not started).
    private static final String LEARNERS = """
            SELECT a.id, a.username, a.display_name, m.disabled_at IS NOT NULL AS disabled, %1$s AS ex_grade,
                   p.attempts AS ex_attempts, p.account_id IS NOT NULL AS ex_started,
                   coalesce(p.best_earned = p.best_possible, false) AS ex_passed
            FROM membership m JOIN account a ON a.id = m.account_id
            LEFT JOIN progress p ON p.account_id = a.id AND p.exercise_id = :exercise
            WHERE m.course_id = :course AND m.role = 'LEARNER' AND strpos(a.username, :q) > 0""";

    // Per learner with progress in the course: the course total and the last graded submission's time, over the
    // learners %2$s picks (the whole class, or only the page's).
    private static final String SUMMARY = """
            SELECT p.account_id, %1$s AS total, max(p.latest_submitted_at) AS last_at
            FROM progress p JOIN exercise e ON e.id = p.exercise_id AND e.course_id = :course
            WHERE %2$s GROUP BY p.account_id""";

    // The page: learners in the sort's order (its columns exist only in "page", so its ORDER BY works unqualified
    // here too), each with their progress rows (at most PAGE_SIZE × exercises).
    private static final String CELLS = """
            SELECT page.username, page.display_name, page.total, page.matched, page.disabled, e.slug, %1$s AS status,
                   p.attempts, p.best_earned, p.best_possible, p.best_late, p.best_penalty_percent, %2$s AS grade,
                   p.override_percent IS NOT NULL, p.latest_submitted_at
            FROM page LEFT JOIN (progress p JOIN exercise e ON e.id = p.exercise_id AND e.course_id = :course)
              ON p.account_id = page.id
            ORDER BY %3$s, e.position""";

    // Sorted by the total or last activity: those keys come from the whole class's progress (about 16k rows on a
    // 2,000-learner course) before a page can be cut.
    private static final String CLASS_SORT = """
            WITH summary AS (%1$s), learner AS (
              SELECT l.*, coalesce(s.total, 0) AS total, s.last_at
              FROM (%2$s) l LEFT JOIN summary s ON s.account_id = l.id
            ), page AS (
              SELECT *, count(*) OVER () AS matched FROM learner WHERE %3$s ORDER BY %4$s LIMIT :limit OFFSET :offset
            )
            %5$s""";

    // Any other sort cuts the page from the learners and the chosen exercise alone, then sums up only the page's
    // learners (about 800 progress rows).
    private static final String PAGE_SORT = """
            WITH learner AS (%2$s), picked AS (
              SELECT *, count(*) OVER () AS matched FROM learner WHERE %3$s ORDER BY %4$s LIMIT :limit OFFSET :offset
            ), summary AS (%1$s), page AS (
              SELECT picked.*, coalesce(s.total, 0) AS total, s.last_at
              FROM picked LEFT JOIN summary s ON s.account_id = picked.id
            )
            %5$s""";

    @Inject
    EntityManager em;

    /**
     * @param q        part of a username (case-insensitive); blank matches everyone
     * @param exercise the exercise the status filter and the per-exercise sorts are about; null or blank: none
     * @param page     from 1; past the last page the list is empty
     */
    @Transactional
    public Matrix run(long courseId, String q, int page, Sort sort, String exercise, Status status) {
        if (page < 1) {
            throw ApiException.badRequest("page (" + page + ") must be 1 or more");
        }
        String filter = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        if (filter.length() > 40) {
            throw ApiException.badRequest("q (" + filter.length() + " characters) must be at most 40 characters, as usernames are");
        }
        List<CourseExercise> exercises = CourseExercise.ofCourse(courseId);
        String chosen = exercise == null ? "" : exercise.strip();
        long exerciseId = chosen.isEmpty() ? -1 : exercises.stream().filter(e -> e.slug.equals(chosen)).findFirst()
                .map(e -> e.id).orElseThrow(() -> ApiException.notFound("no exercise '" + chosen + "' in your course"));
        if (chosen.isEmpty() && (sort.perExercise || status != Status.ANY)) {
            throw ApiException.badRequest("sort=" + sort.param() + " and status=" + status.param()
                    + " are about one exercise: choose it with ?exercise=");
        }
        String total = ProgressSql.total("(SELECT count(*) FROM exercise WHERE course_id = :course)");
        String sql = (sort.classWide ? CLASS_SORT : PAGE_SORT).formatted(
                SUMMARY.formatted(total, sort.classWide ? "true" : "p.account_id IN (SELECT id FROM picked)"),
                LEARNERS.formatted(ProgressSql.GRADE), status.where, sort.orderBy,
                CELLS.formatted(ProgressSql.STATUS, ProgressSql.GRADE, sort.orderBy));
        List<Object[]> rows = rows(sql, courseId, filter, exerciseId, PAGE_SIZE, (page - 1L) * PAGE_SIZE);
        // past the last page, the first page says how many there are
        List<Object[]> counted = rows.isEmpty() && page > 1 ? rows(sql, courseId, filter, exerciseId, 1, 0) : rows;
        long matched = counted.isEmpty() ? 0 : Rows.longValue(counted.getFirst()[3]);
        int pages = (int) Math.max(1, (matched + PAGE_SIZE - 1) / PAGE_SIZE);
        return new Matrix(exercises.stream().map(e -> new Column(e.slug, e.position, e.title)).toList(),
                learners(rows, exercises), filter, sort.param(), chosen, status.param(), page, PAGE_SIZE, matched, pages);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, long courseId, String q, long exerciseId, int limit, long offset) {
        return em.createNativeQuery(sql).setParameter("course", courseId).setParameter("q", q)
                .setParameter("exercise", exerciseId).setParameter("limit", limit).setParameter("offset", offset)
                .getResultList();
    }

    // Rows come ordered by learner; each learner's cells are laid out in course order, not started where missing.
    private static List<LearnerRow> learners(List<Object[]> rows, List<CourseExercise> exercises) {
        Map<String, Object[]> first = new LinkedHashMap<>();
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        for (Object[] r : rows) {
            String username = (String) r[0];
            first.putIfAbsent(username, r);
            Map<String, Cell> mine = cells.computeIfAbsent(username, u -> new LinkedHashMap<>());
            if (r[5] != null) {
                mine.put((String) r[5], new Cell((String) r[5], (String) r[6], Rows.intValue(r[7]), Rows.score(r[8], r[9]),
                        r[12] == null ? null : Math.round(10 * Rows.decimal(r[12])) / 10.0, (Boolean) r[10],
                        Rows.decimal(r[11]), (Boolean) r[13], Rows.instant(r[14])));
            }
        }
        List<LearnerRow> out = new ArrayList<>();
        first.forEach((username, r) -> {
            Map<String, Cell> mine = cells.get(username);
            List<Cell> row = exercises.stream().map(e -> mine.getOrDefault(e.slug,
                    new Cell(e.slug, "NOT_STARTED", 0, null, null, false, 0, false, null))).toList();
            Instant last = row.stream().map(Cell::lastSubmittedAt).filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo).orElse(null);
            out.add(new LearnerRow(username, (String) r[1], Math.round(10 * Rows.decimal(r[2])) / 10.0, (Boolean) r[4],
                    last, row));
        });
        return out;
    }
}
