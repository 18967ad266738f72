package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.schedule.ScheduleService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instructor sets every exercise's opening and due date on one form, in UTC (the server's time zone). A save
 * is all or nothing: if any row is wrong, nothing is saved and the form comes back with what was typed and what to
 * fix next to each wrong row.
 */
@Path("/instructor/schedule")
@Produces(MediaType.TEXT_HTML)
public class SchedulePage {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @Inject
    CurrentUser currentUser;

    @Inject
    ScheduleService schedule;

    @Inject
    Pages pages;

    @GET
    public Response show(@QueryParam("saved") boolean saved) {
        Account instructor = currentUser.requireInstructor();
        List<ActionViews.ScheduleRow> rows = exercises(instructor).stream()
                .map(e -> new ActionViews.ScheduleRow(e.slug, e.position, e.title, input(e.opensAt), input(e.dueAt), null))
                .toList();
        return page(rows, saved, null, 200);
    }

    /** Fields come in row order: for each row an {@code exercise} id, then its {@code opens} and {@code due}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestForm("exercise") List<String> ids, @RestForm("opens") List<String> opens,
                         @RestForm("due") List<String> dues) {
        Account instructor = currentUser.requireInstructor();
        if (ids.size() != opens.size() || ids.size() != dues.size()) {
            throw ApiException.badRequest("the form is incomplete: reload the schedule page and try again");
        }
        Map<String, CourseExercise> known = new LinkedHashMap<>();
        exercises(instructor).forEach(e -> known.put(e.slug, e));
        List<ActionViews.ScheduleRow> rows = new ArrayList<>();
        Map<String, Views.Schedule> schedules = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            CourseExercise e = known.get(ids.get(i));
            if (e == null) {
                throw ApiException.notFound("no exercise '" + ids.get(i) + "' in your course");
            }
            String error;
            try {
                Instant opensAt = instant(opens.get(i));
                Instant dueAt = instant(dues.get(i));
                error = ScheduleService.problem(opensAt, dueAt);
                schedules.put(e.slug, new Views.Schedule(opensAt, dueAt));
            } catch (DateTimeParseException bad) {
                error = "'" + bad.getParsedString() + "' is not a date and time like 2026-12-01T09:00";
            }
            rows.add(new ActionViews.ScheduleRow(e.slug, e.position, e.title, opens.get(i).strip(), dues.get(i).strip(), error));
        }
        if (rows.stream().anyMatch(r -> r.error() != null)) {
            return page(rows, false, "Nothing was saved: fix the dates marked below.", 400);
        }
        schedule.setAll(instructor, schedules);
        return Pages.seeOther("/instructor/schedule?saved=true");
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private Response page(List<ActionViews.ScheduleRow> rows, boolean saved, String error, int status) {
        String html = ActionTemplates.schedule(pages.viewer(), rows, Format.when(Instant.now()), saved, error).render();
        return Response.status(status).type(Pages.HTML).entity(html).build();
    }

    private static List<CourseExercise> exercises(Account instructor) {
        return QuarkusTransaction.requiringNew().call(() -> CourseExercise.ofCourse(instructor.courseId));
    }

    private static String input(Instant instant) {
        return instant == null ? "" : INPUT.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** A date-time input's value (seconds optional) read as UTC; empty means none. */
    private static Instant instant(String value) {
        String v = value.strip();
        return v.isEmpty() ? null : LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    }
}
