package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.submissions.SubmissionService;
import dev.llmf.grader.web.figures.LearnerFigure;
import dev.llmf.grader.web.figures.LearnerFigures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The feedback on one submission: its status while it is graded (the page's script polls the JSON API), then
 * each visible test with its message, hidden tests as counts, compile errors by file and line, and for most
 * exercises a figure of the learner's code against the reference ({@link LearnerFigures}). Only its learner (and
 * their course's instructors) may see either: {@link SubmissionService#view} decides, as for the API.
 */
@Path("/submissions/{id}")
@Produces(MediaType.TEXT_HTML)
public class FeedbackPage {

    @Inject
    SubmissionService submissions;

    @Inject
    LearnerFigures figures;

    @Inject
    Pages pages;

    @GET
    public TemplateInstance show(@PathParam("id") String id) {
        Views.SubmissionView v = submissions.view(submissionId(id), pages.signedIn());
        boolean done = v.status().equals("GRADED") || v.status().equals("ERROR");
        String title = Exercise.byId(v.exercise()).map(Exercise::title).orElse(v.exercise());
        PageViews.Feedback feedback = new PageViews.Feedback(v.id(), v.exercise(), title, v.learner(),
                Format.token(v.status()), Format.submissionLabel(v.status()), done, Format.when(v.submittedAt()),
                Format.iso(v.submittedAt()), Format.score(v.score(), v.late(), v.penaltyPercent(), v.finalPercent()),
                v.error(), Format.compileErrors(v.compileErrors()), v.tests(), v.hidden(),
                figureOf(v.exercise()).map(LearnerFigure::heading).orElse(null), Format.lateMark(v.late(), v.penaltyPercent()));
        return Templates.feedback(pages.viewer(), feedback);
    }

    /**
     * The figure of the submission's exercise as an HTML fragment with inline SVG; the feedback page loads it
     * once graded. 404 for an exercise without one.
     */
    @GET
    @Path("figure")
    public String figure(@PathParam("id") String id) {
        long submissionId = submissionId(id);
        Views.SubmissionView v = submissions.view(submissionId, pages.signedIn());      // 403 unless theirs
        LearnerFigure<?, ?> figure = figureOf(v.exercise()).orElseThrow(() -> ApiException.notFound(
                "the " + v.exercise() + " exercise has no figure"));
        return figures.html(submissionId, figure, () -> sources(submissionId));
    }

    private static Optional<LearnerFigure<?, ?>> figureOf(String exercise) {
        return Exercise.byId(exercise).flatMap(LearnerFigures::of);
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private static Map<String, String> sources(long submissionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (SubmissionFile f : SubmissionFile.of(submissionId)) {
                out.put(f.path, f.content);
            }
            return out;
        });
    }

    private static long submissionId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no submission '" + id + "'");
        }
    }
}
