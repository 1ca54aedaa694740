package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import dev.basalt.server.internal.LocalCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HikariCP in jdbcUrl mode (the driver found through ServiceLoader) against a three-node cluster,
 * with a multi-host URL whose first host is node 2. What the pool must see: it starts (isValid),
 * serves concurrent queries, keeps its connections through a query timeout and a cancel (57014 is
 * not a reason to evict), and evicts the connection whose node was killed (08xxx), opening the
 * replacements on a live node.
 */
@Timeout(600)
class HikariPoolTest {
    static final int POOL_SIZE = 3;
    static final int CLIENT_THREADS = 6;
    static final int QUERIES_PER_THREAD = 40;
    /** How long the test waits for the pool to refill after an eviction. */
    static final long REFILL_WAIT_MS = 30_000;
    static final long POLL_MS = 50;

    /** Counts the physical connections the pool opened (HikariCP's metrics hook). */
    static final class CreationCounter implements IMetricsTracker {
        final AtomicInteger created = new AtomicInteger();

        @Override
        public void recordConnectionCreatedMillis(long millis) {
            created.incrementAndGet();
        }
    }

    @Test
    void aPoolSurvivesTimeoutsAndCancelsAndReplacesConnectionsOfAKilledNode() throws Exception {
        try (LocalCluster cluster = SqlClusters.start("hikari", 3)) {
            try (Connection c = DriverManager.getConnection(SqlClusters.url(cluster, 1)); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE pooled (id INT PRIMARY KEY, v INT)");
                s.execute("INSERT INTO pooled VALUES (1, 10), (2, 20), (3, 30)");
            }
            CreationCounter counter = new CreationCounter();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:basalt://" + cluster.address(2) + "," + cluster.address(3) + "," + cluster.address(1) + "/");
            config.setMaximumPoolSize(POOL_SIZE);
            config.setMinimumIdle(POOL_SIZE);
            config.setPoolName("basalt-test");
            config.setMetricsTrackerFactory((name, stats) -> counter);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                awaitTotal(pool, POOL_SIZE);
                Map<Connection, Boolean> physical = physicalConnections(pool);
                assertEquals(POOL_SIZE, physical.size());
                // HikariCP opens its first connection (the fail-fast check) before the tracker exists.
                int createdAtStart = counter.created.get();

                // Concurrent queries through the pool.
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < CLIENT_THREADS; t++) {
                    results.add(clients.submit(() -> {
                        int sum = 0;
                        for (int i = 0; i < QUERIES_PER_THREAD; i++) {
                            try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement("SELECT v FROM pooled WHERE id = ?")) {
                                p.setInt(1, 1 + i % 3);
                                try (ResultSet rs = p.executeQuery()) {
                                    assertTrue(rs.next());
                                    sum += rs.getInt(1);
                                }
                            }
                        }
                        return sum;
                    }));
                }
                for (Future<Integer> r : results) {
                    assertEquals(QUERIES_PER_THREAD / 3 * 60 + (QUERIES_PER_THREAD % 3 >= 1 ? 10 : 0) + (QUERIES_PER_THREAD % 3 >= 2 ? 20 : 0),
                            r.get(60, TimeUnit.SECONDS));
                }

                // A query timeout and a cancel: 57014, and the pool keeps every connection.
                try (Connection holder = DriverManager.getConnection(SqlClusters.url(cluster, 3))) {
                    holder.setAutoCommit(false);
                    try (Statement h = holder.createStatement(); ResultSet rs = h.executeQuery("SELECT v FROM pooled WHERE id = 1 FOR UPDATE")) {
                        assertTrue(rs.next());
                    }
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        s.setQueryTimeout(1);
                        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT v FROM pooled WHERE id = 1 FOR UPDATE"));
                        assertEquals("57014", e.getSQLState(), e.getMessage());
                    }
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        SQLException e = CancelAndTimeoutTest.cancelWhileRunning(s, "SELECT v FROM pooled WHERE id = 1 FOR UPDATE");
                        assertEquals("57014", e.getSQLState(), e.getMessage());
                    }
                }
                assertEquals(createdAtStart, counter.created.get(), "no connection was evicted and replaced");
                assertEquals(physical.keySet(), physicalConnections(pool).keySet(), "the pool holds the same physical connections");

                // The node the pool talks to dies: 08xxx, the pool evicts, replacements go to a live node.
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    assertTrue(c.unwrap(Connection.class).toString().contains("node 2"), "the first host of the URL: "
                            + c.unwrap(Connection.class));
                    cluster.kill(2);
                    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM pooled"));
                    assertTrue(e.getSQLState().startsWith("08"), "a dead node is a connection error: " + e.getSQLState() + " " + e.getMessage());
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REFILL_WAIT_MS);
                int served = 0;
                while (served < POOL_SIZE * 2) {
                    assertTrue(System.nanoTime() < deadline, "the pool did not recover within " + REFILL_WAIT_MS + " ms");
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        if (c.unwrap(Connection.class).toString().contains("node 2")) {
                            // Used less than 500 ms ago, so handed out unchecked: it fails with 08xxx and is evicted.
                            SQLException e = assertThrows(SQLException.class, () -> JdbcDriverTest.count(s, "pooled"));
                            assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + " " + e.getMessage());
                            continue;
                        }
                        assertEquals(3, JdbcDriverTest.count(s, "pooled"), "a replacement connection works");
                        served++;
                    }
                }
                for (Connection c : physicalConnections(pool).keySet()) {
                    assertFalse(c.toString().contains("node 2"), "every connection in the pool is to a live node: " + c);
                }
                assertTrue(counter.created.get() > createdAtStart, "the broken connections were replaced: " + counter.created.get() + " opened");
            } finally {
                clients.shutdownNow();
            }
        }
    }

    /** Borrows every connection of the pool at once and returns their physical connections. */
    static Map<Connection, Boolean> physicalConnections(HikariDataSource pool) throws SQLException {
        Map<Connection, Boolean> out = new IdentityHashMap<>();
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                Connection c = pool.getConnection();
                borrowed.add(c);
                out.put(c.unwrap(Connection.class), true);
            }
        } finally {
            for (Connection c : borrowed) {
                c.close();
            }
        }
        return out;
    }

    static void awaitTotal(HikariDataSource pool, int total) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REFILL_WAIT_MS);
        while (pool.getHikariPoolMXBean().getTotalConnections() < total) {
            assertTrue(System.nanoTime() < deadline, "the pool did not open " + total + " connections within " + REFILL_WAIT_MS + " ms");
            TimeUnit.MILLISECONDS.sleep(POLL_MS); // polling interval, bounded by the deadline above
        }
    }
}
