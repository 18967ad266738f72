package dev.llmf.grader.audit;

import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.dashboard.Dashboard;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The course's audit log as JSON; staff of the course. */
@Path("/api/instructor/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    CourseAccess access;

    @Inject
    AuditLog audit;

    @GET
    @Operation(summary = "What staff did (overrides, extensions, regrades, roster and schedule changes), newest first, 100 a page")
    public AuditLog.Page page(@QueryParam("page") String page) {
        return audit.page(access.staff().courseId(), Dashboard.pageNumber(page));
    }
}
