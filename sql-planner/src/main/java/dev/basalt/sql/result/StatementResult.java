package dev.basalt.sql.result;

import java.util.List;

/** What running a statement produced: an update count, or rows (a first page and a cursor for the rest). */
public sealed interface StatementResult {
    /** Rows changed by DML; 0 for DDL and transaction control. */
    record UpdateCount(long count) implements StatementResult {
    }

    /** Result rows in client representation; {@code cursorId} 0 when {@code rows} is all of them. */
    record Rows(List<ResultColumn> columns, List<Object[]> rows, long cursorId) implements StatementResult {
    }

    /** A further page of a cursor; {@code more} false when the cursor is exhausted (and closed). */
    record Page(List<Object[]> rows, boolean more) {
    }

    /** A prepared statement: its id in the session, its parameter JDBC types and result columns. */
    record Prepared(long statementId, List<Integer> paramJdbcTypes, List<ResultColumn> columns) {
    }
}
