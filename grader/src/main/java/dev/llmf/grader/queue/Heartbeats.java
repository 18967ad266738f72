package dev.llmf.grader.queue;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.db.DatabaseOutage;
import dev.llmf.grader.db.DatabaseState;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The instance's pulse, every {@code llmf.grading.heartbeat-interval}: refreshes the heartbeat of each submission
 * it is grading, then re-queues submissions whose heartbeat is older than {@code llmf.grading.stale-after} (their
 * instance died). A tick that fails is logged and the next one runs anyway. Right after a database outage, others'
 * heartbeats are not judged for one stale-after period: their instances could not send any either.
 */
final class Heartbeats implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Heartbeats.class);

    private final GradingQueue queue;
    private final DatabaseState database;
    private final Duration staleAfter;
    private final Runnable onRequeued;
    private final Set<GradingQueue.Claim> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private String lastFailure;

    private Heartbeats(GradingQueue queue, DatabaseState database, Duration staleAfter, Runnable onRequeued) {
        this.queue = queue;
        this.database = database;
        this.staleAfter = staleAfter;
        this.onRequeued = onRequeued;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("grader-heartbeats").unstarted(r));
    }

    /** Starts the ticks; {@code onRequeued} runs when stale submissions were queued again. */
    static Heartbeats start(GradingQueue queue, DatabaseState database, GraderConfig.Grading settings, Runnable onRequeued) {
        Heartbeats heartbeats = new Heartbeats(queue, database, settings.staleAfter(), onRequeued);
        long every = settings.heartbeatInterval().toMillis();
        heartbeats.timer.scheduleWithFixedDelay(heartbeats::tick, every, every, TimeUnit.MILLISECONDS);
        return heartbeats;
    }

    void track(GradingQueue.Claim claim) {
        inFlight.add(claim);
    }

    void untrack(GradingQueue.Claim claim) {
        inFlight.remove(claim);
    }

    /** The claims being graded right now. */
    List<GradingQueue.Claim> inFlight() {
        return List.copyOf(inFlight);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One tick; never throws, so the schedule is never cancelled (a scheduled task that throws is not run again). */
    void tick() {
        try {
            if (!database.isUp()) {
                return;
            }
            for (GradingQueue.Claim claim : inFlight) {
                if (!queue.heartbeat(claim)) {
                    LOG.warnf("submission %d is no longer this instance's to grade (its heartbeat came too late);"
                            + " its result will be dropped", claim.submissionId());
                    inFlight.remove(claim);
                }
            }
            if (Instant.now().isAfter(database.lastRecovery().plus(staleAfter))) {
                int requeued = queue.recoverStale();
                if (requeued > 0) {
                    LOG.infof("re-queued %d submission(s) whose grader stopped sending heartbeats", requeued);
                    onRequeued.run();
                }
            }
            lastFailure = null;
        } catch (RuntimeException e) {
            Optional<String> outage = DatabaseOutage.in(e);
            if (outage.isPresent()) {
                database.down(outage.get());
            } else if (!String.valueOf(e).equals(lastFailure)) {   // once per kind of failure, not every tick
                lastFailure = String.valueOf(e);
                LOG.warn("heartbeat failed (the next one runs as usual): " + e);
            }
        }
    }
}
