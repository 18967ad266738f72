package dev.llmf.grader.db;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Keeps the embedded PostgreSQL running: when its process exits without being asked to, the database is marked
 * down and the server is started again, after a short wait that doubles with each failed try (up to
 * {@link #MAX_DELAY}). Committed data survives: PostgreSQL replays its write-ahead log at start.
 */
public final class PostgresSupervisor implements AutoCloseable {

    static final Duration MAX_DELAY = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(PostgresSupervisor.class.getName());

    private final LocalPostgres db;
    private final DatabaseState state;
    private final Duration firstDelay;
    private final Thread thread;
    private volatile boolean closed;

    private PostgresSupervisor(LocalPostgres db, DatabaseState state, Duration firstDelay) {
        this.db = db;
        this.state = state;
        this.firstDelay = firstDelay;
        this.thread = Thread.ofPlatform().daemon().name("postgres-supervisor").unstarted(this::superviseForever);
    }

    /** Starts watching {@code db}; the first restart is tried {@code firstDelay} after the server died. */
    public static PostgresSupervisor watch(LocalPostgres db, DatabaseState state, Duration firstDelay) {
        PostgresSupervisor supervisor = new PostgresSupervisor(db, state, firstDelay);
        supervisor.thread.start();
        return supervisor;
    }

    /** Stops watching (before the server is shut down on purpose). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void superviseForever() {
        try {
            while (!closed) {
                int exitCode = db.awaitExit();
                if (closed) {
                    return;
                }
                state.down("the embedded PostgreSQL exited (code " + exitCode + "); restarting it");
                restart();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // closed
        }
    }

    private void restart() throws InterruptedException {
        Duration delay = firstDelay;
        for (int attempt = 1; !closed; attempt++) {
            Thread.sleep(delay.toMillis());
            try {
                db.restart();
                state.up();
                return;
            } catch (IOException | RuntimeException e) {
                delay = next(delay);
                LOG.warning("the embedded PostgreSQL did not start again (try " + attempt + "): " + e.getMessage()
                        + "; next try in " + delay.toMillis() / 1000.0 + " s");
            }
        }
    }

    /** The wait before the next try: twice the last, at most {@link #MAX_DELAY}. */
    static Duration next(Duration delay) {
        Duration doubled = delay.isZero() ? Duration.ofMillis(500) : delay.multipliedBy(2);
        return doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
    }
}
