package dev.llmf.grader.api;

import dev.llmf.grader.auth.PasswordLinks;
import dev.llmf.grader.auth.SignIn;
import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.model.Account;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Sign-in for scripts and the CLI: trade a username and password for an API token. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    SignIn signIn;

    @Inject
    CourseAccess access;

    @Inject
    PasswordLinks links;

    @POST
    @Path("/tokens")
    public Response createToken(Views.TokenRequest request) {
        if (request == null || request.username() == null || request.password() == null) {
            throw ApiException.badRequest("send {\"username\": …, \"password\": …}");
        }
        SignIn.Issued issued = signIn.issue(request.username(), request.password(), request.label());
        Account account = issued.account();
        String role = CourseAccess.newestRole(account.id).map(Enum::name).orElse(null);
        return Response.status(201).entity(new Views.TokenCreated(issued.token(), account.username, role)).build();
    }

    /** The signed-in account and its role in the request's course ({@code ?course=}, else its newest). */
    @GET
    @Path("/me")
    public Views.AccountView me() {
        Member m = access.member();
        Account a = m.account();
        return new Views.AccountView(a.id, a.username, a.displayName, m.role().name(), m.course().slug);
    }

    @POST
    @Path("/set-password")
    @Operation(summary = "Set a password with a one-time set-password link's token (the last part of the link);"
            + " 410 when the link was used, has expired or was replaced")
    public Response setPassword(Views.SetPassword request) {
        if (request == null || request.token() == null || request.password() == null) {
            throw ApiException.badRequest("send {\"token\": …, \"password\": …}");
        }
        links.redeem(request.token(), request.password());
        return Response.noContent().build();
    }
}
