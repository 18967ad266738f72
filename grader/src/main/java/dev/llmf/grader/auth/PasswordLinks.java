package dev.llmf.grader.auth;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.ApiToken;
import dev.llmf.grader.model.PasswordLink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One-time links to set a password ({@code <server>/set-password/<token>}): for new accounts, and for anyone whose
 * instructor issues a new one. A link is valid for {@link #VALID} and works once; issuing a new link for an
 * account voids its earlier unused ones. Only the token's SHA-256 is stored, so the links can be given out only
 * when they are made (the import's answer, the roster's CSV download), never read back.
 */
@ApplicationScoped
public class PasswordLinks {

    public static final Duration VALID = Duration.ofDays(7);
    public static final String PATH = "/set-password/";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A link just made: the only moment its token exists in clear. */
    public record Link(String url, Instant expiresAt) {
    }

    /** Makes a new link for {@code account}, voiding its earlier unused ones. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Link issue(Account account, Long issuedBy, String serverUrl) {
        PasswordLink.delete("accountId = ?1 and usedAt is null", account.id);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        PasswordLink link = new PasswordLink();
        link.accountId = account.id;
        link.tokenHash = Tokens.hash(token);
        link.createdBy = issuedBy;
        link.expiresAt = Instant.now().plus(VALID);
        link.persist();
        return new Link(serverUrl + PATH + token, link.expiresAt);
    }

    /** The account a link may still set the password of; 410 when it is unknown, used, expired or replaced. */
    @Transactional
    public Account account(String token) {
        return Account.findById(usable(token).accountId);
    }

    /**
     * Sets the password through the link and uses the link up; every API token and web session of the account
     * ends, so whoever had the old password is signed out everywhere.
     *
     * @throws ApiException 410 for a link that cannot be used, 400 for a password that is too short
     */
    @Transactional
    public Account redeem(String token, String password) {
        PasswordLink link = usable(token);
        Account account = Account.findById(link.accountId);
        try {
            account.passwordHash = Passwords.hash(password);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        link.usedAt = Instant.now();
        PasswordLink.delete("accountId = ?1 and usedAt is null", account.id);
        ApiToken.delete("accountId", account.id);
        return account;
    }

    private static PasswordLink usable(String token) {
        PasswordLink link = token == null || token.isBlank() ? null : PasswordLink.byHash(Tokens.hash(token.strip())).orElse(null);
        if (link == null || !link.usable(Instant.now())) {
            throw new ApiException(410, "Link not valid", "this set-password link is not valid: it has been used"
                    + " already, has expired (links last " + VALID.toDays() + " days), or was replaced by a newer one;"
                    + " ask your instructor for a new one");
        }
        return link;
    }
}
