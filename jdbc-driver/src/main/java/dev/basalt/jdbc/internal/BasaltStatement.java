package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.wire.BatchRequest;
import dev.basalt.jdbc.wire.BatchResponse;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ExecuteRequest;
import dev.basalt.jdbc.wire.ExecuteResult;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain statement: each execute is one EXECUTE round trip, each executeBatch one EXECUTE_BATCH.
 * A statement has at most one current result: a {@link BasaltResultSet} or an update count.
 *
 * <ul>
 *   <li>{@code getUpdateCount()} is -1 while the current result is a result set, and after
 *       {@code getMoreResults()} (which closes the result set and returns false: a statement
 *       yields one result), so that tools looping on "more results or a count" stop.
 *   <li>{@code executeQuery} on a statement that yields a count is 02000, {@code executeUpdate}
 *       on one that yields rows is 0100E (pgJDBC's states); the statement has run either way.
 *   <li>The query timeout travels with every request of the statement (execute, batch, each fetch)
 *       and the server cancels the request at its deadline: 57014 "canceling statement due to
 *       statement timeout" (never SQLTimeoutException); the connection stays usable.
 *   <li>{@code cancel()}, from any thread, sends CANCEL at once when a request of this statement is
 *       waiting for its answer; the request fails with 57014 "canceling statement due to user
 *       request". With nothing running it does nothing.
 * </ul>
 *
 * Also the base of {@link BasaltPreparedStatement}, which shares the result handling.
 */
class BasaltStatement implements Statement {
    /** The batch bound: a batch larger than this is refused before it is sent (22023). */
    static final int BATCH_SIZE_MAX = 1_000_000;
    private static final int UPDATE_COUNT_NONE = -1;
    /** SQL quoted in an error message is cut after this many characters. */
    private static final int SQL_CHARS_IN_MESSAGE_MAX = 200;

    final BasaltConnection connection;
    private boolean closed;
    private boolean closeOnCompletion;
    private int fetchSize;
    private long maxRows;
    private int queryTimeoutSeconds;
    private BasaltResultSet resultSet;
    private long updateCount = UPDATE_COUNT_NONE;
    private final List<String> batch = new ArrayList<>();
    /** A request of this statement (or of its result set) is waiting for its answer: what cancel() stops. */
    private volatile boolean executing;

    BasaltStatement(BasaltConnection connection) {
        this.connection = connection;
        connection.register(this);
    }

    // ---- execution, shared with prepared statements

    /** Sends one execute request and makes its answer the current result; true for rows. */
    final boolean run(int method, byte[] request) throws SQLException {
        checkOpen();
        closeCurrentResult();
        ExecuteResult result;
        try {
            byte[] answer = call(method, request);
            result = connection.decode(method, answer, ExecuteResult::decode);
        } catch (SQLException e) {
            connection.transactionStateUnknown();
            throw e;
        }
        connection.sessionState(result);
        if (result instanceof ExecuteResult.Rows rows) {
            resultSet = new BasaltResultSet(this, connection, rows.columns(), rows.rows(), rows.cursorId(),
                    fetchSize, maxRows);
            return true;
        }
        updateCount = ((ExecuteResult.UpdateCount) result).count();
        return false;
    }

    /** One request of this statement, bounded by its query timeout; {@link #cancel} can stop it meanwhile. */
    final byte[] call(int method, byte[] request) throws SQLException {
        try {
            // Set once the request is with the transport: a CANCEL sent from then on travels behind it.
            return connection.call(method, request, queryTimeoutSeconds, () -> executing = true);
        } finally {
            executing = false;
        }
    }

    /** The query timeout as the requests carry it, in ms (0: none). */
    final int queryTimeoutMs() {
        return (int) Math.min((long) queryTimeoutSeconds * 1_000, Integer.MAX_VALUE);
    }

    /** The fetch size sent with an execute: this statement's, else the connection's default (0: server's choice). */
    final int requestFetchSize() {
        return fetchSize > 0 ? fetchSize : connection.defaultFetchSize();
    }

    final long maxRowsValue() {
        return maxRows;
    }

    /** After an execute, for executeQuery: the result set or 02000. */
    final ResultSet requireResultSet(String sql) throws SQLException {
        if (resultSet == null) {
            throw Errors.driver(SqlStates.NO_DATA, "No results were returned by the query: " + abbreviate(sql));
        }
        return resultSet;
    }

    /** After an execute, for executeUpdate: the count, or 0100E if the statement returned rows. */
    final long requireUpdateCount(String sql) throws SQLException {
        if (resultSet != null) {
            closeCurrentResult();
            throw Errors.driver(SqlStates.TOO_MANY_RESULTS, "A result was returned when none was expected: "
                    + abbreviate(sql));
        }
        return updateCount;
    }

    /** Sends a batch; a failure is a BatchUpdateException with the server's SQLState and no counts. */
    final long[] runBatch(BatchRequest request) throws SQLException {
        checkOpen();
        closeCurrentResult();
        if (request.size() > BATCH_SIZE_MAX) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "a batch of " + request.size()
                    + " executions is larger than the " + BATCH_SIZE_MAX + " the driver sends at once");
        }
        long[] counts;
        try {
            byte[] answer = call(ClientMethods.EXECUTE_BATCH, request.encode());
            counts = connection.decode(ClientMethods.EXECUTE_BATCH, answer, BatchResponse::decode).counts();
        } catch (SQLException e) {
            // The answer to a failed batch carries no counts: which executions ran is not known.
            throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), new long[0], e);
        } finally {
            // A batch answer carries no session flags.
            connection.transactionStateUnknown();
        }
        if (counts.length != request.size()) {
            throw Errors.driver(SqlStates.INTERNAL_ERROR, "the server answered a batch of " + request.size()
                    + " executions with " + counts.length + " update counts");
        }
        return counts;
    }

    static int[] toIntCounts(long[] counts) {
        int[] ints = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            ints[i] = clampCount(counts[i]);
        }
        return ints;
    }

    /** An update count beyond int: Integer.MAX_VALUE (executeLargeUpdate gives the exact count). */
    static int clampCount(long count) {
        return (int) Math.min(count, Integer.MAX_VALUE);
    }

    static String abbreviate(String sql) {
        return sql.length() <= SQL_CHARS_IN_MESSAGE_MAX ? sql : sql.substring(0, SQL_CHARS_IN_MESSAGE_MAX) + "...";
    }

    static void checkAutoGeneratedKeys(int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS && autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "autoGeneratedKeys " + autoGeneratedKeys
                    + " is neither RETURN_GENERATED_KEYS nor NO_GENERATED_KEYS");
        }
    }

    private ExecuteRequest executeRequest(String sql) throws SQLException {
        if (sql == null) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "the SQL text is null");
        }
        return new ExecuteRequest(sql, List.of(), requestFetchSize(), maxRows, queryTimeoutMs());
    }

    // ---- Statement: executing SQL text

    @Override
    public boolean execute(String sql) throws SQLException {
        checkOpen();
        return run(ClientMethods.EXECUTE, executeRequest(sql).encode());
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        execute(sql);
        return requireResultSet(sql);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return clampCount(executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        execute(sql);
        return requireUpdateCount(sql);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        checkAutoGeneratedKeys(autoGeneratedKeys);
        return execute(sql);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return execute(sql);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return execute(sql);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        checkAutoGeneratedKeys(autoGeneratedKeys);
        return executeUpdate(sql);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return executeUpdate(sql);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return executeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        checkAutoGeneratedKeys(autoGeneratedKeys);
        return executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return executeLargeUpdate(sql);
    }

    /** Generated keys are not returned yet (a later issue): always an empty result set. */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return BasaltResultSet.empty(this, connection);
    }

    // ---- batches of SQL text

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "addBatch: the SQL text is null");
        }
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toIntCounts(executeLargeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (batch.isEmpty()) {
            return new long[0];
        }
        List<String> sqls = List.copyOf(batch);
        batch.clear();
        return runBatch(new BatchRequest(0, sqls, List.of(), queryTimeoutMs()));
    }

    // ---- results

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        long count = getLargeUpdateCount();
        return count < 0 ? UPDATE_COUNT_NONE : clampCount(count);
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return resultSet != null ? UPDATE_COUNT_NONE : updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
    }

    /** A statement yields one result: this always returns false and leaves no current result. */
    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (current != Statement.KEEP_CURRENT_RESULT) {
            closeCurrentResult();
        }
        resultSet = null;
        updateCount = UPDATE_COUNT_NONE;
        return false;
    }

    /** Closes the current result set (its cursor too) and forgets the update count. */
    final void closeCurrentResult() throws SQLException {
        BasaltResultSet current = resultSet;
        resultSet = null;
        updateCount = UPDATE_COUNT_NONE;
        if (current != null) {
            current.closeWithoutCompletion();
        }
    }

    /** Told by a result set of this statement that it closed: for closeOnCompletion. */
    final void resultSetClosed(BasaltResultSet closedResultSet) throws SQLException {
        if (closedResultSet == resultSet && closeOnCompletion) {
            close();
        }
    }

    // ---- settings

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    /** Accepted and ignored: values are never cut. */
    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "max field size " + max + " is negative");
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) Math.min(getLargeMaxRows(), Integer.MAX_VALUE);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "max rows " + max + " is negative");
        }
        maxRows = max;
    }

    /** JDBC escapes are not translated; the setting is accepted and ignored. */
    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeoutSeconds;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "query timeout " + seconds + " s is negative");
        }
        queryTimeoutSeconds = seconds;
    }

    final int queryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    /**
     * Cancels the request of this statement that is waiting for its answer (an execute, a batch or a
     * fetch of its result set): sends CANCEL on the connection without waiting, and the request
     * fails with 57014. Does nothing when no request of this statement is running, as in PostgreSQL.
     */
    @Override
    public void cancel() throws SQLException {
        checkOpen();
        if (executing) {
            connection.cancel();
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    /** Named cursors (positioned UPDATE ... WHERE CURRENT OF) are not supported. */
    @Override
    public void setCursorName(String name) throws SQLException {
        throw Errors.notSupported("setCursorName");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw Errors.notSupported("fetch direction " + direction + " (result sets are forward-only)");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "fetch size " + rows + " is negative");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    // ---- closing

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeCurrentResult();
        } finally {
            connection.unregister(this);
            closed();
        }
    }

    /** Called once when the statement closes: a prepared statement releases its server statement. */
    void closed() {
    }

    /** The connection closed: no requests, the session ends with the TCP connection. */
    final void closeLocally() {
        closed = true;
        BasaltResultSet current = resultSet;
        resultSet = null;
        if (current != null) {
            current.closeLocally();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** A closed or broken connection first (08003), then a closed statement (55000). */
    final void checkOpen() throws SQLException {
        connection.checkOpen();
        if (closed) {
            throw Errors.driver(SqlStates.OBJECT_NOT_IN_STATE, "the statement is closed");
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "the statement does not implement " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
