package dev.llmf.grader.queue;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.db.DatabaseState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The instance's heartbeat keeps beating through failures, and does not judge others right after an outage. */
class HeartbeatsTest {

    /** A queue that counts what it is asked, and may fail its first heartbeat. */
    private static final class CountingQueue extends GradingQueue {
        final boolean failFirst;
        final AtomicInteger heartbeats = new AtomicInteger();
        final AtomicInteger staleChecks = new AtomicInteger();
        final CountDownLatch thirdHeartbeat = new CountDownLatch(3);

        CountingQueue(boolean failFirst) {
            this.failFirst = failFirst;
        }

        @Override
        public boolean heartbeat(Claim claim) {
            thirdHeartbeat.countDown();
            if (heartbeats.incrementAndGet() == 1 && failFirst) {
                throw new IllegalStateException("the first heartbeat fails");
            }
            return true;
        }

        @Override
        public int recoverStale() {
            staleChecks.incrementAndGet();
            return 0;
        }
    }

    @Test
    @DisplayName("a heartbeat that throws does not stop the ones after it")
    void survivesAFailure() throws Exception {
        CountingQueue queue = new CountingQueue(true);
        try (Heartbeats heartbeats = Heartbeats.start(queue, new DatabaseState(), settings(Duration.ofMillis(20)), () -> { })) {
            heartbeats.track(new GradingQueue.Claim(7, 1));
            assertTrue(queue.thirdHeartbeat.await(30, TimeUnit.SECONDS), "beats after the failed one: " + queue.heartbeats);
        }
    }

    @Test
    @DisplayName("nothing is sent while the database is down, and others are not judged right after it is back")
    void quietDuringAndAfterAnOutage() {
        CountingQueue queue = new CountingQueue(false);
        DatabaseState database = new DatabaseState();
        try (Heartbeats heartbeats = Heartbeats.start(queue, database, settings(Duration.ofHours(1)), () -> { })) {
            heartbeats.track(new GradingQueue.Claim(7, 1));
            heartbeats.tick();
            assertEquals(1, queue.staleChecks.get(), "no outage seen: stale work is looked for");

            database.down("test outage");
            heartbeats.tick();
            assertEquals(1, queue.heartbeats.get(), "no heartbeat while the database is down");

            database.up();
            heartbeats.tick();
            assertEquals(2, queue.heartbeats.get(), "own heartbeats resume at once");
            assertEquals(1, queue.staleChecks.get(), "others had no way to send theirs: not judged yet");
        }
    }

    private static GraderConfig.Grading settings(Duration heartbeatInterval) {
        return new GraderConfig.Grading() {
            public java.util.OptionalInt workers() { return java.util.OptionalInt.of(1); }
            public Duration pollInterval() { return Duration.ofSeconds(2); }
            public Duration heartbeatInterval() { return heartbeatInterval; }
            public Duration staleAfter() { return Duration.ofSeconds(10); }
            public Duration shutdownGrace() { return Duration.ofSeconds(10); }
            public int maxClaims() { return 3; }
            public Optional<String> instanceName() { return Optional.empty(); }
            public int warmUpRounds() { return 0; }
        };
    }
}
