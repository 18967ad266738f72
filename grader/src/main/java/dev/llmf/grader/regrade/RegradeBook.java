package dev.llmf.grader.regrade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * The queue's side of a regrade, called inside the transaction that finishes a submission: whether the submission
 * is being regraded, and marking it done. A regraded submission does not count as a new attempt; instead the
 * learner's best and latest are recomputed from the regraded submissions and whatever was graded after the regrade
 * was asked for (older attempts were graded by the old suite and no longer count toward the best).
 */
@ApplicationScoped
public class RegradeBook {

    /** How a regraded submission ended. */
    public enum Outcome {
        /** New results were stored. */
        REGRADED,
        /** The grader failed, so the previous result stands. */
        KEPT
    }

    @Inject
    EntityManager em;

    /** Whether the submission is waiting in (or being graded for) a regrade. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean isPending(long submissionId) {
        return !em.createNativeQuery("SELECT 1 FROM regrade_item WHERE submission_id = ?1 AND finished_at IS NULL")
                .setParameter(1, submissionId).getResultList().isEmpty();
    }

    /**
     * Marks the submission done in its regrade, recomputes the learner's progress on the exercise, and closes the
     * regrade when it was the last one. Returns false, doing nothing, if the submission is in no pending regrade.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean finish(long submissionId, long accountId, long exerciseId, Outcome outcome) {
        em.flush();     // the submission's new score must be in the database for the recomputation below
        List<?> regrade = em.createNativeQuery("UPDATE regrade_item SET finished_at = now(), outcome = ?2"
                        + " WHERE submission_id = ?1 AND finished_at IS NULL RETURNING regrade_id")
                .setParameter(1, submissionId).setParameter(2, outcome.name()).getResultList();
        if (regrade.isEmpty()) {
            return false;
        }
        long regradeId = ((Number) regrade.getFirst()).longValue();
        // One regrade's submissions finish one at a time: a worker then sees the others' committed results, so the
        // progress it recomputes and its "was I the last one?" check are both right.
        em.createNativeQuery("SELECT id FROM regrade WHERE id = ?1 FOR UPDATE").setParameter(1, regradeId).getResultList();
        recomputeProgress(accountId, exerciseId, regradeId);
        em.createNativeQuery("UPDATE regrade r SET finished_at = now() WHERE r.id = ?1 AND r.finished_at IS NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM regrade_item i WHERE i.regrade_id = r.id AND i.finished_at IS NULL)")
                .setParameter(1, regradeId).executeUpdate();
        return true;
    }

    // Counts: attempts stay as they are. Best: highest fraction after its late penalty (kept from when it was made),
    // earliest on a tie; latest: the newest. Both among
    // the regrade's submissions (those still waiting with their previous score) and those graded since it began.
    private void recomputeProgress(long accountId, long exerciseId, long regradeId) {
        em.createNativeQuery("""
                WITH current AS (
                  SELECT s.id, s.points_earned AS earned, s.points_possible AS possible, s.late, s.penalty_percent,
                         s.submitted_at
                  FROM submission s
                  WHERE s.account_id = ?1 AND s.exercise_id = ?2 AND s.status <> 'ERROR' AND s.points_earned IS NOT NULL
                    AND (s.id IN (SELECT submission_id FROM regrade_item WHERE regrade_id = ?3)
                         OR s.finished_at >= (SELECT requested_at FROM regrade WHERE id = ?3))),
                best AS (SELECT * FROM current
                         ORDER BY earned::numeric * (100 - penalty_percent) / NULLIF(possible, 0) DESC NULLS LAST, id LIMIT 1),
                latest AS (SELECT * FROM current ORDER BY id DESC LIMIT 1)
                UPDATE progress SET
                  best_submission_id = (SELECT id FROM best), best_earned = (SELECT earned FROM best),
                  best_possible = (SELECT possible FROM best),
                  best_late = coalesce((SELECT late FROM best), false),
                  best_penalty_percent = coalesce((SELECT penalty_percent FROM best), 0),
                  best_attempt = (SELECT count(*) FROM submission x WHERE x.account_id = ?1 AND x.exercise_id = ?2
                                  AND x.status = 'GRADED' AND x.id <= (SELECT id FROM best)),
                  latest_submitted_at = (SELECT submitted_at FROM latest),
                  latest_submission_id = (SELECT id FROM latest), latest_earned = (SELECT earned FROM latest),
                  latest_possible = (SELECT possible FROM latest), updated_at = now()
                WHERE account_id = ?1 AND exercise_id = ?2""")
                .setParameter(1, accountId).setParameter(2, exerciseId).setParameter(3, regradeId).executeUpdate();
    }
}
