package dev.llmf.grader.queue;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.db.DatabaseOutage;
import dev.llmf.grader.db.DatabaseState;
import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.grading.GradingService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pool: each worker claims the next queued submission, grades it while {@link Heartbeats} tell other
 * instances it is alive, and stores the result. Idle workers sleep until a new submission wakes them or the poll
 * interval passes; while the database is down they wait for it instead of failing. At start-up, whatever this
 * instance was grading when it last died is queued again. On a graceful stop, workers get
 * {@code llmf.grading.shutdown-grace} to finish; what is still grading then is handed back to the queue without
 * using up a claim.
 */
@ApplicationScoped
public class GradingWorkers {

    private static final Logger LOG = Logger.getLogger(GradingWorkers.class);
    /** How long an interrupted worker may take to notice, after its submission was handed back. */
    private static final Duration INTERRUPT_PATIENCE = Duration.ofSeconds(5);

    @Inject
    GradingQueue queue;

    @Inject
    ResultStore results;

    @Inject
    GradingService grading;

    @Inject
    GraderConfig config;

    @Inject
    WarmUp warmUp;

    @Inject
    dev.llmf.grader.sandbox.Sandbox sandbox;

    @Inject
    dev.llmf.grader.ops.GradingMetrics metrics;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;

    private final DatabaseState database = DatabaseState.shared();
    private final Object wakeUp = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private Heartbeats heartbeats;
    private volatile boolean running;
    /** Learners' submissions being graded right now: the start-up warm-up waits while there are any. */
    private final AtomicInteger busy = new AtomicInteger();

    void start(@Observes StartupEvent event) {
        LOG.infof("learner code runs in: %s", sandbox.describe());
        String referenceProblem = ReferenceCheck.problem();
        if (referenceProblem != null) {
            LOG.errorf("NOT GRADING: the reference implementation does not work in this JVM (%s); submissions stay queued",
                    referenceProblem);
            return;
        }
        int count = config.grading().workers().orElse(Runtime.getRuntime().availableProcessors());
        if (count == 0) {
            LOG.info("no grading workers in this instance (llmf.grading.workers=0): it leaves the queue alone");
            return;
        }
        String instance = config.grading().instanceName().orElseGet(() -> hostName() + ":" + httpPort);
        int recovered = queue.recoverAfterRestart(instance);
        if (recovered > 0) {
            LOG.infof("re-queued %d submission(s) that were being graded when this instance stopped", recovered);
        }
        running = true;
        heartbeats = Heartbeats.start(queue, database, config.grading(), this::wakeUp);
        for (int i = 0; i < count; i++) {
            String name = instance + "#" + i;
            workers.add(Thread.ofPlatform().name("grader-worker-" + i).start(() -> work(name)));
        }
        LOG.infof("grading with %d worker(s) as instance %s", workers.size(), instance);
        warmUp.start(busy::get);
    }

    /**
     * A graceful stop (SIGTERM): no new claims; gradings in progress may finish within the grace period; the rest
     * are handed back to the queue (their claim not counted) and their workers interrupted, which kills their
     * sandboxed JVMs. Runs before the database is shut down.
     */
    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        wakeUp();
        long deadline = System.nanoTime() + config.grading().shutdownGrace().toNanos();
        for (Thread worker : workers) {
            joinUntil(worker, deadline);
        }
        for (GradingQueue.Claim claim : heartbeats.inFlight()) {
            handBack(claim);
        }
        workers.forEach(Thread::interrupt);
        long interrupted = System.nanoTime() + INTERRUPT_PATIENCE.toNanos();
        for (Thread worker : workers) {
            joinUntil(worker, interrupted);
        }
        heartbeats.close();
    }

    /** Call after a submission is committed, so an idle worker starts on it at once. */
    public void wakeUp() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void work(String name) {
        Duration poll = config.grading().pollInterval();
        while (running) {
            try {
                if (!database.awaitUp(poll)) {
                    continue;
                }
                Optional<GradingQueue.Claim> claim = queue.claimNext(name);
                if (claim.isPresent()) {
                    gradeOne(claim.get());
                } else {
                    synchronized (wakeUp) {
                        if (running) {
                            wakeUp.wait(poll.toMillis());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Optional<String> outage = DatabaseOutage.in(e);
                if (outage.isPresent()) {
                    database.down(outage.get());   // logged once; the loop waits for the database
                } else {
                    LOG.error("grading worker " + name + " failed; it carries on", e);
                    sleepQuietly();
                }
            }
        }
    }

    private void gradeOne(GradingQueue.Claim claim) throws InterruptedException {
        heartbeats.track(claim);
        busy.incrementAndGet();
        try {
            long start = System.nanoTime();
            GradeReport report;
            try {
                report = grading.grade(claim.submissionId());
            } catch (RuntimeException e) {
                if (DatabaseOutage.isCause(e)) {   // the submission could not even be read: hand it back
                    database.down(DatabaseOutage.in(e).orElseThrow());
                    if (database.awaitUp(config.grading().staleAfter())) {
                        queue.release(claim);
                    }
                    return;
                }
                throw e;
            }
            if (!running && report.graderError() != null) {   // the stop broke this grading, not the learner
                handBack(claim);
                return;
            }
            metrics.graded(report, Duration.ofNanos(System.nanoTime() - start));
            if (!storeWhenPossible(claim, report)) {
                LOG.infof(running ? "submission %d was taken over by another worker; this result is dropped"
                        : "submission %d was handed back to the queue; this result is dropped", claim.submissionId());
            } else {
                LOG.infof("submission %d graded: %d/%d in %d ms", claim.submissionId(), report.pointsEarned(),
                        report.pointsPossible(), (System.nanoTime() - start) / 1_000_000);
            }
        } finally {
            busy.decrementAndGet();
            heartbeats.untrack(claim);
        }
    }

    /**
     * Stores the result; if the database is down, waits for it and tries again, so a result is not lost to an
     * outage (the heartbeats resume when it is back, so the claim is still current).
     */
    private boolean storeWhenPossible(GradingQueue.Claim claim, GradeReport report) throws InterruptedException {
        while (true) {
            try {
                return results.store(claim, report);
            } catch (RuntimeException e) {
                Optional<String> outage = DatabaseOutage.in(e);
                if (outage.isEmpty() || !running) {
                    throw e;
                }
                database.down(outage.get());
                database.awaitUp(config.grading().pollInterval());
            }
        }
    }

    private void handBack(GradingQueue.Claim claim) {
        heartbeats.untrack(claim);
        try {
            if (queue.release(claim)) {
                LOG.infof("shutting down: submission %d handed back to the queue (its claim is not counted)",
                        claim.submissionId());
            }
        } catch (RuntimeException e) {
            LOG.warnf("shutting down: could not hand submission %d back (%s); the next start re-queues it",
                    claim.submissionId(), e.getMessage());
        }
    }

    private static void joinUntil(Thread thread, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            thread.join(Duration.ofNanos(left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "grader";
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
