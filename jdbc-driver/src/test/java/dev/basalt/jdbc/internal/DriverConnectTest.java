package dev.basalt.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ErrorCode;
import dev.basalt.jdbc.BasaltDriver;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ConnectRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Driver.connect against fake nodes: URLs, properties, host failover and its errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DriverConnectTest {
    private final BasaltDriver driver = new BasaltDriver();

    /** A port nothing listens on: bound, then released. */
    static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void connectSendsUserDatabaseAndOtherPropertiesUrlWinningButNeverThePassword() throws Exception {
        try (FakeNode node = new FakeNode()) {
            Properties info = new Properties();
            info.setProperty("user", "fromProperties");
            info.setProperty("password", "secret");
            info.setProperty("applicationName", "tpcc");
            try (Connection c = driver.connect("jdbc:basalt://" + node.address() + "/shop?user=app&connectTimeout=5", info)) {
                assertFalse(c.isClosed());
                assertEquals("shop", c.getCatalog());
            }
            ConnectRequest sent = ConnectRequest.decode(node.requests(ClientMethods.CONNECT).get(0).payload());
            assertEquals("app", sent.user());
            assertFalse(new String(node.requests(ClientMethods.CONNECT).get(0).payload(), java.nio.charset.StandardCharsets.UTF_8)
                    .contains("secret"), "the password never crosses the wire");
            assertEquals("shop", sent.database());
            assertEquals("tpcc", sent.properties().get("applicationName"));
            assertFalse(sent.properties().containsKey("connectTimeout"), "the driver's own properties stay in the driver");
            assertFalse(sent.properties().containsKey("user"));
        }
    }

    @Test
    void aDeadFirstHostIsSkipped() throws Exception {
        try (FakeNode node = new FakeNode()) {
            String url = "jdbc:basalt://127.0.0.1:" + deadPort() + "," + node.address() + "/shop";
            try (Connection c = driver.connect(url, new Properties())) {
                assertTrue(c.isValid(5));
            }
            assertEquals(ClientMethods.CONNECT, node.requests().get(0).method());
        }
    }

    @Test
    void whenEveryHostIsDeadTheErrorNamesEachHost() throws Exception {
        int first = deadPort();
        int second = deadPort();
        String url = "jdbc:basalt://127.0.0.1:" + first + ",127.0.0.1:" + second + "/shop?password=hunter2";
        SQLException e = assertThrows(SQLException.class, () -> driver.connect(url, new Properties()));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("127.0.0.1:" + first), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + second), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    /**
     * The {@code connectTimeout} of {@link #aHostThatDoesNotAnswerConnectInTimeIsSkipped}. It bounds
     * every host, the answering one too (TCP connect, HELLO and CONNECT on a fresh transport client),
     * so it must leave a loaded machine time for that (1 s did not: the test failed 2 runs of 4).
     * Twice this is still below the default, so the test can tell that this bound, not the default,
     * ended the wait.
     */
    static final int SKIP_CONNECT_TIMEOUT_SECONDS = 4;

    @Test
    void aHostThatDoesNotAnswerConnectInTimeIsSkipped() throws Exception {
        try (FakeNode silent = new FakeNode(); FakeNode node = new FakeNode()) {
            silent.hang(ClientMethods.CONNECT); // accepts the TCP connection and the HELLO, never answers CONNECT
            String url = "jdbc:basalt://" + silent.address() + "," + node.address() + "/shop?connectTimeout="
                    + SKIP_CONNECT_TIMEOUT_SECONDS;
            long start = System.nanoTime();
            try (Connection c = driver.connect(url, new Properties())) {
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(c.isValid(5));
                assertTrue(waitedMs >= SKIP_CONNECT_TIMEOUT_SECONDS * 1_000L,
                        "the silent host had its whole connectTimeout before it was skipped; waited " + waitedMs + " ms");
                assertTrue(waitedMs < DriverProperty.CONNECT_TIMEOUT_SECONDS_DEFAULT * 1_000L,
                        "connectTimeout, not the default of " + DriverProperty.CONNECT_TIMEOUT_SECONDS_DEFAULT
                                + " s, bounded the wait for the silent host; waited " + waitedMs + " ms");
            }
            assertEquals(1, silent.requests(ClientMethods.CONNECT).size(), "the silent host was sent CONNECT once");
            assertEquals(ClientMethods.CONNECT, node.requests().get(0).method(), "the next host opened the session");
        }
    }

    @Test
    void aRefusalFromTheServerIsNotRetriedOnTheNextHost() throws Exception {
        try (FakeNode refusing = new FakeNode(); FakeNode other = new FakeNode()) {
            refusing.fail(ClientMethods.CONNECT, ErrorCode.INVALID_PASSWORD, "password authentication failed for user app");
            String url = "jdbc:basalt://" + refusing.address() + "," + other.address() + "/shop?user=app";
            SQLException e = assertThrows(SQLException.class, () -> driver.connect(url, new Properties()));
            assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
            assertEquals("28P01", e.getSQLState());
            assertTrue(other.requests().isEmpty());
        }
    }

    /** This module's tests run without the server artifact, so no embedded node provider is on the classpath. */
    @Test
    void embeddedUrlsWithoutTheServerArtifactFailWith08001NamingTheArtifact() throws Exception {
        for (String url : List.of("jdbc:basalt:mem:", "jdbc:basalt:mem:test", "jdbc:basalt:file:/tmp/basalt-x?listen=127.0.0.1:7001")) {
            assertTrue(driver.acceptsURL(url), url);
            SQLException e = assertThrows(SQLException.class, () -> driver.connect(url, new Properties()), url);
            assertInstanceOf(SQLNonTransientConnectionException.class, e, url);
            assertEquals("08001", e.getSQLState(), url);
            assertTrue(e.getMessage().contains("dev.basalt:basalt-server"), e.getMessage());
            assertTrue(e.getMessage().contains(url.substring("jdbc:basalt:".length(), url.indexOf('?') < 0 ? url.length()
                    : url.indexOf('?'))), e.getMessage());
        }
    }

    @Test
    void aMalformedEmbeddedUrlFailsWith08001BeforeLookingForANode() {
        SQLException e = assertThrows(SQLException.class, () -> driver.connect("jdbc:basalt:mem:no/slashes", new Properties()));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("no/slashes"), e.getMessage());
    }

    @Test
    void otherUrlsAreNotOurs() throws Exception {
        assertFalse(driver.acceptsURL("jdbc:postgresql://h:5432/db"));
        assertNull(driver.connect("jdbc:postgresql://h:5432/db", new Properties()));
        assertThrows(SQLException.class, () -> driver.acceptsURL(null));
    }

    @Test
    void aMalformedBasaltUrlIs08001() {
        SQLException e = assertThrows(SQLException.class, () -> driver.connect("jdbc:basalt://nohostport/db", new Properties()));
        assertEquals("08001", e.getSQLState());
        SQLException timeout = assertThrows(SQLException.class,
                () -> driver.connect("jdbc:basalt://h:1/db?connectTimeout=abc", new Properties()));
        assertTrue(timeout.getMessage().contains("connectTimeout"), timeout.getMessage());
    }

    @Test
    void driverManagerAndServiceLoaderFindTheDriver() throws Exception {
        assertTrue(ServiceLoader.load(Driver.class).stream().anyMatch(p -> p.type() == BasaltDriver.class));
        try (FakeNode node = new FakeNode()) {
            assertInstanceOf(BasaltDriver.class, DriverManager.getDriver(node.url()));
            try (Connection c = DriverManager.getConnection(node.url(), "app", "pw")) {
                assertEquals("Basalt", c.getMetaData().getDatabaseProductName());
            }
        }
    }

    @Test
    void propertyInfoListsTheDriversProperties() throws Exception {
        DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:basalt://h:1/db?user=app", new Properties());
        assertTrue(Arrays.stream(info).anyMatch(p -> p.name.equals("user") && "app".equals(p.value)));
        assertTrue(Arrays.stream(info).anyMatch(p -> p.name.equals("connectTimeout") && "10".equals(p.value)));
        assertTrue(Arrays.stream(info).anyMatch(p -> p.name.equals("password") && p.value == null));
        assertEquals(DriverVersion.MAJOR, driver.getMajorVersion());
        assertFalse(driver.jdbcCompliant());
        assertThrows(java.sql.SQLFeatureNotSupportedException.class, driver::getParentLogger);
    }
}
