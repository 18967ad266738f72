package dev.llmf.grader.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The instructor dashboard's pages: {@code instructorMatrix} is {@code templates/instructor-matrix.html}, and so on
 * (all include {@code layout.html}). Checked at build time, and HTML-escaped, as {@link Templates} is.
 */
@CheckedTemplate(defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
final class InstructorTemplates {

    private InstructorTemplates() {
    }

    static native TemplateInstance instructorMatrix(PageViews.Viewer viewer, MatrixViews.MatrixPage matrix);

    static native TemplateInstance instructorExercise(PageViews.Viewer viewer, InstructorViews.ExercisePage exercise);

    static native TemplateInstance instructorActivity(PageViews.Viewer viewer, InstructorViews.ActivityPage activity);

    static native TemplateInstance instructorLearner(PageViews.Viewer viewer, InstructorViews.LearnerPage learner);

    static native TemplateInstance instructorAudit(PageViews.Viewer viewer, InstructorViews.AuditPage audit);

    static native TemplateInstance instructorAttention(PageViews.Viewer viewer, AttentionViews.AttentionPage attention);

    static native TemplateInstance instructorFailing(PageViews.Viewer viewer, AttentionViews.FailingPage failing);
}
