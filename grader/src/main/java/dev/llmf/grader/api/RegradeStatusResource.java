package dev.llmf.grader.api;

import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.regrade.RegradeService;
import dev.llmf.grader.regrade.RegradeView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** How far the course's regrades have got: the 20 most recent, or one of them. */
@Path(RegradeStatusResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RegradeStatusResource {

    static final String PATH = "/api/instructor/regrades";
    private static final int RECENT = 20;

    @Inject
    CourseAccess access;

    @Inject
    RegradeService regrades;

    @GET
    public List<RegradeView> recent() {
        return regrades.recent(access.instructor(), RECENT);
    }

    @GET
    @Path("/{id}")
    public RegradeView one(@PathParam("id") long id) {
        return regrades.view(access.instructor(), id);
    }
}
