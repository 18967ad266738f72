package dev.llmf.grader.deadline;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Course;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * A course's penalty for late submissions: none; {@code percentPerDay} off for each started day after the due date
 * (at most 100%); or a fixed {@code factor} the score is multiplied by, however late.
 */
public record LatePolicy(Kind policy, BigDecimal percentPerDay, BigDecimal factor) {

    public enum Kind {
        NONE, PER_DAY, FACTOR
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final long DAY_SECONDS = Duration.ofDays(1).toSeconds();

    public static LatePolicy of(Course c) {
        return new LatePolicy(Kind.valueOf(c.latePolicy), c.latePercentPerDay, c.lateFactor);
    }

    /** Checks what a request asked for: a 400 that says what is wrong; the unused number is reset. */
    public static LatePolicy checked(String policy, BigDecimal percentPerDay, BigDecimal factor) {
        Kind kind;
        try {
            kind = Kind.valueOf(policy == null ? "" : policy.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("policy must be NONE, PER_DAY or FACTOR, not '" + policy + "'");
        }
        return switch (kind) {
            case NONE -> new LatePolicy(kind, BigDecimal.ZERO, BigDecimal.ONE);
            case PER_DAY -> {
                if (percentPerDay == null || percentPerDay.signum() <= 0 || percentPerDay.compareTo(HUNDRED) > 0) {
                    throw ApiException.badRequest("percentPerDay must be more than 0 and at most 100");
                }
                yield new LatePolicy(kind, percentPerDay.setScale(2, RoundingMode.HALF_UP), BigDecimal.ONE);
            }
            case FACTOR -> {
                if (factor == null || factor.signum() < 0 || factor.compareTo(BigDecimal.ONE) >= 0) {
                    throw ApiException.badRequest("factor must be at least 0 and below 1 (0.8: a late score counts 80%)");
                }
                yield new LatePolicy(kind, BigDecimal.ZERO, factor.setScale(3, RoundingMode.HALF_UP));
            }
        };
    }

    public void applyTo(Course c) {
        c.latePolicy = policy.name();
        c.latePercentPerDay = percentPerDay;
        c.lateFactor = factor;
    }

    /** The percentage a submission {@code late} after its due date loses (0 to 100, two decimals). */
    public BigDecimal penaltyPercent(Duration late) {
        BigDecimal penalty = switch (policy) {
            case NONE -> BigDecimal.ZERO;
            case PER_DAY -> percentPerDay.multiply(BigDecimal.valueOf(startedDays(late))).min(HUNDRED);
            case FACTOR -> BigDecimal.ONE.subtract(factor).multiply(HUNDRED);
        };
        return penalty.setScale(2, RoundingMode.HALF_UP);
    }

    /** In words, for the pages: "10% per day late", "late scores count 80%", "no penalty". */
    public String describe() {
        return switch (policy) {
            case NONE -> "no penalty";
            case PER_DAY -> plain(percentPerDay) + "% off per day late (each started day)";
            case FACTOR -> "late scores count " + plain(factor.multiply(HUNDRED)) + "%";
        };
    }

    /** "10", "12.5": a number without trailing zeros. */
    public static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }

    private static long startedDays(Duration late) {
        long seconds = Math.max(1, late.toSeconds());
        return (seconds + DAY_SECONDS - 1) / DAY_SECONDS;
    }
}
