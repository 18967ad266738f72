package dev.llmf.grader.web;

import dev.llmf.grader.roster.RosterService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The roster's pages, under {@code templates/roster/}. */
@CheckedTemplate(basePath = "roster")
final class RosterTemplates {

    private RosterTemplates() {
    }

    /** @param error what stopped an import or an addition (nothing was saved), or null */
    static native TemplateInstance roster(PageViews.Viewer viewer, RosterViews.RosterPage roster, String error);

    static native TemplateInstance imported(PageViews.Viewer viewer, RosterService.ImportResult result,
                                            RosterViews.LinksPage links);

    static native TemplateInstance links(PageViews.Viewer viewer, RosterViews.LinksPage links);

    static native TemplateInstance delete(PageViews.Viewer viewer, String username, String name);
}
