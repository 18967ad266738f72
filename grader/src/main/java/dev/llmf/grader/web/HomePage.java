package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.submissions.SubmissionService;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** The learner's home: every exercise in course order with status, best score, attempts and due date. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePage {

    @Inject
    SubmissionService submissions;

    @Inject
    Pages pages;

    @GET
    public TemplateInstance home() {
        List<PageViews.ExerciseRow> rows = submissions.progress(pages.member()).stream().map(HomePage::row).toList();
        return Templates.home(pages.viewer(), rows);
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private static PageViews.ExerciseRow row(Views.ProgressView p) {
        boolean lateAccepted = p.dueAt() != null && p.closesAt() != null && p.closesAt().isAfter(p.dueAt());
        return new PageViews.ExerciseRow(p.number(), p.exercise(), p.title(), Format.token(p.status()),
                Format.progressLabel(p.status()), p.overridePercent() != null
                        ? Format.number(p.overridePercent()) + "% (set by your instructor: " + p.overrideReason() + ")"
                        : Format.score(p.best(), p.bestLate(), p.bestPenaltyPercent(), p.grade()),
                p.attempts(), Format.when(p.dueAt()), Format.iso(p.dueAt()), lateAccepted ? Format.when(p.closesAt()) : "");
    }
}
