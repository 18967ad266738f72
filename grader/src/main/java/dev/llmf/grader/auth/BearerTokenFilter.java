package dev.llmf.grader.auth;

import dev.llmf.grader.api.Problem;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.time.Instant;

/** Resolves {@code Authorization: Bearer <token>} to an account. A request without a token stays anonymous. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    @Inject
    CurrentUser currentUser;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(Problem.response(401, "Unauthorized", "use 'Authorization: Bearer <token>'"));
            return;
        }
        String hash = Tokens.hash(header.substring(7).trim());
        Account account = QuarkusTransaction.requiringNew().call(() -> ApiToken.byHash(hash).map(token -> {
            token.lastUsedAt = Instant.now();
            return (Account) Account.findById(token.accountId);
        }).orElse(null));
        if (account == null) {
            request.abortWith(Problem.response(401, "Unauthorized", "this token is not valid (it may have been revoked)"));
            return;
        }
        currentUser.set(account);
    }
}
