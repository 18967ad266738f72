package dev.llmf.grader.auth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInThrottleTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final SignInThrottle throttle = new SignInThrottle(clock, 4);

    @Test
    @DisplayName("four wrong passwords in a row cost nothing; the fifth locks the account for 30 s")
    void locksAtTheFifth() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("user1");
            assertEquals(Optional.empty(), throttle.lockRemaining("user1"), "after failure " + (i + 1));
        }
        throttle.failed("user1");
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.lockRemaining("user1"));
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.lockRemaining("user1"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), throttle.lockRemaining("user1"), "free again after 30 s");
        assertEquals(Optional.empty(), throttle.lockRemaining("user2"), "other accounts are not affected");
    }

    @Test
    @DisplayName("each further failure doubles the lock, up to 15 minutes; a right password forgives")
    void doublesAndResets() {
        assertEquals(Duration.ofSeconds(30), SignInThrottle.lock(5));
        assertEquals(Duration.ofSeconds(60), SignInThrottle.lock(6));
        assertEquals(Duration.ofSeconds(480), SignInThrottle.lock(9));
        assertEquals(Duration.ofMinutes(15), SignInThrottle.lock(10), "960 s is capped at 900 s");
        assertEquals(Duration.ofMinutes(15), SignInThrottle.lock(1000));
        for (int i = 0; i < 6; i++) {
            throttle.failed("user7");
        }
        assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.lockRemaining("user7"));
        throttle.succeeded("user7");
        assertEquals(Optional.empty(), throttle.lockRemaining("user7"));
        throttle.failed("user7");
        assertEquals(Optional.empty(), throttle.lockRemaining("user7"), "counting starts again");
    }

    @Test
    @DisplayName("names that do not exist are counted too; guessing many names keeps the table bounded, locked names first")
    void boundedAndLockedNamesKept() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("locked");
        }
        Duration lock = throttle.lockRemaining("locked").orElseThrow();
        for (int i = 0; i < 20; i++) {
            throttle.failed("guess" + i);
        }
        assertTrue(throttle.tracked() <= 4, "tracked: " + throttle.tracked());
        assertEquals(Optional.of(lock), throttle.lockRemaining("locked"), "a locked name outlives unlocked guesses");
    }
}
