package dev.basalt.tpcc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, prepared on first use and kept: a terminal runs
 * the same few dozen statement texts all the time, so each is prepared once per connection.
 */
final class Statements implements AutoCloseable {
    /** The five transactions use fewer texts than this; more means a statement text is being built per call. */
    static final int STATEMENTS_MAX = 64;

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            if (prepared.size() >= STATEMENTS_MAX) {
                throw new IllegalStateException("more than " + STATEMENTS_MAX + " statement texts on one connection; the last: " + sql);
            }
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    /** Fails the transaction (as an error, not retried) when a statement changed an unexpected number of rows. */
    static void expectCount(int actual, int expected, String statement) {
        if (actual != expected) {
            throw new IllegalStateException(statement + " changed " + actual + " rows, expected " + expected);
        }
    }

    /** Checks every count of an {@code executeBatch}: 1 each (or "success, count unknown"). */
    static void expectBatch(int[] counts, int rows, String statement) {
        if (counts.length != rows) {
            throw new IllegalStateException(statement + ": a batch of " + rows + " gave " + counts.length + " update counts");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1 && counts[i] != java.sql.Statement.SUCCESS_NO_INFO) {
                throw new IllegalStateException(statement + ": row " + (i + 1) + " of a batch changed " + counts[i] + " rows, expected 1");
            }
        }
    }

    @Override
    public void close() {
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // the connection is closed next anyway
            }
        }
        prepared.clear();
    }
}
