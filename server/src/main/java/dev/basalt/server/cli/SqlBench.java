package dev.basalt.server.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code bench sql}: SQL through JDBC, at several client counts, against any JDBC URL (a Basalt
 * cluster, or PostgreSQL for a side-by-side), on a table of {@code rows} accounts:
 * <pre>
 *   point-select  SELECT balance FROM sqlbench_accounts WHERE id = ?          (autocommit)
 *   point-update  UPDATE sqlbench_accounts SET balance = balance + 1 WHERE id = ?   (autocommit)
 *   transfer      two UPDATEs by key and COMMIT, retried on 40001/40P01 up to RETRIES_MAX times
 * </pre>
 * One line per workload and level:
 * <pre>
 *   sql point-select clients=C ops/s=X p50_ms=Y p99_ms=Z errors={...}
 * </pre>
 * Each client has its own connection and prepares its statements once.
 */
final class SqlBench {
    static final String TABLE = "sqlbench_accounts";
    /** Rows inserted per batch while loading. */
    static final int LOAD_BATCH_ROWS = 500;
    /** A transfer that keeps failing with a retryable error is given up after this many tries. */
    static final int RETRIES_MAX = 10;

    private final String url;
    private final PrintStream out;
    private final int rows;

    SqlBench(String url, PrintStream out, int rows) {
        this.url = url;
        this.out = out;
        this.rows = rows;
    }

    void run(List<Integer> levels, int seconds, List<String> workloads) throws SQLException {
        load();
        for (String workload : workloads) {
            for (int clients : levels) {
                Queue<Connection> opened = new ConcurrentLinkedQueue<>();
                ThreadLocal<Client> client = ThreadLocal.withInitial(() -> {
                    Client c = Client.open(url);
                    opened.add(c.connection);
                    return c;
                });
                CommitBench.Result r = CommitBench.level(out, workload, clients, seconds, random -> client.get().run(workload, random, rows));
                out.printf("sql %s clients=%d ops/s=%.0f p50_ms=%.2f p99_ms=%.2f%s%n", workload, clients, r.perSecond(), r.p50Ms(), r.p99Ms(),
                        r.errors().isEmpty() ? "" : " errors=" + r.errors());
                for (Connection c : opened) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // the level is over; a connection that fails to close is gone anyway
                    }
                }
            }
        }
    }

    private void load() throws SQLException {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?)")) {
                for (int id = 0; id < rows; id++) {
                    insert.setInt(1, id);
                    insert.setLong(2, 1_000);
                    insert.addBatch();
                    if ((id + 1) % LOAD_BATCH_ROWS == 0 || id == rows - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        out.printf("sql: loaded %d rows into %s in %.1f s%n", rows, TABLE, (System.nanoTime() - start) / 1e9);
    }

    /** One client's connection and prepared statements. */
    private static final class Client {
        final Connection connection;
        final PreparedStatement select;
        final PreparedStatement update;

        private Client(Connection connection) throws SQLException {
            this.connection = connection;
            this.select = connection.prepareStatement("SELECT balance FROM " + TABLE + " WHERE id = ?");
            this.update = connection.prepareStatement("UPDATE " + TABLE + " SET balance = balance + ? WHERE id = ?");
        }

        static Client open(String url) {
            try {
                return new Client(DriverManager.getConnection(url));
            } catch (SQLException e) {
                throw new BenchFailure(e);
            }
        }

        void run(String workload, SplittableRandom random, int rows) {
            try {
                switch (workload) {
                    case "point-select" -> {
                        select.setInt(1, random.nextInt(rows));
                        try (ResultSet rs = select.executeQuery()) {
                            if (!rs.next()) {
                                throw new IllegalStateException("a loaded row is missing");
                            }
                        }
                    }
                    case "point-update" -> {
                        update.setLong(1, 1);
                        update.setInt(2, random.nextInt(rows));
                        if (update.executeUpdate() != 1) {
                            throw new IllegalStateException("an update by key changed no row");
                        }
                    }
                    case "transfer" -> transfer(random.nextInt(rows), random.nextInt(rows));
                    default -> throw new IllegalArgumentException("unknown workload " + workload);
                }
            } catch (SQLException e) {
                throw new BenchFailure(e);
            }
        }

        private void transfer(int from, int to) throws SQLException {
            connection.setAutoCommit(false);
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        update.setLong(1, -1);
                        update.setInt(2, from);
                        update.executeUpdate();
                        update.setLong(1, 1);
                        update.setInt(2, to);
                        update.executeUpdate();
                        connection.commit();
                        return;
                    } catch (SQLException e) {
                        connection.rollback();
                        boolean retryable = "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                        if (!retryable || attempt >= RETRIES_MAX) {
                            throw e;
                        }
                    }
                }
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** A JDBC failure, counted by the harness under its SQLState. */
    private static final class BenchFailure extends RuntimeException {
        BenchFailure(SQLException e) {
            super("SQLState " + e.getSQLState(), e);
        }
    }

    static List<String> workloads(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.split(",")) {
            String name = w.strip();
            if (!List.of("point-select", "point-update", "transfer").contains(name)) {
                throw new IllegalArgumentException("unknown SQL workload '" + name + "'; available: point-select, point-update, transfer");
            }
            out.add(name);
        }
        return out;
    }
}
