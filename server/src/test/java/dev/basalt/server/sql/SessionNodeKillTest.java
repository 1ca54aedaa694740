package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node a session is connected to dies (SIGKILL) in the middle of a transaction: the client
 * gets a connection error (08xxx), nothing of the transaction is visible afterwards, and a new
 * connection with a multi-host URL whose first host is the dead node works through another node.
 */
@Timeout(600)
class SessionNodeKillTest {
    @Test
    void killingTheSessionsNodeMidTransactionLosesTheTransactionAndNothingElse() throws Exception {
        try (LocalCluster cluster = SqlClusters.start("kill", 3)) {
            try (Connection setup = DriverManager.getConnection(SqlClusters.url(cluster, 1)); Statement s = setup.createStatement()) {
                s.execute("CREATE TABLE survivors (id INT PRIMARY KEY, v INT)");
                s.execute("INSERT INTO survivors VALUES (1, 1), (2, 2), (3, 3)");
            }
            Connection doomed = DriverManager.getConnection(SqlClusters.url(cluster, 2));
            doomed.setAutoCommit(false);
            try (PreparedStatement p = doomed.prepareStatement("INSERT INTO survivors VALUES (?, ?)")) {
                for (int i = 100; i < 120; i++) {
                    p.setInt(1, i);
                    p.setInt(2, i);
                    p.executeUpdate();
                }
            }
            cluster.kill(2);
            SQLException e = assertThrows(SQLException.class, doomed::commit);
            // 08xxx when the driver's transport saw the connection close before the COMMIT went out;
            // 40003 when the COMMIT went out on the dying connection (the driver cannot tell then
            // whether it ran). Either way the transaction must not be visible below.
            assertTrue(e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().equals("40003")),
                    "a dead session node is a connection error or an unknown commit outcome, got " + e.getSQLState() + " " + e.getMessage());
            assertTrue(doomed.isClosed() || !doomed.isValid(2), "the connection is known to be broken");
            doomed.close();

            String url = "jdbc:basalt://" + cluster.address(2) + "," + cluster.address(3) + "," + cluster.address(1) + "/";
            try (Connection next = DriverManager.getConnection(url); Statement s = next.createStatement()) {
                assertEquals(3, JdbcDriverTest.count(s, "survivors"), "the uncommitted transaction left nothing behind");
                s.execute("INSERT INTO survivors VALUES (4, 4)");
                assertEquals(4, JdbcDriverTest.count(s, "survivors"));
            }
        }
    }
}
