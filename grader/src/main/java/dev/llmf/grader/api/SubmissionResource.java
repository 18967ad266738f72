package dev.llmf.grader.api;

import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.review.Review;
import dev.llmf.grader.submissions.SubmissionService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** Polling a submission; its files and the staff's comments. */
@Path("/api/submissions")
@Produces(MediaType.APPLICATION_JSON)
public class SubmissionResource {

    @Inject
    CurrentUser currentUser;

    @Inject
    SubmissionService submissions;

    @Inject
    Review review;

    @GET
    @Path("/{id}")
    public Views.SubmissionView get(@PathParam("id") String id) {
        return submissions.view(number(id), currentUser.require());
    }

    /** The files as submitted: for the staff of the submission's course only. */
    @GET
    @Path("/{id}/files")
    @Operation(summary = "The submission's files as submitted ({path, content}); staff of its course only")
    public List<Views.FileContent> files(@PathParam("id") String id) {
        return review.files(number(id), currentUser.require()).stream()
                .map(f -> new Views.FileContent(f.path(), f.content())).toList();
    }

    @GET
    @Path("/{id}/comments")
    @Operation(summary = "The staff's comments on the submission (path and line null: on the whole of it), oldest first")
    public List<Review.CommentView> comments(@PathParam("id") String id) {
        return review.comments(number(id), currentUser.require());
    }

    @POST
    @Path("/{id}/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Comment on the submission: {\"body\"}, or on one line: {\"body\", \"path\", \"line\"};"
            + " staff of its course only")
    public Response comment(@PathParam("id") String id, Review.NewComment comment) {
        long submissionId = number(id);
        long commentId = review.comment(submissionId, currentUser.require(), comment);
        Review.CommentView made = review.comments(submissionId, currentUser.require()).stream()
                .filter(c -> c.id() == commentId).findFirst().orElseThrow();
        return Response.status(201).entity(made).build();
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no submission '" + id + "'");
        }
    }
}
