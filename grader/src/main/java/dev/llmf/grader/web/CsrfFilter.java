package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.Csrf;
import dev.llmf.grader.auth.CurrentUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.util.Set;

/**
 * Every state-changing request that is signed in by the session cookie must carry the session's CSRF token (see
 * {@link Csrf} for why, on top of SameSite=Strict): in the form field {@code csrf} (the pages' forms, URL-encoded or
 * multipart) or the {@code X-CSRF-Token} header (scripts). Requests signed in by an {@code Authorization} header
 * are not affected: a browser never adds that header on its own, so another site cannot forge one. Runs after the
 * form body is read ({@link WithFormRead}) and after {@code BearerTokenFilter} has resolved the account.
 */
public class CsrfFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CurrentUser currentUser;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    @WithFormRead
    public void check(ResteasyReactiveContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod()) || !currentUser.viaCookie()) {
            return;
        }
        String token = request.getHeaderString(Csrf.HEADER);
        if (token == null) {
            token = formField(request, Csrf.FIELD);
        }
        if (!Csrf.matches(currentUser.sessionToken().orElseThrow(), token)) {
            throw ApiException.forbidden("this request has no valid security token (the form may be from an older"
                    + " session): reload the page and send it again");
        }
    }

    private static String formField(ResteasyReactiveContainerRequestContext request, String name) {
        if (!(request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context)) {
            return null;
        }
        FormData form = context.getFormData();
        if (form == null) {
            return null;
        }
        FormValue value = form.getFirst(name);
        return value == null || value.isFileItem() ? null : value.getValue();
    }
}
