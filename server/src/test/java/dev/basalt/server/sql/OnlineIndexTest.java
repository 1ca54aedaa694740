package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CREATE INDEX on one node while sessions on the other nodes keep inserting, updating and
 * deleting rows of the table: once the index is READY, reading through it gives exactly what a
 * scan of the table gives, value by value (no row without its entry, no entry without its row),
 * and DROP INDEX under the same writes leaves queries correct. The writers' seed is printed on
 * failure.
 */
class OnlineIndexTest {
    private static final int ROWS = 600;
    private static final int VALUES = 25;
    private static final int WRITERS = 4;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("online-index", 3);
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
    void anIndexBuiltUnderConcurrentWritesMatchesTheTable() throws Exception {
        long seed = System.nanoTime();
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (k INT PRIMARY KEY, v INT, note VARCHAR(20))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
                for (int k = 0; k < ROWS; k++) {
                    insert.setInt(1, k);
                    insert.setInt(2, k % VALUES);
                    insert.setString(3, "row " + k);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong writes = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> writers = startWriters(seed, stop, writes, failure);
            try {
                awaitMoreWrites(writes, failure, seed); // the writers are under way
                s.execute("CREATE INDEX items_v ON items (v)");
                awaitMoreWrites(writes, failure, seed);
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join(60_000);
                }
            }
            assertEquals(null, failure.get(), "a writer failed (seed " + seed + ")");
            assertIndexMatchesTable(c, "after CREATE INDEX, seed " + seed);

            stop.set(false);
            List<Thread> more = startWriters(seed + 1, stop, writes, failure);
            try {
                awaitMoreWrites(writes, failure, seed);
                s.execute("DROP INDEX items_v");
                awaitMoreWrites(writes, failure, seed);
            } finally {
                stop.set(true);
                for (Thread t : more) {
                    t.join(60_000);
                }
            }
            assertEquals(null, failure.get(), "a writer failed (seed " + seed + ")");
            assertIndexMatchesTable(c, "after DROP INDEX, seed " + seed);
            s.execute("CREATE INDEX items_v ON items (v)");
            assertIndexMatchesTable(c, "after CREATE INDEX again (a new id; the dropped entries are not read), seed " + seed);
            s.execute("DROP TABLE items");
        }
    }

    /** Lets the writers run on for a while against the finished change (a deadline, not a sleep). */
    private static void awaitMoreWrites(AtomicLong writes, AtomicReference<Throwable> failure, long seed) {
        long target = writes.get() + 50;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (writes.get() < target && failure.get() == null) {
            assertTrue(System.nanoTime() < deadline, "writers made no progress (seed " + seed + ")");
            Thread.onSpinWait();
        }
    }

    /** Writers on nodes 2 and 3: random inserts, updates of v and deletes; retryable failures are retried. */
    private static List<Thread> startWriters(long seed, AtomicBoolean stop, AtomicLong writes, AtomicReference<Throwable> failure) {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int node = 2 + w % 2;
            Random random = new Random(seed * 31 + w);
            Thread t = new Thread(() -> {
                try (Connection c = connect(node);
                     PreparedStatement upsert = c.prepareStatement("UPDATE items SET v = ? WHERE k = ?");
                     PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?, 'new')");
                     PreparedStatement delete = c.prepareStatement("DELETE FROM items WHERE k = ?")) {
                    while (!stop.get()) {
                        int k = random.nextInt(ROWS * 2);
                        int v = random.nextInt(VALUES);
                        try {
                            switch (random.nextInt(3)) {
                                case 0 -> {
                                    upsert.setInt(1, v);
                                    upsert.setInt(2, k);
                                    upsert.executeUpdate();
                                }
                                case 1 -> {
                                    insert.setInt(1, k);
                                    insert.setInt(2, v);
                                    insert.executeUpdate();
                                }
                                default -> {
                                    delete.setInt(1, k);
                                    delete.executeUpdate();
                                }
                            }
                            writes.incrementAndGet();
                        } catch (SQLException e) {
                            // duplicate keys and conflicts are part of the workload
                            if (!e.getSQLState().equals("23505") && !e.getSQLState().startsWith("40")) {
                                throw e;
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "online-index-writer-" + w);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private static void assertIndexMatchesTable(Connection c, String when) throws SQLException {
        Map<Integer, List<Integer>> byScan = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v, k FROM items WHERE v + 0 >= 0 ORDER BY v, k")) {
            while (rs.next()) {
                byScan.computeIfAbsent(rs.getInt(1), x -> new ArrayList<>()).add(rs.getInt(2));
            }
        }
        try (PreparedStatement byIndex = c.prepareStatement("SELECT k FROM items WHERE v = ? ORDER BY k")) {
            for (int v = 0; v < VALUES; v++) {
                byIndex.setInt(1, v);
                List<Integer> keys = new ArrayList<>();
                try (ResultSet rs = byIndex.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getInt(1));
                    }
                }
                assertEquals(byScan.getOrDefault(v, List.of()), keys, "rows with v = " + v + " " + when);
            }
        }
    }
}
