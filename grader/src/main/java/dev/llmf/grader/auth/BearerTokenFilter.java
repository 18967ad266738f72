package dev.llmf.grader.auth;

import dev.llmf.grader.api.Problem;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.ApiToken;
import dev.llmf.grader.model.Membership;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.time.Duration;
import java.time.Instant;

/**
 * Resolves the request's API token to an account: from {@code Authorization: Bearer <token>} (scripts, the CLI)
 * or, without that header, from the {@link SessionCookie session cookie} (the web pages). A request with neither
 * stays anonymous. A bad header is a 401; a stale cookie (revoked, or from an old database) just leaves the request
 * anonymous, so the web pages can send its owner to sign in again.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    /** How long a web session may sit unused before it ends. */
    public static final Duration WEB_SESSION_IDLE = Duration.ofHours(12);

    /**
     * How stale a token's last use may be stored. Writing it on every request made each page a write transaction,
     * waiting on the disk's flush (up to tens of milliseconds on a busy machine); only the 12-hour idle limit reads it.
     */
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    @Inject
    CurrentUser currentUser;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            Cookie cookie = request.getCookies().get(SessionCookie.NAME);
            if (cookie != null && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                Account account = resolve(cookie.getValue());
                if (account != null) {
                    currentUser.set(account, cookie.getValue(), Tokens.hash(cookie.getValue()));
                }
            }
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(Problem.response(401, "Unauthorized", "use 'Authorization: Bearer <token>'"));
            return;
        }
        String token = header.substring(7).trim();
        Account account = resolve(token);
        if (account == null) {
            request.abortWith(Problem.response(401, "Unauthorized", "this token is not valid (it may have been revoked, or its account disabled)"));
            return;
        }
        currentUser.set(account, null, Tokens.hash(token));
    }

    /**
     * The one place a token becomes an account; null for an unknown or revoked token, and for a web session left
     * unused for {@link #WEB_SESSION_IDLE} (deleted then: a forgotten signed-in browser does not stay signed in).
     * API tokens for scripts and the CLI do not expire; they are revoked by hand. An account disabled in every
     * course it belongs to is refused too (its tokens work again once it is enabled).
     */
    public static Account resolve(String token) {
        String hash = Tokens.hash(token);
        return QuarkusTransaction.requiringNew().call(() -> ApiToken.byHash(hash).map(row -> {
            Instant now = Instant.now();
            Instant lastSeen = row.lastUsedAt == null ? row.createdAt : row.lastUsedAt;
            if (row.label.equals(SignIn.WEB_LABEL) && lastSeen.plus(WEB_SESSION_IDLE).isBefore(now)) {
                row.delete();
                return null;
            }
            if (!Membership.anyActive(row.accountId)) {
                return null;                // disabled everywhere: its tokens stop working, not deleted
            }
            if (lastSeen.plus(LAST_USED_PRECISION).isBefore(now)) {
                row.lastUsedAt = now;
            }
            return (Account) Account.findById(row.accountId);
        }).orElse(null));
    }
}
