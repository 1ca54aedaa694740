package dev.basalt.server.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.jdbc.spi.EmbeddedLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jdbc:basalt:mem:} through DriverManager: real one-node clusters started in this JVM by the server's provider. */
@Timeout(600)
class EmbeddedMemTest {
    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void connectionsToOneNameShareANodeAndOtherNamesAreSeparate() throws Exception {
        try (Connection first = DriverManager.getConnection("jdbc:basalt:mem:shared");
             Connection second = DriverManager.getConnection("jdbc:basalt:mem:shared");
             Connection other = DriverManager.getConnection("jdbc:basalt:mem:other")) {
            try (Statement s = first.createStatement()) {
                s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(20) NOT NULL)");
                assertEquals(2, s.executeUpdate("INSERT INTO accounts VALUES (1, 'ada'), (2, 'bob')"));
            }
            try (Statement s = second.createStatement(); ResultSet rs = s.executeQuery("SELECT owner FROM accounts ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("ada", rs.getString(1));
                assertTrue(rs.next());
                assertEquals("bob", rs.getString(1));
                assertFalse(rs.next());
            }
            SQLException missing = assertThrows(SQLException.class, () -> count(other, "accounts"));
            assertEquals("42P01", missing.getSQLState(), missing.getMessage());
            assertEquals(first.getMetaData().getURL(), "jdbc:basalt:mem:shared");
        }
    }

    @Test
    void closingTheLastConnectionStopsTheNodeAndDeletesItsData() throws Exception {
        EmbeddedLocation location = new EmbeddedLocation(EmbeddedLocation.Kind.MEM, "gone");
        Path dir;
        try (Connection c = DriverManager.getConnection("jdbc:basalt:mem:gone")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k INT PRIMARY KEY)");
                s.execute("INSERT INTO t VALUES (1)");
            }
            Connection more = DriverManager.getConnection("jdbc:basalt:mem:gone");
            more.close();
            dir = EmbeddedNodeProvider.dataDirOf(location);
            assertNotNull(dir, "the node runs while a connection is open");
            assertEquals(1, count(c, "t"), "closing one of two connections leaves the node running");
        }
        assertNull(EmbeddedNodeProvider.dataDirOf(location), "the node stopped with its last connection");
        assertFalse(Files.exists(dir), dir + " was deleted");
        try (Connection again = DriverManager.getConnection("jdbc:basalt:mem:gone")) {
            SQLException missing = assertThrows(SQLException.class, () -> count(again, "t"));
            assertEquals("42P01", missing.getSQLState(), "a new node, an empty database: " + missing.getMessage());
        }
    }

    @Test
    void aSecondOpenAskingForAnotherAddressIsRefusedWith08001() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:basalt:mem:addr")) {
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection("jdbc:basalt:mem:addr?listen=127.0.0.1:1"));
            assertEquals("08001", e.getSQLState());
            assertTrue(e.getMessage().contains("mem:addr") && e.getMessage().contains("127.0.0.1:1"), e.getMessage());
            assertTrue(c.isValid(5), "the refused open took no reference and stopped nothing");
        }
        SQLException bad = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:basalt:mem:x?ranges=0"));
        assertEquals("08001", bad.getSQLState());
        assertTrue(bad.getMessage().contains("ranges=0"), bad.getMessage());
    }
}
