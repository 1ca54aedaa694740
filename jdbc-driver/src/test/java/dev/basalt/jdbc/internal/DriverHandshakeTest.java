package dev.basalt.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.auth.Scram;
import dev.basalt.common.auth.ScramVerifier;
import dev.basalt.jdbc.BasaltDriver;
import dev.basalt.jdbc.wire.AuthenticateRequest;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ConnectRequest;
import dev.basalt.jdbc.wire.ConnectResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The driver's side of SCRAM-SHA-256 against a scripted node: it proves the password without
 * sending it, and refuses a session whose node cannot prove that it knows the user's verifier.
 */
@Timeout(60)
class DriverHandshakeTest {
    private static final String USER = "app";
    private static final String PASSWORD = "pencil";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj";
    private final BasaltDriver driver = new BasaltDriver();
    private final ScramVerifier verifier = Scram.verifier(PASSWORD, new byte[16], Scram.ITERATIONS_DEFAULT);

    /** A node that challenges every CONNECT and answers AUTHENTICATE with {@code signer}'s signature. */
    private FakeNode scramNode(boolean extendNonce, ScramVerifier signer) {
        FakeNode node = new FakeNode();
        AtomicReference<String> authMessage = new AtomicReference<>();
        node.answer(ClientMethods.CONNECT, payload -> {
            ConnectRequest r = ConnectRequest.decode(payload);
            String nonce = extendNonce ? r.clientNonce() + SERVER_NONCE : "someone-else's-nonce";
            authMessage.set(Scram.authMessage(r.user(), r.clientNonce(), nonce, verifier.salt(), verifier.iterations()));
            return new ConnectResponse.Challenge(nonce, verifier.salt(), verifier.iterations()).encode();
        });
        node.answer(ClientMethods.AUTHENTICATE, payload -> {
            AuthenticateRequest r = AuthenticateRequest.decode(payload);
            assertTrue(Scram.proofMatches(verifier, authMessage.get(), r.proof()), "the driver's proof is right");
            return new ConnectResponse.Opened("0.1.0", 1, 9, Scram.serverSignature(signer, authMessage.get())).encode();
        });
        return node;
    }

    private Connection connect(FakeNode node) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return driver.connect(node.url(), p);
    }

    @Test
    void theDriverProvesThePasswordWithoutSendingItAndAcceptsTheNodesSignature() throws Exception {
        try (FakeNode node = scramNode(true, verifier); Connection c = connect(node)) {
            assertFalse(c.isClosed());
            for (FakeNode.Request r : node.requests()) {
                assertFalse(new String(r.payload(), StandardCharsets.UTF_8).contains(PASSWORD), "no request carries the password");
            }
            assertEquals(1, node.requests(ClientMethods.AUTHENTICATE).size());
        }
    }

    @Test
    void aNodeThatSignsWithAnotherVerifierIsRefusedWith28000() {
        ScramVerifier impostor = Scram.verifier("not-pencil", new byte[16], Scram.ITERATIONS_DEFAULT);
        try (FakeNode node = scramNode(true, impostor)) {
            SQLException e = assertThrows(SQLException.class, () -> connect(node).close());
            assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
            assertEquals("28000", e.getSQLState());
            assertTrue(e.getMessage().contains("signature does not match"), e.getMessage());
        }
    }

    @Test
    void aChallengeThatDoesNotExtendTheDriversNonceIsRefusedBeforeAnyProofIsSent() {
        try (FakeNode node = scramNode(false, verifier)) {
            SQLException e = assertThrows(SQLException.class, () -> connect(node).close());
            assertEquals("28000", e.getSQLState());
            assertTrue(node.requests(ClientMethods.AUTHENTICATE).isEmpty());
        }
    }
}
