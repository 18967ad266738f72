package dev.llmf.grader.queue;

import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.grading.TestOutcome;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionStatus;
import dev.llmf.grader.model.TestResult;
import dev.llmf.grader.regrade.RegradeBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Stores a graded result and the learner's progress in one transaction, if the claim is still current. A regraded
 * submission's new results replace its old ones (its regrade keeps a copy), and it does not count as an attempt.
 */
@ApplicationScoped
public class ResultStore {

    @Inject
    EntityManager em;

    @Inject
    RegradeBook regrades;

    /** Returns false (and stores nothing) if the claim was lost: someone else owns this submission now. */
    @Transactional
    public boolean store(GradingQueue.Claim claim, GradeReport report) {
        Submission s = em.find(Submission.class, claim.submissionId(), LockModeType.PESSIMISTIC_WRITE);
        if (s == null || s.status != SubmissionStatus.RUNNING || s.claims != claim.claimNumber()) {
            return false;
        }
        s.finishedAt = Instant.now();
        boolean regrade = regrades.isPending(s.id);
        if (report.graderError() != null && regrade) {
            s.status = SubmissionStatus.GRADED;     // the grader failed, not the learner: the previous result stands
            regrades.finish(s.id, s.accountId, s.exerciseId, RegradeBook.Outcome.KEPT);
            return true;
        }
        s.pointsPossible = report.pointsPossible();
        if (report.graderError() != null) {
            s.status = SubmissionStatus.ERROR;
            s.errorMessage = report.graderError();
            s.pointsEarned = null;
            return true;
        }
        s.status = SubmissionStatus.GRADED;
        s.compileErrors = report.compileErrors();
        s.pointsEarned = report.pointsEarned();
        if (regrade) {
            em.createNativeQuery("DELETE FROM test_result WHERE submission_id = ?1").setParameter(1, s.id).executeUpdate();
        }
        int position = 0;
        for (TestOutcome o : report.tests()) {
            TestResult r = new TestResult();
            r.submissionId = s.id;
            r.position = position++;
            r.testKey = o.key();
            r.displayName = o.displayName();
            r.passed = o.passed();
            r.pointsEarned = o.pointsEarned();
            r.pointsPossible = o.pointsPossible();
            r.visibility = o.visibility();
            r.message = o.message();
            r.output = o.output();
            r.durationMs = (int) Math.min(Integer.MAX_VALUE, o.durationMillis());
            r.persist();
        }
        if (regrade) {
            regrades.finish(s.id, s.accountId, s.exerciseId, RegradeBook.Outcome.REGRADED);
        } else {
            updateProgress(s);
        }
        return true;
    }

    // Attempts count graded submissions; best is the highest fraction (earliest on a tie); latest the newest.
    private void updateProgress(Submission s) {
        em.createNativeQuery("""
                INSERT INTO progress AS p (account_id, exercise_id, attempts, best_submission_id, best_earned, best_possible,
                                           latest_submission_id, latest_earned, latest_possible, updated_at)
                VALUES (?1, ?2, 1, ?3, ?4, ?5, ?3, ?4, ?5, now())
                ON CONFLICT (account_id, exercise_id) DO UPDATE SET
                  attempts = p.attempts + 1,
                  best_submission_id = CASE WHEN EXCLUDED.best_earned * p.best_possible > p.best_earned * EXCLUDED.best_possible
                                            THEN EXCLUDED.best_submission_id ELSE p.best_submission_id END,
                  best_earned = CASE WHEN EXCLUDED.best_earned * p.best_possible > p.best_earned * EXCLUDED.best_possible
                                     THEN EXCLUDED.best_earned ELSE p.best_earned END,
                  best_possible = CASE WHEN EXCLUDED.best_earned * p.best_possible > p.best_earned * EXCLUDED.best_possible
                                       THEN EXCLUDED.best_possible ELSE p.best_possible END,
                  latest_submission_id = GREATEST(p.latest_submission_id, EXCLUDED.latest_submission_id),
                  latest_earned = CASE WHEN EXCLUDED.latest_submission_id > p.latest_submission_id
                                       THEN EXCLUDED.latest_earned ELSE p.latest_earned END,
                  latest_possible = CASE WHEN EXCLUDED.latest_submission_id > p.latest_submission_id
                                         THEN EXCLUDED.latest_possible ELSE p.latest_possible END,
                  updated_at = now()""")
                .setParameter(1, s.accountId).setParameter(2, s.exerciseId).setParameter(3, s.id)
                .setParameter(4, s.pointsEarned).setParameter(5, s.pointsPossible)
                .executeUpdate();
    }
}
