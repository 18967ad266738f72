package dev.llmf.grader.queue;

import dev.llmf.grader.CourseSetup;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionStatus;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue's promises: no submission claimed twice, none lost when a worker dies. Workers are off here. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@TestProfile(QueueTest.NoWorkers.class)
class QueueTest {

    public static class NoWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmf.grading.workers", "0", "llmf.grading.stale-after", "1h");
        }
    }

    @Inject
    GradingQueue queue;

    @Inject
    ResultStore results;

    @Inject
    EntityManager em;

    @BeforeEach
    void emptyQueue() {
        QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("UPDATE submission SET status = 'GRADED' WHERE status IN ('QUEUED', 'RUNNING')").executeUpdate());
    }

    @Test
    @DisplayName("concurrent workers claim every queued submission exactly once")
    void claimsAreExclusive() throws InterruptedException {
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            created.add(submission(SubmissionStatus.QUEUED, null, null, 0));
        }
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        for (int w = 0; w < 6; w++) {
            String worker = "test#" + w;
            pool.submit(() -> {
                start.await();
                for (Optional<GradingQueue.Claim> c; (c = queue.claimNext(worker)).isPresent(); ) {
                    claimed.add(c.get().submissionId());
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(created.size(), claimed.size(), "every submission claimed once, none twice");
        assertEquals(new java.util.TreeSet<>(created), new java.util.TreeSet<>(claimed));
    }

    @Test
    @DisplayName("after a restart, what this instance was grading is queued again; other live work is left alone")
    void restartRecovers() {
        long mine = submission(SubmissionStatus.RUNNING, "me#0", Instant.now(), 1);
        long othersAlive = submission(SubmissionStatus.RUNNING, "other#0", Instant.now(), 1);
        long othersDead = submission(SubmissionStatus.RUNNING, "other#1", Instant.now().minus(2, ChronoUnit.HOURS), 1);
        long poison = submission(SubmissionStatus.RUNNING, "me#0", Instant.now(), 3);
        assertEquals(2, queue.recoverAfterRestart("me"));
        assertEquals(SubmissionStatus.QUEUED, status(mine));
        assertEquals(SubmissionStatus.RUNNING, status(othersAlive));
        assertEquals(SubmissionStatus.QUEUED, status(othersDead));
        assertEquals(SubmissionStatus.ERROR, status(poison), "a submission that stopped 3 graders is given up");
    }

    @Test
    @DisplayName("a result from a claim that was taken away is not stored: nothing is graded twice")
    void staleClaimIsDropped() {
        long id = submission(SubmissionStatus.QUEUED, null, null, 0);
        GradingQueue.Claim first = queue.claimNext("slow#0").orElseThrow();
        assertEquals(id, first.submissionId());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE submission SET status = 'QUEUED' WHERE id = ?1").setParameter(1, id).executeUpdate());
        GradingQueue.Claim second = queue.claimNext("fast#0").orElseThrow();
        var report = dev.llmf.grader.grading.GradeReport.compileFailure("A.java:1:1: error: x", 10);
        assertFalse(results.store(first, report), "the first worker lost its claim");
        assertTrue(results.store(second, report));
        assertFalse(results.store(second, report), "a claim stores its result once");
        assertEquals(SubmissionStatus.GRADED, status(id));
    }

    @Test
    @DisplayName("learners take turns: one learner's many submissions do not hold back another's first")
    void learnersTakeTurns() {
        long a1 = submission("queue-ann", SubmissionStatus.QUEUED, null, null, 0);
        long a2 = submission("queue-ann", SubmissionStatus.QUEUED, null, null, 0);
        long a3 = submission("queue-ann", SubmissionStatus.QUEUED, null, null, 0);
        long b1 = submission("queue-bo", SubmissionStatus.QUEUED, null, null, 0);
        long b2 = submission("queue-bo", SubmissionStatus.QUEUED, null, null, 0);
        assertEquals(List.of(a1, b1, a2, b2, a3), claimAll(), "each learner's first, then each one's second, …");
    }

    @Test
    @DisplayName("a learner whose submission is being graded waits one turn more")
    void learnerBeingGradedWaits() {
        submission("queue-ann", SubmissionStatus.RUNNING, "other#0", Instant.now(), 1);
        long a2 = submission("queue-ann", SubmissionStatus.QUEUED, null, null, 0);
        long b1 = submission("queue-bo", SubmissionStatus.QUEUED, null, null, 0);
        assertEquals(List.of(b1, a2), claimAll());
    }

    @Test
    @DisplayName("a claim handed back on a graceful stop is queued again and not counted")
    void releaseDoesNotUseAClaim() {
        long id = submission(SubmissionStatus.QUEUED, null, null, 0);
        GradingQueue.Claim claim = queue.claimNext("stopping#0").orElseThrow();
        assertEquals(1, claim.claimNumber());
        assertTrue(queue.release(claim));
        Submission s = QuarkusTransaction.requiringNew().call(() -> Submission.<Submission>findById(id));
        assertEquals(SubmissionStatus.QUEUED, s.status);
        assertEquals(0, s.claims, "the claim is not counted");
        assertNull(s.worker);
        assertFalse(queue.release(claim), "a claim is handed back once");
        assertEquals(1, queue.claimNext("next#0").orElseThrow().claimNumber(), "the next claim is the first again");
    }

    private List<Long> claimAll() {
        List<Long> order = new ArrayList<>();
        for (Optional<GradingQueue.Claim> c; (c = queue.claimNext("turns#0")).isPresent(); ) {
            order.add(c.get().submissionId());
        }
        return order;
    }

    private long submission(SubmissionStatus status, String worker, Instant heartbeat, int claims) {
        return submission("queue-learner", status, worker, heartbeat, claims);
    }

    private long submission(String learner, SubmissionStatus status, String worker, Instant heartbeat, int claims) {
        TestAccounts.token(learner, Role.LEARNER);
        return QuarkusTransaction.requiringNew().call(() -> {
            Submission s = new Submission();
            s.accountId = Account.byUsername(learner).orElseThrow().id;
            s.exerciseId = CourseExercise.find(Course.bySlug(CourseSetup.COURSE).orElseThrow().id, "tensors").orElseThrow().id;
            s.status = status;
            s.worker = worker;
            s.heartbeatAt = heartbeat;
            s.claims = claims;
            s.persist();
            return s.id;
        });
    }

    private SubmissionStatus status(long id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Submission) Submission.findById(id)).status);
    }
}
