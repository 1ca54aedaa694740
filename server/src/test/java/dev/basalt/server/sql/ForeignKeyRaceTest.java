package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A child row and the deletion of its parent, in two transactions at once, on two nodes: never
 * both commit (no orphan). Snapshot isolation alone lets them (each checks its own snapshot: the
 * child sees the parent, the delete sees no child). The child's transaction holds the parent
 * shared from its commit; the deleter locks the parent for update and looks for children in what
 * is committed now. Which one loses depends on timing: the delete with 23503 (it found the child)
 * or 40001/40P01 (it was wounded by the older child transaction), or the child with 40001.
 */
class ForeignKeyRaceTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("fk-race", 2);
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

    private static long orphans(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM kid WHERE NOT EXISTS (SELECT 1 FROM mom WHERE mom.id = kid.mom_id)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aChildInsertedWhileItsParentIsDeletedIsNeverOrphaned() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("CREATE TABLE mom (id INT PRIMARY KEY, name VARCHAR(10))");
            sa.execute("CREATE TABLE kid (id INT PRIMARY KEY, mom_id INT REFERENCES mom (id))");
            sa.execute("INSERT INTO mom VALUES (1, 'one'), (2, 'two')");

            // Both transactions have their snapshots before either commits: the child's writer
            // inserts, the deleter has read; then the deleter deletes while the child commits.
            a.setAutoCommit(false);
            a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            b.setAutoCommit(false);
            b.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            sa.execute("INSERT INTO kid VALUES (10, 1)");
            assertEquals(0, orphans(sb)); // b's snapshot: before the child
            CompletableFuture<SQLException> delete = CompletableFuture.supplyAsync(() -> {
                try (Statement d = b.createStatement()) {
                    d.execute("DELETE FROM mom WHERE id = 1");
                    b.commit();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            a.commit();
            SQLException refused = delete.get(60, TimeUnit.SECONDS);
            if (refused != null) {
                b.rollback();
            }
            b.setAutoCommit(true);
            a.setAutoCommit(true);
            assertEquals(0, orphans(sb), "the parent of a committed child was deleted");
            assertTrue(refused != null && java.util.Set.of("23503", "40001", "40P01").contains(refused.getSQLState()),
                    "the delete must fail: " + refused);

            // The delete goes first and is still open when the child is written.
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            sb.execute("DELETE FROM mom WHERE id = 2");
            a.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            CompletableFuture<SQLException> insert = CompletableFuture.supplyAsync(() -> {
                try (Statement i = a.createStatement()) {
                    i.execute("INSERT INTO kid VALUES (20, 2)");
                    a.commit();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            b.commit();
            SQLException lost = insert.get(60, TimeUnit.SECONDS);
            assertTrue(lost != null, "a child of a deleted parent was committed");
            assertTrue(lost.getSQLState().equals("23503") || lost.getSQLState().equals("40001"), lost.getSQLState() + " " + lost.getMessage());
            a.rollback();
            assertEquals(0, orphans(sb));
            b.setAutoCommit(true);
            a.setAutoCommit(true);

            SQLException direct = assertThrows(SQLException.class, () -> sa.execute("INSERT INTO kid VALUES (30, 2)"));
            assertEquals("23503", direct.getSQLState());
            sa.execute("DROP TABLE kid");
            sa.execute("DROP TABLE mom");
        }
    }
}
