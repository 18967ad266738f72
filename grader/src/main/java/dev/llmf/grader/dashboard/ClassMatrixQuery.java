package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The class at a glance: one row per learner, one cell per exercise with the learner's best score and attempts,
 * a page of {@link #PAGE_SIZE} learners at a time, filtered by a part of the username and sorted by username or by
 * course total. The totals are computed by the database over the whole class, so sorting by them is exact.
 */
@ApplicationScoped
public class ClassMatrixQuery {

    public static final int PAGE_SIZE = 100;

    /** How the rows are ordered, by {@code ?sort=}. */
    public enum Sort implements Choice {
        USERNAME("username", "username"),
        TOTAL_DESC("total-desc", "total DESC, username"),
        TOTAL_ASC("total-asc", "total, username");

        private final String param;
        private final String orderBy;

        Sort(String param, String orderBy) {
            this.param = param;
            this.orderBy = orderBy;
        }

        @Override
        public String param() {
            return param;
        }
    }

    public record Column(String exercise, int number, String title) {
    }

    /** {@code best} is null when not started; {@code attempts} counts graded submissions. */
    public record Cell(String exercise, String status, int attempts, Views.Score best) {
    }

    /** {@code totalPercent}: the mean of the best percentages over every exercise, not started counting as 0. */
    public record LearnerRow(String username, String displayName, double totalPercent, List<Cell> cells) {
    }

    /** {@code matched}: learners that pass the filter, on all pages. */
    public record Matrix(List<Column> exercises, List<LearnerRow> learners, String q, String sort, int page,
                         int pageSize, long matched, int pages) {
    }

    private static final String COUNT = """
            SELECT count(*) FROM membership m JOIN account a ON a.id = m.account_id
            WHERE m.course_id = :course AND m.role = 'LEARNER' AND strpos(a.username, :q) > 0""";

    // One page of learners with their totals, then their progress rows (at most PAGE_SIZE × exercises). The sort's
    // columns (username, total) exist only in "page", so its ORDER BY works unqualified in both places.
    private static final String PAGE = """
            WITH learner AS (
              SELECT a.id, a.username, a.display_name,
                     %s AS total
              FROM membership m JOIN account a ON a.id = m.account_id
              LEFT JOIN (progress p JOIN exercise pe ON pe.id = p.exercise_id AND pe.course_id = :course) ON p.account_id = a.id
              WHERE m.course_id = :course AND m.role = 'LEARNER' AND strpos(a.username, :q) > 0
              GROUP BY a.id
            ), page AS (
              SELECT * FROM learner ORDER BY %s LIMIT :limit OFFSET :offset
            )
            SELECT page.username, page.display_name, page.total, e.slug, %s AS status, p.attempts, p.best_earned,
                   p.best_possible
            FROM page LEFT JOIN (progress p JOIN exercise e ON e.id = p.exercise_id AND e.course_id = :course)
              ON p.account_id = page.id
            ORDER BY %s, e.position""";

    @Inject
    EntityManager em;

    /**
     * @param q    part of a username (case-insensitive); blank matches everyone
     * @param page from 1; past the last page the list is empty
     */
    @Transactional
    public Matrix run(long courseId, String q, int page, Sort sort) {
        if (page < 1) {
            throw ApiException.badRequest("page (" + page + ") must be 1 or more");
        }
        String filter = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        if (filter.length() > 40) {
            throw ApiException.badRequest("q (" + filter.length() + " characters) must be at most 40 characters, as usernames are");
        }
        List<CourseExercise> exercises = CourseExercise.ofCourse(courseId);
        long matched = Rows.longValue(em.createNativeQuery(COUNT)
                .setParameter("course", courseId).setParameter("q", filter).getSingleResult());
        String exerciseCount = "(SELECT count(*) FROM exercise WHERE course_id = :course)";
        String sql = PAGE.formatted(ProgressSql.total(exerciseCount), sort.orderBy, ProgressSql.STATUS, sort.orderBy);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql)
                .setParameter("course", courseId).setParameter("q", filter)
                .setParameter("limit", PAGE_SIZE).setParameter("offset", (page - 1L) * PAGE_SIZE)
                .getResultList();
        int pages = (int) Math.max(1, (matched + PAGE_SIZE - 1) / PAGE_SIZE);
        return new Matrix(exercises.stream().map(e -> new Column(e.slug, e.position, e.title)).toList(),
                learners(rows, exercises), filter, sort.param(), page, PAGE_SIZE, matched, pages);
    }

    // Rows come ordered by learner; each learner's cells are laid out in course order, not started where missing.
    private static List<LearnerRow> learners(List<Object[]> rows, List<CourseExercise> exercises) {
        Map<String, Object[]> first = new LinkedHashMap<>();
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        for (Object[] r : rows) {
            String username = (String) r[0];
            first.putIfAbsent(username, r);
            Map<String, Cell> mine = cells.computeIfAbsent(username, u -> new LinkedHashMap<>());
            if (r[3] != null) {
                mine.put((String) r[3], new Cell((String) r[3], (String) r[4], Rows.intValue(r[5]), Rows.score(r[6], r[7])));
            }
        }
        List<LearnerRow> out = new ArrayList<>();
        first.forEach((username, r) -> {
            Map<String, Cell> mine = cells.get(username);
            List<Cell> row = exercises.stream()
                    .map(e -> mine.getOrDefault(e.slug, new Cell(e.slug, "NOT_STARTED", 0, null))).toList();
            out.add(new LearnerRow(username, (String) r[1], Math.round(10 * Rows.decimal(r[2])) / 10.0, row));
        });
        return out;
    }
}
