package dev.llmf.grader.course;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Hands the request's course choice to {@link CourseAccess}: {@code ?course=<slug>} on any page or API call, else
 * the pages' cookie. A page opened with {@code ?course=} sets the cookie, so the links on it stay in that course.
 */
public class CourseSelection {

    /** The pages' current course (a slug; not a secret, and checked against the caller's memberships on use). */
    public static final String COOKIE = "llmf_course";

    @Inject
    CourseAccess access;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 10)
    public void select(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(COOKIE);
        access.requested(request.getUriInfo().getQueryParameters().getFirst("course"),
                cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue());
    }

    @ServerResponseFilter
    public void remember(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE) && access.chosenByQuery()) {
            response.getHeaders().add("Set-Cookie", cookie(access.member().course().slug,
                    "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme())));
        }
    }

    /** The cookie that makes {@code slug} the pages' course. */
    public static NewCookie cookie(String slug, boolean secure) {
        return new NewCookie.Builder(COOKIE).value(slug).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
