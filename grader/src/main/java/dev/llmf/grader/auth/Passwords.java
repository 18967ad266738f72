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

    /**
     * A hash no password matches (its password is random and forgotten), of the same cost as real ones: checking a
     * password against it for an unknown username takes as long as for a real account.
     */
    public static String unknownAccountHash() {
        return UnknownAccount.HASH;
    }

    private static final class UnknownAccount {
        static final String HASH;

        static {
            byte[] secret = new byte[24];
            new java.security.SecureRandom().nextBytes(secret);
            HASH = BcryptUtil.bcryptHash(java.util.HexFormat.of().formatHex(secret));
        }
    }
}
