package dev.basalt.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ErrorCode;
import dev.basalt.jdbc.BasaltDriver;
import dev.basalt.jdbc.spi.EmbeddedLocation;
import dev.basalt.jdbc.spi.EmbeddedNodes;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ConnectRequest;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's side of embedded mode against a fake provider (the real one is the server's, tested
 * there): the provider is found through the thread's context class loader, gets the node options
 * and nothing else, the connection goes to the address it returns over the ordinary protocol, and
 * the node's reference is released exactly once, on close, abort or a failed CONNECT.
 */
@Timeout(60)
class EmbeddedConnectTest {
    private final BasaltDriver driver = new BasaltDriver();
    private ClassLoader saved;
    private FakeNode node;

    @BeforeEach
    void installProvider(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(EmbeddedNodes.class.getName()), FakeEmbeddedNodes.class.getName() + "\n");
        saved = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new URLClassLoader(new URL[] {dir.toUri().toURL()}, saved));
        node = new FakeNode();
        FakeEmbeddedNodes.reset(node);
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(saved);
        node.close();
    }

    @Test
    void theNodeGetsItsOptionsAndTheConnectionGoesToItsPortWithTheOtherProperties() throws Exception {
        Properties info = new Properties();
        info.setProperty("applicationName", "shop");
        info.setProperty("ranges", "2");
        try (Connection c = driver.connect("jdbc:basalt:mem:orders?listen=127.0.0.1:7001&user=app&ranges=6", info)) {
            assertTrue(c.isValid(5));
            assertEquals("jdbc:basalt:mem:orders", c.getMetaData().getURL());
        }
        assertEquals(1, FakeEmbeddedNodes.opens().size());
        FakeEmbeddedNodes.Open open = FakeEmbeddedNodes.opens().get(0);
        assertEquals(new EmbeddedLocation(EmbeddedLocation.Kind.MEM, "orders"), open.location());
        assertEquals(Map.of("listen", "127.0.0.1:7001", "ranges", "6"), open.options(), "the URL wins over the Properties");
        ConnectRequest sent = ConnectRequest.decode(node.requests(ClientMethods.CONNECT).get(0).payload());
        assertEquals("app", sent.user());
        assertEquals("shop", sent.properties().get("applicationName"));
        assertFalse(sent.properties().containsKey("listen"), "node options stay with the node: " + sent.properties());
        assertFalse(sent.properties().containsKey("ranges"), "node options stay with the node: " + sent.properties());
    }

    @Test
    void closingTheConnectionReleasesTheNodeOnce() throws Exception {
        Connection c = driver.connect("jdbc:basalt:mem:", new Properties());
        assertEquals(0, FakeEmbeddedNodes.RELEASES.get());
        c.close();
        c.close();
        assertEquals(1, FakeEmbeddedNodes.RELEASES.get());
        assertEquals(new EmbeddedLocation(EmbeddedLocation.Kind.MEM, ""), FakeEmbeddedNodes.opens().get(0).location());
    }

    @Test
    void abortReleasesTheNodeOnTheExecutor() throws Exception {
        Connection c = driver.connect("jdbc:basalt:mem:a", new Properties());
        CountDownLatch ran = new CountDownLatch(2);
        c.abort(command -> {
            command.run();
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the transport close and the release both ran on the executor");
        c.close();
        assertEquals(1, FakeEmbeddedNodes.RELEASES.get());
    }

    @Test
    void aRefusedConnectReleasesTheNodeAtOnce() {
        node.fail(ClientMethods.CONNECT, ErrorCode.INVALID_PASSWORD, "password authentication failed for user app");
        SQLException e = assertThrows(SQLException.class, () -> driver.connect("jdbc:basalt:mem:a?user=app", new Properties()));
        assertEquals("28P01", e.getSQLState());
        assertEquals(1, FakeEmbeddedNodes.RELEASES.get());
    }

    @Test
    void aFilePathIsMadeAbsoluteAndPercentDecoded() throws Exception {
        try (Connection c = driver.connect("jdbc:basalt:file:data/my%20db", new Properties())) {
            assertTrue(c.isValid(5));
        }
        EmbeddedLocation location = FakeEmbeddedNodes.opens().get(0).location();
        assertEquals(EmbeddedLocation.Kind.FILE, location.kind());
        assertEquals(Path.of("data", "my db").toAbsolutePath().normalize().toString(), location.name());
        SQLException e = assertThrows(SQLException.class, () -> driver.connect("jdbc:basalt:file:?listen=x", new Properties()));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("no directory"), e.getMessage());
    }
}
