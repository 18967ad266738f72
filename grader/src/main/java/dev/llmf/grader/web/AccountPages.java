package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.auth.PasswordChange;
import dev.llmf.grader.auth.PasswordLinks;
import dev.llmf.grader.model.Account;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Passwords on the web: a signed-in account changes its own ({@code /account}), and a set-password link
 * ({@code /set-password/<token>}) sets one without signing in. The web twins of {@code POST /api/me/password} and
 * {@code POST /api/auth/set-password}.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    @Inject
    Pages pages;

    @Inject
    CurrentUser currentUser;

    @Inject
    PasswordChange passwords;

    @Inject
    PasswordLinks links;

    @GET
    @Path("account")
    public Response account(@QueryParam("saved") boolean saved) {
        return accountPage(200, saved, null);
    }

    @POST
    @Path("account/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@RestForm String current, @RestForm String password, @RestForm String repeat) {
        Account who = pages.signedIn();
        if (password == null || !password.equals(repeat)) {
            return accountPage(400, false, "The new password and its repetition differ; nothing was changed.");
        }
        try {
            passwords.change(who, current, password, currentUser.tokenHash().orElse(null));
        } catch (ApiException e) {
            return accountPage(e.status(), false, e.getMessage());
        }
        return Pages.seeOther("/account?saved=true");
    }

    @GET
    @Path("set-password/{token}")
    public Response setPasswordForm(@PathParam("token") String token) {
        Account account = links.account(token);          // 410 page for a link that cannot be used
        return html(200, AccountTemplates.setPassword(pages.viewer(), account.username, token, null).render());
    }

    @POST
    @Path("set-password/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setPassword(@PathParam("token") String token, @RestForm String password, @RestForm String repeat) {
        Account account = links.account(token);
        if (password == null || !password.equals(repeat)) {
            return html(400, AccountTemplates.setPassword(pages.viewer(), account.username, token,
                    "The password and its repetition differ.").render());
        }
        try {
            links.redeem(token, password);
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            return html(400, AccountTemplates.setPassword(pages.viewer(), account.username, token, e.getMessage()).render());
        }
        return html(200, AccountTemplates.passwordSet(pages.viewer(), account.username).render());
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private Response accountPage(int status, boolean saved, String error) {
        Account who = pages.signedIn();
        return html(status, AccountTemplates.account(pages.viewer(), who.username, saved, error).render());
    }

    private static Response html(int status, String html) {
        return Response.status(status).type(Pages.HTML).entity(html).build();
    }
}
