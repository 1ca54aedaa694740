package dev.basalt.tpcc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The loader's way of writing a table: {@code INSERT INTO T VALUES (?, ...)} rows are collected
 * and sent {@link #BATCH_ROWS} at a time with {@code addBatch}/{@code executeBatch}, each batch in
 * its own transaction. A batch that loses a conflict is sent again, up to
 * {@link SqlErrors#ATTEMPTS_MAX} times, from the rows kept in memory.
 */
final class BatchInserter implements AutoCloseable {
    /** Rows per JDBC batch and per transaction. */
    static final int BATCH_ROWS = 128;

    private final Connection connection;
    private final Schema.Table table;
    private final PreparedStatement insert;
    private final LoadProgress progress;
    private final String where;
    private final List<Object[]> pending = new ArrayList<>(BATCH_ROWS);

    /** {@code where} names the part of the data being loaded, for error messages ("warehouse 3 district 7"). */
    BatchInserter(Connection connection, Schema.Table table, LoadProgress progress, String where) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalArgumentException("the loader commits each batch itself; autocommit must be off");
        }
        this.connection = connection;
        this.table = table;
        this.insert = connection.prepareStatement(table.insertAll());
        this.progress = progress;
        this.where = where;
    }

    void add(Object... values) throws SQLException {
        if (values.length != table.columns().size()) {
            throw new IllegalArgumentException(table + " has " + table.columns().size() + " columns; a row of " + values.length + " values was given");
        }
        pending.add(values);
        if (pending.size() == BATCH_ROWS) {
            flush();
        }
    }

    void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                for (Object[] row : pending) {
                    bind(row);
                    insert.addBatch();
                }
                Statements.expectBatch(insert.executeBatch(), pending.size(), "INSERT INTO " + table);
                connection.commit();
                break;
            } catch (SQLException e) {
                insert.clearBatch();
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the error below is what matters
                }
                if (!SqlErrors.retryable(e) || attempt >= SqlErrors.ATTEMPTS_MAX) {
                    throw new SQLException("loading " + table + " (" + where + "): a batch of " + pending.size() + " rows starting with "
                            + describe(pending.get(0)) + " failed" + (attempt > 1 ? " after " + attempt + " attempts" : "") + ": "
                            + SqlErrors.describe(e), e.getSQLState(), e);
                }
            }
        }
        progress.add(table, pending.size());
        pending.clear();
    }

    private void bind(Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            int p = i + 1;
            if (v == null) {
                insert.setNull(p, table.columns().get(i).jdbcType());
            } else if (v instanceof Integer n) {
                insert.setInt(p, n);
            } else if (v instanceof Long n) {
                insert.setLong(p, n);
            } else if (v instanceof String s) {
                insert.setString(p, s);
            } else if (v instanceof BigDecimal d) {
                insert.setBigDecimal(p, d);
            } else if (v instanceof Timestamp t) {
                insert.setTimestamp(p, t);
            } else {
                throw new IllegalArgumentException(table + "." + table.columns().get(i).name() + ": no binding for " + v.getClass());
            }
        }
    }

    /** The row's key columns: {@code (W_ID=1, D_ID=2)}. */
    private String describe(Object[] row) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < table.primaryKey().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(table.columns().get(i).name()).append('=').append(row[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
