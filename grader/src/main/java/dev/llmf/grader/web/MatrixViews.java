package dev.llmf.grader.web;

import dev.llmf.grader.dashboard.ClassMatrixQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The class matrix page's data, already formatted, from {@link ClassMatrixQuery}. Plain text; the template escapes it. */
public final class MatrixViews {

    private MatrixViews() {
    }

    /**
     * One cell of the class matrix. {@code css}: the status token ({@code not-started}, {@code in-progress},
     * {@code passed}) and, while in progress, a band of 20% ({@code band-0} … {@code band-4}) that sets its colour;
     * {@code text} the grade, {@code attempts} how many graded attempts, {@code marks} "late" and "override" flags.
     */
    public record MatrixCell(String exercise, String status, String css, String text, int attempts, String marks,
                             String title) {
    }

    public record MatrixRow(String username, String displayName, String total, boolean disabled, String lastActivity,
                            String lastActivityIso, List<MatrixCell> cells) {
    }

    /** The matrix page; the hrefs are null where there is no previous or next page. */
    public record MatrixPage(List<ClassMatrixQuery.Column> columns, List<MatrixRow> rows, String q,
                             List<InstructorViews.Option> sorts, List<InstructorViews.Option> exercises,
                             List<InstructorViews.Option> statuses, int page, int pages, long matched, String prevHref,
                             String nextHref) {
    }

    private static final List<String[]> SORTS = List.of(new String[] {"username", "username"},
            new String[] {"total-desc", "total, highest first"}, new String[] {"total-asc", "total, lowest first"},
            new String[] {"score-desc", "the exercise's grade, highest first"},
            new String[] {"score-asc", "the exercise's grade, lowest first"},
            new String[] {"attempts-desc", "the exercise's attempts, most first"},
            new String[] {"activity-desc", "last activity, most recent first"},
            new String[] {"activity-asc", "last activity, longest ago first"});

    private static final List<String[]> STATUSES = List.of(new String[] {"any", "any status"},
            new String[] {"not-started", "not started"}, new String[] {"in-progress", "in progress"},
            new String[] {"passed", "passed"});

    static MatrixPage matrix(ClassMatrixQuery.Matrix m) {
        List<MatrixRow> rows = m.learners().stream().map(MatrixViews::row).toList();
        List<InstructorViews.Option> sorts = options(SORTS, m.sort());
        List<InstructorViews.Option> statuses = options(STATUSES, m.status());
        List<InstructorViews.Option> exercises = new ArrayList<>();
        exercises.add(new InstructorViews.Option("", "no exercise", m.exercise().isEmpty()));
        m.exercises().forEach(c -> exercises.add(new InstructorViews.Option(c.exercise(), c.number() + ". " + c.title(),
                c.exercise().equals(m.exercise()))));
        String prev = m.page() > 1 ? href(m, m.page() - 1) : null;
        String next = m.page() < m.pages() ? href(m, m.page() + 1) : null;
        return new MatrixPage(m.exercises(), rows, m.q(), sorts, exercises, statuses, m.page(), m.pages(), m.matched(),
                prev, next);
    }

    private static List<InstructorViews.Option> options(List<String[]> all, String selected) {
        return all.stream().map(o -> new InstructorViews.Option(o[0], o[1], o[0].equals(selected))).toList();
    }

    private static String href(ClassMatrixQuery.Matrix m, int page) {
        StringBuilder href = new StringBuilder("/instructor?page=").append(page);
        if (!m.q().isEmpty()) {
            href.append("&q=").append(URLEncoder.encode(m.q(), StandardCharsets.UTF_8));
        }
        if (!m.sort().equals("username")) {
            href.append("&sort=").append(m.sort());
        }
        if (!m.exercise().isEmpty()) {
            href.append("&exercise=").append(URLEncoder.encode(m.exercise(), StandardCharsets.UTF_8));
        }
        if (!m.status().equals("any")) {
            href.append("&status=").append(m.status());
        }
        return href.toString();
    }

    private static MatrixRow row(ClassMatrixQuery.LearnerRow r) {
        List<MatrixCell> cells = r.cells().stream().map(c -> cell(r.username(), c)).toList();
        return new MatrixRow(r.username(), r.displayName(), InstructorViews.percent(r.totalPercent()), r.disabled(),
                r.lastActivity() == null ? "never" : Format.when(r.lastActivity()), Format.iso(r.lastActivity()), cells);
    }

    private static MatrixCell cell(String username, ClassMatrixQuery.Cell c) {
        String status = Format.token(c.status());
        if (c.best() == null) {
            return new MatrixCell(c.exercise(), status, status, "", 0, "", username + " · " + c.exercise() + ": not started");
        }
        double grade = c.grade();
        String css = c.status().equals("IN_PROGRESS") ? status + " band-" + (int) Math.min(4, grade / 20) : status;
        String marks = (c.late() ? "late " : "") + (c.overridden() ? "override" : "");
        String title = username + " · " + c.exercise() + ": best " + Format.score(c.best())
                + (c.late() ? ", late −" + Format.number(c.penaltyPercent()) + "%" : "")
                + (c.overridden() ? ", overridden to " + InstructorViews.percent(grade) : "")
                + ", " + c.attempts() + (c.attempts() == 1 ? " attempt" : " attempts")
                + ", last " + Format.when(c.lastSubmittedAt());
        return new MatrixCell(c.exercise(), status, css, InstructorViews.percent(grade), c.attempts(), marks.strip(), title);
    }
}
