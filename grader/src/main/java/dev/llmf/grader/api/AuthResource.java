package dev.llmf.grader.api;

import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.auth.Passwords;
import dev.llmf.grader.auth.Tokens;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.ApiToken;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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

    @POST
    @Path("/tokens")
    @Transactional
    public Response createToken(Views.TokenRequest request) {
        if (request == null || request.username() == null || request.password() == null) {
            throw ApiException.badRequest("send {\"username\": …, \"password\": …}");
        }
        Account account = Account.byUsername(request.username().trim().toLowerCase(java.util.Locale.ROOT)).orElse(null);
        if (account == null || !Passwords.matches(request.password(), account.passwordHash)) {
            throw ApiException.unauthorized("wrong username or password");
        }
        String token = Tokens.newToken();
        ApiToken row = new ApiToken();
        row.accountId = account.id;
        row.tokenHash = Tokens.hash(token);
        row.label = request.label() == null || request.label().isBlank() ? "api" : request.label().strip();
        row.persist();
        return Response.status(201).entity(new Views.TokenCreated(token, account.username, account.role.name())).build();
    }

    @GET
    @Path("/me")
    public Views.AccountView me() {
        Account a = currentUser.require();
        return new Views.AccountView(a.id, a.username, a.displayName, a.role.name());
    }
}
