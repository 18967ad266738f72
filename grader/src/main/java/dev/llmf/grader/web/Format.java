package dev.llmf.grader.web;

import dev.llmf.grader.api.Views;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turning the service's values into the words and numbers the pages show. */
final class Format {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    // How SubmissionCompiler.Message prints: "path/File.java:12:5: error: text" (the text may go on for more lines).
    private static final Pattern COMPILER_LINE = Pattern.compile("^(.+?\\.java):(\\d+):(\\d+): (?:error|warning): (.*)$");

    private Format() {
    }

    static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    static String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** "7 / 10 (70%)", or "—" while there is no score. */
    static String score(Views.Score score) {
        if (score == null) {
            return "—";
        }
        return score.earned() + " / " + score.possible() + " (" + number(score.percent()) + "%)";
    }

    /**
     * A score with its late penalty: "7 / 10 (70%)" on time; "7 / 10 (70%), late −10% → 63%" when penalised;
     * "—" while there is no score.
     */
    static String score(Views.Score score, boolean late, double penaltyPercent, Double finalPercent) {
        if (score == null || !late || penaltyPercent == 0) {
            return score(score);
        }
        return score(score) + ", late −" + number(penaltyPercent) + "% → " + number(finalPercent) + "%";
    }

    /** "late", "late −10%", or empty when on time. */
    static String lateMark(boolean late, double penaltyPercent) {
        if (!late) {
            return "";
        }
        return penaltyPercent == 0 ? "late" : "late −" + number(penaltyPercent) + "%";
    }

    /** "12", "12.5": no ".0" on whole numbers. */
    static String number(double n) {
        return n == Math.rint(n) ? String.valueOf((long) n) : String.valueOf(n);
    }

    /** An attempt as a table row; {@code number} counts from 1 = the learner's first. */
    static PageViews.AttemptRow attempt(Views.AttemptView a, int number) {
        return new PageViews.AttemptRow(a.id(), number, token(a.status()), submissionLabel(a.status()),
                when(a.submittedAt()), iso(a.submittedAt()), score(a.score(), a.late(), a.penaltyPercent(),
                a.finalPercent()), lateMark(a.late(), a.penaltyPercent()));
    }

    /** The words for a progress status ({@code NOT_STARTED}, {@code IN_PROGRESS}, {@code PASSED}). */
    static String progressLabel(String status) {
        return switch (status) {
            case "NOT_STARTED" -> "not started";
            case "IN_PROGRESS" -> "in progress";
            case "PASSED" -> "passed";
            default -> status.toLowerCase(Locale.ROOT);
        };
    }

    /** The words for a submission status ({@code QUEUED}, {@code RUNNING}, {@code GRADED}, {@code ERROR}). */
    static String submissionLabel(String status) {
        return switch (status) {
            case "QUEUED" -> "waiting to be graded";
            case "RUNNING" -> "being graded";
            case "GRADED" -> "graded";
            case "ERROR" -> "not graded (grader error)";
            default -> status.toLowerCase(Locale.ROOT);
        };
    }

    /** A CSS class token for a status: {@code IN_PROGRESS} → {@code in-progress}. */
    static String token(String status) {
        return status.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Splits the stored compiler output into one entry per error, with its file and line. */
    static List<PageViews.CompileError> compileErrors(String text) {
        List<PageViews.CompileError> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String file = "";
        String line = "";
        StringBuilder message = null;
        for (String raw : text.split("\n", -1)) {
            Matcher m = COMPILER_LINE.matcher(raw);
            if (m.matches()) {
                if (message != null) {
                    out.add(new PageViews.CompileError(file, line, message.toString().strip()));
                }
                file = m.group(1);
                line = m.group(2);
                message = new StringBuilder(m.group(4));
            } else if (message != null) {
                message.append('\n').append(raw);
            } else if (!raw.isBlank()) {
                message = new StringBuilder(raw);
            }
        }
        if (message != null) {
            out.add(new PageViews.CompileError(file, line, message.toString().strip()));
        }
        return out;
    }
}
