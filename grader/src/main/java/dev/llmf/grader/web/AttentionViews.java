package dev.llmf.grader.web;

import dev.llmf.grader.dashboard.AttentionQuery;
import dev.llmf.grader.dashboard.FailingLearnersQuery;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the "needs attention" page and a test's failing learners show, already formatted, from their dashboard
 * queries. Plain text; the templates escape it.
 */
public final class AttentionViews {

    private AttentionViews() {
    }

    /** {@code stuck}: "attention (6 attempts since the best of 10)"…, empty when none. */
    public record AttentionRow(String username, String displayName, String lastActivity, String lastActivityIso,
                               String silentFor, boolean inactive, String stuck, int stuckCount) {
    }

    public record AttentionPage(int attempts, int days, List<InstructorViews.Option> sorts, boolean openExercises,
                                long matched, int page, int pages, String prevHref, String nextHref,
                                List<AttentionRow> rows) {
    }

    public record FailingLearnerRow(String username, String displayName, long submissionId, String submitted,
                                    String submittedIso, String message) {
    }

    public record FailingPage(FailingLearnersQuery.FailingLearners failing, List<FailingLearnerRow> rows,
                              String prevHref, String nextHref) {
    }

    static AttentionPage attention(AttentionQuery.Attention a) {
        List<InstructorViews.Option> sorts = List.of(
                new InstructorViews.Option("activity", "last activity, longest ago first", a.sort().equals("activity")),
                new InstructorViews.Option("stuck", "most exercises stuck on", a.sort().equals("stuck")),
                new InstructorViews.Option("username", "username", a.sort().equals("username")));
        List<AttentionRow> rows = a.learners().stream().map(l -> new AttentionRow(l.username(), l.displayName(),
                l.lastActivity() == null ? "never" : Format.when(l.lastActivity()), Format.iso(l.lastActivity()),
                l.lastActivity() == null ? "" : AttentionQuery.daysSince(l.lastActivity()) + " days", l.inactive(),
                l.stuck().stream().map(s -> s.exercise() + " (" + s.attemptsSinceBest() + " attempts since the best, of "
                        + s.attempts() + ")").collect(Collectors.joining("; ")), l.stuck().size())).toList();
        String query = "/instructor/attention?attempts=" + a.attempts() + "&days=" + a.days() + "&sort=" + a.sort() + "&page=";
        return new AttentionPage(a.attempts(), a.days(), sorts, a.openExercises(), a.matched(), a.page(), a.pages(),
                a.page() > 1 ? query + (a.page() - 1) : null, a.page() < a.pages() ? query + (a.page() + 1) : null, rows);
    }

    static FailingPage failing(FailingLearnersQuery.FailingLearners f) {
        List<FailingLearnerRow> rows = f.learners().stream().map(l -> new FailingLearnerRow(l.username(),
                l.displayName(), l.submissionId(), Format.when(l.submittedAt()), Format.iso(l.submittedAt()),
                l.message() == null ? "" : l.message())).toList();
        String base = "/instructor/exercises/" + f.exercise() + "/tests/" + f.testKey() + "?page=";
        return new FailingPage(f, rows, f.page() > 1 ? base + (f.page() - 1) : null,
                f.page() < f.pages() ? base + (f.page() + 1) : null);
    }
}
