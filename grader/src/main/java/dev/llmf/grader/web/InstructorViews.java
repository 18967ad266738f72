package dev.llmf.grader.web;

import dev.llmf.grader.api.Views;
import dev.llmf.grader.audit.AuditLog;
import dev.llmf.grader.dashboard.ClassMatrixQuery;
import dev.llmf.grader.dashboard.ExerciseStatsQuery;
import dev.llmf.grader.dashboard.LearnerHistoryQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the instructor pages show, already formatted, built from the dashboard queries' results. Every string is
 * plain text; the templates escape it.
 */
public final class InstructorViews {

    private InstructorViews() {
    }

    /** An option of a {@code <select>}. */
    public record Option(String value, String label, boolean selected) {
    }

    /**
     * One cell of the class matrix. {@code css}: the status token ({@code not-started}, {@code in-progress},
     * {@code passed}) and, while in progress, a band of 20% ({@code band-0} … {@code band-4}) that sets its colour.
     */
    public record MatrixCell(String exercise, String status, String css, String text, String title) {
    }

    public record MatrixRow(String username, String displayName, String total, List<MatrixCell> cells) {
    }

    /** The matrix page; the hrefs are null where there is no previous or next page. */
    public record MatrixPage(List<ClassMatrixQuery.Column> columns, List<MatrixRow> rows, String q,
                             List<Option> sorts, int page, int pages, long matched, String prevHref, String nextHref) {
    }

    /** A test many learners fail; {@code share} says of how many. */
    public record FailingRow(String testKey, String name, long failedBy, String share, String message,
                             long messageCount) {
    }

    public record ExercisePage(ExerciseStatsQuery.ExerciseStats stats, String median, CountChart histogram,
                               List<FailingRow> failing) {
    }

    public record DeadlineRow(int number, String title, String due, String dueIso) {
    }

    /** {@code chart} is null when there is nothing to draw. */
    public record ActivityPage(CountChart chart, List<Option> intervals, List<Option> exercises, long total, long peak,
                               String per, boolean truncated, List<DeadlineRow> deadlines) {
    }

    public record ExerciseHistoryView(String exercise, int number, String title, String status, String statusLabel,
                                      String best, int gradedAttempts,
                                      List<PageViews.AttemptRow> attempts) {
    }

    public record LearnerPage(String username, String displayName, List<ExerciseHistoryView> exercises) {
    }

    public record AuditRow(String at, String atIso, String actor, String action, String label, String subject,
                           boolean subjectLink, String exercise, Long submissionId, String detail) {
    }

    public record AuditPage(List<AuditRow> rows, int page, String prevHref, String nextHref) {
    }

    static AuditPage audit(AuditLog.Page p) {
        List<AuditRow> rows = p.entries().stream().map(e -> new AuditRow(Format.when(e.at()), Format.iso(e.at()),
                e.actor(), e.action(), e.label(), e.subject() == null ? "" : e.subject(),
                e.subject() != null && !e.action().equals("MEMBER_DELETED"), e.exercise() == null ? "" : e.exercise(),
                e.submissionId(), e.detail())).toList();
        return new AuditPage(rows, p.page(), p.page() > 1 ? "/instructor/audit?page=" + (p.page() - 1) : null,
                p.more() ? "/instructor/audit?page=" + (p.page() + 1) : null);
    }

    static MatrixPage matrix(ClassMatrixQuery.Matrix m) {
        List<MatrixRow> rows = m.learners().stream().map(InstructorViews::row).toList();
        List<Option> sorts = List.of(new Option("username", "username", m.sort().equals("username")),
                new Option("total-desc", "total, highest first", m.sort().equals("total-desc")),
                new Option("total-asc", "total, lowest first", m.sort().equals("total-asc")));
        String prev = m.page() > 1 ? matrixHref(m, m.page() - 1) : null;
        String next = m.page() < m.pages() ? matrixHref(m, m.page() + 1) : null;
        return new MatrixPage(m.exercises(), rows, m.q(), sorts, m.page(), m.pages(), m.matched(), prev, next);
    }

    private static String matrixHref(ClassMatrixQuery.Matrix m, int page) {
        StringBuilder href = new StringBuilder("/instructor?page=").append(page);
        if (!m.q().isEmpty()) {
            href.append("&q=").append(URLEncoder.encode(m.q(), StandardCharsets.UTF_8));
        }
        if (!m.sort().equals("username")) {
            href.append("&sort=").append(m.sort());
        }
        return href.toString();
    }

    private static MatrixRow row(ClassMatrixQuery.LearnerRow r) {
        List<MatrixCell> cells = r.cells().stream().map(c -> cell(r.username(), c)).toList();
        return new MatrixRow(r.username(), r.displayName(), percent(r.totalPercent()), cells);
    }

    private static MatrixCell cell(String username, ClassMatrixQuery.Cell c) {
        String status = Format.token(c.status());
        if (c.best() == null) {
            return new MatrixCell(c.exercise(), status, status, "", username + " · " + c.exercise() + ": not started");
        }
        String css = c.status().equals("IN_PROGRESS") ? status + " band-" + (int) Math.min(4, c.best().percent() / 20)
                : status;
        String title = username + " · " + c.exercise() + ": best " + Format.score(c.best()) + ", "
                + c.attempts() + (c.attempts() == 1 ? " attempt" : " attempts");
        return new MatrixCell(c.exercise(), status, css, percent(c.best().percent()), title);
    }

    static ExercisePage exercise(ExerciseStatsQuery.ExerciseStats s) {
        List<CountChart.Value> values = s.distribution().stream().map(b -> new CountChart.Value(
                b.fromPercent() + "–" + (b.toPercent() == 100 ? "100" : String.valueOf(b.toPercent() - 1)) + "%",
                b.learners(), b.learners() + (b.learners() == 1 ? " learner" : " learners") + " with a best score of "
                        + b.fromPercent() + (b.toPercent() == 100 ? "% to 100%" : "% to under " + b.toPercent() + "%")))
                .toList();
        CountChart histogram = CountChart.of("score-histogram", "Best scores of the " + (s.learners() - s.notStarted())
                + " learners who have a graded attempt, in steps of 10%", values, 1, true, List.of());
        List<FailingRow> failing = s.failingTests().stream().map(t -> new FailingRow(t.testKey(), t.name(),
                t.failedBy(), t.failedBy() + " of " + s.graded(), t.message(), t.messageCount())).toList();
        String median = s.medianPercent() == null ? "—" : percent(s.medianPercent());
        return new ExercisePage(s, median, histogram, failing);
    }

    static LearnerPage learner(LearnerHistoryQuery.LearnerHistory h) {
        return new LearnerPage(h.username(), h.displayName(), h.exercises().stream().map(e -> new ExerciseHistoryView(
                e.exercise(), e.number(), e.title(), Format.token(e.status()), Format.progressLabel(e.status()),
                Format.score(e.best(), e.bestLate(), e.bestPenaltyPercent(), finalPercent(e.best(), e.bestPenaltyPercent())),
                e.gradedAttempts(), e.attempts().stream().map(a -> Format.attempt(new Views.AttemptView(a.submissionId(),
                        a.status(), a.submittedAt(), null, a.score(), a.late(), a.penaltyPercent(),
                        finalPercent(a.score(), a.penaltyPercent())), a.number())).toList())).toList());
    }

    private static Double finalPercent(Views.Score score, double penaltyPercent) {
        return score == null ? null : score.finalPercent(java.math.BigDecimal.valueOf(penaltyPercent));
    }

    /** "86.7%", "100%". */
    static String percent(double p) {
        double rounded = Math.round(p * 10) / 10.0;
        return (rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded)) + "%";
    }
}
