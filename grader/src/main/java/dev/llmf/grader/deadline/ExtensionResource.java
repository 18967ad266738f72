package dev.llmf.grader.deadline;

import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.Member;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** Per-learner extensions: staff read them, instructors grant and remove them. */
@Path("/api/instructor/extensions")
@Produces(MediaType.APPLICATION_JSON)
public class ExtensionResource {

    @Inject
    CourseAccess access;

    @Inject
    ExtensionService extensions;

    @GET
    @Operation(summary = "The course's extensions")
    public List<ExtensionService.ExtensionView> list() {
        return extensions.list(access.staff().courseId());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give one learner a new due date and cut-off for one exercise: {\"username\", \"exercise\","
            + " \"dueAt\", \"closesAt\"} (closesAt null: the new due date is the cut-off); replaces an earlier one")
    public Response grant(ExtensionService.Grant grant) {
        Member instructor = access.instructor();
        return Response.status(201).entity(extensions.grant(instructor, grant)).build();
    }

    @DELETE
    @Path("/{username}/{exercise}")
    @Operation(summary = "Remove a learner's extension: the exercise's own dates apply again")
    public Response remove(@PathParam("username") String username, @PathParam("exercise") String exercise) {
        extensions.remove(access.instructor(), username, exercise);
        return Response.noContent().build();
    }
}
