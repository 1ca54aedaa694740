package dev.basalt.common.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The SCRAM-SHA-256 arithmetic against the example of RFC 7677 section 3 (user "user", password "pencil"). */
class ScramTest {
    private static final String USER = "user";
    private static final String PASSWORD = "pencil";
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final int ITERATIONS = 4096;
    /** The RFC's client-final-message: c=biws,r=...,p=PROOF. */
    private static final byte[] RFC_PROOF = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    /** The RFC's server-final-message: v=SIGNATURE. */
    private static final byte[] RFC_SERVER_SIGNATURE = Base64.getDecoder().decode("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");

    private static String authMessage() {
        return Scram.authMessage(USER, CLIENT_NONCE, NONCE, SALT, ITERATIONS);
    }

    @Test
    void authMessageIsTheRfcMessagesJoinedByCommas() {
        assertEquals("n=user,r=rOprNGfwEbeRWgbNEkqO"
                + ",r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
                + ",c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", authMessage());
    }

    @Test
    void clientProofIsTheRfc7677Proof() {
        assertArrayEquals(RFC_PROOF, Scram.clientProof(PASSWORD, SALT, ITERATIONS, authMessage()));
    }

    @Test
    void serverSignatureIsTheRfc7677Signature() {
        ScramVerifier verifier = Scram.verifier(PASSWORD, SALT, ITERATIONS);
        assertArrayEquals(RFC_SERVER_SIGNATURE, Scram.serverSignature(verifier, authMessage()));
        assertArrayEquals(RFC_SERVER_SIGNATURE, Scram.expectedServerSignature(PASSWORD, SALT, ITERATIONS, authMessage()));
    }

    @Test
    void verifierAcceptsTheRfcProofAndRejectsAnyOther() {
        ScramVerifier verifier = Scram.verifier(PASSWORD, SALT, ITERATIONS);
        assertTrue(Scram.proofMatches(verifier, authMessage(), RFC_PROOF));
        byte[] flipped = RFC_PROOF.clone();
        flipped[0] ^= 1;
        assertFalse(Scram.proofMatches(verifier, authMessage(), flipped));
        assertFalse(Scram.proofMatches(verifier, authMessage(), Arrays.copyOf(RFC_PROOF, 31)));
        assertFalse(Scram.proofMatches(verifier, authMessage(), null));
        assertFalse(Scram.proofMatches(Scram.verifier("pencil2", SALT, ITERATIONS), authMessage(), RFC_PROOF));
        // The same proof for another exchange (another nonce) is worthless: no replay.
        String other = Scram.authMessage(USER, CLIENT_NONCE, CLIENT_NONCE + "another-server-nonce", SALT, ITERATIONS);
        assertFalse(Scram.proofMatches(verifier, other, RFC_PROOF));
    }

    @Test
    void newVerifiersOfOnePasswordDifferBySaltAndBothCheckTheirProofs() {
        SecureRandom random = new SecureRandom();
        ScramVerifier a = Scram.newVerifier(PASSWORD, random);
        ScramVerifier b = Scram.newVerifier(PASSWORD, random);
        assertNotEquals(a, b);
        assertEquals(Scram.ITERATIONS_DEFAULT, a.iterations());
        String message = Scram.authMessage(USER, CLIENT_NONCE, NONCE, a.salt(), a.iterations());
        assertTrue(Scram.proofMatches(a, message, Scram.clientProof(PASSWORD, a.salt(), a.iterations(), message)));
    }

    @Test
    void userNamesWithCommaAndEqualsAreEscaped() {
        assertEquals("a=2Cb=3Dc", Scram.saslName("a,b=c"));
    }

    @Test
    void nonceChecksRefuseCommasControlCharactersAndBadLengths() {
        Scram.checkNonce(NONCE, "nonce");
        assertThrows(BasaltException.class, () -> Scram.checkNonce("abcdefgh,ijklmnopq", "nonce"));
        assertThrows(BasaltException.class, () -> Scram.checkNonce("abcdefgh\nijklmnopq", "nonce"));
        assertThrows(BasaltException.class, () -> Scram.checkNonce("short", "nonce"));
        assertThrows(BasaltException.class, () -> Scram.checkNonce("x".repeat(Scram.NONCE_CHARS_MAX + 1), "nonce"));
        assertThrows(BasaltException.class, () -> Scram.checkNonce(null, "nonce"));
    }

    @Test
    void verifierRoundTripsAndRefusesOutOfBoundsIterationsAndTruncation() {
        ScramVerifier v = Scram.verifier(PASSWORD, SALT, ITERATIONS);
        ByteWriter w = new ByteWriter();
        v.writeTo(w);
        byte[] bytes = w.toByteArray();
        assertEquals(v, ScramVerifier.readFrom(new ByteReader(bytes)));
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            BasaltException e = assertThrows(BasaltException.class, () -> ScramVerifier.readFrom(new ByteReader(truncated)));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        }
        ByteWriter tooMany = new ByteWriter().bytes(SALT).i32(Scram.ITERATIONS_MAX + 1).bytes(v.storedKey()).bytes(v.serverKey());
        BasaltException e = assertThrows(BasaltException.class, () -> ScramVerifier.readFrom(new ByteReader(tooMany.toByteArray())));
        assertTrue(e.getMessage().contains("iteration count"), e.getMessage());
        assertThrows(BasaltException.class, () -> Scram.verifier(PASSWORD, SALT, Scram.ITERATIONS_MIN - 1));
    }

    @Test
    void verifierNeverShowsItsKeys() {
        ScramVerifier v = Scram.verifier(PASSWORD, SALT, ITERATIONS);
        String text = v.toString();
        assertFalse(text.contains(Base64.getEncoder().encodeToString(v.storedKey())), text);
        assertTrue(text.contains("iterations=4096"), text);
    }
}
