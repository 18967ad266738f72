package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.submissions.SubmissionService;
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

/**
 * The feedback on one submission: its status while it is graded (the page's script polls the JSON API), then
 * each visible test with its message, hidden tests as counts, compile errors by file and line, and for the
 * attention exercise the heatmaps of the reference's and the learner's weights. Only its learner (and their
 * course's instructors) may see it: {@link SubmissionService#view} decides, as for the API.
 */
@Path("/submissions/{id}")
@Produces(MediaType.TEXT_HTML)
public class FeedbackPage {

    @Inject
    SubmissionService submissions;

    @Inject
    AttentionHeatmaps heatmaps;

    @Inject
    Pages pages;

    @GET
    public TemplateInstance show(@PathParam("id") String id) {
        Views.SubmissionView v = submissions.view(submissionId(id), pages.signedIn());
        boolean done = v.status().equals("GRADED") || v.status().equals("ERROR");
        String title = Exercise.byId(v.exercise()).map(Exercise::title).orElse(v.exercise());
        PageViews.Feedback feedback = new PageViews.Feedback(v.id(), v.exercise(), title, v.learner(),
                Format.token(v.status()), Format.submissionLabel(v.status()), done, Format.when(v.submittedAt()),
                Format.iso(v.submittedAt()), Format.score(v.score()), v.error(), Format.compileErrors(v.compileErrors()),
                v.tests(), v.hidden(), v.exercise().equals(Exercise.ATTENTION.id()));
        return Templates.feedback(pages.viewer(), feedback);
    }

    /** The attention heatmaps as an HTML fragment with inline SVG; the feedback page loads it once graded. */
    @GET
    @Path("attention")
    public TemplateInstance attention(@PathParam("id") String id) {
        long submissionId = submissionId(id);
        Views.SubmissionView v = submissions.view(submissionId, pages.signedIn());      // 403 unless theirs
        if (!v.exercise().equals(Exercise.ATTENTION.id())) {
            throw ApiException.notFound("submission " + submissionId + " is not an attention submission");
        }
        return Templates.attention(heatmaps.figure(submissionId, () -> sources(submissionId)));
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
