package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.List;

/**
 * The answer to EXECUTE and EXECUTE_PREPARED: an update count or rows, followed by the session's
 * state after the statement. Encoded as
 *
 * <pre>
 *   u8 kind = 1 (UpdateCount)   i64 count
 *   u8 kind = 2 (Rows)          i32 column count, that many ColumnMeta,
 *                               i32 row count, each row = column count values,
 *                               i64 cursorId
 *   then, for both:             u8 sessionFlags
 * </pre>
 *
 * {@code cursorId} 0 means the rows are the whole result and no cursor stays open; otherwise the
 * client reads the rest with FETCH and closes the cursor with CLOSE_CURSOR if it stops early.
 * {@code sessionFlags} is the server's view after the statement (SQL text such as {@code BEGIN}
 * or {@code COMMIT} can change it): bit 0 {@link #TRANSACTION_OPEN}, bit 1 {@link #AUTOCOMMIT};
 * the other bits are 0.
 */
public sealed interface ExecuteResult permits ExecuteResult.UpdateCount, ExecuteResult.Rows {
    int KIND_UPDATE_COUNT = 1;
    int KIND_ROWS = 2;
    /** sessionFlags bit 0: a transaction is open on the server. */
    int TRANSACTION_OPEN = 1;
    /** sessionFlags bit 1: the session is in autocommit mode. */
    int AUTOCOMMIT = 2;

    /** The session state after the statement: {@link #TRANSACTION_OPEN} and {@link #AUTOCOMMIT} bits. */
    int sessionFlags();

    /** sessionFlags with the given bits set. */
    static int sessionFlags(boolean transactionOpen, boolean autocommit) {
        return (transactionOpen ? TRANSACTION_OPEN : 0) | (autocommit ? AUTOCOMMIT : 0);
    }

    default boolean transactionOpen() {
        return (sessionFlags() & TRANSACTION_OPEN) != 0;
    }

    default boolean autocommit() {
        return (sessionFlags() & AUTOCOMMIT) != 0;
    }

    byte[] encode();

    static ExecuteResult decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        int kind = r.u8();
        ExecuteResult result;
        if (kind == KIND_UPDATE_COUNT) {
            long count = r.i64();
            result = new UpdateCount(count, r.u8());
        } else if (kind == KIND_ROWS) {
            List<ColumnMeta> columns = Codec.readColumns(r);
            List<Object[]> rows = Codec.readRows(r, columns.size());
            long cursorId = r.i64();
            result = new Rows(columns, rows, cursorId, r.u8());
        } else {
            throw Codec.invalid("malformed message: unknown result kind " + kind);
        }
        r.expectEnd();
        return result;
    }

    private static void checkFlags(int sessionFlags) {
        if ((sessionFlags & ~(TRANSACTION_OPEN | AUTOCOMMIT)) != 0) {
            throw Codec.invalid("malformed message: unknown session flags " + Integer.toBinaryString(sessionFlags));
        }
    }

    /** A statement that returns no rows: DML (rows affected), DDL and transaction control (0). */
    record UpdateCount(long count, int sessionFlags) implements ExecuteResult {
        public UpdateCount {
            checkFlags(sessionFlags);
        }

        @Override
        public byte[] encode() {
            return new ByteWriter().u8(KIND_UPDATE_COUNT).i64(count).u8(sessionFlags).toByteArray();
        }
    }

    /**
     * A statement that returns rows: the first page, and the cursor holding the rest (0 if none).
     * The row arrays are shared, not copied: do not change them after building the record.
     */
    record Rows(List<ColumnMeta> columns, List<Object[]> rows, long cursorId, int sessionFlags) implements ExecuteResult {
        public Rows {
            columns = List.copyOf(columns);
            rows = Codec.copyRows(rows);
            if (columns.isEmpty() && !rows.isEmpty()) {
                throw Codec.invalid(rows.size() + " rows without columns");
            }
            for (Object[] row : rows) {
                if (row.length != columns.size()) {
                    throw Codec.invalid("a row has " + row.length + " values but the result has " + columns.size() + " columns");
                }
            }
            if (cursorId < 0) {
                throw Codec.invalid("cursor id " + cursorId + " is negative");
            }
            checkFlags(sessionFlags);
        }

        @Override
        public byte[] encode() {
            ByteWriter w = new ByteWriter();
            w.u8(KIND_ROWS);
            Codec.writeColumns(w, columns);
            Codec.writeRows(w, rows, columns.size());
            w.i64(cursorId).u8(sessionFlags);
            return w.toByteArray();
        }
    }
}
