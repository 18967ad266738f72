package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.dashboard.ActivityQuery;
import dev.llmf.grader.dashboard.AttentionQuery;
import dev.llmf.grader.dashboard.ClassMatrixQuery;
import dev.llmf.grader.dashboard.Dashboard;
import dev.llmf.grader.dashboard.ExerciseStatsQuery;
import dev.llmf.grader.dashboard.FailingLearnersQuery;
import dev.llmf.grader.dashboard.GradeFormat;
import dev.llmf.grader.dashboard.GradesCsv;
import dev.llmf.grader.dashboard.LearnerHistoryQuery;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.model.CourseExercise;
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
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The instructor dashboard: the class matrix, one exercise's statistics and the learners failing one of its tests,
 * who needs attention, activity over time, one learner's history, and the grades as CSV. Staff of the course
 * (instructors and assistants): anonymous visitors go to the sign-in page, learners get a 403 page. Each page shows what one dashboard query returns (the JSON API serves the same results).
 */
@Path("/instructor")
@Produces(MediaType.TEXT_HTML)
public class InstructorPages {

    static final String CSV = "text/csv;charset=UTF-8";

    @Inject
    Pages pages;

    @Inject
    Dashboard dashboard;

    @Inject
    GradesCsv grades;

    @GET
    public TemplateInstance matrix(@QueryParam("q") String q, @QueryParam("page") String page,
                                   @QueryParam("sort") String sort, @QueryParam("exercise") String exercise,
                                   @QueryParam("status") String status) {
        ClassMatrixQuery.Matrix m = dashboard.matrix(instructor(), q, page, sort, exercise, status);
        return InstructorTemplates.instructorMatrix(pages.viewer(), MatrixViews.matrix(m));
    }

    /** The learners whose latest graded submission fails one test, linked to that submission. */
    @GET
    @Path("exercises/{id}/tests/{test}")
    public TemplateInstance failing(@PathParam("id") String exerciseId, @PathParam("test") String test,
                                    @QueryParam("page") String page) {
        FailingLearnersQuery.FailingLearners f = dashboard.failing(instructor(), exerciseId, test, page);
        return InstructorTemplates.instructorFailing(pages.viewer(), AttentionViews.failing(f));
    }

    /** Learners who are stuck or inactive, with the thresholds adjustable on the page. */
    @GET
    @Path("attention")
    public TemplateInstance attention(@QueryParam("attempts") String attempts, @QueryParam("days") String days,
                                      @QueryParam("sort") String sort, @QueryParam("page") String page) {
        AttentionQuery.Attention a = dashboard.attention(instructor(), attempts, days, sort, page);
        return InstructorTemplates.instructorAttention(pages.viewer(), AttentionViews.attention(a));
    }

    @GET
    @Path("exercises/{id}")
    public TemplateInstance exercise(@PathParam("id") String exerciseId) {
        ExerciseStatsQuery.ExerciseStats stats = dashboard.exercise(instructor(), exerciseId);
        return InstructorTemplates.instructorExercise(pages.viewer(), InstructorViews.exercise(stats));
    }

    @GET
    @Path("activity")
    public TemplateInstance activity(@QueryParam("by") String by, @QueryParam("exercise") String exercise) {
        Member staff = instructor();
        ActivityQuery.Activity a = dashboard.activity(staff, by, exercise);
        List<CourseExercise> exercises = QuarkusTransaction.requiringNew()
                .call(() -> CourseExercise.ofCourse(staff.courseId()));
        return InstructorTemplates.instructorActivity(pages.viewer(), ActivityChart.page(a, exercises));
    }

    @GET
    @Path("learners/{username}")
    public TemplateInstance learner(@PathParam("username") String username) {
        LearnerHistoryQuery.LearnerHistory h = dashboard.learner(instructor(), username);
        return InstructorTemplates.instructorLearner(pages.viewer(), InstructorViews.learner(h));
    }

    /**
     * The grades of the whole class, written to the response as the database returns them: {@code grades.csv} with
     * everything, {@code grades-moodle.csv} and {@code grades-canvas.csv} in those gradebooks' import layouts.
     */
    @GET
    @Path("grades.csv")
    @Produces(CSV)
    public Response gradesCsv() {
        return grades(GradeFormat.FULL);
    }

    @GET
    @Path("grades-moodle.csv")
    @Produces(CSV)
    public Response moodleCsv() {
        return grades(GradeFormat.MOODLE);
    }

    @GET
    @Path("grades-canvas.csv")
    @Produces(CSV)
    public Response canvasCsv() {
        return grades(GradeFormat.CANVAS);
    }

    private Response grades(GradeFormat format) {
        Member staff = instructor();
        StreamingOutput body = out -> {
            // 64k characters a chunk: each flush is a write to the connection (a 2,000-learner file is about 450 kB)
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            grades.write(staff.courseId(), format, writer);
            writer.flush();
        };
        return Response.ok(body, CSV).header("Content-Disposition", "attachment; filename=\""
                + format.fileName(staff.course()) + "\"").build();
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private Member instructor() {
        return pages.staff();
    }
}
