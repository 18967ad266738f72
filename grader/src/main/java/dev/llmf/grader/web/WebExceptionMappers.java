package dev.llmf.grader.web;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Anonymous visitors of a page go to the sign-in page, which sends them back to the page they asked for. */
public final class WebExceptionMappers {

    @ServerExceptionMapper
    public Response signIn(SignInRequired e, ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!HttpMethod.GET.equals(request.getMethod()) || "/".equals(path)) {
            return Pages.seeOther("/login");
        }
        return Pages.seeOther("/login?next=" + URLEncoder.encode(Pages.localPath(path), StandardCharsets.UTF_8));
    }
}
