package dev.llmf.grader.queue;

import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.grading.TestOutcome;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionStatus;
import dev.llmf.grader.regrade.RegradeBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

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
        insertTestResults(s.id, report.tests());
        if (regrade) {
            regrades.finish(s.id, s.accountId, s.exerciseId, RegradeBook.Outcome.REGRADED);
        } else {
            updateProgress(s);
        }
        return true;
    }

    /**
     * The submission's test results in one JDBC batch: as entities with identity keys, Hibernate sends each row on
     * its own round trip (about 20 a submission), which cost the grader and the database more CPU than the row.
     */
    private void insertTestResults(long submissionId, List<TestOutcome> tests) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO test_result (submission_id,"
                    + " position, test_key, display_name, passed, points_earned, points_possible, visibility, message,"
                    + " output, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int position = 0;
                for (TestOutcome o : tests) {
                    insert.setLong(1, submissionId);
                    insert.setInt(2, position++);
                    insert.setString(3, o.key());
                    insert.setString(4, o.displayName());
                    insert.setBoolean(5, o.passed());
                    insert.setInt(6, o.pointsEarned());
                    insert.setInt(7, o.pointsPossible());
                    insert.setString(8, o.visibility().name());
                    insert.setString(9, o.message());
                    insert.setString(10, o.output());
                    insert.setInt(11, (int) Math.min(Integer.MAX_VALUE, o.durationMillis()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    // Attempts count graded submissions; best is the highest fraction after its late penalty (earliest on a tie),
    // with the attempt that reached it; latest the newest, with when it was made.
    private static final String BETTER = "EXCLUDED.best_earned * (100 - EXCLUDED.best_penalty_percent) * p.best_possible"
            + " > p.best_earned * (100 - p.best_penalty_percent) * EXCLUDED.best_possible";

    private void updateProgress(Submission s) {
        em.createNativeQuery("""
                INSERT INTO progress AS p (account_id, exercise_id, attempts, best_submission_id, best_earned, best_possible,
                                           latest_submission_id, latest_earned, latest_possible, updated_at,
                                           best_late, best_penalty_percent, best_attempt, latest_submitted_at)
                VALUES (?1, ?2, 1, ?3, ?4, ?5, ?3, ?4, ?5, now(), ?6, ?7, 1, ?8)
                ON CONFLICT (account_id, exercise_id) DO UPDATE SET
                  attempts = p.attempts + 1,
                  best_submission_id = CASE WHEN %1$s THEN EXCLUDED.best_submission_id ELSE p.best_submission_id END,
                  best_earned = CASE WHEN %1$s THEN EXCLUDED.best_earned ELSE p.best_earned END,
                  best_possible = CASE WHEN %1$s THEN EXCLUDED.best_possible ELSE p.best_possible END,
                  best_late = CASE WHEN %1$s THEN EXCLUDED.best_late ELSE p.best_late END,
                  best_penalty_percent = CASE WHEN %1$s THEN EXCLUDED.best_penalty_percent ELSE p.best_penalty_percent END,
                  best_attempt = CASE WHEN %1$s THEN p.attempts + 1 ELSE p.best_attempt END,
                  latest_submitted_at = CASE WHEN EXCLUDED.latest_submission_id > p.latest_submission_id
                                             THEN EXCLUDED.latest_submitted_at ELSE p.latest_submitted_at END,
                  latest_submission_id = GREATEST(p.latest_submission_id, EXCLUDED.latest_submission_id),
                  latest_earned = CASE WHEN EXCLUDED.latest_submission_id > p.latest_submission_id
                                       THEN EXCLUDED.latest_earned ELSE p.latest_earned END,
                  latest_possible = CASE WHEN EXCLUDED.latest_submission_id > p.latest_submission_id
                                         THEN EXCLUDED.latest_possible ELSE p.latest_possible END,
                  updated_at = now()""".formatted(BETTER))
                .setParameter(1, s.accountId).setParameter(2, s.exerciseId).setParameter(3, s.id)
                .setParameter(4, s.pointsEarned).setParameter(5, s.pointsPossible).setParameter(6, s.late)
                .setParameter(7, s.penaltyPercent).setParameter(8, s.submittedAt)
                .executeUpdate();
    }
}
