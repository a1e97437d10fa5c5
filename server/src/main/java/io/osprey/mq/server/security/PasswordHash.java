package io.osprey.mq.server.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password stored as a salted slow hash: PBKDF2 with HMAC-SHA256 (the JDK's {@code PBKDF2WithHmacSHA256}, which
 * encodes the password as UTF-8), a random salt per user, and an iteration count kept with the hash so that it can
 * be raised for new passwords without invalidating old ones. Encoded as one line of text:
 *
 * <pre>
 *   pbkdf2-sha256:&lt;iterations&gt;:&lt;salt&gt;:&lt;hash&gt;
 *   algorithm     decimal       Base64   Base64 (standard alphabet, padded)
 *                 1000..10^7    &gt;= 16 B  32 B (the HMAC-SHA256 output, one PBKDF2 block)
 * </pre>
 *
 * {@link #DEFAULT_ITERATIONS} is OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet, 2023); the
 * lower bound only rejects lines no tool of ours writes, the upper one a typo that would make every login take
 * minutes. Neither {@link #toString()} nor any exception message shows the salt or the hash.
 */
public final class PasswordHash {
    public static final String ALGORITHM = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 600_000;
    public static final int MIN_ITERATIONS = 1_000;
    public static final int MAX_ITERATIONS = 10_000_000;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final String JCA_ALGORITHM = "PBKDF2WithHmacSHA256";

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes {@code password} with a fresh salt from {@code random}. The caller keeps and may clear {@code password}.
     *
     * @throws IllegalArgumentException for an empty password or iterations outside the bounds
     */
    public static PasswordHash create(char[] password, int iterations, SecureRandom random) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * Reads the encoded form.
     *
     * @throws IllegalArgumentException saying which part is wrong, never quoting the text
     */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected " + ALGORITHM + ":<iterations>:<salt>:<hash>");
        }
        if (!parts[0].equals(ALGORITHM)) {
            throw new IllegalArgumentException("the algorithm is not " + ALGORITHM);
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a number");
        }
        checkIterations(iterations);
        byte[] salt = base64(parts[2], "salt");
        if (salt.length < SALT_BYTES) {
            throw new IllegalArgumentException("the salt is shorter than " + SALT_BYTES + " bytes");
        }
        byte[] hash = base64(parts[3], "hash");
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("the hash is not " + HASH_BYTES + " bytes");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /**
     * Whether {@code password} hashes to this hash, compared in constant time so the time taken does not tell how
     * many leading bytes matched. Takes {@link #iterations()} rounds of PBKDF2 whatever the answer.
     */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** The one-line form {@link #parse} reads. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder();
        return ALGORITHM + ':' + iterations + ':' + base64.encodeToString(salt) + ':' + base64.encodeToString(hash);
    }

    public int iterations() {
        return iterations;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations
                && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * iterations + Arrays.hashCode(hash);
    }

    /** The algorithm and cost only: a hash in a log line is an offline guessing target. */
    @Override
    public String toString() {
        return ALGORITHM + " (" + iterations + " iterations)";
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iteration count is not in " + MIN_ITERATIONS + ".."
                    + MAX_ITERATIONS);
        }
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not Base64");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(JCA_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // every Java 17 runtime ships PBKDF2WithHmacSHA256 (SunJCE); without it no password can be checked
            throw new IllegalStateException(JCA_ALGORITHM + " is not available in this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
