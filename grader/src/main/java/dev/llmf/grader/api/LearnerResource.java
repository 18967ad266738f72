package dev.llmf.grader.api;

import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.auth.Passwords;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.text.SafeText;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;

/** Instructors enrol learners in their course. */
@Path("/api/learners")
@Produces(MediaType.APPLICATION_JSON)
public class LearnerResource {

    @Inject
    CurrentUser currentUser;

    @GET
    public List<Views.AccountView> list() {
        Account instructor = currentUser.requireInstructor();
        List<Account> learners = Account.list("courseId = ?1 and role = ?2 order by username", instructor.courseId, Role.LEARNER);
        return learners.stream().map(a -> new Views.AccountView(a.id, a.username, a.displayName, a.role.name())).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(Views.NewLearner request) {
        Account instructor = currentUser.requireInstructor();
        if (request == null || request.username() == null || request.password() == null) {
            throw ApiException.badRequest("send {\"username\": …, \"displayName\": …, \"password\": …}");
        }
        String username = request.username().trim().toLowerCase(Locale.ROOT);
        if (!username.matches("[a-z0-9._-]{3,40}")) {
            throw ApiException.badRequest("username must be 3 to 40 of a-z, 0-9, '.', '_', '-'");
        }
        if (!SafeText.isSafe(request.displayName())) {
            throw ApiException.badRequest("displayName holds a character that cannot be shown (a NUL or another control"
                    + " character): remove it");
        }
        if (Account.byUsername(username).isPresent()) {
            throw ApiException.conflict("username '" + username + "' is taken");
        }
        Account a = new Account();
        a.username = username;
        a.displayName = request.displayName() == null || request.displayName().isBlank() ? username : request.displayName().strip();
        try {
            a.passwordHash = Passwords.hash(request.password());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        a.role = Role.LEARNER;
        a.courseId = instructor.courseId;
        a.persist();
        return Response.status(201).entity(new Views.AccountView(a.id, a.username, a.displayName, a.role.name())).build();
    }
}
