package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.deadline.ExtensionService;
import dev.llmf.grader.model.CourseExercise;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Per-learner extensions, instructors only: the course's extensions and a form to grant one (a new due date and
 * cut-off for one learner and exercise, in UTC). The web twin of {@code /api/instructor/extensions}.
 */
@Path("/instructor/extensions")
@Produces(MediaType.TEXT_HTML)
public class ExtensionsPage {

    @Inject
    Pages pages;

    @Inject
    ExtensionService extensions;

    @GET
    public Response list(@QueryParam("username") String username, @QueryParam("exercise") String exercise) {
        ActionViews.ExtensionForm form = new ActionViews.ExtensionForm(username == null ? "" : username,
                exercise == null ? "" : exercise, "", "");
        return page(pages.instructor(), form, null, 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response grant(@RestForm String username, @RestForm String exercise, @RestForm String due,
                          @RestForm String closes) {
        Member instructor = pages.instructor();
        ActionViews.ExtensionForm typed = new ActionViews.ExtensionForm(text(username), text(exercise), text(due), text(closes));
        try {
            extensions.grant(instructor, new ExtensionService.Grant(typed.username(), typed.exercise(),
                    ScheduleInput.instant(typed.due()), ScheduleInput.instant(typed.closes())));
        } catch (DateTimeParseException bad) {
            return page(instructor, typed, "Nothing was saved: '" + bad.getParsedString()
                    + "' is not a date and time like 2026-12-01T09:00.", 400);
        } catch (ApiException e) {
            return page(instructor, typed, "Nothing was saved: " + e.getMessage(), e.status());
        }
        return Pages.seeOther("/instructor/extensions");
    }

    @POST
    @Path("{username}/{exercise}/delete")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response remove(@PathParam("username") String username, @PathParam("exercise") String exercise) {
        extensions.remove(pages.instructor(), username, exercise);
        return Pages.seeOther("/instructor/extensions");
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private Response page(Member instructor, ActionViews.ExtensionForm form, String error, int status) {
        List<ActionViews.ExtensionRow> rows = extensions.list(instructor.courseId()).stream()
                .map(x -> new ActionViews.ExtensionRow(x.username(), x.exercise(), Format.when(x.dueAt()),
                        Format.iso(x.dueAt()), Format.when(x.closesAt() == null ? x.dueAt() : x.closesAt()),
                        x.grantedBy() == null ? "" : x.grantedBy(), Format.when(x.grantedAt()))).toList();
        List<ActionViews.ExerciseChoice> exercises = QuarkusTransaction.requiringNew()
                .call(() -> CourseExercise.ofCourse(instructor.courseId())).stream()
                .map(e -> new ActionViews.ExerciseChoice(e.slug, e.position, e.title)).toList();
        String html = ActionTemplates.extensions(pages.viewer(), rows, exercises, form, Format.when(Instant.now()), error)
                .render();
        return Response.status(status).type(Pages.HTML).entity(html).build();
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
