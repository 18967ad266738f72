package dev.llmf.grader.auth;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.ApiToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.util.Optional;

/**
 * A signed-in account changes its own password, giving the current one (a borrowed session alone cannot change
 * it; wrong guesses count toward the sign-in lock). Every other session and API token of the account ends; the
 * one this request came with stays.
 */
@ApplicationScoped
public class PasswordChange {

    @Inject
    SignInThrottle throttle;

    @Transactional
    public void change(Account who, String current, String replacement, String keepTokenHash) {
        Optional<Duration> wait = throttle.lockRemaining(who.username);
        if (wait.isPresent()) {
            throw ApiException.tooManyRequests("too many wrong passwords: try again in "
                    + (wait.get().toSeconds() + 1) + " s", wait.get());
        }
        Account account = Account.findById(who.id);
        if (!Passwords.matches(current, account.passwordHash)) {
            throttle.failed(account.username);
            throw ApiException.forbidden("the current password is wrong");
        }
        try {
            account.passwordHash = Passwords.hash(replacement);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the new " + e.getMessage());
        }
        ApiToken.delete("accountId = ?1 and tokenHash <> ?2", account.id, keepTokenHash == null ? "" : keepTokenHash);
    }
}
