package dev.llmf.grader.api;

import dev.llmf.grader.auth.Passwords;
import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.roster.RosterCsv;
import dev.llmf.grader.text.SafeText;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Locale;

/**
 * Instructors enrol a learner with a password they choose, and list the course's learners. (The roster,
 * {@code /api/instructor/roster}, enrols many at once with set-password links instead.)
 */
@Path("/api/learners")
@Produces(MediaType.APPLICATION_JSON)
public class LearnerResource {

    @Inject
    CourseAccess access;

    @Inject
    EntityManager em;

    @GET
    @Transactional
    @Operation(summary = "The course's learners, by username")
    public List<Views.AccountView> list() {
        Member instructor = access.instructor();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT a.id, a.username, a.display_name FROM membership m"
                        + " JOIN account a ON a.id = m.account_id WHERE m.course_id = ?1 AND m.role = 'LEARNER'"
                        + " ORDER BY a.username")
                .setParameter(1, instructor.courseId()).getResultList();
        return rows.stream().map(r -> new Views.AccountView(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                Role.LEARNER.name(), instructor.course().slug)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Enrol a new learner with a password: {\"username\", \"displayName\", \"password\"}")
    public Response create(Views.NewLearner request) {
        Member instructor = access.instructor();
        if (request == null || request.username() == null || request.password() == null) {
            throw ApiException.badRequest("send {\"username\": …, \"displayName\": …, \"password\": …}");
        }
        String username = request.username().trim().toLowerCase(Locale.ROOT);
        if (!RosterCsv.USERNAME.matcher(username).matches()) {
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
        a.persist();
        Membership.of(a.id, instructor.courseId(), Role.LEARNER).persist();
        return Response.status(201).entity(new Views.AccountView(a.id, a.username, a.displayName, Role.LEARNER.name(),
                instructor.course().slug)).build();
    }
}
