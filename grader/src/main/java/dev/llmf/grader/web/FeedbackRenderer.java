package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.review.Overrides;
import dev.llmf.grader.review.Review;
import dev.llmf.grader.submissions.SubmissionService;
import dev.llmf.grader.web.figures.LearnerFigure;
import dev.llmf.grader.web.figures.LearnerFigures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;

/**
 * Renders the feedback page of one submission for whoever may see it ({@link SubmissionService#view} and
 * {@link Review} decide): the results, the staff's comments, and for the staff of its course the code and the
 * forms to comment and (instructors) to override the grade.
 */
@ApplicationScoped
public class FeedbackRenderer {

    @Inject
    SubmissionService submissions;

    @Inject
    Review review;

    @Inject
    Overrides overrides;

    @Inject
    Pages pages;

    Response render(long submissionId, Account viewer, ReviewViews.CommentForm form, String overrideError, int status) {
        Views.SubmissionView v = submissions.view(submissionId, viewer);
        boolean done = v.status().equals("GRADED") || v.status().equals("ERROR");
        String title = Exercise.byId(v.exercise()).map(Exercise::title).orElse(v.exercise());
        PageViews.Feedback feedback = new PageViews.Feedback(v.id(), v.exercise(), title, v.learner(),
                Format.token(v.status()), Format.submissionLabel(v.status()), done, Format.when(v.submittedAt()),
                Format.iso(v.submittedAt()), Format.score(v.score(), v.late(), v.penaltyPercent(), v.finalPercent()),
                v.error(), Format.compileErrors(v.compileErrors()), v.tests(), v.hidden(),
                figureOf(v.exercise()).map(LearnerFigure::heading).orElse(null), Format.lateMark(v.late(), v.penaltyPercent()));
        Review.Standing standing = review.standing(submissionId, viewer);
        List<Review.FileView> files = standing.staff() ? review.files(submissionId, viewer) : List.of();
        Overrides.OverrideView override = standing.instructor()
                ? overrides.of(standing.learnerId(), standing.exerciseId()).orElse(null) : null;
        ReviewViews.ReviewPanel panel = ReviewViews.panel(submissionId, standing, review.comments(submissionId, viewer),
                files, form, override, overrideError);
        String html = Templates.feedback(pages.viewer(), feedback, panel).render();
        return Response.status(status).type(Pages.HTML).entity(html).build();
    }

    static Optional<LearnerFigure<?, ?>> figureOf(String exercise) {
        return Exercise.byId(exercise).flatMap(LearnerFigures::of);
    }

    static long submissionId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no submission '" + id + "'");
        }
    }
}
