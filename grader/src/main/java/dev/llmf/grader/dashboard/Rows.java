package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.Views;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Reading the columns of a native query's {@code Object[]} rows. The JDBC driver and Hibernate choose the Java
 * types (a {@code bigint} may come as Long or BigInteger, a {@code timestamptz} as Instant, OffsetDateTime or
 * Timestamp), so every read goes through one of these.
 */
public final class Rows {

    private Rows() {
    }

    public static long longValue(Object value) {
        return ((Number) value).longValue();
    }

    public static int intValue(Object value) {
        return ((Number) value).intValue();
    }

    public static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    public static Double decimal(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass().getName());
        };
    }

    public static Views.Score score(Object earned, Object possible) {
        return Views.Score.of(integer(earned), integer(possible));
    }
}
