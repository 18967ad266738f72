package dev.llmf.grader.db;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Whether this instance can reach its database, as the {@link PostgresSupervisor} and every failed call see it.
 * While it is down, the API answers 503 without trying the database, the workers wait instead of failing, and
 * readiness is DOWN. Each change is logged once, here: one line when it goes down, one when it is back.
 */
public final class DatabaseState {

    private static final Logger LOG = Logger.getLogger(DatabaseState.class.getName());
    private static final DatabaseState SHARED = new DatabaseState();

    private final List<Runnable> onRecovery = new CopyOnWriteArrayList<>();
    private Instant downSince;
    private String reason;
    private Instant lastRecovery = Instant.EPOCH;

    /** The grader uses {@link #shared()}; tests make their own. */
    public DatabaseState() {
    }

    /** The one state of this JVM's database (the supervisor starts before Quarkus, so it cannot be a bean). */
    public static DatabaseState shared() {
        return SHARED;
    }

    /** Marks the database unreachable; only the first call of an outage is logged. */
    public void down(String why) {
        synchronized (this) {
            if (downSince != null) {
                return;
            }
            downSince = Instant.now();
            reason = why;
        }
        LOG.warning("database unavailable: " + why + " (the API answers 503 until it is back)");
    }

    /**
     * Marks the database reachable again and logs how long it was away. The recovery actions run first, before
     * anyone waiting is let through.
     */
    public void up() {
        if (isUp()) {
            return;
        }
        onRecovery.forEach(Runnable::run);
        Instant since;
        synchronized (this) {
            if (downSince == null) {
                return;
            }
            since = downSince;
            downSince = null;
            reason = null;
            lastRecovery = Instant.now();
            notifyAll();
        }
        LOG.info(String.format("database available again after %.1f s", Duration.between(since, Instant.now()).toMillis() / 1000.0));
    }

    public synchronized boolean isUp() {
        return downSince == null;
    }

    /** When the current outage began; empty while the database is up. */
    public synchronized Optional<Instant> downSince() {
        return Optional.ofNullable(downSince);
    }

    /** What made the database unavailable; empty while it is up. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** When the database last came back from an outage; the epoch if it never went down. */
    public synchronized Instant lastRecovery() {
        return lastRecovery;
    }

    /** Waits until the database is up or {@code patience} passed; true if it is up. */
    public synchronized boolean awaitUp(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (downSince != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Runs {@code action} each time the database comes back (e.g. to drop the pool's dead connections). */
    public void onRecovery(Runnable action) {
        onRecovery.add(action);
    }

    public void removeOnRecovery(Runnable action) {
        onRecovery.remove(action);
    }
}
