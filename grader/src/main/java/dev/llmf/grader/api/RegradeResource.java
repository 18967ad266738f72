package dev.llmf.grader.api;

import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.queue.GradingWorkers;
import dev.llmf.grader.regrade.RegradeService;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * Instructors regrade an exercise for everyone after its hidden suite changed: {@code 202} with the regrade and
 * where to follow it. While a regrade of the exercise is still running, asking again starts nothing and answers
 * {@code 409} naming the running one.
 */
@Path("/api/instructor/exercises/{exerciseId}/regrade")
@Produces(MediaType.APPLICATION_JSON)
public class RegradeResource {

    @Inject
    CourseAccess access;

    @Inject
    RegradeService regrades;

    @Inject
    GradingWorkers workers;

    @POST
    public Response regrade(@PathParam("exerciseId") String exerciseId) {
        Member instructor = access.instructor();
        RegradeService.Started started = regrades.start(instructor, exerciseId);
        String location = RegradeStatusResource.PATH + "/" + started.id();
        if (started.alreadyRunning()) {
            throw ApiException.conflict("a regrade of '" + exerciseId + "' is still running (regrade " + started.id()
                    + "); follow it at " + location + " and ask again once it has finished");
        }
        workers.wakeUp();
        return Response.accepted(regrades.view(instructor, started.id())).location(URI.create(location)).build();
    }
}
