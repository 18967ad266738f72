package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.model.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.regex.Pattern;

/** What every page needs: the signed-in account, the header's data, and error pages. */
@ApplicationScoped
public class Pages {

    static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";
    // Where a sign-in may send the browser afterwards: a path on this site, never "//host" or a full URL.
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9/_.\\-]*");

    @Inject
    CurrentUser currentUser;

    /** The signed-in account; anonymous visitors are sent to the sign-in page. */
    Account signedIn() {
        return currentUser.account().orElseThrow(SignInRequired::new);
    }

    /** The header's data, or null when nobody is signed in. */
    PageViews.Viewer viewer() {
        return currentUser.account()
                .map(a -> new PageViews.Viewer(a.username, a.displayName, currentUser.csrfToken().orElse(""),
                        a.isInstructor()))
                .orElse(null);
    }

    /** An error as a page with the same status; a 401 (the session is gone) goes to the sign-in page instead. */
    Response error(ApiException e) {
        if (e.status() == 401) {
            return seeOther("/login");
        }
        return Response.status(e.status()).type(HTML)
                .entity(Templates.error(viewer(), e.status(), e.title(), e.getMessage()).render()).build();
    }

    /** A 303: after a form post, the browser GETs {@code path}. */
    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    /** {@code next} if it is a path on this site, else {@code /}. */
    static String localPath(String next) {
        return next != null && LOCAL_PATH.matcher(next).matches() ? next : "/";
    }
}
