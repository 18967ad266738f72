package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.review.Overrides;
import dev.llmf.grader.review.Review;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.math.BigDecimal;

/**
 * The feedback page's forms for staff: a comment on the submission or on one line (staff of its course), and the
 * grade override (its instructors; the form names the course, {@code ?course=}, so the submission's course decides).
 * A wrong entry shows the page again with what was typed and what to fix; nothing is saved then.
 */
@Path("/submissions/{id}")
@Produces(MediaType.TEXT_HTML)
public class ReviewActions {

    @Inject
    Pages pages;

    @Inject
    Review review;

    @Inject
    Overrides overrides;

    @Inject
    FeedbackRenderer renderer;

    @POST
    @Path("comments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response comment(@PathParam("id") String id, @RestForm String body, @RestForm String path,
                            @RestForm String line) {
        long submissionId = FeedbackRenderer.submissionId(id);
        Account author = pages.signedIn();
        String where = path == null ? "" : path.strip();
        try {
            long comment = review.comment(submissionId, author, new Review.NewComment(body,
                    where.isEmpty() ? null : where, lineNumber(line, where)));
            return Pages.seeOther("/submissions/" + submissionId + "#comment-" + comment);
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            return renderer.render(submissionId, author, new ReviewViews.CommentForm(where, line == null ? "" : line,
                    body == null ? "" : body, "Not saved: " + e.getMessage()), null, 400);
        }
    }

    @POST
    @Path("override")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response override(@PathParam("id") String id, @RestForm String percent, @RestForm String reason) {
        long submissionId = FeedbackRenderer.submissionId(id);
        Account viewer = pages.signedIn();
        Review.Standing standing = review.standing(submissionId, viewer);
        try {
            overrides.set(pages.instructor(), standing.learner(), standing.exercise(),
                    new Overrides.Request(number(percent), reason));
        } catch (ApiException e) {
            if (e.status() != 400 && e.status() != 409) {
                throw e;
            }
            return renderer.render(submissionId, viewer, ReviewViews.CommentForm.EMPTY, "Not saved: " + e.getMessage(),
                    e.status());
        }
        return Pages.seeOther("/submissions/" + submissionId + "#override");
    }

    @POST
    @Path("override/delete")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response removeOverride(@PathParam("id") String id) {
        long submissionId = FeedbackRenderer.submissionId(id);
        Review.Standing standing = review.standing(submissionId, pages.signedIn());
        overrides.clear(pages.instructor(), standing.learner(), standing.exercise());
        return Pages.seeOther("/submissions/" + submissionId + "#override");
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private static Integer lineNumber(String line, String path) {
        if (path.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(line == null ? "" : line.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("the line must be a number, not '" + line + "'");
        }
    }

    private static BigDecimal number(String value) {
        try {
            return new BigDecimal(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("the grade must be a number from 0 to 100, not '" + value + "'");
        }
    }
}
