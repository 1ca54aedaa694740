package dev.basalt.common.auth;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 arithmetic of RFC 5802 and RFC 7677 (see the package documentation): making a
 * verifier from a password, the client's proof, the node's check of it and the node's signature.
 * Pure functions except {@link #newSalt} and {@link #newNonce}, which draw from the
 * {@link SecureRandom} they are given.
 */
public final class Scram {
    /** The mechanism's name, as SASL registers it. */
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** SHA-256's output: every key, signature and proof is this long. */
    public static final int KEY_BYTES = 32;
    /** Iterations of PBKDF2 for a new verifier: RFC 7677's minimum, PostgreSQL's default. */
    public static final int ITERATIONS_DEFAULT = 4_096;
    /** Fewer iterations are refused, from the store and from the wire. */
    public static final int ITERATIONS_MIN = 4_096;
    /** More are refused: a node asking for more would make every client spin for seconds. */
    public static final int ITERATIONS_MAX = 1_000_000;
    /** Bytes of salt for a new verifier. */
    public static final int SALT_BYTES_DEFAULT = 16;
    public static final int SALT_BYTES_MIN = 8;
    public static final int SALT_BYTES_MAX = 64;
    /** Random bytes in a nonce (base64: 24 characters); each side adds one of its own. */
    public static final int NONCE_BYTES = 18;
    /** The longest nonce either side accepts from the other (characters). */
    public static final int NONCE_CHARS_MAX = 128;
    /** The shortest (so a client cannot make the node's randomness all of the nonce). */
    public static final int NONCE_CHARS_MIN = 16;
    /** base64("n,,"): the GS2 header of a client without channel binding, as client-final's {@code c=}. */
    static final String GS2_HEADER_BASE64 = "biws";

    private Scram() {
    }

    // ---------------------------------------------------------------- making a verifier

    /** A verifier for {@code password} with a fresh salt and the default iterations. */
    public static ScramVerifier newVerifier(String password, SecureRandom random) {
        return verifier(password, newSalt(random), ITERATIONS_DEFAULT);
    }

    /** The verifier for {@code password} with this salt and iteration count. */
    public static ScramVerifier verifier(String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        return new ScramVerifier(salt, iterations, sha256(clientKey(salted)), serverKey(salted));
    }

    public static byte[] newSalt(SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES_DEFAULT];
        random.nextBytes(salt);
        return salt;
    }

    /** A nonce of printable characters without a comma (base64 of {@link #NONCE_BYTES} random bytes). */
    public static String newNonce(SecureRandom random) {
        byte[] b = new byte[NONCE_BYTES];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    // ---------------------------------------------------------------- the exchange

    /**
     * RFC 5802's AuthMessage: client-first-message-bare, server-first-message and
     * client-final-message-without-proof, joined by commas.
     *
     * @param user        the user name as the client gave it
     * @param clientNonce the client's nonce
     * @param nonce       the whole nonce: the client's followed by the node's
     */
    public static String authMessage(String user, String clientNonce, String nonce, byte[] salt, int iterations) {
        return "n=" + saslName(user) + ",r=" + clientNonce
                + ",r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations
                + ",c=" + GS2_HEADER_BASE64 + ",r=" + nonce;
    }

    /**
     * What the client computes from its password, with one PBKDF2: the proof it sends and the
     * signature it expects back.
     */
    public record ClientFinal(byte[] proof, byte[] expectedServerSignature) {
    }

    /** The client's side of the exchange: its proof and the node's signature it must receive. */
    public static ClientFinal clientFinal(String password, byte[] salt, int iterations, String authMessage) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] clientKey = clientKey(salted);
        byte[] proof = xor(clientKey, hmac(sha256(clientKey), utf8(authMessage)));
        return new ClientFinal(proof, hmac(serverKey(salted), utf8(authMessage)));
    }

    /** The client's proof: ClientKey XOR HMAC(StoredKey, AuthMessage). */
    public static byte[] clientProof(String password, byte[] salt, int iterations, String authMessage) {
        byte[] clientKey = clientKey(saltedPassword(password, salt, iterations));
        return xor(clientKey, hmac(sha256(clientKey), utf8(authMessage)));
    }

    /** Whether {@code proof} shows knowledge of the password {@code verifier} was made from (constant time). */
    public static boolean proofMatches(ScramVerifier verifier, String authMessage, byte[] proof) {
        if (proof == null || proof.length != KEY_BYTES) {
            return false;
        }
        byte[] storedKey = verifier.storedKey();
        byte[] clientKey = xor(proof, hmac(storedKey, utf8(authMessage)));
        return MessageDigest.isEqual(sha256(clientKey), storedKey);
    }

    /** The node's signature, HMAC(ServerKey, AuthMessage), which the client checks. */
    public static byte[] serverSignature(ScramVerifier verifier, String authMessage) {
        return hmac(verifier.serverKey(), utf8(authMessage));
    }

    /** The node's signature as the client computes it from the password, for comparison. */
    public static byte[] expectedServerSignature(String password, byte[] salt, int iterations, String authMessage) {
        return hmac(serverKey(saltedPassword(password, salt, iterations)), utf8(authMessage));
    }

    /** Constant-time comparison of two signatures. */
    public static boolean sameSignature(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    // ---------------------------------------------------------------- checks of values from outside

    /** A nonce must be printable ASCII without a comma, {@link #NONCE_CHARS_MIN} to {@link #NONCE_CHARS_MAX} long. */
    public static void checkNonce(String nonce, String what) {
        if (nonce == null || nonce.length() < NONCE_CHARS_MIN || nonce.length() > NONCE_CHARS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, what + " must be " + NONCE_CHARS_MIN + " to " + NONCE_CHARS_MAX
                    + " characters, got " + (nonce == null ? "none" : nonce.length()));
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, what + " holds character " + (int) c
                        + " at " + i + "; only printable ASCII other than ',' is allowed");
            }
        }
    }

    /** Fails with INVALID_VALUE unless the salt is {@link #SALT_BYTES_MIN} to {@link #SALT_BYTES_MAX} bytes. */
    public static void checkSalt(byte[] salt) {
        if (salt == null || salt.length < SALT_BYTES_MIN || salt.length > SALT_BYTES_MAX) {
            throw new BasaltException(ErrorCode.INVALID_VALUE, "a SCRAM salt must be " + SALT_BYTES_MIN + " to " + SALT_BYTES_MAX
                    + " bytes, got " + (salt == null ? "none" : salt.length));
        }
    }

    /** Fails with INVALID_VALUE unless the count is in [{@link #ITERATIONS_MIN}, {@link #ITERATIONS_MAX}]. */
    public static void checkIterations(int iterations) {
        if (iterations < ITERATIONS_MIN || iterations > ITERATIONS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_VALUE, "a SCRAM iteration count must be in [" + ITERATIONS_MIN + ", "
                    + ITERATIONS_MAX + "], got " + iterations);
        }
    }

    // ---------------------------------------------------------------- primitives

    /** RFC 5802's saslname: ',' and '=' escaped as =2C and =3D. */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }

    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        checkSalt(salt);
        checkIterations(iterations);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BYTES * 8);
        try {
            // The JDK's PBKDF2 takes the password's UTF-8 bytes.
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, utf8("Client Key"));
    }

    private static byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, utf8("Server Key"));
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("xor of " + a.length + " and " + b.length + " bytes");
        }
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
