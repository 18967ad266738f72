package dev.llmf.grader.api;

import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.auth.SignIn;
import dev.llmf.grader.model.Account;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Sign-in for scripts and the CLI: trade a username and password for an API token. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    CurrentUser currentUser;

    @Inject
    SignIn signIn;

    @POST
    @Path("/tokens")
    public Response createToken(Views.TokenRequest request) {
        if (request == null || request.username() == null || request.password() == null) {
            throw ApiException.badRequest("send {\"username\": …, \"password\": …}");
        }
        SignIn.Issued issued = signIn.issue(request.username(), request.password(), request.label());
        Account account = issued.account();
        return Response.status(201).entity(new Views.TokenCreated(issued.token(), account.username, account.role.name())).build();
    }

    @GET
    @Path("/me")
    public Views.AccountView me() {
        Account a = currentUser.require();
        return new Views.AccountView(a.id, a.username, a.displayName, a.role.name());
    }
}
