package dev.basalt.common.net;

import static dev.basalt.common.net.Outcomes.failureOf;
import static dev.basalt.common.net.Outcomes.valueOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.ClientTls.Verification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the transport with the test certificates of {@code src/test/resources/tls} (see the
 * README there): one port serves TLS and plaintext clients, the client checks the certificate as
 * its {@link Verification} says, and bad key or certificate files are refused naming the file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTransportTest {
    static final Path TLS_DIR = Path.of("src", "test", "resources", "tls");
    static final Path CA = TLS_DIR.resolve("ca.crt");
    static final Path NODE_CERT = TLS_DIR.resolve("node.crt");
    static final Path NODE_KEY = TLS_DIR.resolve("node.key");
    private static final HostPort EPHEMERAL = new HostPort("127.0.0.1", 0);
    private static final int ECHO = 1;
    private static final long TIMEOUT_MS = Outcomes.WAIT_MS;
    private static final byte[] PAYLOAD = "range 7".getBytes(StandardCharsets.UTF_8);

    private static CompletableFuture<byte[]> echo(int method, byte[] payload) {
        return CompletableFuture.completedFuture(payload);
    }

    private static RpcServer tlsServer(Path certificate) {
        return RpcServer.startPerConnection("tls-srv", EPHEMERAL, () -> TlsTransportTest::echo,
                ServerTls.fromPem(certificate, NODE_KEY));
    }

    @Test
    void oneTlsPortServesEncryptedAndPlaintextClients() throws Exception {
        try (RpcServer server = tlsServer(NODE_CERT);
                RpcClient encrypted = new RpcClient("tls-cli", ClientTls.create(Verification.FULL, CA));
                RpcClient plain = new RpcClient("plain-cli")) {
            assertArrayEquals(PAYLOAD, valueOf(encrypted.call(server.address(), ECHO, PAYLOAD, TIMEOUT_MS)));
            assertArrayEquals(PAYLOAD, valueOf(plain.call(server.address(), ECHO, PAYLOAD, TIMEOUT_MS)));
            assertTrue(Set.of("TLSv1.3", "TLSv1.2").contains(encrypted.tlsProtocol(server.address())),
                    "protocol " + encrypted.tlsProtocol(server.address()));
            assertNull(plain.tlsProtocol(server.address()));
        }
    }

    @Test
    void verifyFullAcceptsEveryNameInTheSubjectAlternativeNames() throws Exception {
        try (RpcServer server = tlsServer(NODE_CERT);
                RpcClient client = new RpcClient("tls-cli", ClientTls.create(Verification.FULL, CA))) {
            HostPort byName = new HostPort("localhost", server.address().port());
            assertArrayEquals(PAYLOAD, valueOf(client.call(byName, ECHO, PAYLOAD, TIMEOUT_MS)));
        }
    }

    @Test
    void verifyFullRefusesACertificateForAnotherHostAndVerifyCaAcceptsIt() throws Exception {
        try (RpcServer server = tlsServer(TLS_DIR.resolve("other-host.crt"));
                RpcClient full = new RpcClient("full-cli", ClientTls.create(Verification.FULL, CA));
                RpcClient ca = new RpcClient("ca-cli", ClientTls.create(Verification.CA, CA))) {
            BasaltException e = failureOf(full.call(server.address(), ECHO, PAYLOAD, TIMEOUT_MS));
            assertEquals(ErrorCode.CONNECTION_FAILURE, e.code());
            assertTrue(e.getMessage().startsWith("TLS handshake with " + server.address() + " failed: "), e.getMessage());
            assertTrue(e.getMessage().contains("does not name 127.0.0.1"), e.getMessage());
            assertArrayEquals(PAYLOAD, valueOf(ca.call(server.address(), ECHO, PAYLOAD, TIMEOUT_MS)));
        }
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefusedUnlessNothingIsVerified() throws Exception {
        // The JVM's trust store does not hold the test CA.
        try (RpcServer server = tlsServer(NODE_CERT);
                RpcClient verifying = new RpcClient("ca-cli", ClientTls.create(Verification.CA, null));
                RpcClient trusting = new RpcClient("any-cli", ClientTls.create(Verification.NONE, null))) {
            BasaltException e = failureOf(verifying.call(server.address(), ECHO, PAYLOAD, TIMEOUT_MS));
            assertEquals(ErrorCode.CONNECTION_FAILURE, e.code());
            assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
            assertArrayEquals(PAYLOAD, valueOf(trusting.call(server.address(), ECHO, PAYLOAD, TIMEOUT_MS)));
        }
    }

    @Test
    void tlsToAPlaintextServerFailsSayingTheServerMayHaveNoTls() throws Exception {
        try (RpcServer server = RpcServer.start("plain-srv", EPHEMERAL, TlsTransportTest::echo);
                RpcClient client = new RpcClient("tls-cli", ClientTls.create(Verification.NONE, null))) {
            BasaltException e = failureOf(client.call(server.address(), ECHO, PAYLOAD, TIMEOUT_MS));
            assertEquals(ErrorCode.CONNECTION_FAILURE, e.code());
            assertTrue(e.getMessage().startsWith("TLS handshake with " + server.address() + " failed: "), e.getMessage());
            assertTrue(e.getMessage().contains("it has no TLS on this port"), e.getMessage());
        }
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() {
        Path key = TLS_DIR.resolve("node-pkcs1.key");
        BasaltException e = assertThrows(BasaltException.class, () -> ServerTls.fromPem(NODE_CERT, key));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void missingOrWrongFilesAreRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.pem");
        BasaltException noCert = assertThrows(BasaltException.class, () -> ServerTls.fromPem(missing, NODE_KEY));
        assertEquals("cannot read TLS certificate file " + missing + ": no such file", noCert.getMessage());
        BasaltException noKey = assertThrows(BasaltException.class, () -> ServerTls.fromPem(NODE_CERT, missing));
        assertEquals("cannot read TLS private key file " + missing + ": no such file", noKey.getMessage());
        // The key where the certificate belongs, and the other way round.
        BasaltException keyAsCert = assertThrows(BasaltException.class, () -> ServerTls.fromPem(NODE_KEY, NODE_KEY));
        assertTrue(keyAsCert.getMessage().contains(NODE_KEY + " holds no PEM certificate"), keyAsCert.getMessage());
        BasaltException certAsKey = assertThrows(BasaltException.class, () -> ServerTls.fromPem(NODE_CERT, NODE_CERT));
        assertTrue(certAsKey.getMessage().contains(NODE_CERT + " holds no PKCS#8 PEM key"), certAsKey.getMessage());
        // A PEM block that is not a valid key: Netty's message names the file.
        Path garbled = dir.resolve("garbled.key");
        Files.writeString(garbled, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        BasaltException bad = assertThrows(BasaltException.class, () -> ServerTls.fromPem(NODE_CERT, garbled));
        assertTrue(bad.getMessage().contains(garbled.toString()), bad.getMessage());
        BasaltException noCa = assertThrows(BasaltException.class, () -> ClientTls.create(Verification.FULL, missing));
        assertEquals("cannot read CA certificate file " + missing + ": no such file", noCa.getMessage());
    }
}
