package dev.llmf.grader.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The instructor's action pages (schedule, extensions, regrades), under {@code templates/instructor-actions/}. */
@CheckedTemplate(basePath = "instructor-actions")
final class ActionTemplates {

    private ActionTemplates() {
    }

    /** @param error what stopped the save (nothing was saved), or null */
    static native TemplateInstance schedule(PageViews.Viewer viewer, List<ActionViews.ScheduleRow> rows,
                                            ActionViews.LateForm late, String now, boolean saved, String error);

    static native TemplateInstance regrades(PageViews.Viewer viewer, List<ActionViews.ExerciseChoice> exercises,
                                            List<ActionViews.RegradeRow> regrades);

    /** @param error what stopped the grant (nothing was saved), or null; {@code form} holds what was typed */
    static native TemplateInstance extensions(PageViews.Viewer viewer, List<ActionViews.ExtensionRow> extensions,
                                              List<ActionViews.ExerciseChoice> exercises, ActionViews.ExtensionForm form,
                                              String now, String error);

    /** @param alreadyRunning the instructor asked for a new regrade, but this one was still running */
    static native TemplateInstance regrade(PageViews.Viewer viewer, ActionViews.RegradeRow regrade,
                                           boolean alreadyRunning);
}
