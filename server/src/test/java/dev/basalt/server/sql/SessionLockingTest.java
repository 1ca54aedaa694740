package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who waits for whose lock, through the driver on an embedded node (Ratis, RocksDB, Netty on
 * loopback):
 * <ul>
 *   <li>a session that lost a conflict retries with its first attempt's wound-wait age: the retry
 *       wounds a lock holder that started after the first attempt instead of waiting behind it
 *       (as a brand-new, youngest transaction would), and after a commit the session's
 *       transactions are young again;</li>
 *   <li>as in PostgreSQL, an UPDATE of a child checks and holds its parent only when it changes the
 *       foreign key: one that leaves the key alone does not wait for a {@code SELECT ... FOR
 *       UPDATE} of the parent, one that points the row at a locked parent waits (and its
 *       statement timeout cancels the wait, in its commit), one that points it at a missing
 *       parent fails with 23503.</li>
 * </ul>
 */
@Timeout(300)
class SessionLockingTest {
    private static final String URL = "jdbc:basalt:mem:session-locking";
    /** The statement timeout of a statement that must wait: well below the node's 10 s lock wait. */
    private static final int WAIT_SECONDS = 2;
    private static Connection holder;

    @BeforeAll
    static void open() throws Exception {
        holder = DriverManager.getConnection(URL);
        try (Statement s = holder.createStatement()) {
            s.execute("CREATE TABLE hot (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO hot VALUES (1, 1), (2, 2)");
            s.execute("CREATE TABLE parent (id INT PRIMARY KEY, v INT)");
            s.execute("CREATE TABLE child (id INT PRIMARY KEY, pid INT REFERENCES parent (id), note VARCHAR(20))");
            s.execute("INSERT INTO parent VALUES (1, 10), (2, 20)");
            s.execute("INSERT INTO child VALUES (1, 1, 'first')");
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (holder != null) {
            holder.close();
        }
    }

    private static Connection block(int isolation) throws SQLException {
        Connection c = DriverManager.getConnection(URL);
        c.setAutoCommit(false);
        c.setTransactionIsolation(isolation);
        return c;
    }

    private static int lockRow(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(WAIT_SECONDS);
            try (ResultSet rs = s.executeQuery("SELECT v FROM hot WHERE id = " + id + " FOR UPDATE")) {
                assertTrue(rs.next());
                return rs.getInt(1);
            }
        }
    }

    private static int update(Statement s, String sql) throws SQLException {
        s.setQueryTimeout(WAIT_SECONDS);
        return s.executeUpdate(sql);
    }

    @Test
    void aRetryAfterAWriteConflictWoundsAHolderYoungerThanItsFirstAttemptAndACommitEndsTheRetry() throws Exception {
        try (Connection retrier = block(Connection.TRANSACTION_REPEATABLE_READ);
             Connection holding = block(Connection.TRANSACTION_READ_COMMITTED);
             Statement r = retrier.createStatement();
             Statement other = holder.createStatement()) {
            // First attempt: it reads (its snapshot is taken), ...
            try (ResultSet rs = r.executeQuery("SELECT v FROM hot WHERE id = 2")) {
                assertTrue(rs.next());
            }
            // ... a younger transaction locks row 1, another commits row 2 ...
            lockRow(holding, 1);
            other.executeUpdate("UPDATE hot SET v = v + 1 WHERE id = 2");
            // ... and the first attempt's write to row 2 loses: 40001.
            SQLException lost = assertThrows(SQLException.class, () -> {
                r.executeUpdate("UPDATE hot SET v = 20 WHERE id = 2");
                retrier.commit();
            });
            assertEquals("40001", lost.getSQLState(), lost.toString());
            retrier.rollback();

            // The retry starts after the holder but keeps the first attempt's age: it wounds the holder
            // instead of waiting (a young retry would wait out the statement timeout here: 57014).
            lockRow(retrier, 1);
            r.executeUpdate("UPDATE hot SET v = 10 WHERE id = 1");
            retrier.commit();
            SQLException wounded = assertThrows(SQLException.class, () -> {
                try (Statement h = holding.createStatement()) {
                    h.executeUpdate("UPDATE hot SET v = 0 WHERE id = 1");
                }
                holding.commit();
            });
            assertEquals("40P01", wounded.getSQLState(), wounded.toString());
            holding.rollback();

            // The commit ended the retry: the session's next transaction is young and waits.
            lockRow(holding, 1);
            SQLException waited = assertThrows(SQLException.class, () -> lockRow(retrier, 1));
            assertEquals("57014", waited.getSQLState(), waited.toString());
            retrier.rollback();
            holding.commit();
            try (ResultSet rs = other.executeQuery("SELECT v FROM hot WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getInt(1));
            }
        }
    }

    @Test
    void onlyAnUpdateThatChangesTheForeignKeyWaitsForTheParentsLockForUpdate() throws Exception {
        try (Connection locker = DriverManager.getConnection(URL);
             Connection writer = DriverManager.getConnection(URL);
             Statement w = writer.createStatement()) {
            locker.setAutoCommit(false);
            try (Statement l = locker.createStatement(); ResultSet rs = l.executeQuery("SELECT v FROM parent WHERE id = 1 FOR UPDATE")) {
                assertTrue(rs.next());
            }
            // The key stays 1 (also when set again to its value): no check, no hold, no wait.
            assertEquals(1, update(w, "UPDATE child SET note = 'second' WHERE id = 1"));
            assertEquals(1, update(w, "UPDATE child SET pid = 1, note = 'third' WHERE id = 1"));
            // Pointed at an unlocked parent, then back at the locked one: that one waits, in its
            // commit, until the statement timeout cancels it (the server's 57014, not the driver's).
            assertEquals(1, update(w, "UPDATE child SET pid = 2 WHERE id = 1"));
            SQLException waited = assertThrows(SQLException.class, () -> update(w, "UPDATE child SET pid = 1 WHERE id = 1"));
            assertEquals("57014", waited.getSQLState(), waited.toString());
            assertTrue(waited.getMessage().startsWith("canceling statement due to statement timeout"), waited.getMessage());
            SQLException missing = assertThrows(SQLException.class, () -> update(w, "UPDATE child SET pid = 99 WHERE id = 1"));
            assertEquals("23503", missing.getSQLState(), missing.toString());
            locker.commit();
            try (ResultSet rs = w.executeQuery("SELECT pid, note FROM child WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1), "the cancelled update left nothing behind");
                assertEquals("third", rs.getString(2));
            }
            assertEquals(1, update(w, "UPDATE child SET pid = 1 WHERE id = 1"));
        }
    }
}
