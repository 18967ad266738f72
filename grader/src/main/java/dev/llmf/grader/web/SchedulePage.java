package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.deadline.LatePolicy;
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

import java.math.BigDecimal;
import java.time.Instant;
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

    @Inject
    ScheduleService schedule;

    @Inject
    Pages pages;

    @GET
    public Response show(@QueryParam("saved") boolean saved) {
        Member instructor = pages.instructor();
        return page(instructor, storedRows(instructor), saved, null, 200);
    }

    /**
     * Fields come in row order: for each row an {@code exercise} id, then its {@code opens}, {@code due} and
     * {@code closes} (the cut-off; a form without that column leaves every cut-off empty).
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestForm("exercise") List<String> ids, @RestForm("opens") List<String> opens,
                         @RestForm("due") List<String> dues, @RestForm("closes") List<String> cutOffs) {
        Member instructor = pages.instructor();
        List<String> closes = cutOffs.isEmpty() ? java.util.Collections.nCopies(ids.size(), "") : cutOffs;
        if (ids.size() != opens.size() || ids.size() != dues.size() || ids.size() != closes.size()) {
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
                Instant opensAt = ScheduleInput.instant(opens.get(i));
                Instant dueAt = ScheduleInput.instant(dues.get(i));
                Instant closesAt = ScheduleInput.instant(closes.get(i));
                error = ScheduleService.problem(opensAt, dueAt, closesAt);
                schedules.put(e.slug, new Views.Schedule(opensAt, dueAt, closesAt));
            } catch (DateTimeParseException bad) {
                error = "'" + bad.getParsedString() + "' is not a date and time like 2026-12-01T09:00";
            }
            rows.add(new ActionViews.ScheduleRow(e.slug, e.position, e.title, opens.get(i).strip(), dues.get(i).strip(),
                    closes.get(i).strip(), error));
        }
        if (rows.stream().anyMatch(r -> r.error() != null)) {
            return page(instructor, rows, false, "Nothing was saved: fix the dates marked below.", 400);
        }
        schedule.setAll(instructor, schedules);
        return Pages.seeOther("/instructor/schedule?saved=true");
    }

    /** The course's late penalty, from the second form on the page. */
    @POST
    @Path("late-policy")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveLatePolicy(@RestForm String policy, @RestForm String percentPerDay, @RestForm String factor) {
        Member instructor = pages.instructor();
        try {
            schedule.setLatePolicy(instructor, LatePolicy.checked(policy, number(percentPerDay), number(factor)));
        } catch (ApiException e) {
            return page(instructor, storedRows(instructor), false, "The late penalty was not changed: " + e.getMessage(),
                    e.status());
        }
        return Pages.seeOther("/instructor/schedule?saved=true");
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private Response page(Member instructor, List<ActionViews.ScheduleRow> rows, boolean saved, String error, int status) {
        LatePolicy late = schedule.latePolicy(instructor);
        ActionViews.LateForm form = new ActionViews.LateForm(late.policy().name(), LatePolicy.plain(late.percentPerDay()),
                LatePolicy.plain(late.factor()), late.describe());
        String html = ActionTemplates.schedule(pages.viewer(), rows, form, Format.when(Instant.now()), saved, error).render();
        return Response.status(status).type(Pages.HTML).entity(html).build();
    }

    private static BigDecimal number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + value.strip() + "' is not a number");
        }
    }

    /** The form's rows as the dates are stored. */
    private static List<ActionViews.ScheduleRow> storedRows(Member instructor) {
        return exercises(instructor).stream().map(e -> new ActionViews.ScheduleRow(e.slug, e.position, e.title,
                ScheduleInput.of(e.opensAt), ScheduleInput.of(e.dueAt), ScheduleInput.of(e.closesAt), null)).toList();
    }

    private static List<CourseExercise> exercises(Member instructor) {
        return QuarkusTransaction.requiringNew().call(() -> CourseExercise.ofCourse(instructor.courseId()));
    }

}
