package dev.llmf.grader.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The anti-CSRF token of a cookie session: HMAC-SHA256 keyed with the session token itself.
 *
 * <p>Why a token at all, when the cookie is SameSite=Strict: SameSite is the browser's promise, not ours — old or
 * misconfigured browsers ignore it, and "same site" still includes every sibling subdomain of the registrable
 * domain (a learner's page on another subdomain could post to us with the cookie attached). A value the attacker's
 * page cannot read, required on every state-changing request, closes those gaps.
 *
 * <p>Why derived and not stored: the session token is 256 random bits that only the browser (in an HttpOnly
 * cookie) and nothing else holds in clear; an HMAC keyed with it is unguessable without it, needs no table and no
 * server-side secret shared between grader instances, dies with the session, and does not reveal the session token
 * when it is written into a page.
 */
public final class Csrf {

    /** The form field that carries the token. */
    public static final String FIELD = "csrf";
    /** The header that carries it on script requests (e.g. fetch to the API with the cookie). */
    public static final String HEADER = "X-CSRF-Token";

    private static final byte[] PURPOSE = "llmf csrf v1".getBytes(StandardCharsets.UTF_8);

    private Csrf() {
    }

    public static String tokenFor(String sessionToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(PURPOSE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Whether {@code candidate} is the session's token; compares in constant time. */
    public static boolean matches(String sessionToken, String candidate) {
        if (sessionToken == null || candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(sessionToken).getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.UTF_8));
    }
}
