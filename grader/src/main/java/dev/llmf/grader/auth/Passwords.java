package dev.llmf.grader.auth;

import io.quarkus.elytron.security.common.BcryptUtil;

/** bcrypt hashing; passwords are never stored or logged. */
public final class Passwords {

    public static final int MIN_LENGTH = 8;

    private Passwords() {
    }

    public static String hash(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("password must have at least " + MIN_LENGTH + " characters");
        }
        return BcryptUtil.bcryptHash(password);
    }

    public static boolean matches(String password, String hash) {
        // an account without a password yet holds a marker that is no bcrypt hash: nothing matches it
        return password != null && hash != null && hash.startsWith("$2") && BcryptUtil.matches(password, hash);
    }
}
