package dev.llmf.grader.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The account's own pages, under {@code templates/account/}. */
@CheckedTemplate(basePath = "account", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
final class AccountTemplates {

    private AccountTemplates() {
    }

    /** @param saved the password was just changed; {@code error} what stopped the change, or null */
    static native TemplateInstance account(PageViews.Viewer viewer, String username, boolean saved, String error);

    /** The form behind a set-password link; {@code error} says why the last try failed, or null. */
    static native TemplateInstance setPassword(PageViews.Viewer viewer, String username, String token, String error);

    static native TemplateInstance passwordSet(PageViews.Viewer viewer, String username);
}
