package dev.llmf.grader.support;

import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.grading.TestOutcome;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionStatus;
import dev.llmf.grader.queue.GradingQueue;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Instant;
import java.util.List;

/**
 * Graded submissions with chosen results, stored the way a grading worker stores them (through
 * {@link ResultStore}, which also updates the learner's progress), without running any code.
 */
public final class GradedSubmissions {

    private GradedSubmissions() {
    }

    /** A test worth one point: passed when {@code failure} is null, else failed with that message. */
    public static TestOutcome test(String key, String failure, Visibility visibility) {
        boolean passed = failure == null;
        return new TestOutcome(key, "test " + key, passed, passed ? 1 : 0, 1, visibility, failure, 1);
    }

    /** Stores a submission made at {@code at}, claims it as worker 1 would, and stores these results; its id. */
    public static long store(ResultStore results, long accountId, long exerciseId, Instant at, List<TestOutcome> tests) {
        return store(results, accountId, exerciseId, at, tests, false, 0);
    }

    /** Like {@link #store(ResultStore, long, long, Instant, List)}, for a submission marked late with a penalty. */
    public static long store(ResultStore results, long accountId, long exerciseId, Instant at, List<TestOutcome> tests,
                             boolean late, double penaltyPercent) {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            Submission s = new Submission();
            s.accountId = accountId;
            s.exerciseId = exerciseId;
            s.seed = 1;
            s.submittedAt = at;
            s.status = SubmissionStatus.RUNNING;
            s.claims = 1;
            s.heartbeatAt = Instant.now();     // a fresh heartbeat: no recovery sweep puts it back in the queue
            s.late = late;
            s.penaltyPercent = java.math.BigDecimal.valueOf(penaltyPercent).setScale(2, java.math.RoundingMode.HALF_UP);
            s.persist();
            return s.id;
        });
        int possible = tests.stream().mapToInt(TestOutcome::pointsPossible).sum();
        if (!results.store(new GradingQueue.Claim(id, 1), new GradeReport(null, tests, possible, null))) {
            throw new IllegalStateException("submission " + id + " was claimed by a worker before its results were stored");
        }
        return id;
    }
}
