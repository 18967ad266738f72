package dev.llmf.grader.api;

import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.queue.GradingWorkers;
import dev.llmf.grader.schedule.ScheduleService;
import dev.llmf.grader.submissions.SubmissionService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** The course's exercises, and submitting to one. */
@Path("/api/exercises")
@Produces(MediaType.APPLICATION_JSON)
public class ExerciseResource {

    @Inject
    CourseAccess access;

    @Inject
    SubmissionService submissions;

    @Inject
    GradingWorkers workers;

    @Inject
    ScheduleService schedule;

    /** The course's exercises; for a learner with their own due dates and cut-offs (extensions applied). */
    @GET
    public List<Views.ExerciseView> list() {
        return submissions.exercises(access.member());
    }

    /**
     * Submits source files (multipart parts named {@code file}, several allowed) or one zip; answers 202 with the
     * submission's id and where to poll for the result.
     */
    @POST
    @Path("/{id}/submissions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(@PathParam("id") String exerciseId, @RestForm("file") List<FileUpload> files) {
        long id = submissions.create(access.member(), exerciseId, SubmissionFiles.fromUploads(files));
        workers.wakeUp();
        String location = "/api/submissions/" + id;
        return Response.accepted(new Views.SubmissionCreated(id, "QUEUED", location)).location(URI.create(location)).build();
    }

    /** The signed-in learner's attempts at this exercise, newest first. */
    @GET
    @Path("/{id}/submissions")
    public List<Views.AttemptView> history(@PathParam("id") String exerciseId) {
        return submissions.history(access.member(), exerciseId);
    }

    /**
     * Instructors set when an exercise opens, is due, and closes: {@code closesAt} is the cut-off until which late
     * submissions are accepted (null: none are, the exercise closes at its due date).
     */
    @PUT
    @Path("/{id}/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.ExerciseView schedule(@PathParam("id") String exerciseId, Views.Schedule schedule) {
        Member instructor = access.instructor();
        if (schedule == null) {
            throw ApiException.badRequest("send {\"opensAt\": …, \"dueAt\": …, \"closesAt\": …} (ISO-8601 instants or null)");
        }
        return submissions.exerciseView(instructor, this.schedule.set(instructor, exerciseId, schedule), Instant.now());
    }
}
