package dev.llmf.grader.auth;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.ApiToken;
import dev.llmf.grader.text.SafeText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Trading a username and password for a new API token, and revoking one. The REST sign-in ({@code POST
 * /api/auth/tokens}) and the web sign-in (whose session cookie holds such a token) both go through here.
 */
@ApplicationScoped
public class SignIn {

    /** The label of the tokens behind web sessions (the session cookie), which expire when left unused. */
    public static final String WEB_LABEL = "web";

    @Inject
    SignInThrottle throttle;

    /** A token just created for {@code account}: the only moment its clear text exists on the server. */
    public record Issued(String token, Account account) {
    }

    /**
     * @throws ApiException 401 with the same message for an unknown user and a wrong password, after the same work
     *                      (a bcrypt check), so neither the answer nor its time tells whether the account exists; 429
     *                      while the username is locked after repeated failures ({@link SignInThrottle}), known or
     *                      not; 400 for a username or label with a character that cannot be stored (a NUL, …)
     */
    @Transactional
    public Issued issue(String username, String password, String label) {
        requireStorable("username", username);
        requireStorable("label", label);
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        Optional<Duration> wait = throttle.lockRemaining(name);
        if (wait.isPresent()) {
            long seconds = (wait.get().toMillis() + 999) / 1000;       // rounded up: "try again in 0 s" would fail
            throw ApiException.tooManyRequests("too many wrong passwords for '" + name + "': try again in "
                    + seconds + " s", Duration.ofSeconds(seconds));
        }
        Account account = name.isEmpty() ? null : Account.byUsername(name).orElse(null);
        boolean right = Passwords.matches(password, account == null ? Passwords.unknownAccountHash() : account.passwordHash);
        if (account == null || !right) {
            throttle.failed(name);
            throw ApiException.unauthorized("wrong username or password");
        }
        throttle.succeeded(name);
        String token = Tokens.newToken();
        ApiToken row = new ApiToken();
        row.accountId = account.id;
        row.tokenHash = Tokens.hash(token);
        row.label = label == null || label.isBlank() ? "api" : label.strip();
        row.persist();
        return new Issued(token, account);
    }

    private static void requireStorable(String field, String value) {
        if (!SafeText.isSafe(value)) {
            throw ApiException.badRequest("the " + field + " holds a character that cannot be used (a NUL or another"
                    + " control character): remove it");
        }
    }

    /** Deletes the token's row, so the token (and a cookie holding it) stops working everywhere. */
    @Transactional
    public void revoke(String token) {
        if (token != null && !token.isBlank()) {
            ApiToken.delete("tokenHash", Tokens.hash(token));
        }
    }
}
