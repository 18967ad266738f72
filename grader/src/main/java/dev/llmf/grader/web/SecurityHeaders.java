package dev.llmf.grader.web;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Headers on every response of the pages and the API. All: {@code X-Content-Type-Options: nosniff} (a browser takes
 * the declared type, never guesses one from a learner's text) and {@code Cache-Control: no-store} (grades, tokens
 * and feedback are personal: no cache keeps them), unless the resource chose its own caching (the lessons' public
 * diagrams). HTML pages also get defence in depth, should some text ever slip
 * past the templates' escaping: scripts and styles only from this site's own files (no inline script runs), no
 * framing, forms post only here.
 */
public class SecurityHeaders {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @ServerResponseFilter
    public void add(ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("X-Content-Type-Options", "nosniff");
        if (!headers.containsKey("Cache-Control")) {
            headers.putSingle("Cache-Control", "no-store");
        }
        MediaType type = response.getMediaType();
        if (type == null || !type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            return;
        }
        headers.putSingle("Content-Security-Policy", POLICY);
        headers.putSingle("Referrer-Policy", "same-origin");
    }
}
