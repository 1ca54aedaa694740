package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.auth.Scram;
import java.util.Arrays;

/**
 * AUTHENTICATE: SCRAM's client-final-message after a {@link ConnectResponse.Challenge}. Encoded as
 * {@code bytes proof} (exactly {@link Scram#KEY_BYTES} bytes): ClientKey XOR ClientSignature over
 * the AuthMessage both ends build from the exchange ({@link Scram#authMessage}). The node answers
 * with {@link ConnectResponse.Opened} carrying its signature, or with INVALID_PASSWORD (28P01).
 */
public record AuthenticateRequest(byte[] proof) {
    public AuthenticateRequest {
        if (proof == null || proof.length != Scram.KEY_BYTES) {
            throw Codec.invalid("malformed message: a SCRAM-SHA-256 proof is " + Scram.KEY_BYTES + " bytes, got "
                    + (proof == null ? "none" : proof.length));
        }
        proof = proof.clone();
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }

    public byte[] encode() {
        return new ByteWriter().bytes(proof).toByteArray();
    }

    public static AuthenticateRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        byte[] proof = r.bytes();
        r.expectEnd();
        return new AuthenticateRequest(proof);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticateRequest a && Arrays.equals(proof, a.proof);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(proof);
    }

    /** The proof is not shown. */
    @Override
    public String toString() {
        return "AuthenticateRequest[proof=***]";
    }
}
