package dev.basalt.common.auth;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a node keeps for one password (RFC 5802 section 3): the salt and iteration count of PBKDF2
 * and the two keys derived from the salted password. Enough to check a client's proof and to sign
 * the answer, never enough to log in. Encoded as {@code bytes salt, i32 iterations, bytes storedKey,
 * bytes serverKey}.
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public ScramVerifier {
        Scram.checkSalt(salt);
        Scram.checkIterations(iterations);
        if (storedKey == null || storedKey.length != Scram.KEY_BYTES || serverKey == null || serverKey.length != Scram.KEY_BYTES) {
            throw new BasaltException(ErrorCode.INVALID_VALUE, "a SCRAM-SHA-256 verifier needs two keys of " + Scram.KEY_BYTES + " bytes");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    public void writeTo(ByteWriter w) {
        w.bytes(salt).i32(iterations).bytes(storedKey).bytes(serverKey);
    }

    /** Reads what {@link #writeTo} wrote; a malformed verifier fails with INVALID_REQUEST. */
    public static ScramVerifier readFrom(ByteReader r) {
        byte[] salt = r.bytes();
        int iterations = r.i32();
        byte[] storedKey = r.bytes();
        byte[] serverKey = r.bytes();
        try {
            return new ScramVerifier(salt, iterations, storedKey, serverKey);
        } catch (BasaltException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed SCRAM verifier: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramVerifier v && iterations == v.iterations && Arrays.equals(salt, v.salt)
                && Arrays.equals(storedKey, v.storedKey) && Arrays.equals(serverKey, v.serverKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(storedKey) + iterations;
    }

    /** Shows the salt and iterations only: keys stay out of logs. */
    @Override
    public String toString() {
        return "ScramVerifier[salt=" + HexFormat.of().formatHex(salt) + ", iterations=" + iterations + "]";
    }
}
