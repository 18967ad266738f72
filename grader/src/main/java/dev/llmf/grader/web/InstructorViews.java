package dev.llmf.grader.web;

import dev.llmf.grader.api.Views;
import dev.llmf.grader.audit.AuditLog;
import dev.llmf.grader.dashboard.ExerciseStatsQuery;
import dev.llmf.grader.dashboard.LearnerHistoryQuery;

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

    /** {@code override}: "90% (computed 70%), by ada, 2026-… UTC: reason", empty when there is none. */
    public record ExerciseHistoryView(String exercise, int number, String title, String status, String statusLabel,
                                      String best, String override, int gradedAttempts,
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
                e.override() == null ? "" : Format.number(e.override().percent()) + "% (computed "
                        + Format.number(finalPercent(e.best(), e.bestPenaltyPercent())) + "%), by " + e.override().setBy()
                        + ", " + Format.when(e.override().setAt()) + ": " + e.override().reason(),
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
