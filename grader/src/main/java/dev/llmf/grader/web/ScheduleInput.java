package dev.llmf.grader.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The value of a {@code datetime-local} input, in UTC (the server's time zone; the pages say so). */
final class ScheduleInput {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private ScheduleInput() {
    }

    /** What the input shows for {@code instant}: {@code 2026-12-01T09:00}, or empty for none. */
    static String of(Instant instant) {
        return instant == null ? "" : INPUT.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** An input's value (seconds optional) read as UTC; empty means none. */
    static Instant instant(String value) throws DateTimeParseException {
        String v = value == null ? "" : value.strip();
        return v.isEmpty() ? null : LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    }
}
