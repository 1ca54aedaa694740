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
 * What an UPDATE of a child row holds on its parent, through the driver on an embedded node: as in
 * PostgreSQL, only a changed foreign key is checked and held. An update that leaves the key alone
 * does not wait for a {@code SELECT ... FOR UPDATE} of the parent; one that points the row at a
 * locked parent does, and one that points it at a missing parent fails with 23503.
 */
@Timeout(300)
class ForeignKeyLockTest {
    private static final String URL = "jdbc:basalt:mem:fk-lock";
    /** The statement timeout of a statement that would wait: well below the node's 10 s lock wait. */
    private static final int WAIT_SECONDS = 2;
    private static Connection holder;

    @BeforeAll
    static void open() throws Exception {
        holder = DriverManager.getConnection(URL);
        try (Statement s = holder.createStatement()) {
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

    private static int update(Statement s, String sql) throws SQLException {
        s.setQueryTimeout(WAIT_SECONDS);
        return s.executeUpdate(sql);
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
