package dev.basalt.jdbc.wire;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.auth.Scram;
import java.util.Arrays;

/**
 * The answer to CONNECT and to AUTHENTICATE: either the session is open, or the node asks the
 * client to prove it knows the password. Encoded as a u8 kind and its fields:
 * <pre>
 *   1 Opened     string serverVersion, i32 nodeId, i64 sessionId, bytes serverSignature
 *                (32 bytes after AUTHENTICATE; empty when the cluster has no users)
 *   2 Challenge  string nonce, bytes salt, i32 iterations        (SCRAM's server-first-message)
 * </pre>
 */
public sealed interface ConnectResponse {
    int KIND_OPENED = 1;
    int KIND_CHALLENGE = 2;

    byte[] encode();

    static ConnectResponse decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        int kind = r.u8();
        ConnectResponse response = switch (kind) {
            case KIND_OPENED -> new Opened(Codec.requireString(r, "server version"), r.i32(), r.i64(), requireBytes(r, "server signature"));
            case KIND_CHALLENGE -> challenge(r);
            default -> throw Codec.invalid("malformed message: connect response kind " + kind);
        };
        r.expectEnd();
        return response;
    }

    private static Challenge challenge(ByteReader r) {
        String nonce = Codec.requireString(r, "nonce");
        byte[] salt = requireBytes(r, "salt");
        int iterations = r.i32();
        try {
            return new Challenge(nonce, salt, iterations);
        } catch (BasaltException e) {
            throw Codec.invalid("malformed message: " + e.getMessage());
        }
    }

    private static byte[] requireBytes(ByteReader r, String what) {
        byte[] b = r.bytes();
        if (b == null) {
            throw Codec.invalid("malformed message: " + what + " has length -1");
        }
        return b;
    }

    /**
     * The session is open.
     *
     * @param serverVersion   the node's version text, for example {@code 0.1.0}; DatabaseMetaData reports it
     * @param nodeId          the node that holds the session
     * @param sessionId       the session's id on that node, for the node's logs and diagnostics
     * @param serverSignature SCRAM's ServerSignature ({@code v=}), which the driver checks; empty
     *                        when no authentication took place (a cluster without users)
     */
    record Opened(String serverVersion, int nodeId, long sessionId, byte[] serverSignature) implements ConnectResponse {
        public Opened {
            serverVersion = serverVersion == null ? "" : serverVersion;
            serverSignature = serverSignature == null ? new byte[0] : serverSignature.clone();
            if (serverSignature.length != 0 && serverSignature.length != Scram.KEY_BYTES) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed message: a server signature of "
                        + serverSignature.length + " bytes; SCRAM-SHA-256 signs with " + Scram.KEY_BYTES);
            }
        }

        /** Without a signature: the cluster has no users. */
        public Opened(String serverVersion, int nodeId, long sessionId) {
            this(serverVersion, nodeId, sessionId, new byte[0]);
        }

        @Override
        public byte[] serverSignature() {
            return serverSignature.clone();
        }

        public boolean authenticated() {
            return serverSignature.length > 0;
        }

        @Override
        public byte[] encode() {
            return new ByteWriter().u8(KIND_OPENED).string(serverVersion).i32(nodeId).i64(sessionId).bytes(serverSignature).toByteArray();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opened x && serverVersion.equals(x.serverVersion) && nodeId == x.nodeId
                    && sessionId == x.sessionId && Arrays.equals(serverSignature, x.serverSignature);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(sessionId) * 31 + nodeId;
        }
    }

    /**
     * The cluster has users: prove the password. {@code nonce} is the client's nonce followed by
     * the node's; salt and iterations are the user's verifier's (or made-up ones for a user that
     * does not exist, so that the answer does not tell). Bounded: the salt by
     * {@link Scram#SALT_BYTES_MAX}, the iterations by {@link Scram#ITERATIONS_MAX}, the nonce by
     * twice {@link Scram#NONCE_CHARS_MAX}.
     */
    record Challenge(String nonce, byte[] salt, int iterations) implements ConnectResponse {
        public Challenge {
            if (nonce == null || nonce.length() > 2 * Scram.NONCE_CHARS_MAX) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "a SCRAM nonce of " + (nonce == null ? "no" : nonce.length())
                        + " characters; at most " + 2 * Scram.NONCE_CHARS_MAX);
            }
            Scram.checkSalt(salt);
            Scram.checkIterations(iterations);
            salt = salt.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public byte[] encode() {
            return new ByteWriter().u8(KIND_CHALLENGE).string(nonce).bytes(salt).i32(iterations).toByteArray();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Challenge x && nonce.equals(x.nonce) && iterations == x.iterations && Arrays.equals(salt, x.salt);
        }

        @Override
        public int hashCode() {
            return nonce.hashCode();
        }
    }
}
