package dev.llmf.grader.dashboard;

import dev.llmf.grader.course.CourseAccess;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The instructor dashboard's numbers as JSON, the same as its pages show; staff of the course only (401 without a
 * token, 403 for learners), and only the request's course.
 */
@Path("/api/instructor")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    @Inject
    CourseAccess access;

    @Inject
    Dashboard dashboard;

    /**
     * Learners × exercises: grade, best score, status, attempts and last submission per cell, 100 learners a page;
     * {@code ?q=} filters by a part of the username; {@code ?exercise=} picks one exercise for {@code ?status=}
     * ({@code any}, {@code not-started}, {@code in-progress}, {@code passed}) and the per-exercise sorts;
     * {@code ?sort=} is {@code username}, {@code total-desc}, {@code total-asc}, {@code score-desc},
     * {@code score-asc}, {@code attempts-desc}, {@code activity-desc} or {@code activity-asc}.
     */
    @GET
    @Path("/matrix")
    public ClassMatrixQuery.Matrix matrix(@QueryParam("q") String q, @QueryParam("page") String page,
                                          @QueryParam("sort") String sort, @QueryParam("exercise") String exercise,
                                          @QueryParam("status") String status) {
        return dashboard.matrix(access.staff(), q, page, sort, exercise, status);
    }

    /** The learners whose latest graded submission fails one test, each with that submission and the message. */
    @GET
    @Path("/exercises/{id}/tests/{test}")
    public FailingLearnersQuery.FailingLearners failing(@PathParam("id") String exerciseId,
                                                        @PathParam("test") String test, @QueryParam("page") String page) {
        return dashboard.failing(access.staff(), exerciseId, test, page);
    }

    /**
     * Learners who may need help: stuck ({@code ?attempts=N}, default 5, graded attempts without gain on an
     * exercise not passed) or inactive ({@code ?days=D}, default 7, without a submission while an exercise is open);
     * {@code ?sort=activity|stuck|username}.
     */
    @GET
    @Path("/attention")
    public AttentionQuery.Attention attention(@QueryParam("attempts") String attempts, @QueryParam("days") String days,
                                              @QueryParam("sort") String sort, @QueryParam("page") String page) {
        return dashboard.attention(access.staff(), attempts, days, sort, page);
    }

    /** Score distribution, counts by status, and the tests most learners fail, for one exercise. */
    @GET
    @Path("/exercises/{id}")
    public ExerciseStatsQuery.ExerciseStats exercise(@PathParam("id") String exerciseId) {
        return dashboard.exercise(access.staff(), exerciseId);
    }

    /** Submissions per hour or day ({@code ?by=hour|day}), for the course or one exercise, with the due dates. */
    @GET
    @Path("/activity")
    public ActivityQuery.Activity activity(@QueryParam("by") String by, @QueryParam("exercise") String exercise) {
        return dashboard.activity(access.staff(), by, exercise);
    }

    /** One learner's every attempt, per exercise. */
    @GET
    @Path("/learners/{username}")
    public LearnerHistoryQuery.LearnerHistory learner(@PathParam("username") String username) {
        return dashboard.learner(access.staff(), username);
    }
}
