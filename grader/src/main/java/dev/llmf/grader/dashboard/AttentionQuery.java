package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learners who may need help: <em>stuck</em> on an exercise they have not passed (their last {@code attempts} or
 * more graded submissions brought no gain: they came after the attempt that reached the best), or <em>inactive</em> (no submission for {@code days}
 * days, or none at all, while an exercise of the course is open). Disabled learners are left out. Sorted by last
 * activity (longest silent first), by how many exercises they are stuck on, or by username; {@link #PAGE_SIZE} a
 * page.
 */
@ApplicationScoped
public class AttentionQuery {

    public static final int PAGE_SIZE = 100;

    /** How the rows are ordered, by {@code ?sort=}. */
    public enum Sort implements Choice {
        ACTIVITY("activity", "last_at NULLS FIRST, username"),
        STUCK("stuck", "stuck DESC, last_at NULLS FIRST, username"),
        USERNAME("username", "username");

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

    /** An exercise the learner is stuck on: graded attempts since their best, and in all. */
    public record Stuck(String exercise, int attemptsSinceBest, int attempts) {
    }

    /** {@code lastActivity} null: never submitted; {@code inactive}: silent for {@code days} or more. */
    public record Learner(String username, String displayName, Instant lastActivity, boolean inactive,
                          List<Stuck> stuck) {
    }

    /** {@code openExercises}: whether inactivity counts now (an exercise is open). */
    public record Attention(int attempts, int days, String sort, boolean openExercises, long matched, int page,
                            int pages, List<Learner> learners) {
    }

    // Everything comes from the learners' progress rows: attempts since the best are attempts - best_attempt, the
    // last activity the latest graded submission's time (kept there by the queue; V23__progress_activity.sql). One
    // pass over the course's progress sums up every learner (last activity, exercises stuck on); only the page's
    // learners then get their stuck exercises listed.
    private static final String SQL = """
            WITH learner AS (
              SELECT a.id, a.username, a.display_name FROM membership m JOIN account a ON a.id = m.account_id
              WHERE m.course_id = :course AND m.role = 'LEARNER' AND m.disabled_at IS NULL
            ), summary AS (
              SELECT p.account_id, max(p.latest_submitted_at) AS last_at,
                     count(*) FILTER (WHERE %2$s) AS stuck
              FROM progress p JOIN exercise e ON e.id = p.exercise_id AND e.course_id = :course
              GROUP BY p.account_id
            ), open_now AS (
              SELECT EXISTS (SELECT 1 FROM exercise WHERE course_id = :course AND (opens_at IS NULL OR opens_at <= now())
                             AND (coalesce(closes_at, due_at) IS NULL OR coalesce(closes_at, due_at) > now())) AS is_open
            ), flagged AS (
              SELECT l.id, l.username, l.display_name, s.last_at, coalesce(s.stuck, 0) AS stuck
              FROM learner l LEFT JOIN summary s ON s.account_id = l.id
            ), page AS (
              SELECT f.*, count(*) OVER () AS matched,
                     (SELECT is_open FROM open_now) AND (f.last_at IS NULL OR f.last_at < now() - make_interval(days => :days)) AS inactive
              FROM flagged f
              WHERE f.stuck > 0 OR ((SELECT is_open FROM open_now)
                                    AND (f.last_at IS NULL OR f.last_at < now() - make_interval(days => :days)))
              ORDER BY %1$s LIMIT :limit OFFSET :offset
            ), stuck AS (
              SELECT p.account_id, e.slug, e.position, p.attempts, p.attempts - p.best_attempt AS since
              FROM progress p JOIN exercise e ON e.id = p.exercise_id AND e.course_id = :course
              WHERE p.account_id IN (SELECT id FROM page) AND %2$s
            )
            SELECT page.username, page.display_name, page.last_at, page.inactive, page.matched, s.slug, s.since,
                   s.attempts, (SELECT is_open FROM open_now)
            FROM page LEFT JOIN stuck s ON s.account_id = page.id
            ORDER BY %1$s, s.position""";

    // Stuck on an exercise: not passed, and the last :attempts or more graded attempts brought no gain.
    private static final String STUCK = "p.best_earned < p.best_possible AND p.attempts - p.best_attempt >= :attempts";

    private static final String OPEN_NOW = """
            SELECT EXISTS (SELECT 1 FROM exercise WHERE course_id = :course AND (opens_at IS NULL OR opens_at <= now())
                           AND (coalesce(closes_at, due_at) IS NULL OR coalesce(closes_at, due_at) > now()))""";

    @Inject
    EntityManager em;

    /** @param attempts 2 to 100; {@code days} 1 to 365; {@code page} from 1 */
    @Transactional
    public Attention run(long courseId, int attempts, int days, Sort sort, int page) {
        if (attempts < 2 || attempts > 100) {
            throw ApiException.badRequest("attempts (" + attempts + ") must be 2 to 100");
        }
        if (days < 1 || days > 365) {
            throw ApiException.badRequest("days (" + days + ") must be 1 to 365");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SQL.formatted(sort.orderBy, STUCK)).setParameter("course", courseId)
                .setParameter("attempts", attempts).setParameter("days", days).setParameter("limit", PAGE_SIZE)
                .setParameter("offset", (page - 1L) * PAGE_SIZE).getResultList();
        boolean open = rows.isEmpty()
                ? (Boolean) em.createNativeQuery(OPEN_NOW).setParameter("course", courseId).getSingleResult()
                : (Boolean) rows.getFirst()[8];
        long matched = rows.isEmpty() ? 0 : Rows.longValue(rows.getFirst()[4]);
        Map<String, Learner> learners = new LinkedHashMap<>();
        for (Object[] r : rows) {
            Learner l = learners.computeIfAbsent((String) r[0], u -> new Learner(u, (String) r[1], Rows.instant(r[2]),
                    (Boolean) r[3], new ArrayList<>()));
            if (r[5] != null) {
                l.stuck().add(new Stuck((String) r[5], Rows.intValue(r[6]), Rows.intValue(r[7])));
            }
        }
        return new Attention(attempts, days, sort.param(), open, matched, page,
                (int) Math.max(1, (matched + PAGE_SIZE - 1) / PAGE_SIZE), List.copyOf(learners.values()));
    }

    /** Days since {@code at}, rounded down, for the page. */
    public static long daysSince(Instant at) {
        return Duration.between(at, Instant.now()).toDays();
    }
}
