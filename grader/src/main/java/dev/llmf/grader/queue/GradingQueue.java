package dev.llmf.grader.queue;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.regrade.RegradeBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * The durable queue in the {@code submission} table. A worker claims the next QUEUED row with
 * {@code FOR UPDATE SKIP LOCKED}, so several workers and several grader instances sharing one database never
 * claim the same submission; a claim is a (submission, claim number) pair, and results are stored only if the
 * claim is still current, so a submission is never graded twice into the database. Regrades wait in a second lane
 * ({@code queue_lane} 1) that is served only when no new submission is waiting.
 *
 * <p>Learners take turns: each learner's oldest waiting submission comes before anyone's second, and a learner
 * whose submission is being graded waits one turn more, so one learner's many slow submissions cannot starve the
 * others. {@code claims} counts the claims that ended without a result because the grader died: a graceful stop
 * hands its submissions back without using one up ({@link #release}).
 */
@ApplicationScoped
public class GradingQueue {

    /** What a worker holds while it grades. */
    public record Claim(long submissionId, int claimNumber) {
    }

    @Inject
    EntityManager em;

    @Inject
    GraderConfig config;

    @Inject
    RegradeBook regrades;

    @Transactional
    public Optional<Claim> claimNext(String worker) {
        List<?> rows = em.createNativeQuery("""
                UPDATE submission SET status = 'RUNNING', worker = ?1, claims = claims + 1,
                       started_at = now(), heartbeat_at = now()
                WHERE id = (
                    SELECT s.id FROM submission s
                    JOIN (SELECT id, row_number() OVER (PARTITION BY account_id, queue_lane ORDER BY submitted_at, id) AS turn
                          FROM submission WHERE status = 'QUEUED') waiting ON waiting.id = s.id
                    LEFT JOIN (SELECT account_id, count(*) AS n FROM submission WHERE status = 'RUNNING'
                               GROUP BY account_id) grading ON grading.account_id = s.account_id
                    WHERE s.status = 'QUEUED'
                    ORDER BY s.queue_lane, waiting.turn + coalesce(grading.n, 0), s.submitted_at, s.id
                    FOR UPDATE OF s SKIP LOCKED LIMIT 1)
                RETURNING id, claims""").setParameter(1, worker).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.getFirst();
        return Optional.of(new Claim(((Number) row[0]).longValue(), ((Number) row[1]).intValue()));
    }

    /** Tells other instances this claim is alive; false if the claim was taken away meanwhile. */
    @Transactional
    public boolean heartbeat(Claim claim) {
        return em.createNativeQuery("UPDATE submission SET heartbeat_at = now() WHERE id = ?1 AND claims = ?2 AND status = 'RUNNING'")
                .setParameter(1, claim.submissionId()).setParameter(2, claim.claimNumber()).executeUpdate() == 1;
    }

    /**
     * Hands a claim back on a graceful stop: the submission is QUEUED again as if this claim never happened (its
     * claim count goes back down). False if the claim was no longer current (stored or taken over meanwhile).
     */
    @Transactional
    public boolean release(Claim claim) {
        return em.createNativeQuery("UPDATE submission SET status = 'QUEUED', claims = claims - 1, worker = NULL,"
                        + " started_at = NULL, heartbeat_at = NULL WHERE id = ?1 AND claims = ?2 AND status = 'RUNNING'")
                .setParameter(1, claim.submissionId()).setParameter(2, claim.claimNumber()).executeUpdate() == 1;
    }

    /**
     * At start-up: puts back everything RUNNING under this instance's name (it died and restarted), and whatever
     * other instances left stale. Returns how many were re-queued.
     */
    @Transactional
    public int recoverAfterRestart(String instanceName) {
        return recover("(worker LIKE ?1 OR heartbeat_at < now() - make_interval(secs => ?2))", instanceName + "#%");
    }

    /**
     * Periodically: puts back submissions whose worker stopped sending heartbeats (its instance died). The caller
     * sends its own heartbeats first, so its own live work is never stale here.
     */
    @Transactional
    public int recoverStale() {
        return recover("(heartbeat_at < now() - make_interval(secs => ?2) AND ?1 = ?1)", "");
    }

    // Submissions claimed too often become ERROR (they keep killing workers), or, when regraded, keep their
    // previous result; the others go back to QUEUED.
    private int recover(String deadCondition, String workerPattern) {
        double staleSeconds = config.grading().staleAfter().toSeconds();
        em.createNativeQuery("UPDATE submission SET status = 'ERROR', finished_at = now(), error_message ="
                        + " 'grading stopped ' || claims || ' times without finishing; please tell your instructor'"
                        + " WHERE status = 'RUNNING' AND queue_lane = 0 AND claims >= ?3 AND " + deadCondition)
                .setParameter(1, workerPattern).setParameter(2, staleSeconds)
                .setParameter(3, config.grading().maxClaims()).executeUpdate();
        List<?> keptRegrades = em.createNativeQuery("UPDATE submission SET status = 'GRADED', finished_at = now()"
                        + " WHERE status = 'RUNNING' AND queue_lane = 1 AND claims >= ?3 AND " + deadCondition
                        + " RETURNING id, account_id, exercise_id")
                .setParameter(1, workerPattern).setParameter(2, staleSeconds)
                .setParameter(3, config.grading().maxClaims()).getResultList();
        for (Object row : keptRegrades) {
            Object[] r = (Object[]) row;
            regrades.finish(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                    RegradeBook.Outcome.KEPT);
        }
        return em.createNativeQuery("UPDATE submission SET status = 'QUEUED', worker = NULL, started_at = NULL,"
                        + " heartbeat_at = NULL WHERE status = 'RUNNING' AND " + deadCondition)
                .setParameter(1, workerPattern).setParameter(2, staleSeconds).executeUpdate();
    }

    /** Number of submissions waiting. */
    @Transactional
    public long depth() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM submission WHERE status = 'QUEUED'").getSingleResult()).longValue();
    }
}
