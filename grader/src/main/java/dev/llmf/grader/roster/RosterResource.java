package dev.llmf.grader.roster;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.PublicAddress;
import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.dashboard.Dashboard;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The course's roster for scripts: list, import a CSV, add one person, disable, re-enable, delete, and new
 * set-password links. Instructors of the course only. Set-password links are in the answers that make them and
 * nowhere else (only their hash is stored).
 */
@Path("/api/instructor/roster")
@Produces(MediaType.APPLICATION_JSON)
public class RosterResource {

    @Inject
    CourseAccess access;

    @Inject
    RosterService roster;

    @Inject
    RosterQuery query;

    @Inject
    GraderConfig config;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "The course's members, staff first, 100 a page; ?q= part of a username or name")
    public RosterQuery.Page list(@QueryParam("q") String q, @QueryParam("page") String page) {
        return query.list(access.instructor().courseId(), filter(q), Dashboard.pageNumber(page));
    }

    @POST
    @Consumes("text/csv")
    @Operation(summary = "Import learners from a UTF-8 CSV with the header row username,name,email: the created accounts"
            + " with their set-password links, existing accounts enrolled, and the refused lines with their numbers")
    public RosterService.ImportResult importCsv(byte[] body) {
        return roster.importCsv(access.instructor(), RosterText.utf8(body), PublicAddress.of(config, uri));
    }

    @POST
    @Path("/members")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add one person with a role (LEARNER, ASSISTANT, INSTRUCTOR); a new account gets a set-password link")
    public Response add(RosterService.NewMember person) {
        return Response.status(201).entity(roster.add(access.instructor(), person, PublicAddress.of(config, uri))).build();
    }

    @POST
    @Path("/{username}/disable")
    @Operation(summary = "Disable a member: their work stays; they cannot use the course, nor sign in if it was their only one")
    public Response disable(@PathParam("username") String username) {
        roster.disable(access.instructor(), username);
        return Response.noContent().build();
    }

    @POST
    @Path("/{username}/enable")
    @Operation(summary = "Re-enable a disabled member")
    public Response enable(@PathParam("username") String username) {
        roster.enable(access.instructor(), username);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Remove a member with their submissions, results and progress in this course")
    public Map<String, Long> delete(@PathParam("username") String username) {
        return Map.of("deletedSubmissions", roster.delete(access.instructor(), username));
    }

    @POST
    @Path("/{username}/link")
    @Operation(summary = "A new set-password link for a member (valid 7 days, once); earlier unused links stop working")
    public RosterService.Issued link(@PathParam("username") String username) {
        return roster.newLink(access.instructor(), username, PublicAddress.of(config, uri));
    }

    @POST
    @Path("/links")
    @Operation(summary = "New set-password links for every member who has not set a password yet")
    public List<RosterService.Issued> links() {
        return roster.newLinksForAllWithoutPassword(access.instructor(), PublicAddress.of(config, uri));
    }

    static String filter(String q) {
        return q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
    }
}
