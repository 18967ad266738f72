package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.model.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What every page needs: the signed-in account, the header's data, and error pages. */
@ApplicationScoped
public class Pages {

    static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";
    // Where a sign-in may send the browser afterwards: a path on this site, never "//host" or a full URL.
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9/_.\\-]*");

    @Inject
    CurrentUser currentUser;

    @Inject
    CourseAccess access;

    /** The signed-in account; anonymous visitors are sent to the sign-in page. */
    Account signedIn() {
        return currentUser.account().orElseThrow(SignInRequired::new);
    }

    /** The signed-in account in the page's course (see {@link CourseAccess}); anonymous visitors go to sign in. */
    Member member() {
        signedIn();
        return access.member();
    }

    /** Like {@link #member}, for the dashboard's pages: an assistant or instructor of the course, else a 403 page. */
    Member staff() {
        signedIn();
        return access.staff();
    }

    /** Like {@link #member}, for what only the course's instructors change: else a 403 page. */
    Member instructor() {
        signedIn();
        return access.instructor();
    }

    /** The header's data, or null when nobody is signed in. */
    PageViews.Viewer viewer() {
        return currentUser.account().map(a -> {
            Optional<Member> m = access.memberIfAny();
            List<CourseAccess.Choice> courses = access.choices();
            return new PageViews.Viewer(a.username, a.displayName, currentUser.csrfToken().orElse(""),
                    m.map(Member::staff).orElse(false), m.map(Member::instructor).orElse(false),
                    m.map(x -> x.course().title).orElse(""), m.map(x -> x.course().slug).orElse(""),
                    courses.size() > 1 ? courses : List.of());
        }).orElse(null);
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
