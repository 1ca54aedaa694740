package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What JDBC tools rely on, against a real three-node cluster: maxRows, the end of results,
 * warnings, read-only connections, multi-host URLs with a dead first host, and a COMMIT whose
 * connection is lost on the way (40003).
 */
@Timeout(600)
class DriverSemanticsTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("semantics", 3);
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE numbers (n INT PRIMARY KEY, label VARCHAR(10))");
            StringBuilder insert = new StringBuilder("INSERT INTO numbers VALUES ");
            for (int n = 1; n <= 50; n++) {
                insert.append(n == 1 ? "" : ", ").append("(").append(n).append(", 'n").append(n).append("')");
            }
            assertEquals(50, s.executeUpdate(insert.toString()));
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

    @Test
    void maxRowsCutsTheResultAcrossPages() throws Exception {
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.setMaxRows(7);
            s.setFetchSize(3);
            int rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT n FROM numbers ORDER BY n")) {
                while (rs.next()) {
                    rows++;
                    assertEquals(rows, rs.getInt(1));
                }
            }
            assertEquals(7, rows, "maxRows 7 over pages of 3");
            s.setMaxRows(0);
            assertEquals(50, JdbcDriverTest.count(s, "numbers"));
        }
    }

    @Test
    void afterTheLastResultGetMoreResultsIsFalseAndTheUpdateCountIsMinusOne() throws Exception {
        try (Connection c = connect(2); Statement s = c.createStatement()) {
            assertTrue(s.execute("SELECT n FROM numbers WHERE n = 1"));
            assertEquals(-1, s.getUpdateCount(), "a result set is not an update count");
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount());
            assertNull(s.getResultSet());
            assertFalse(s.execute("UPDATE numbers SET label = 'one' WHERE n = 1"));
            assertEquals(1, s.getUpdateCount());
            assertEquals(1L, s.getLargeUpdateCount());
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount(), "tools loop until -1");
            assertNull(s.getWarnings());
            s.clearWarnings();
            assertNull(c.getWarnings());
            c.clearWarnings();
        }
    }

    @Test
    void aReadOnlyConnectionRefusesWritesWith25006AndStillReads() throws Exception {
        try (Connection c = connect(3); Statement s = c.createStatement()) {
            c.setReadOnly(true);
            for (String write : List.of("INSERT INTO numbers VALUES (100, 'x')", "UPDATE numbers SET label = 'x' WHERE n = 2",
                    "DELETE FROM numbers WHERE n = 3", "CREATE TABLE refused (id INT PRIMARY KEY)")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(write), write);
                assertEquals("25006", e.getSQLState(), write + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
            assertEquals(50, JdbcDriverTest.count(s, "numbers"), "reads work on a read-only connection");
            c.setAutoCommit(false);
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO numbers VALUES (101, 'y')"));
            assertEquals("25006", e.getSQLState(), e.getMessage());
            c.rollback();
            c.setAutoCommit(true);
            c.setReadOnly(false);
            assertEquals(1, s.executeUpdate("UPDATE numbers SET label = 'two' WHERE n = 2"), "writable again");
        }
    }

    @Test
    void aMultiHostUrlConnectsToTheFirstLiveHost() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "jdbc:basalt://127.0.0.1:" + deadPort + "," + cluster.address(3) + "," + cluster.address(1) + "/";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertTrue(c.unwrap(Connection.class).toString().contains("node 3"), "the first live host holds the session: " + c);
            assertEquals(50, JdbcDriverTest.count(s, "numbers"));
        }
    }

    @Test
    void aConnectionLostDuringCommitReports40003AndIsBroken() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(cluster.address(1).host(), cluster.address(1).port());
             Connection c = DriverManager.getConnection("jdbc:basalt://127.0.0.1:" + proxy.port() + "/");
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertEquals(1, s.executeUpdate("INSERT INTO numbers VALUES (200, 'in doubt')"));
            proxy.cutOnNextClientBytes();
            SQLException e = assertThrows(SQLException.class, c::commit);
            assertEquals("40003", e.getSQLState(), e.getMessage());
            assertTrue(e instanceof SQLTransactionRollbackException, "class 40 is SQLTransactionRollbackException: " + e.getClass());
            assertTrue(e.getMessage().contains("may or may not have committed"), e.getMessage());
            assertFalse(c.isValid(1), "the connection is broken");
            SQLException next = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
            assertEquals("08003", next.getSQLState(), next.getMessage());
        }
    }

    @Test
    void aConnectionLostMidSessionIs08xxxAndItsTransactionIsRolledBack() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(cluster.address(2).host(), cluster.address(2).port());
             Connection c = DriverManager.getConnection("jdbc:basalt://127.0.0.1:" + proxy.port() + "/");
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertEquals(1, s.executeUpdate("INSERT INTO numbers VALUES (201, 'lost')"));
            proxy.cutNow();
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
            assertTrue(e.getSQLState().startsWith("08"), "a lost connection mid-session is 08xxx: " + e.getSQLState() + " " + e.getMessage());
            SQLException commit = assertThrows(SQLException.class, c::commit);
            assertTrue(commit.getSQLState().startsWith("08"), commit.getSQLState() + " " + commit.getMessage());
        }
        try (Connection c = connect(3); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM numbers WHERE n = 201")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "the session died with its connection and rolled back");
        }
    }

    /**
     * A TCP forwarder on 127.0.0.1 in front of one node that can cut its connections: at once, or
     * when the client next sends bytes (which are then dropped, as a network failure would).
     */
    static final class CuttingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final String targetHost;
        private final int targetPort;
        private final AtomicBoolean cutArmed = new AtomicBoolean();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        CuttingProxy(String targetHost, int targetPort) throws IOException {
            this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            this.targetHost = targetHost;
            this.targetPort = targetPort;
            this.acceptor = new Thread(this::accept, "cutting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void cutOnNextClientBytes() {
            cutArmed.set(true);
        }

        void cutNow() {
            for (Socket s : sockets) {
                closeQuietly(s);
            }
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void pump(Socket from, Socket to, boolean fromClient) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (fromClient && cutArmed.compareAndSet(true, false)) {
                            cutNow();
                            return;
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side closed
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "cutting-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            cutNow();
        }
    }
}
