package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.CourseSelection;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;

/** The header's course switcher: the pages then show the chosen course (one of the viewer's own). */
@Path("/course")
@Produces(MediaType.TEXT_HTML)
public class CourseSwitch {

    @Inject
    Pages pages;

    @Inject
    CourseAccess access;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response choose(@RestForm String course) {
        pages.signedIn();
        CourseAccess.Choice chosen = access.choices().stream().filter(c -> c.slug().equals(course) && !c.disabled())
                .findFirst().orElseThrow(() -> ApiException.notFound("you belong to no course '" + course + "'"));
        boolean secure = "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
        return Response.seeOther(URI.create("/")).cookie(CourseSelection.cookie(chosen.slug(), secure)).build();
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }
}
