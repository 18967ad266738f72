package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.submissions.SubmissionService;
import dev.llmf.grader.web.figures.LearnerFigure;
import dev.llmf.grader.web.figures.LearnerFigures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The feedback on one submission: its status while it is graded (the page's script polls the JSON API), then
 * each visible test with its message, hidden tests as counts, compile errors by file and line, and for most
 * exercises a figure of the learner's code against the reference ({@link LearnerFigures}); the staff's comments;
 * for the staff of its course also the code as submitted. Only its learner and the staff of its course may see it:
 * {@link SubmissionService#view} decides, as for the API.
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

    @Inject
    FeedbackRenderer renderer;

    /** {@code path} and {@code line}: a line of the code the staff's comment form is opened on (from its number). */
    @GET
    public Response show(@PathParam("id") String id, @QueryParam("path") String path, @QueryParam("line") String line) {
        ReviewViews.CommentForm form = path == null ? ReviewViews.CommentForm.EMPTY
                : new ReviewViews.CommentForm(path, line == null ? "" : line, "", null);
        return renderer.render(FeedbackRenderer.submissionId(id), pages.signedIn(), form, null, 200);
    }

    /**
     * The figure of the submission's exercise as an HTML fragment with inline SVG; the feedback page loads it
     * once graded. 404 for an exercise without one.
     */
    @GET
    @Path("figure")
    public String figure(@PathParam("id") String id) {
        long submissionId = FeedbackRenderer.submissionId(id);
        Views.SubmissionView v = submissions.view(submissionId, pages.signedIn());      // 403 unless theirs
        LearnerFigure<?, ?> figure = FeedbackRenderer.figureOf(v.exercise()).orElseThrow(() -> ApiException.notFound(
                "the " + v.exercise() + " exercise has no figure"));
        return figures.html(submissionId, figure, () -> sources(submissionId));
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
}
