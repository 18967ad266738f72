package dev.llmf.grader.roster;

import dev.llmf.grader.dashboard.Rows;
import dev.llmf.grader.model.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** The roster's reads and bulk deletes, in SQL. */
@ApplicationScoped
public class RosterQuery {

    public static final int PAGE_SIZE = 100;

    /** One member as the roster lists them. */
    public record Row(String username, String name, String email, String role, boolean disabled, boolean passwordSet,
                      Instant joinedAt) {
    }

    /** A page of members; {@code matched}: how many pass the filter on all pages. */
    public record Page(List<Row> members, String q, int page, int pages, long matched) {
    }

    private static final String FILTER = " FROM membership m JOIN account a ON a.id = m.account_id"
            + " WHERE m.course_id = :course AND (strpos(a.username, :q) > 0 OR strpos(lower(a.display_name), :q) > 0)";

    @Inject
    EntityManager em;

    /** Staff first, then learners, each by username; {@code q} is part of a username or name (lower case). */
    @Transactional
    public Page list(long courseId, String q, int page) {
        long matched = ((Number) em.createNativeQuery("SELECT count(*)" + FILTER).setParameter("course", courseId)
                .setParameter("q", q).getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT a.username, a.display_name, a.email, m.role,"
                        + " m.disabled_at IS NOT NULL, a.password_hash <> :none, m.created_at" + FILTER
                        + " ORDER BY m.role = 'LEARNER', a.username LIMIT :limit OFFSET :offset")
                .setParameter("course", courseId).setParameter("q", q).setParameter("none", Account.NO_PASSWORD)
                .setParameter("limit", PAGE_SIZE).setParameter("offset", (page - 1L) * PAGE_SIZE).getResultList();
        int pages = (int) Math.max(1, (matched + PAGE_SIZE - 1) / PAGE_SIZE);
        return new Page(rows.stream().map(r -> new Row((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                (Boolean) r[4], (Boolean) r[5], Rows.instant(r[6]))).toList(), q, page, pages, matched);
    }

    /** Members of the course who have not set a password yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Account> withoutPassword(long courseId) {
        return Account.list("passwordHash = ?1 and id in (select m.key.accountId from Membership m where"
                + " m.key.courseId = ?2 and m.disabledAt is null) order by username", Account.NO_PASSWORD, courseId);
    }

    /**
     * Deletes what the account did in the course: its progress, and its submissions with their results, files and
     * comments (by cascade). Returns how many submissions went.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long deleteWork(long accountId, long courseId) {
        String ofCourse = " WHERE account_id = ?1 AND exercise_id IN (SELECT id FROM exercise WHERE course_id = ?2)";
        for (String table : List.of("progress")) {
            em.createNativeQuery("DELETE FROM " + table + ofCourse).setParameter(1, accountId).setParameter(2, courseId)
                    .executeUpdate();
        }
        return em.createNativeQuery("DELETE FROM submission" + ofCourse).setParameter(1, accountId)
                .setParameter(2, courseId).executeUpdate();
    }

    /**
     * Deletes the account once it belongs to no course, unless something of the course's history still names it
     * (it asked for a regrade, or has submissions elsewhere); it can no longer sign in either way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteAccountIfUnused(long accountId) {
        em.flush();
        em.createNativeQuery("DELETE FROM account a WHERE a.id = ?1"
                        + " AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.account_id = a.id)"
                        + " AND NOT EXISTS (SELECT 1 FROM regrade r WHERE r.requested_by = a.id)"
                        + " AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.account_id = a.id)")
                .setParameter(1, accountId).executeUpdate();
    }
}
