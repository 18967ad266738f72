package dev.llmf.grader.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #FREE_FAILURES} wrong passwords in a row for one username, its sign-in is
 * refused for a while that doubles with each further failure (30 s, 1 min, 2 min, … at most 15 min); a right
 * password resets it. Usernames that do not exist are counted exactly like those that do, so neither the answers
 * nor the locks tell whether an account exists. Kept in memory: a restart forgives. At most {@link #MAX_TRACKED}
 * names are tracked; when full, names that are not locked are forgotten first, then those whose lock ends soonest,
 * so guessing many names cannot make the throttle grow without bound. The lock is checked before the password, so
 * a locked name gives no hint whether a guess was right.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxTracked;

    public SignInThrottle() {
        this(Clock.systemUTC(), MAX_TRACKED);
    }

    SignInThrottle(Clock clock, int maxTracked) {
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    /** How long {@code username} must still wait before it may try again; empty when it may try now. */
    public Optional<Duration> lockRemaining(String username) {
        Failures f = failures.get(username);
        if (f == null || f.lockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.lockedUntil());
        return left.isPositive() ? Optional.of(left) : Optional.empty();
    }

    public void failed(String username) {
        if (!failures.containsKey(username) && failures.size() >= maxTracked) {
            makeRoom();
        }
        failures.compute(username, (name, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            return new Failures(count, count < FREE_FAILURES ? null : clock.instant().plus(lock(count)));
        });
    }

    public void succeeded(String username) {
        failures.remove(username);
    }

    /** How many names are tracked now. */
    int tracked() {
        return failures.size();
    }

    private synchronized void makeRoom() {
        Instant now = clock.instant();
        failures.entrySet().removeIf(e -> e.getValue().lockedUntil() == null || !e.getValue().lockedUntil().isAfter(now));
        while (failures.size() >= maxTracked) {
            failures.entrySet().stream()
                    .min(Comparator.comparing(e -> e.getValue().lockedUntil(), Comparator.nullsFirst(Comparator.naturalOrder())))
                    .ifPresent(e -> failures.remove(e.getKey(), e.getValue()));
        }
    }

    /** The lock after the {@code count}-th failure in a row: 30 s at the fifth, doubling, at most 15 min. */
    static Duration lock(int count) {
        int doublings = Math.min(count - FREE_FAILURES, 10);
        Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
        return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
    }
}
