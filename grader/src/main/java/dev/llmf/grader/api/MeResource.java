package dev.llmf.grader.api;

import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.auth.PasswordChange;
import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.submissions.SubmissionService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** The signed-in account's own: its progress, its courses, and its password. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    CurrentUser currentUser;

    @Inject
    CourseAccess access;

    @Inject
    PasswordChange passwords;

    @Inject
    SubmissionService submissions;

    @GET
    @Path("/progress")
    @Operation(summary = "Per exercise of the course: status, attempts, best and latest score")
    public List<Views.ProgressView> progress() {
        return submissions.progress(access.member());
    }

    @GET
    @Path("/courses")
    @Operation(summary = "Your courses, newest first, with your role in each; name one with ?course=<slug> on any call")
    public List<CourseAccess.Choice> courses() {
        currentUser.require();
        return access.choices();
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change your password (give the current one); your other sessions and tokens end")
    public Response changePassword(Views.PasswordChange request) {
        if (request == null || request.currentPassword() == null || request.newPassword() == null) {
            throw ApiException.badRequest("send {\"currentPassword\": …, \"newPassword\": …}");
        }
        passwords.change(currentUser.require(), request.currentPassword(), request.newPassword(),
                currentUser.tokenHash().orElse(null));
        return Response.noContent().build();
    }
}
