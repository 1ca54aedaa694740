package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.jdbc.internal.BasaltConnection;
import dev.basalt.server.cli.BasaltMain;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.server.internal.Node;
import dev.basalt.server.internal.NodeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * TLS on a real node's client port, with the test certificates of
 * {@code common/src/test/resources/tls} (CA, node certificate for 127.0.0.1 and localhost, a
 * certificate for another host; see the README there).
 *
 * <ul>
 *   <li>{@link #cluster}: one node process started as {@code bin/basalt start --tls-cert --tls-key}
 *       and initialised over plaintext on the same port (so node-protocol plaintext works there);
 *       the sslmodes, plaintext SQL, and SCRAM over TLS (last: it creates the first user).
 *   <li>{@link #plainNode} and {@link #otherHostNode}: nodes in this JVM, not initialised, which
 *       only ever see a TLS handshake: one without TLS, one whose certificate names another host.
 * </ul>
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsTest {
    private static final Path TLS_DIR = Path.of("..", "common", "src", "test", "resources", "tls").toAbsolutePath().normalize();
    private static final Path CA = TLS_DIR.resolve("ca.crt");
    private static final Path NODE_CERT = TLS_DIR.resolve("node.crt");
    private static final Path NODE_KEY = TLS_DIR.resolve("node.key");
    private static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    private static final String USER = "admin";
    private static final String PASSWORD = "tls-pw";

    private static LocalCluster cluster;
    private static Path inProcessRoot;
    private static Node plainNode;
    private static Node otherHostNode;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("basalt-tls");
        cluster = new LocalCluster(root, BasaltMain.class.getName(), List.of("-Xmx512m", "-XX:+UseSerialGC"),
                List.of("--tls-cert", NODE_CERT.toString(), "--tls-key", NODE_KEY.toString()), true);
        cluster.start(1);
        cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
        cluster.init(1, 2);
        inProcessRoot = Files.createTempDirectory("basalt-tls-inprocess");
        plainNode = Node.start(inProcessConfig(1, "plain"));
        otherHostNode = Node.start(inProcessConfig(2, "other-host")
                .withTls(new NodeConfig.TlsFiles(TLS_DIR.resolve("other-host.crt"), NODE_KEY)));
    }

    @AfterAll
    static void stop() throws IOException {
        if (otherHostNode != null) {
            otherHostNode.close();
        }
        if (plainNode != null) {
            plainNode.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (inProcessRoot != null) {
            try (var files = Files.walk(inProcessRoot)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static NodeConfig inProcessConfig(int nodeId, String name) throws IOException {
        return NodeConfig.of(nodeId, new HostPort("127.0.0.1", freePort()), new HostPort("127.0.0.1", freePort()),
                inProcessRoot.resolve(name), List.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String url(HostPort host, String query) {
        return "jdbc:basalt://" + host + "/" + (query.isEmpty() ? "" : "?" + query);
    }

    private static String tlsNodeUrl(String query) {
        return url(cluster.address(1), query);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static String tlsProtocolOf(Connection c) throws SQLException {
        return c.unwrap(BasaltConnection.class).tlsProtocol();
    }

    private static SQLException refused(String url) {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close(), url);
        assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + ": " + e.getMessage());
        return e;
    }

    @Test
    @Order(1)
    void verifyFullWithTheCaConnectsRunsSqlAndIsEncrypted() throws Exception {
        try (Connection c = DriverManager.getConnection(tlsNodeUrl("sslmode=verify-full&sslrootcert=" + CA))) {
            assertTrue(TLS_PROTOCOLS.contains(tlsProtocolOf(c)), "protocol " + tlsProtocolOf(c));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE tls_t (id INT PRIMARY KEY, v VARCHAR(20))");
                s.execute("INSERT INTO tls_t VALUES (1, 'sealed')");
            }
            assertEquals("sealed", one(c, "SELECT v FROM tls_t WHERE id = 1"));
        }
        // localhost is in the certificate's SAN as well.
        HostPort byName = new HostPort("localhost", cluster.address(1).port());
        try (Connection c = DriverManager.getConnection(url(byName, "sslmode=verify-full&sslrootcert=" + CA))) {
            assertEquals("sealed", one(c, "SELECT v FROM tls_t WHERE id = 1"));
        }
    }

    @Test
    @Order(2)
    void requireWithoutACaConnectsEncrypted() throws Exception {
        try (Connection c = DriverManager.getConnection(tlsNodeUrl("sslmode=require"))) {
            assertTrue(TLS_PROTOCOLS.contains(tlsProtocolOf(c)), "protocol " + tlsProtocolOf(c));
            assertEquals("1", one(c, "SELECT 1"));
        }
    }

    @Test
    @Order(3)
    void verifyFullOrSslTrueWithoutTheCaFailsNamingTheHostAndTheReason() {
        // Without sslrootcert the JVM's trust store is used, which does not hold the test CA.
        for (String query : List.of("sslmode=verify-full", "ssl=true", "sslmode=verify-ca")) {
            SQLException e = refused(tlsNodeUrl(query));
            assertEquals("08001", e.getSQLState(), query);
            assertTrue(e.getMessage().contains("TLS handshake with " + cluster.address(1) + " failed"), e.getMessage());
            assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
        }
    }

    @Test
    @Order(4)
    void verifyFullRefusesACertificateForAnotherHost() {
        SQLException e = refused(url(otherHostNode.address(), "sslmode=verify-full&sslrootcert=" + CA));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("TLS handshake with " + otherHostNode.address() + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains("does not name 127.0.0.1"), e.getMessage());
    }

    @Test
    @Order(5)
    void plaintextStillWorksOnTheTlsPort() throws Exception {
        try (Connection c = DriverManager.getConnection(tlsNodeUrl(""))) {
            assertNull(tlsProtocolOf(c));
            assertEquals("sealed", one(c, "SELECT v FROM tls_t WHERE id = 1"));
        }
    }

    @Test
    @Order(6)
    void tlsToANodeWithoutTlsFailsAndAMultiHostUrlMovesOnToTheNextHost() throws Exception {
        SQLException e = refused(url(plainNode.address(), "sslmode=require"));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("TLS handshake with " + plainNode.address() + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains("no TLS on this port"), e.getMessage());
        String both = "jdbc:basalt://" + plainNode.address() + "," + cluster.address(1) + "/?sslmode=verify-full&sslrootcert=" + CA;
        try (Connection c = DriverManager.getConnection(both)) {
            assertTrue(TLS_PROTOCOLS.contains(tlsProtocolOf(c)), "protocol " + tlsProtocolOf(c));
            assertEquals("1", one(c, "SELECT 1"));
        }
    }

    @Test
    @Order(7)
    void aNodeRefusesAPkcs1KeyNamingTheFileAndTheConversion() throws Exception {
        Path pkcs1 = TLS_DIR.resolve("node-pkcs1.key");
        NodeConfig config = inProcessConfig(3, "pkcs1").withTls(new NodeConfig.TlsFiles(NODE_CERT, pkcs1));
        BasaltException e = assertThrows(BasaltException.class, () -> Node.start(config).close());
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains(pkcs1.toString()) && e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"),
                e.getMessage());
    }

    /** Last: it creates the cluster's first user, after which every connection needs the password. */
    @Test
    @Order(100)
    void scramAuthenticationWorksOverTls() throws Exception {
        try (Connection anonymous = DriverManager.getConnection(tlsNodeUrl("sslmode=require"));
                Statement s = anonymous.createStatement()) {
            s.execute("CREATE USER " + USER + " WITH SUPERUSER PASSWORD '" + PASSWORD + "'");
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", PASSWORD);
        try (Connection c = DriverManager.getConnection(tlsNodeUrl("sslmode=verify-full&sslrootcert=" + CA), credentials)) {
            assertTrue(TLS_PROTOCOLS.contains(tlsProtocolOf(c)), "protocol " + tlsProtocolOf(c));
            assertEquals(USER, one(c, "SELECT CURRENT_USER"));
        }
        credentials.setProperty("password", "wrong");
        SQLException wrong = assertThrows(SQLInvalidAuthorizationSpecException.class,
                () -> DriverManager.getConnection(tlsNodeUrl("sslmode=verify-full&sslrootcert=" + CA), credentials).close());
        assertEquals("28P01", wrong.getSQLState());
    }
}
