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
        return password != null && hash != null && BcryptUtil.matches(password, hash);
    }
}
