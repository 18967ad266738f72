package dev.llmf.grader.web;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.PublicAddress;
import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.dashboard.Dashboard;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.roster.RosterQuery;
import dev.llmf.grader.roster.RosterService;
import dev.llmf.grader.roster.RosterText;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The roster page, instructors only: the members, a CSV import (a file, or lines pasted), adding one person,
 * disabling, re-enabling, deleting (after a confirmation page) and new set-password links. Links are shown once,
 * on the page that made them, with a CSV download of the same. The web twin of {@code /api/instructor/roster}.
 */
@Path("/instructor/roster")
@Produces(MediaType.TEXT_HTML)
public class RosterPages {

    private static final Map<String, String> DONE = Map.of(
            "disabled", " is disabled: their work stays, and they cannot use the course.",
            "enabled", " is enabled again.",
            "deleted", " is deleted, with their submissions in this course.",
            "enrolled", " already had an account: they are enrolled with the password they have.");

    @Inject
    Pages pages;

    @Inject
    RosterService roster;

    @Inject
    RosterQuery query;

    @Inject
    GraderConfig config;

    @Context
    UriInfo uri;

    @GET
    public Response list(@QueryParam("q") String q, @QueryParam("page") String page, @QueryParam("done") String done,
                         @QueryParam("who") String who) {
        String notice = who == null || !DONE.containsKey(done) ? null : who + DONE.get(done);
        return page(pages.instructor(), q, Dashboard.pageNumber(page), notice, null, 200);
    }

    /** The CSV comes as a file ({@code roster}) or pasted ({@code text}); a file wins when both are given. */
    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importCsv(@RestForm("roster") FileUpload file, @RestForm String text) {
        Member instructor = pages.instructor();
        try {
            RosterService.ImportResult result = roster.importCsv(instructor, csv(file, text), server());
            String html = RosterTemplates.imported(pages.viewer(), result,
                    RosterViews.links("Set-password links for the new accounts", result.created())).render();
            return Response.ok(html, Pages.HTML).build();
        } catch (ApiException e) {
            return page(instructor, null, 1, null, "Nothing was imported: " + e.getMessage(), e.status());
        }
    }

    @POST
    @Path("add")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@RestForm String username, @RestForm String name, @RestForm String email,
                        @RestForm String role) {
        Member instructor = pages.instructor();
        try {
            RosterService.Added added = roster.add(instructor, new RosterService.NewMember(username, name,
                    email == null || email.isBlank() ? null : email, role(role)), server());
            if (added.issued() == null) {
                return done("enrolled", added.username());
            }
            return links("Set-password link for " + added.username(), List.of(added.issued()));
        } catch (ApiException e) {
            return page(instructor, null, 1, null, "Nobody was added: " + e.getMessage(), e.status());
        }
    }

    @POST
    @Path("{username}/disable")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response disable(@PathParam("username") String username) {
        roster.disable(pages.instructor(), username);
        return done("disabled", username);
    }

    @POST
    @Path("{username}/enable")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response enable(@PathParam("username") String username) {
        roster.enable(pages.instructor(), username);
        return done("enabled", username);
    }

    /** Asks first: deleting removes the member's submissions for good. */
    @GET
    @Path("{username}/delete")
    public Response confirmDelete(@PathParam("username") String username) {
        Member instructor = pages.instructor();
        RosterQuery.Row row = query.list(instructor.courseId(), username.toLowerCase(Locale.ROOT), 1).members().stream()
                .filter(r -> r.username().equals(username)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no member '" + username + "' in this course"));
        return Response.ok(RosterTemplates.delete(pages.viewer(), row.username(), row.name()).render(), Pages.HTML).build();
    }

    @POST
    @Path("{username}/delete")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response delete(@PathParam("username") String username) {
        roster.delete(pages.instructor(), username);
        return done("deleted", username);
    }

    @POST
    @Path("{username}/link")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response link(@PathParam("username") String username) {
        RosterService.Issued issued = roster.newLink(pages.instructor(), username, server());
        return links("New set-password link for " + issued.username(), List.of(issued));
    }

    /** New links for everyone who has not set a password yet, e.g. when the first ones expired unused. */
    @POST
    @Path("links")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response allLinks() {
        List<RosterService.Issued> issued = roster.newLinksForAllWithoutPassword(pages.instructor(), server());
        return links("New set-password links for everyone without a password", issued);
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }

    private Response links(String heading, List<RosterService.Issued> issued) {
        return Response.ok(RosterTemplates.links(pages.viewer(), RosterViews.links(heading, issued)).render(), Pages.HTML)
                .build();
    }

    private Response page(Member instructor, String q, int page, String notice, String error, int status) {
        String filter = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        RosterViews.RosterPage view = RosterViews.roster(query.list(instructor.courseId(), filter, page), notice);
        return Response.status(status).type(Pages.HTML)
                .entity(RosterTemplates.roster(pages.viewer(), view, error).render()).build();
    }

    private static Response done(String what, String username) {
        return Pages.seeOther("/instructor/roster?done=" + what + "&who=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&q=" + URLEncoder.encode(username, StandardCharsets.UTF_8));
    }

    private String server() {
        return PublicAddress.of(config, uri);
    }

    private static String csv(FileUpload file, String text) {
        if (file != null && file.size() > 0) {
            try {
                if (Files.size(file.uploadedFile()) > RosterText.MAX_BYTES) {
                    throw ApiException.tooLarge("the roster file is larger than " + RosterText.MAX_BYTES + " bytes");
                }
                return RosterText.utf8(Files.readAllBytes(file.uploadedFile()));
            } catch (IOException e) {
                throw ApiException.badRequest("the uploaded roster could not be read");
            }
        }
        return RosterText.utf8(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static Role role(String role) {
        try {
            return Role.valueOf(role == null ? "LEARNER" : role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the role must be learner, assistant or instructor");
        }
    }
}
