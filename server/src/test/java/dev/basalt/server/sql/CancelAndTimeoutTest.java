package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Statement.cancel and setQueryTimeout on a real cluster. A statement is kept running for as long
 * as the test likes by a lock: another connection holds {@code SELECT ... FOR UPDATE} on the row,
 * and the statement under test, younger, waits for it (up to the cluster's lock wait of 10 s,
 * {@code TxnConfig.LOCK_WAIT_MS_MAX_DEFAULT}). Cancel and the timeout must end that wait with 57014
 * well before the lock wait would, and leave the connection usable.
 */
@Timeout(600)
class CancelAndTimeoutTest {
    /** The cluster's lock wait: a statement still waiting this long was not cancelled. */
    static final long LOCK_WAIT_MS = 10_000;
    /** How often the test repeats Statement.cancel while the statement has not ended. */
    static final long CANCEL_POLL_MS = 50;
    /** How long a cancelled statement may take to end. */
    static final long CANCEL_DEADLINE_MS = 5_000;

    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("cancel", 3);
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE hot (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO hot VALUES (1, 1), (2, 2)");
            s.execute("CREATE TABLE journal (id INT PRIMARY KEY, note VARCHAR(20))");
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Connection connect(int nodeId) throws SQLException {
        return DriverManager.getConnection(SqlClusters.url(cluster, nodeId));
    }

    /** A connection holding the FOR UPDATE lock of hot row {@code id} until it is closed. */
    static Connection holdLock(int id) throws SQLException {
        Connection holder = connect(2);
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM hot WHERE id = " + id + " FOR UPDATE")) {
            assertTrue(rs.next());
        }
        return holder;
    }

    /**
     * Runs {@code sql} on {@code s} in another thread and calls {@code s.cancel()} from this one
     * every {@link #CANCEL_POLL_MS} until it ends; returns its failure.
     */
    static SQLException cancelWhileRunning(Statement s, String sql) throws Exception {
        // Its own thread: other test classes call this too, after this class's @AfterAll has run.
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> running = runner.submit(() -> s.execute(sql));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_WAIT_MS);
            while (!running.isDone() && System.nanoTime() < deadline) {
                s.cancel();
                try {
                    running.get(CANCEL_POLL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // still running, or ended: the loop condition decides
                }
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(CANCEL_DEADLINE_MS, TimeUnit.MILLISECONDS));
            assertTrue(e.getCause() instanceof SQLException, "a cancelled statement fails with an SQLException, got " + e.getCause());
            return (SQLException) e.getCause();
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void cancelFromAnotherThreadEndsAWaitingStatementWith57014AndTheConnectionStaysUsable() throws Exception {
        try (Connection holder = holdLock(1); Connection c = connect(1); Statement s = c.createStatement()) {
            long startNanos = System.nanoTime();
            SQLException e = cancelWhileRunning(s, "SELECT v FROM hot WHERE id = 1 FOR UPDATE");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("canceling statement due to user request"), e.getMessage());
            assertFalse(e instanceof SQLTimeoutException, "HikariCP evicts connections on SQLTimeoutException");
            assertTrue(elapsedMs < LOCK_WAIT_MS, "the cancel ended the lock wait (" + elapsedMs + " ms), not the lock-wait bound");
            assertTrue(c.isValid(2), "the connection stays usable after a cancel");
            assertEquals(2, JdbcDriverTest.count(s, "hot"), "the next statement on the connection runs");
        }
    }

    @Test
    void aCancelledStatementInATransactionFailsTheTransactionUntilRollbackAndItsWritesAreGone() throws Exception {
        try (Connection holder = holdLock(2); Connection c = connect(3); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertEquals(1, s.executeUpdate("INSERT INTO journal VALUES (1, 'before cancel')"));
            SQLException e = cancelWhileRunning(s, "SELECT v FROM hot WHERE id = 2 FOR UPDATE");
            assertEquals("57014", e.getSQLState(), e.getMessage());
            SQLException next = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO journal VALUES (2, 'after')"));
            assertEquals("25P02", next.getSQLState(), "as in PostgreSQL the block is aborted: " + next.getMessage());
            c.rollback();
            assertEquals(0, JdbcDriverTest.count(s, "journal"), "nothing of the cancelled transaction is visible");
            c.commit();
        }
        try (Connection other = connect(2); Statement s = other.createStatement()) {
            assertEquals(0, JdbcDriverTest.count(s, "journal"), "nor on another node");
        }
    }

    @Test
    void theQueryTimeoutIsEnforcedByTheServerWith57014AndTheConnectionStaysUsable() throws Exception {
        try (Connection holder = holdLock(1); Connection c = connect(2); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long startNanos = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT v FROM hot WHERE id = 1 FOR UPDATE"));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            // The server's message, not the driver's safety net ("... timed out after ..."), which
            // fires only 2 s after the timeout.
            assertTrue(e.getMessage().contains("canceling statement due to statement timeout"), e.getMessage());
            assertFalse(e instanceof SQLTimeoutException, "HikariCP evicts connections on SQLTimeoutException");
            assertTrue(elapsedMs >= 1_000 && elapsedMs < 3_000, "cancelled at the 1 s deadline, took " + elapsedMs + " ms");
            assertTrue(c.isValid(2), "the connection stays usable after a timeout");
            s.setQueryTimeout(0);
            assertEquals(2, JdbcDriverTest.count(s, "hot"));
        }
    }

    @Test
    void cancelWithNothingRunningDoesNothing() throws Exception {
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.cancel();
            assertEquals(2, JdbcDriverTest.count(s, "hot"), "a cancel before the statement does not reach it");
            s.setFetchSize(1);
            try (ResultSet rs = s.executeQuery("SELECT id FROM hot ORDER BY id")) {
                assertTrue(rs.next());
                s.cancel(); // between fetches nothing runs on the server
                assertTrue(rs.next(), "the next FETCH is not cancelled");
                assertEquals(2, rs.getInt(1));
            }
        }
    }
}
