package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.CurrentUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The instructor dashboard's numbers as JSON, from the same queries as its pages; instructors only (401 without
 * a token, 403 for learners), and only their own course.
 */
@Path("/api/instructor")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    @Inject
    CurrentUser currentUser;

    @Inject
    ClassMatrixQuery matrix;

    @Inject
    ExerciseStatsQuery exerciseStats;

    @Inject
    ActivityQuery activity;

    @Inject
    LearnerHistoryQuery learnerHistory;

    /** Learners × exercises: best score, status and attempts per cell; {@code ?q=} filters by username. */
    @GET
    @Path("/matrix")
    public ClassMatrixQuery.Matrix matrix(@QueryParam("q") String q, @QueryParam("page") String page,
                                          @QueryParam("sort") String sort) {
        long course = currentUser.requireInstructor().courseId;
        return matrix.run(course, q, pageNumber(page), ClassMatrixQuery.Sort.of(sort));
    }

    /** Score distribution and the tests most learners fail, for one exercise. */
    @GET
    @Path("/exercises/{id}")
    public ExerciseStatsQuery.ExerciseStats exercise(@PathParam("id") String exerciseId) {
        return exerciseStats.run(currentUser.requireInstructor().courseId, exerciseId);
    }

    /** Submissions per hour or day ({@code ?by=hour|day}), for the course or one exercise, with the due dates. */
    @GET
    @Path("/activity")
    public ActivityQuery.Activity activity(@QueryParam("by") String by, @QueryParam("exercise") String exercise) {
        long course = currentUser.requireInstructor().courseId;
        return activity.run(course, exercise, ActivityQuery.Interval.of(by));
    }

    /** One learner's every attempt, per exercise. */
    @GET
    @Path("/learners/{username}")
    public LearnerHistoryQuery.LearnerHistory learner(@PathParam("username") String username) {
        return learnerHistory.run(currentUser.requireInstructor().courseId, username);
    }

    /** {@code ?page=}: absent means 1; anything but a positive whole number is a 400 that says so. */
    public static int pageNumber(String page) {
        if (page == null || page.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(page.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("page (" + page + ") must be a whole number, 1 or more");
    }
}
