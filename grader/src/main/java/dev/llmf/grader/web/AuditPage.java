package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.audit.AuditLog;
import dev.llmf.grader.dashboard.Dashboard;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** What staff did in the course, newest first: the page of {@code GET /api/instructor/audit}. */
@Path("/instructor/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

    @Inject
    Pages pages;

    @Inject
    AuditLog audit;

    @GET
    public TemplateInstance show(@QueryParam("page") String page) {
        AuditLog.Page p = audit.page(pages.staff().courseId(), Dashboard.pageNumber(page));
        return InstructorTemplates.instructorAudit(pages.viewer(), InstructorViews.audit(p));
    }

    @ServerExceptionMapper
    public Response error(ApiException e) {
        return pages.error(e);
    }
}
