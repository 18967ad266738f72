package dev.llmf.grader.auth;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/** The account behind this request's bearer token or session cookie, if any. */
@RequestScoped
public class CurrentUser {

    private Account account;
    private String sessionToken;
    private String tokenHash;

    /**
     * @param sessionToken the token when it came in the session cookie, null when it came in the header
     * @param tokenHash    the SHA-256 of the token, whichever way it came
     */
    void set(Account account, String sessionToken, String tokenHash) {
        this.account = account;
        this.sessionToken = sessionToken;
        this.tokenHash = tokenHash;
    }

    /** The SHA-256 of the token this request signed in with (to keep it when the others are revoked). */
    public Optional<String> tokenHash() {
        return Optional.ofNullable(account == null ? null : tokenHash);
    }

    /** The signed-in account, or 401. */
    public Account require() {
        if (account == null) {
            throw ApiException.unauthorized("sign in first: send 'Authorization: Bearer <token>' (get a token from POST /api/auth/tokens)");
        }
        return account;
    }

    /** The signed-in account, if any. */
    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    /** Whether the account came from the session cookie (then state-changing requests need the CSRF token). */
    public boolean viaCookie() {
        return account != null && sessionToken != null;
    }

    /** The CSRF token of this cookie session, for the pages' forms; empty without one. */
    public Optional<String> csrfToken() {
        return viaCookie() ? Optional.of(Csrf.tokenFor(sessionToken)) : Optional.empty();
    }

    /** The session cookie's token (for signing out); empty when the request did not come with one. */
    public Optional<String> sessionToken() {
        return viaCookie() ? Optional.of(sessionToken) : Optional.empty();
    }
}
