package dev.llmf.grader.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/**
 * The pages, one template each under {@code src/main/resources/templates/} (all include {@code layout.html}).
 * Checked at build time: a template that names a value its method does not pass fails the build. Templates are
 * {@code .html}, so Qute HTML-escapes every value they print.
 */
@CheckedTemplate
final class Templates {

    private Templates() {
    }

    /** @param viewer null: nobody is signed in on this page */
    static native TemplateInstance login(PageViews.Viewer viewer, String username, String next, String error);

    static native TemplateInstance home(PageViews.Viewer viewer, List<PageViews.ExerciseRow> rows);

    /** @param lessonHtml the lesson rendered from the repository's own Markdown (trusted), or null if missing */
    static native TemplateInstance exercise(PageViews.Viewer viewer, PageViews.ExerciseHeader exercise,
                                            String lessonHtml, List<PageViews.AttemptRow> attempts, String error);

    static native TemplateInstance feedback(PageViews.Viewer viewer, PageViews.Feedback feedback,
                                            ReviewViews.ReviewPanel review);

    static native TemplateInstance error(PageViews.Viewer viewer, int status, String title, String detail);
}
