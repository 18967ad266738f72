package dev.llmf.grader.review;

import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.Member;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Score overrides for one learner and exercise; instructors of the course only. */
@Path("/api/instructor/overrides/{username}/{exercise}")
@Produces(MediaType.APPLICATION_JSON)
public class OverrideResource {

    @Inject
    CourseAccess access;

    @Inject
    Overrides overrides;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the grade that counts for a learner and exercise: {\"percent\": 0-100, \"reason\": …};"
            + " the computed grade is kept beside it; 409 when the learner has no graded attempt")
    public Overrides.OverrideView set(@PathParam("username") String username, @PathParam("exercise") String exercise,
                                      Overrides.Request request) {
        Member instructor = access.instructor();
        return overrides.set(instructor, username, exercise, request);
    }

    @DELETE
    @Operation(summary = "Remove the override: the computed grade counts again")
    public Response clear(@PathParam("username") String username, @PathParam("exercise") String exercise) {
        overrides.clear(access.instructor(), username, exercise);
        return Response.noContent().build();
    }
}
