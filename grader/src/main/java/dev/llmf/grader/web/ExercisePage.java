package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.SubmissionFiles;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.schedule.ScheduleService;
import dev.llmf.grader.queue.GradingWorkers;
import dev.llmf.grader.submissions.SubmissionService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One exercise: its lesson, the form to submit a solution, and the learner's attempts so far. */
@Path("/exercises/{id}")
@Produces(MediaType.TEXT_HTML)
public class ExercisePage {

    @Inject
    SubmissionService submissions;

    @Inject
    GradingWorkers workers;

    @Inject
    Lessons lessons;

    @Inject
    Pages pages;

    @Inject
    ScheduleService schedule;

    @GET
    public Response show(@PathParam("id") String id) {
        return page(pages.member(), id, 200, null);
    }

    /** The web twin of {@code POST /api/exercises/{id}/submissions}: same checks, then on to the feedback page. */
    @POST
    @Path("submissions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(@PathParam("id") String id, @RestForm("file") List<FileUpload> files) {
        Member learner = pages.member();
        long submissionId;
        try {
            submissionId = submissions.create(learner, id, SubmissionFiles.fromUploads(files));
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw e;
            }
            return page(learner, id, e.status(), e.getMessage());   // say what to fix, next to the form
        }
        workers.wakeUp();
        return Pages.seeOther("/submissions/" + submissionId);
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private Response page(Member learner, String id, int status, String error) {
        Views.ExerciseView row = submissions.exercise(learner, id);
        Exercise exercise = Exercise.byId(id).orElseThrow(() -> ApiException.notFound("no exercise '" + id + "'"));
        List<Views.AttemptView> history = submissions.history(learner, id);
        List<PageViews.AttemptRow> attempts = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Views.AttemptView a = history.get(i);
            attempts.add(Format.attempt(a, history.size() - i));
        }
        boolean lateAccepted = row.dueAt() != null && row.closesAt() != null && row.closesAt().isAfter(row.dueAt());
        PageViews.ExerciseHeader header = new PageViews.ExerciseHeader(row.id(), row.number(), row.title(), row.open(),
                Format.when(row.opensAt()), Format.when(row.dueAt()), Format.iso(row.dueAt()),
                lateAccepted ? Format.when(row.closesAt()) : "", lateAccepted ? Format.iso(row.closesAt()) : "",
                row.acceptingSubmissions(), row.extended(), schedule.latePolicy(learner).describe());
        String html = Templates.exercise(pages.viewer(), header, lessons.html(exercise).orElse(null), attempts, error)
                .render();
        return Response.status(status).type(Pages.HTML).entity(html).build();
    }
}
