package dev.llmf.grader.api;

import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.submissions.SubmissionService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Polling a submission. */
@Path("/api/submissions")
@Produces(MediaType.APPLICATION_JSON)
public class SubmissionResource {

    @Inject
    CurrentUser currentUser;

    @Inject
    SubmissionService submissions;

    @GET
    @Path("/{id}")
    public Views.SubmissionView get(@PathParam("id") String id) {
        long submissionId;
        try {
            submissionId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no submission '" + id + "'");
        }
        return submissions.view(submissionId, currentUser.require());
    }
}
