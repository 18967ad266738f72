package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.regrade.RegradeService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * The regrades: a button per exercise and the recent regrades, and one regrade's progress, which a small script
 * ({@code /static/regrade.js}) keeps current from {@code GET /api/instructor/regrades/{id}}.
 */
@Path("/instructor/regrades")
@Produces(MediaType.TEXT_HTML)
public class RegradePages {

    private static final int RECENT = 20;

    @Inject
    RegradeService regrades;

    @Inject
    Pages pages;

    @GET
    public TemplateInstance list() {
        Member instructor = pages.instructor();
        List<ActionViews.ExerciseChoice> exercises = QuarkusTransaction.requiringNew()
                .call(() -> CourseExercise.ofCourse(instructor.courseId())).stream()
                .map(e -> new ActionViews.ExerciseChoice(e.slug, e.position, e.title)).toList();
        List<ActionViews.RegradeRow> recent = regrades.recent(instructor, RECENT).stream().map(ActionViews.RegradeRow::of).toList();
        return ActionTemplates.regrades(pages.viewer(), exercises, recent);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance one(@PathParam("id") long id, @QueryParam("already") boolean alreadyRunning) {
        Member instructor = pages.instructor();
        return ActionTemplates.regrade(pages.viewer(), ActionViews.RegradeRow.of(regrades.view(instructor, id)), alreadyRunning);
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }
}
