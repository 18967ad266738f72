package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.queue.GradingWorkers;
import dev.llmf.grader.regrade.RegradeService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The web twin of {@code POST /api/instructor/exercises/{id}/regrade}: on to the regrade's progress page, or, if
 * one of that exercise is still running, to that one's page with a note that no new one was started.
 */
@Path("/instructor/exercises/{exerciseId}/regrade")
@Produces(MediaType.TEXT_HTML)
public class RegradeAction {

    @Inject
    RegradeService regrades;

    @Inject
    GradingWorkers workers;

    @Inject
    Pages pages;

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response regrade(@PathParam("exerciseId") String exerciseId) {
        RegradeService.Started started = regrades.start(pages.instructor(), exerciseId);
        if (started.alreadyRunning()) {
            return Pages.seeOther("/instructor/regrades/" + started.id() + "?already=true");
        }
        workers.wakeUp();
        return Pages.seeOther("/instructor/regrades/" + started.id());
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }
}
