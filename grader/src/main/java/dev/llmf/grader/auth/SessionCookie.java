package dev.llmf.grader.auth;

import jakarta.ws.rs.core.NewCookie;

/**
 * The web pages' session: a cookie that holds an API token (made by {@link SignIn}, like a REST sign-in), so one
 * token table and one {@link BearerTokenFilter} serve both. HttpOnly keeps it away from scripts (an injected one
 * could not steal it), SameSite=Strict keeps browsers from sending it with requests started by other sites, and
 * Secure keeps it off plain HTTP whenever the page itself came over HTTPS.
 */
public final class SessionCookie {

    public static final String NAME = "llmf_session";

    private SessionCookie() {
    }

    /** A session cookie (no Max-Age: it ends when the browser closes; signing out revokes the token itself). */
    public static NewCookie of(String token, boolean secure) {
        return builder(token, secure).build();
    }

    /** Tells the browser to drop the cookie. */
    public static NewCookie expired(boolean secure) {
        return builder("", secure).maxAge(0).build();
    }

    private static NewCookie.Builder builder(String value, boolean secure) {
        return new NewCookie.Builder(NAME).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT);
    }
}
