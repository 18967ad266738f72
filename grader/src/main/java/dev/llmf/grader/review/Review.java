package dev.llmf.grader.review;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionComment;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.submissions.SubmissionAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Staff reviewing a submission: its files as submitted (for the staff of its course only, not even its learner,
 * who has them), and comments on the whole submission or on one line, which its learner reads. Who may do what is
 * decided by the submission's own course, whatever course the request is about.
 */
@ApplicationScoped
public class Review {

    public static final int MAX_COMMENT = 4000;

    /** One file as submitted: its text, and the same as highlighted HTML lines. */
    public record FileView(int index, String path, String content, List<String> htmlLines) {
    }

    /**
     * A comment; {@code path} and {@code line} null for one on the whole submission, {@code quote} the text of the
     * line it is about (empty then).
     */
    public record CommentView(long id, String author, String path, Integer line, String quote, String body,
                              Instant createdAt) {
    }

    /** A comment to add; {@code path} and {@code line} both null, or both set. */
    public record NewComment(String body, String path, Integer line) {
    }

    /**
     * Whose submission it is and what the viewer may do with it, decided by its own course: {@code staff} see code
     * and comment, {@code instructor} also override the grade ({@code course} is that course's slug, for the forms).
     */
    public record Standing(String course, String learner, long learnerId, String exercise, long exerciseId,
                           boolean staff, boolean instructor) {
    }

    /** The viewer's standing towards the submission (403 when they may not see it at all). */
    @Transactional
    public Standing standing(long submissionId, Account viewer) {
        SubmissionAccess.Opened s = load(submissionId, viewer);
        boolean instructor = s.staff() && Membership.find(viewer.id, s.exercise().courseId)
                .filter(m -> m.role == Role.INSTRUCTOR).isPresent();
        return new Standing(Course.<Course>findById(s.exercise().courseId).slug, s.owner().username, s.owner().id,
                s.exercise().slug, s.exercise().id, s.staff(), instructor);
    }

    /** The submission's files, highlighted: 403 unless the viewer is staff of its course. */
    @Transactional
    public List<FileView> files(long submissionId, Account viewer) {
        SubmissionAccess.Opened s = load(submissionId, viewer);
        if (!s.staff()) {
            throw ApiException.forbidden("a submission's code is shown to the staff of its course");
        }
        return files(submissionId);
    }

    /** The comments on the submission, oldest first: for its learner and the staff of its course. */
    @Transactional
    public List<CommentView> comments(long submissionId, Account viewer) {
        load(submissionId, viewer);
        Map<String, List<String>> lines = new HashMap<>();
        for (SubmissionFile f : SubmissionFile.of(submissionId)) {
            lines.put(f.path, f.content.replace("\r\n", "\n").lines().toList());
        }
        List<CommentView> out = new ArrayList<>();
        for (SubmissionComment c : SubmissionComment.<SubmissionComment>list("submissionId = ?1 order by createdAt, id",
                submissionId)) {
            Account author = c.authorId == null ? null : Account.findById(c.authorId);
            List<String> file = c.path == null ? List.of() : lines.getOrDefault(c.path, List.of());
            String quote = c.line != null && c.line <= file.size() ? file.get(c.line - 1).strip() : "";
            out.add(new CommentView(c.id, author == null ? "(a former member)" : author.displayName, c.path, c.line,
                    quote, c.body, c.createdAt));
        }
        return out;
    }

    /**
     * Adds a comment by the staff member {@code author}: 403 for anybody else, 400 for an empty or too long text, or
     * a file or line the submission does not have.
     */
    @Transactional
    public long comment(long submissionId, Account author, NewComment comment) {
        SubmissionAccess.Opened s = load(submissionId, author);
        if (!s.staff()) {
            throw ApiException.forbidden("only the staff of the course comment on submissions");
        }
        String body = comment == null || comment.body() == null ? "" : comment.body().strip();
        if (body.isEmpty() || body.length() > MAX_COMMENT) {
            throw ApiException.badRequest("a comment has 1 to " + MAX_COMMENT + " characters");
        }
        String path = comment.path() == null || comment.path().isBlank() ? null : comment.path().strip();
        if ((path == null) != (comment.line() == null)) {
            throw ApiException.badRequest("a comment on a line names both the file (path) and the line");
        }
        if (path != null) {
            SubmissionFile file = SubmissionFile.<SubmissionFile>find("submissionId = ?1 and path = ?2", submissionId, path)
                    .firstResultOptional().orElseThrow(() -> ApiException.badRequest("the submission has no file '" + path + "'"));
            long count = file.content.replace("\r\n", "\n").lines().count();
            if (comment.line() < 1 || comment.line() > count) {
                throw ApiException.badRequest("'" + path + "' has lines 1 to " + count + ", not " + comment.line());
            }
        }
        SubmissionComment c = new SubmissionComment();
        c.submissionId = submissionId;
        c.authorId = author.id;
        c.path = path;
        c.line = comment.line();
        c.body = body;
        c.persist();
        return c.id;
    }

    private static List<FileView> files(long submissionId) {
        List<FileView> out = new ArrayList<>();
        for (SubmissionFile f : SubmissionFile.of(submissionId)) {
            out.add(new FileView(out.size() + 1, f.path, f.content, JavaHighlighter.lines(f.content)));
        }
        return out;
    }

    private static SubmissionAccess.Opened load(long submissionId, Account viewer) {
        return SubmissionAccess.open(submissionId, viewer);
    }
}
