package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.auth.SessionCookie;
import dev.llmf.grader.auth.SignIn;
import dev.llmf.grader.text.SafeText;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;

/**
 * Signing in and out of the web pages. Signing in makes an API token exactly as {@code POST /api/auth/tokens} does
 * and puts it in the {@link SessionCookie}; signing out revokes that token.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

    @Inject
    SignIn signIn;

    @Inject
    CurrentUser currentUser;

    @Inject
    Pages pages;

    @Context
    UriInfo uri;

    @GET
    @Path("login")
    public Response form(@RestQuery String next) {
        if (currentUser.account().isPresent()) {
            return Pages.seeOther(Pages.localPath(next));
        }
        return page(200, "", next, null);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@RestForm String username, @RestForm String password, @RestForm String next,
                           @HeaderParam("Origin") String origin, @HeaderParam("Host") String host) {
        // There is no session yet, so no CSRF token to check; refusing cross-site posts here stops another site
        // from signing a learner in to the attacker's account (login CSRF). Browsers send Origin on every POST.
        if (origin != null && (host == null || !host.equalsIgnoreCase(authority(origin)))) {
            throw ApiException.forbidden("sign in from this site's own sign-in page");
        }
        try {
            SignIn.Issued issued = signIn.issue(username, password, SignIn.WEB_LABEL);
            return Response.seeOther(URI.create(Pages.localPath(next)))
                    .cookie(SessionCookie.of(issued.token(), secure())).build();
        } catch (ApiException e) {
            Response refused = page(e.status(), username, next, e.getMessage());
            return e.retryAfter().map(wait -> Response.fromResponse(refused)
                    .header("Retry-After", Math.max(1, wait.toSeconds())).build()).orElse(refused);
        }
    }

    @POST
    @Path("logout")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response signOut() {
        currentUser.sessionToken().ifPresent(signIn::revoke);
        return Response.seeOther(URI.create("/login")).cookie(SessionCookie.expired(secure())).build();
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private Response page(int status, String username, String next, String error) {
        String shown = username == null ? "" : SafeText.of(username);     // the form echoes what was typed
        String html = Templates.login(null, shown, Pages.localPath(next), error).render();
        return Response.status(status).type(Pages.HTML).entity(html).build();
    }

    private static String authority(String origin) {
        try {
            return URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private boolean secure() {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
    }
}
