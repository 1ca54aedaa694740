package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDBC driver against a real three-node cluster: values at their limits round-trip, batches,
 * transactions and isolation levels, sessions on different nodes seeing each other's commits, and
 * prepared statements reused.
 */
@Timeout(600)
class JdbcDriverTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("jdbc", 3);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect(int nodeId) throws SQLException {
        return DriverManager.getConnection(SqlClusters.url(cluster, nodeId));
    }

    @Test
    void valuesRoundTripAtTheirLimits() throws Exception {
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE limits (id INT PRIMARY KEY, i INT, b BIGINT, sm SMALLINT, d DECIMAL(38, 10), f DOUBLE, r REAL, "
                    + "v VARCHAR(20), ch CHAR(4), bo BOOLEAN, dt DATE, ts TIMESTAMP, bin VARBINARY(8))");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO limits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setInt(1, 1);
                p.setInt(2, Integer.MIN_VALUE);
                p.setLong(3, Long.MAX_VALUE);
                p.setShort(4, Short.MIN_VALUE);
                p.setBigDecimal(5, new BigDecimal("9999999999999999999999999999.9999999999"));
                p.setDouble(6, -1.5e300);
                p.setFloat(7, 3.25f);
                p.setString(8, "héllo wörld ✓ 𝄞");
                p.setString(9, "ab");
                p.setBoolean(10, true);
                p.setDate(11, Date.valueOf("1999-12-31"));
                p.setTimestamp(12, Timestamp.valueOf("2024-02-29 23:59:58.123"));
                p.setBytes(13, new byte[] {0, 1, (byte) 0xFF});
                assertEquals(1, p.executeUpdate());
                p.setInt(1, 2);
                for (int i = 2; i <= 13; i++) {
                    p.setNull(i, 0);
                }
                assertEquals(1, p.executeUpdate());
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM limits WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(Integer.MIN_VALUE, rs.getInt("I"));
                assertEquals(Long.MAX_VALUE, rs.getLong("b"));
                assertEquals(Short.MIN_VALUE, rs.getShort("SM"));
                assertEquals(new BigDecimal("9999999999999999999999999999.9999999999"), rs.getBigDecimal("d"));
                assertEquals(-1.5e300, rs.getDouble("f"));
                assertEquals(3.25f, rs.getFloat("r"));
                assertEquals("héllo wörld ✓ 𝄞", rs.getString("v"));
                assertEquals("ab", rs.getString("ch"), "CHAR(4) comes back without trailing blanks (PostgreSQL pads it)");
                assertTrue(rs.getBoolean("bo"));
                assertEquals(LocalDate.of(1999, 12, 31), rs.getObject("dt", LocalDate.class));
                assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_000_000), rs.getTimestamp("ts").toLocalDateTime());
                assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, rs.getBytes("bin"));
                assertFalse(rs.next());
            }
            try (ResultSet rs = s.executeQuery("SELECT i, v, dt FROM limits WHERE id = 2")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1));
                assertTrue(rs.wasNull());
                assertNull(rs.getString(2));
                assertNull(rs.getDate(3));
            }
        }
    }

    @Test
    void batchesReturnOneCountPerStatementAndDoublesBindToDecimal() throws Exception {
        try (Connection c = connect(2); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE batch_rows (id INT PRIMARY KEY, amount DECIMAL(10, 2))");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO batch_rows VALUES (?, ?)")) {
                for (int i = 0; i < 300; i++) {
                    p.setInt(1, i);
                    p.setObject(2, i * 1.25, Types.DECIMAL);
                    p.addBatch();
                }
                int[] counts = p.executeBatch();
                assertEquals(300, counts.length);
                for (int n : counts) {
                    assertEquals(1, n);
                }
            }
            s.addBatch("UPDATE batch_rows SET amount = amount + 1 WHERE id < 10");
            s.addBatch("DELETE FROM batch_rows WHERE id >= 290");
            assertArrayEquals(new int[] {10, 10}, s.executeBatch());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(amount) FROM batch_rows")) {
                assertTrue(rs.next());
                assertEquals(290, rs.getInt(1));
                BigDecimal expected = BigDecimal.ZERO;
                for (int i = 0; i < 290; i++) {
                    expected = expected.add(BigDecimal.valueOf(i * 1.25));
                }
                assertEquals(0, expected.add(BigDecimal.TEN).compareTo(rs.getBigDecimal(2)));
            }
        }
    }

    @Test
    void aCommitOnOneNodeIsSeenBySessionsOnTheOthersAndRollbackLeavesNothing() throws Exception {
        try (Connection a = connect(1); Connection b = connect(3); Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("CREATE TABLE shared (id INT PRIMARY KEY, v VARCHAR(10))");
            a.setAutoCommit(false);
            sa.executeUpdate("INSERT INTO shared VALUES (1, 'one')");
            assertEquals(0, count(sb, "shared"), "an uncommitted row is invisible to another session");
            a.rollback();
            assertEquals(0, count(sb, "shared"));
            sa.executeUpdate("INSERT INTO shared VALUES (2, 'two')");
            a.commit();
            assertEquals(1, count(sb, "shared"), "node 3's session sees node 1's commit");
        }
    }

    @Test
    void repeatableReadKeepsItsSnapshotAndReadCommittedDoesNot() throws Exception {
        try (Connection reader = connect(2); Connection writer = connect(1); Statement w = writer.createStatement()) {
            w.execute("CREATE TABLE snap (id INT PRIMARY KEY)");
            w.execute("INSERT INTO snap VALUES (1)");
            reader.setAutoCommit(false);
            reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement r = reader.createStatement()) {
                assertEquals(1, count(r, "snap"));
                w.execute("INSERT INTO snap VALUES (2)");
                assertEquals(1, count(r, "snap"), "REPEATABLE READ reads its snapshot");
                reader.commit();
                reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                assertEquals(2, count(r, "snap"));
                w.execute("INSERT INTO snap VALUES (3)");
                assertEquals(3, count(r, "snap"), "READ COMMITTED sees what committed before each statement");
                reader.commit();
            }
        }
    }

    @Test
    void serializableIsRefusedWithAClearErrorThatIsNot0A000() throws Exception {
        try (Connection c = connect(1)) {
            SQLException e = assertThrows(SQLException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE));
            assertEquals("22023", e.getSQLState());
            assertTrue(e.getMessage().contains("SERIALIZABLE"), e.getMessage());
        }
    }

    @Test
    void aStatementPreparedOnEveryCallIsPlannedOnceAndReturnsFreshResults() throws Exception {
        try (Connection c = connect(3); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE prep (id INT PRIMARY KEY, v INT)");
            for (int i = 0; i < 50; i++) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO prep VALUES (?, ?)")) {
                    p.setInt(1, i);
                    p.setInt(2, i * i);
                    p.executeUpdate();
                }
            }
            for (int i = 0; i < 50; i += 7) {
                try (PreparedStatement p = c.prepareStatement("SELECT v FROM prep WHERE id = ?")) {
                    p.setInt(1, i);
                    try (ResultSet rs = p.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(i * i, rs.getInt(1));
                    }
                }
            }
        }
    }

    @Test
    void aFailedStatementFailsTheTransactionUntilRollback() throws Exception {
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE failing (id INT PRIMARY KEY)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO failing VALUES (1)");
            SQLException dup = assertThrows(SQLException.class, () -> s.execute("INSERT INTO failing VALUES (1)"));
            assertEquals("23505", dup.getSQLState());
            SQLException aborted = assertThrows(SQLException.class, () -> s.execute("SELECT * FROM failing"));
            assertEquals("25P02", aborted.getSQLState());
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(0, count(s, "failing"), "nothing of the failed transaction committed");
        }
    }

    static int count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }
}
