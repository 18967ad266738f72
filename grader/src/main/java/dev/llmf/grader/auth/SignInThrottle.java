package dev.llmf.grader.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #FREE_FAILURES} wrong passwords in a row for one account, its sign-in is
 * refused for a while that doubles with each further failure (30 s, 1 min, 2 min, … at most 15 min); a right
 * password resets it. Kept in memory: a restart forgives, and only accounts that exist are tracked, so guessing
 * names cannot fill it. The lock is checked before the password, so a locked account gives no hint whether a guess
 * was right.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<Long, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public SignInThrottle() {
        this(Clock.systemUTC());
    }

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the account must still wait before it may try again; empty when it may try now. */
    public Optional<Duration> lockRemaining(long accountId) {
        Failures f = failures.get(accountId);
        if (f == null || f.lockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.lockedUntil());
        return left.isPositive() ? Optional.of(left) : Optional.empty();
    }

    public void failed(long accountId) {
        failures.compute(accountId, (id, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            return new Failures(count, count < FREE_FAILURES ? null : clock.instant().plus(lock(count)));
        });
    }

    public void succeeded(long accountId) {
        failures.remove(accountId);
    }

    /** The lock after the {@code count}-th failure in a row: 30 s at the fifth, doubling, at most 15 min. */
    static Duration lock(int count) {
        int doublings = Math.min(count - FREE_FAILURES, 10);
        Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
        return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
    }
}
