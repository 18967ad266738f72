package dev.llmf.grader.starter;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.model.Account;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Optional;

/**
 * {@code GET /api/starter}: the learner starter as a zip, set up to talk to this grader as the one who downloads
 * it. The address is {@code llmf.public-url} when the operator set it (behind a proxy), else the one the request
 * came to.
 */
@Path("/api/starter")
public class StarterResource {

    private static final Optional<StarterArchive> ARCHIVE = StarterArchive.fromClassPath();

    @Inject
    CurrentUser currentUser;

    @Inject
    GraderConfig config;

    @Context
    UriInfo uri;

    @GET
    @Produces("application/zip")
    @Operation(summary = "Download the learner starter: lessons, stubs, public tests and the llmf command line,"
            + " set up for this grader and the signed-in account")
    public Response download() {
        Account account = currentUser.require();
        StarterArchive archive = ARCHIVE.orElseThrow(() -> new ApiException(503, "Starter not built",
                "this grader was built without the learner starter: build it with `./llmf-grader build`"));
        String server = config.publicUrl().orElseGet(() -> uri.getBaseUri().toString()).replaceAll("/+$", "");
        return Response.ok(archive.personalised(server, account.username))
                .header("Content-Disposition", "attachment; filename=\"llmf-starter.zip\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
