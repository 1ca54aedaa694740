package dev.basalt.jdbc.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ConnectResponse;
import dev.basalt.jdbc.wire.ExecuteResult;
import dev.basalt.jdbc.wire.PrepareRequest;
import dev.basalt.jdbc.wire.PrepareResponse;
import dev.basalt.jdbc.wire.SetSessionRequest;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JDBC connection: one TCP connection to one node ({@link SessionChannel}) and the one session
 * the node holds for it. Settings the application changes are sent with SET_SESSION only when
 * they change, because pools reset them on every checkout.
 *
 * <h2>Transaction state</h2>
 * The connection tracks whether the server has a transaction open, from the session flags every
 * statement's answer carries: {@code IDLE} (none), {@code OPEN}, or {@code UNKNOWN} (after a
 * failed statement or a batch outside autocommit, which carry no flags). {@code commit} and
 * {@code rollback} skip the round trip only when the state is IDLE. In autocommit mode they throw
 * 25P01, as pgJDBC does ("Cannot commit when autoCommit is enabled.").
 *
 * <h2>Threads</h2>
 * A connection is used by one thread at a time, as JDBC expects; {@code isValid}, {@code abort},
 * {@code close} and {@code isClosed} may come from any thread. Settings are volatile so that a pool's
 * housekeeping thread sees them.
 */
public final class BasaltConnection implements Connection {
    /** The schema every session starts in; catalog browsing (a later issue) will list others. */
    static final String SCHEMA_DEFAULT = "PUBLIC";
    /** The isolation every session starts with, as in PostgreSQL. */
    static final int ISOLATION_DEFAULT = Connection.TRANSACTION_READ_COMMITTED;
    private static final int MILLIS_PER_SECOND = 1_000;

    private enum TransactionState { IDLE, OPEN, UNKNOWN }

    private final SessionChannel channel;
    private final String url;
    private final String user;
    private final String database;
    private final ConnectResponse.Opened server;
    private final int defaultFetchSize;
    private final Set<BasaltStatement> statements = ConcurrentHashMap.newKeySet();
    private final Properties clientInfo = new Properties();
    /** Runs once when the connection is closed or aborted (an embedded node's reference is given back); null once run. */
    private final AtomicReference<Runnable> onClose;

    private volatile boolean autoCommit = true;
    private volatile TransactionState transaction = TransactionState.IDLE;
    private volatile int isolation = ISOLATION_DEFAULT;
    private volatile boolean readOnly;
    private volatile String schema = SCHEMA_DEFAULT;

    /** {@code onClose} (may be null) runs once, after the transport is closed, by close or abort. */
    BasaltConnection(SessionChannel channel, String url, String user, String database, ConnectResponse.Opened server,
            int defaultFetchSize, Runnable onClose) {
        this.onClose = new AtomicReference<>(onClose);
        this.channel = channel;
        this.url = url;
        this.user = user;
        this.database = database;
        this.server = server;
        this.defaultFetchSize = defaultFetchSize;
    }

    // ---- used by statements and result sets

    /** A call that a statement makes, bounded by its query timeout (0 for none). */
    byte[] call(int method, byte[] payload, int queryTimeoutSeconds) throws SQLException {
        return channel.call(method, payload, queryTimeoutSeconds);
    }

    /** As {@link #call(int, byte[], int)}; {@code sent} runs once the request is with the transport. */
    byte[] call(int method, byte[] payload, int queryTimeoutSeconds, Runnable sent) throws SQLException {
        return channel.call(method, payload, queryTimeoutSeconds, sent);
    }

    /** Sends CANCEL for the running request (from any thread); see {@link SessionChannel#cancel}. */
    void cancel() {
        channel.cancel();
    }

    /** A request whose answer nobody waits for (CLOSE_CURSOR, CLOSE_STATEMENT). */
    void send(int method, byte[] payload) {
        channel.send(method, payload);
    }

    <T> T decode(int method, byte[] answer, java.util.function.Function<byte[], T> decoder) throws SQLException {
        return channel.decode(method, answer, decoder);
    }

    /** Whether requests can still be sent (not closed, not broken). */
    boolean isUsable() {
        return channel.isUsable();
    }

    void checkOpen() throws SQLException {
        channel.checkUsable();
    }

    int defaultFetchSize() {
        return defaultFetchSize;
    }

    String describe() {
        return "node " + server.nodeId() + " at " + channel.target();
    }

    /** The session state an ExecuteResult reported. */
    void sessionState(ExecuteResult result) {
        autoCommit = result.autocommit();
        transaction = result.transactionOpen() ? TransactionState.OPEN : TransactionState.IDLE;
    }

    /** A statement failed or a batch ran: the server's transaction state is not known any more. */
    void transactionStateUnknown() {
        if (!autoCommit) {
            transaction = TransactionState.UNKNOWN;
        }
    }

    void register(BasaltStatement statement) {
        statements.add(statement);
    }

    void unregister(BasaltStatement statement) {
        statements.remove(statement);
    }

    PrepareResponse prepare(String sql) throws SQLException {
        byte[] answer = call(ClientMethods.PREPARE, new PrepareRequest(sql).encode(), 0);
        return decode(ClientMethods.PREPARE, answer, PrepareResponse::decode);
    }

    // ---- statements

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return new BasaltStatement(this);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency, ResultSet.CLOSE_CURSORS_AT_COMMIT);
        return createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency, resultSetHoldability);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "prepareStatement: the SQL text is null");
        }
        return new BasaltPreparedStatement(this, sql, prepare(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency, ResultSet.CLOSE_CURSORS_AT_COMMIT);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency, resultSetHoldability);
        return prepareStatement(sql);
    }

    /** Generated keys are not returned yet: getGeneratedKeys gives an empty result set. */
    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        BasaltStatement.checkAutoGeneratedKeys(autoGeneratedKeys);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw Errors.notSupported("prepareCall (stored procedures)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw Errors.notSupported("prepareCall (stored procedures)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        throw Errors.notSupported("prepareCall (stored procedures)");
    }

    /** JDBC escape syntax ({fn ...}, {d '...'}) is not translated: the text is returned as it is. */
    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    private void checkResultSetKind(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            throw Errors.notSupported("result set type " + type + " (only TYPE_FORWARD_ONLY)");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw Errors.notSupported("result set concurrency " + concurrency + " (only CONCUR_READ_ONLY)");
        }
        checkHoldability(holdability);
    }

    // ---- transactions

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        checkOpen();
        if (on == autoCommit) {
            return;
        }
        if (on && transaction != TransactionState.IDLE) {
            // JDBC: switching autocommit on commits the open transaction.
            call(ClientMethods.COMMIT, ClientMethods.EMPTY, 0);
            transaction = TransactionState.IDLE;
        }
        setSession(SetSessionRequest.AUTOCOMMIT, Boolean.toString(on));
        autoCommit = on;
        transaction = TransactionState.IDLE;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw Errors.driver(SqlStates.NO_ACTIVE_SQL_TRANSACTION, "Cannot commit when autoCommit is enabled.");
        }
        endTransaction(ClientMethods.COMMIT);
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw Errors.driver(SqlStates.NO_ACTIVE_SQL_TRANSACTION, "Cannot rollback when autoCommit is enabled.");
        }
        endTransaction(ClientMethods.ROLLBACK);
    }

    private void endTransaction(int method) throws SQLException {
        if (transaction == TransactionState.IDLE) {
            return;
        }
        boolean sessionConnected = channel.sessionConnected();
        try {
            call(method, ClientMethods.EMPTY, 0);
            transaction = TransactionState.IDLE;
        } catch (SQLException e) {
            transaction = TransactionState.UNKNOWN;
            if (method == ClientMethods.COMMIT && sessionConnected && Errors.isConnectionError(e)
                    && !SqlStates.CONNECTION_DOES_NOT_EXIST.equals(e.getSQLState())) {
                throw Errors.driver(SqlStates.COMMIT_OUTCOME_UNKNOWN, "the connection to " + describe()
                        + " was lost while COMMIT was on its way or running (" + e.getMessage() + "); the transaction may or "
                        + "may not have committed; the connection is closed", e);
            }
            throw e;
        }
    }

    /**
     * READ COMMITTED and REPEATABLE READ (snapshot isolation) are sent to the server; READ
     * UNCOMMITTED runs as READ COMMITTED, as in PostgreSQL; SERIALIZABLE is refused with 22023,
     * because Basalt does not enforce it and must never claim to.
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        int effective;
        switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED:
            case Connection.TRANSACTION_READ_COMMITTED:
                effective = Connection.TRANSACTION_READ_COMMITTED;
                break;
            case Connection.TRANSACTION_REPEATABLE_READ:
                effective = Connection.TRANSACTION_REPEATABLE_READ;
                break;
            case Connection.TRANSACTION_SERIALIZABLE:
                throw Errors.fromBasalt(new BasaltException(ErrorCode.ISOLATION_NOT_SUPPORTED,
                        "SERIALIZABLE isolation is not supported: Basalt does not enforce serializability yet. "
                                + "Use TRANSACTION_REPEATABLE_READ for snapshot isolation (every read at the "
                                + "transaction's start, first committer wins) or TRANSACTION_READ_COMMITTED."));
            default:
                throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "transaction isolation " + level
                        + " is not a JDBC isolation level (TRANSACTION_READ_COMMITTED = 2, TRANSACTION_REPEATABLE_READ = 4)");
        }
        if (effective == isolation) {
            return;
        }
        setSession(SetSessionRequest.ISOLATION, Integer.toString(effective));
        isolation = effective;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return isolation;
    }

    @Override
    public void setReadOnly(boolean on) throws SQLException {
        checkOpen();
        if (on == readOnly) {
            return;
        }
        setSession(SetSessionRequest.READONLY, Boolean.toString(on));
        readOnly = on;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw Errors.notSupported("savepoints");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw Errors.notSupported("savepoints");
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw Errors.notSupported("savepoints");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw Errors.notSupported("savepoints");
    }

    /** Result sets are read-only cursors of their statement; they are not kept open across a commit. */
    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        checkHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    private static void checkHoldability(int holdability) throws SQLException {
        if (holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw Errors.notSupported("HOLD_CURSORS_OVER_COMMIT");
        }
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "result set holdability " + holdability
                    + " is not a JDBC holdability");
        }
    }

    private void setSession(String key, String value) throws SQLException {
        call(ClientMethods.SET_SESSION, new SetSessionRequest(key, value).encode(), 0);
    }

    // ---- catalog and schema

    /** The database named in the URL (null if none); setCatalog is ignored. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return database;
    }

    @Override
    public void setSchema(String schemaName) throws SQLException {
        checkOpen();
        if (schemaName == null) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "setSchema: the schema name is null");
        }
        if (schemaName.equals(schema)) {
            return;
        }
        setSession(SetSessionRequest.SCHEMA, schemaName);
        schema = schemaName;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return schema;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new BasaltDatabaseMetaData(this, url, user, server.serverVersion());
    }

    // ---- liveness, timeouts, closing

    /** A PING round trip within {@code timeoutSeconds} (0: the driver's default bound). Never throws for a closed connection. */
    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (timeoutSeconds < 0) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "isValid: timeout " + timeoutSeconds + " s is negative");
        }
        if (!channel.isUsable()) {
            return false;
        }
        long timeoutMs = timeoutSeconds == 0 ? SessionChannel.CALL_TIMEOUT_MS_DEFAULT : (long) timeoutSeconds * MILLIS_PER_SECOND;
        try {
            channel.callWithin(ClientMethods.PING, ClientMethods.EMPTY, timeoutMs);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "network timeout " + milliseconds + " ms is negative");
        }
        channel.networkTimeoutMs(milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return channel.networkTimeoutMs();
    }

    /** Closes the TCP connection; the server ends the session and rolls back an open transaction. */
    @Override
    public void close() {
        if (channel.isClosed()) {
            return;
        }
        closeStatementsLocally();
        channel.close();
        runOnClose();
    }

    @Override
    public boolean isClosed() {
        return channel.isClosed();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "abort: the executor is null");
        }
        if (channel.isClosed()) {
            return;
        }
        closeStatementsLocally();
        channel.abort(executor);
        if (onClose.get() != null) {
            executor.execute(this::runOnClose);
        }
    }

    private void runOnClose() {
        Runnable action = onClose.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    private void closeStatementsLocally() {
        for (BasaltStatement statement : new ArrayList<>(statements)) {
            statement.closeLocally();
        }
        statements.clear();
    }

    // ---- warnings, client info, types, wrappers

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    /** Client info is kept by the driver only (the server does not receive it yet). */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (channel.isClosed()) {
            throw new SQLClientInfoException("the connection is closed", SqlStates.CONNECTION_DOES_NOT_EXIST, 0,
                    Map.of());
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (channel.isClosed()) {
            throw new SQLClientInfoException("the connection is closed", SqlStates.CONNECTION_DOES_NOT_EXIST, 0,
                    Map.of());
        }
        clientInfo.clear();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                clientInfo.setProperty(name, properties.getProperty(name));
            }
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new HashMap<>();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw Errors.notSupported("user-defined type maps");
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        throw Errors.notSupported("createClob");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw Errors.notSupported("createBlob");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw Errors.notSupported("createNClob");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw Errors.notSupported("createSQLXML");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw Errors.notSupported("createArrayOf");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw Errors.notSupported("createStruct");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "the connection does not implement " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /**
     * The TLS protocol that encrypts this connection ({@code "TLSv1.3"} or {@code "TLSv1.2"}), or
     * null when it is plaintext ({@code sslmode=disable}) or closed. Reached with
     * {@code connection.unwrap(BasaltConnection.class)}; tools and tests use it to show that the
     * traffic is encrypted.
     */
    public String tlsProtocol() {
        return channel.tlsProtocol();
    }

    /** Open statements, for tests. */
    Set<BasaltStatement> openStatements() {
        return Collections.unmodifiableSet(statements);
    }

    @Override
    public String toString() {
        return "BasaltConnection[" + describe() + ", session " + server.sessionId() + (isClosed() ? ", closed" : "") + "]";
    }
}
