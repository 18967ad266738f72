package dev.llmf.grader;

import jakarta.ws.rs.core.UriInfo;

/** The grader's address as its users reach it: {@code llmf.public-url} when set (behind a proxy), else the one the
 * request came to; without a trailing slash. */
public final class PublicAddress {

    private PublicAddress() {
    }

    public static String of(GraderConfig config, UriInfo request) {
        return config.publicUrl().orElseGet(() -> request.getBaseUri().toString()).replaceAll("/+$", "");
    }
}
