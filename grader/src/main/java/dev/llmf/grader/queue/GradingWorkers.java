package dev.llmf.grader.queue;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.grading.GradingService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The worker pool: each worker claims the oldest queued submission, grades it while a heartbeat tells other
 * instances it is alive, and stores the result. Idle workers sleep until a new submission wakes them or the poll
 * interval passes. At start-up, whatever this instance was grading when it last died is queued again.
 */
@ApplicationScoped
public class GradingWorkers {

    private static final Logger LOG = Logger.getLogger(GradingWorkers.class);
    private static final long HEARTBEAT_SECONDS = 10;

    @Inject
    GradingQueue queue;

    @Inject
    ResultStore results;

    @Inject
    GradingService grading;

    @Inject
    GraderConfig config;

    @Inject
    dev.llmf.grader.sandbox.Sandbox sandbox;

    @Inject
    dev.llmf.grader.ops.GradingMetrics metrics;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;

    private final Object wakeUp = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private ScheduledExecutorService timers;
    private volatile boolean running;
    private String instance;

    void start(@Observes StartupEvent event) {
        LOG.infof("learner code runs in: %s", sandbox.describe());
        String referenceProblem = ReferenceCheck.problem();
        if (referenceProblem != null) {
            LOG.errorf("NOT GRADING: the reference implementation does not work in this JVM (%s); submissions stay queued",
                    referenceProblem);
            return;
        }
        if (config.grading().workers() == 0) {
            LOG.info("no grading workers in this instance (llmf.grading.workers=0): it leaves the queue alone");
            return;
        }
        instance = config.grading().instanceName().orElseGet(() -> hostName() + ":" + httpPort);
        int recovered = queue.recoverAfterRestart(instance);
        if (recovered > 0) {
            LOG.infof("re-queued %d submission(s) that were being graded when this instance stopped", recovered);
        }
        running = true;
        timers = Executors.newScheduledThreadPool(1, r -> Thread.ofPlatform().daemon().name("grader-timers").unstarted(r));
        long staleCheck = Math.max(1, config.grading().staleAfter().toSeconds() / 2);
        timers.scheduleWithFixedDelay(this::recoverStale, staleCheck, staleCheck, TimeUnit.SECONDS);
        for (int i = 0; i < config.grading().workers(); i++) {
            String name = instance + "#" + i;
            workers.add(Thread.ofPlatform().name("grader-worker-" + i).start(() -> work(name)));
        }
        LOG.infof("grading with %d worker(s) as instance %s", workers.size(), instance);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        workers.forEach(Thread::interrupt);
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    /** Call after a submission is committed, so an idle worker starts on it at once. */
    public void wakeUp() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void work(String name) {
        while (running) {
            try {
                Optional<GradingQueue.Claim> claim = queue.claimNext(name);
                if (claim.isPresent()) {
                    gradeOne(claim.get());
                } else {
                    synchronized (wakeUp) {
                        wakeUp.wait(config.grading().pollInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.error("grading worker " + name + " failed; it carries on", e);
                sleepQuietly();
            }
        }
    }

    private void gradeOne(GradingQueue.Claim claim) {
        ScheduledFuture<?> heartbeat = timers.scheduleAtFixedRate(() -> queue.heartbeat(claim),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        try {
            long start = System.nanoTime();
            GradeReport report = grading.grade(claim.submissionId());
            metrics.graded(report, java.time.Duration.ofNanos(System.nanoTime() - start));
            if (!results.store(claim, report)) {
                LOG.warnf("submission %d was taken over by another worker; this result is dropped", claim.submissionId());
            } else {
                LOG.infof("submission %d graded: %d/%d in %d ms", claim.submissionId(), report.pointsEarned(),
                        report.pointsPossible(), (System.nanoTime() - start) / 1_000_000);
            }
        } finally {
            heartbeat.cancel(false);
        }
    }

    private void recoverStale() {
        try {
            int n = queue.recoverStale();
            if (n > 0) {
                LOG.infof("re-queued %d submission(s) whose grader stopped sending heartbeats", n);
                wakeUp();
            }
        } catch (RuntimeException e) {
            LOG.warn("could not check for stale submissions: " + e.getMessage());
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
