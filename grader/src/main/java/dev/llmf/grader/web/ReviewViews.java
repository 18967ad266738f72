package dev.llmf.grader.web;

import dev.llmf.grader.review.Overrides;
import dev.llmf.grader.review.Review;

import java.util.ArrayList;
import java.util.List;

/**
 * The review part of the feedback page, already formatted: comments for the learner and staff; for staff also the
 * submitted files with line numbers (highlighted HTML, escaped by {@link dev.llmf.grader.review.JavaHighlighter}),
 * the comment form, and for instructors the score override.
 */
public final class ReviewViews {

    private ReviewViews() {
    }

    /** {@code where}: "File.java, line 12" for a line comment, empty for one on the whole submission. */
    public record CommentRow(long id, String author, String where, String path, Integer line, String quote, String body,
                             String at, String atIso) {
    }

    /**
     * One line of code: {@code html} is the highlighted line, already escaped; {@code commentHref} opens the comment
     * form on it; {@code comments} those on this line.
     */
    public record CodeLine(int number, String html, String commentHref, List<CommentRow> comments) {
    }

    public record CodeFile(int index, String path, List<CodeLine> lines) {
    }

    /** The comment form as typed (or prefilled from a line's link), and what stopped it, if anything. */
    public record CommentForm(String path, String line, String body, String error) {
        static final CommentForm EMPTY = new CommentForm("", "", "", null);
    }

    /** The current override, {@code null} when there is none; {@code error} what stopped the last change. */
    public record OverrideForm(String percent, String reason, String setBy, String setAt, String computed,
                               String error) {
    }

    public record ReviewPanel(Review.Standing standing, List<CommentRow> comments, List<CodeFile> files,
                              List<String> paths, CommentForm form, OverrideForm override) {
    }

    static ReviewPanel panel(long submissionId, Review.Standing standing, List<Review.CommentView> comments,
                             List<Review.FileView> files, CommentForm form, Overrides.OverrideView override,
                             String overrideError) {
        List<CommentRow> rows = comments.stream().map(ReviewViews::row).toList();
        List<CodeFile> code = new ArrayList<>();
        for (Review.FileView f : files) {
            List<CodeLine> lines = new ArrayList<>();
            for (int n = 1; n <= f.htmlLines().size(); n++) {
                int line = n;
                lines.add(new CodeLine(n, f.htmlLines().get(n - 1), "/submissions/" + submissionId + "?path="
                        + java.net.URLEncoder.encode(f.path(), java.nio.charset.StandardCharsets.UTF_8) + "&line=" + n
                        + "#comment-form", rows.stream().filter(c -> f.path().equals(c.path()) && Integer.valueOf(line)
                        .equals(c.line())).toList()));
            }
            code.add(new CodeFile(f.index(), f.path(), lines));
        }
        OverrideForm overrideForm = override == null
                ? new OverrideForm("", "", "", "", "", overrideError)
                : new OverrideForm(Format.number(override.percent()), override.reason(), override.setBy(),
                        Format.when(override.setAt()), Format.number(override.computedPercent()), overrideError);
        return new ReviewPanel(standing, rows, code, files.stream().map(Review.FileView::path).toList(), form,
                overrideForm);
    }

    private static CommentRow row(Review.CommentView c) {
        String where = c.path() == null ? "" : c.path() + ", line " + c.line();
        return new CommentRow(c.id(), c.author(), where, c.path(), c.line(), c.quote(), c.body(), Format.when(c.createdAt()),
                Format.iso(c.createdAt()));
    }
}
