package dev.basalt.sql;

import dev.basalt.sql.auth.SessionUser;

import dev.basalt.common.BasaltException;
import dev.basalt.common.CancelSignal;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.internal.exec.Execution;
import dev.basalt.sql.internal.exec.WriteSchemas;
import dev.basalt.sql.result.StatementResult;
import dev.basalt.sql.internal.exec.Plan;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.RetryPriority;
import dev.basalt.txn.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client connection's SQL state: its transaction, isolation level, autocommit mode,
 * prepared statements and open cursors. A session is used by one connection; its methods are
 * synchronized because a client may pipeline requests.
 *
 * <h2>Transactions</h2>
 * In autocommit mode (the default) each statement runs in a transaction of its own, committed
 * when the statement ends; a query's read-only transaction lives as long as its cursor. After
 * {@code setAutoCommit(false)} or SQL {@code BEGIN}, statements share one transaction until
 * COMMIT or ROLLBACK. As in PostgreSQL, a statement that fails inside such a transaction fails the
 * transaction: later statements are refused with 25P02 until ROLLBACK (COMMIT then rolls back),
 * so nothing a failed statement half-did can commit. This holds for a query whose FETCH fails
 * as well (a cancel between pages, say): the cursor's transaction is the block's.
 *
 * <h2>Cancel and statement timeout</h2>
 * The session's {@link #cancelSignal()} is armed by the connection handler for each request that
 * runs SQL, with the request's timeout. Every transaction the session begins carries it, so scans
 * (once per page), reads and lock waits check it, and so does the row loop of a cursor (once per
 * row). A cancelled or timed-out statement fails with 57014 and is treated as any failed
 * statement: in autocommit its transaction is rolled back, inside a block the block is failed
 * (25P02 until ROLLBACK). DDL is not cancelled once it runs; a commit (COMMIT, or an autocommit
 * statement's) only while it waits for another transaction's lock, before anything is committed.
 *
 * <h2>Retries keep their age</h2>
 * When a transaction of the session loses a conflict (40001, 40P01, 40002, 55P03), the session's
 * next transaction keeps its wound-wait age ({@link RetryPriority}): a client that retries is not
 * the youngest again, to be wounded again. A commit, or a ROLLBACK of a block that had not failed,
 * ends the retry.
 *
 * <h2>Read-only sessions</h2>
 * After {@code set("readonly", "true")} (JDBC {@code setReadOnly(true)}) INSERT, UPDATE, DELETE and
 * DDL are refused with 25006, as PostgreSQL refuses them in a read-only transaction.
 */
public final class SqlSession implements AutoCloseable {
    /** Rows of a result sent before the client asks for more, when the client did not say. */
    public static final int FETCH_SIZE_DEFAULT = 1_000;
    /** Rows one page may hold at most, whatever the client asks. */
    public static final int FETCH_SIZE_MAX = 100_000;
    /** Prepared statements a session may hold; beyond this the least recently used is dropped. */
    public static final int STATEMENTS_MAX = 1_024;
    /** Open cursors a session may hold. */
    public static final int CURSORS_MAX = 256;

    private final SqlEngine engine;
    /** The database the client named when it connected, or null; information_schema's catalog name. */
    private final String database;
    /** Who the session acts for: CURRENT_USER, and what user statements check. */
    private final SessionUser user;
    private boolean autocommit = true;
    private IsolationLevel isolation = IsolationLevel.READ_COMMITTED;
    private boolean readOnly;
    /** The open transaction of an explicit block (autocommit off or BEGIN), else null. */
    private Transaction txn;
    /** BEGIN opened a block in autocommit mode; COMMIT/ROLLBACK end it and autocommit resumes. */
    private boolean blockOpen;
    private boolean failed;
    /** The indexes the open transaction's writes maintained, checked against the catalog at commit. */
    private WriteSchemas writeSchemas = new WriteSchemas();
    private long nextStatementId = 1;
    private long nextCursorId = 1;
    private final Map<Long, String> statements = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> statementIds = new HashMap<>();
    private final Map<Long, Execution.Cursor> cursors = new HashMap<>();
    private boolean closed;
    /** The wound-wait age the next transaction keeps after a lost conflict. */
    private final RetryPriority retry = new RetryPriority();
    /** Not guarded by the session's lock: a CANCEL flags it while a statement runs. */
    private final CancelSignal cancelSignal = new CancelSignal();

    SqlSession(SqlEngine engine, String database, SessionUser user) {
        this.engine = engine;
        this.database = database;
        this.user = user;
    }

    /** Who the session acts for. */
    public SessionUser user() {
        return user;
    }

    // ---------------------------------------------------------------- state

    public synchronized boolean autocommit() {
        return autocommit;
    }

    /** The flag the connection handler arms per request and a CANCEL sets; see the class documentation. */
    public CancelSignal cancelSignal() {
        return cancelSignal;
    }

    public synchronized boolean inTransaction() {
        return txn != null;
    }

    /**
     * Session settings: {@code autocommit} (true/false; turning it on commits an open transaction,
     * as JDBC says), {@code isolation} (a java.sql.Connection TRANSACTION_* number), {@code readonly}.
     * Unknown keys are ignored so that newer clients work with older nodes.
     */
    public synchronized void set(String key, String value) {
        requireOpen();
        switch (key) {
            case "autocommit" -> {
                boolean on = Boolean.parseBoolean(value);
                if (on && !autocommit && txn != null) {
                    commit();
                }
                autocommit = on;
            }
            case "isolation" -> isolation = isolationOf(Integer.parseInt(value));
            case "readonly" -> readOnly = Boolean.parseBoolean(value);
            default -> {
            }
        }
    }

    static IsolationLevel isolationOf(int jdbcLevel) {
        return switch (jdbcLevel) {
            case java.sql.Connection.TRANSACTION_READ_UNCOMMITTED, java.sql.Connection.TRANSACTION_READ_COMMITTED -> IsolationLevel.READ_COMMITTED;
            case java.sql.Connection.TRANSACTION_REPEATABLE_READ -> IsolationLevel.SNAPSHOT;
            case java.sql.Connection.TRANSACTION_SERIALIZABLE -> throw serializableRefused();
            default -> throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown transaction isolation level " + jdbcLevel);
        };
    }

    static BasaltException serializableRefused() {
        return new BasaltException(ErrorCode.ISOLATION_NOT_SUPPORTED, "isolation level SERIALIZABLE is not provided: Basalt does not "
                + "yet detect the read-write conflicts it needs; REPEATABLE READ gives snapshot isolation");
    }

    // ---------------------------------------------------------------- statements

    public synchronized StatementResult execute(String sql, List<Object> params, int fetchSize, long maxRows) {
        requireOpen();
        return run(sql, engine.plan(sql), params, fetchSize, maxRows);
    }

    public synchronized StatementResult.Prepared prepare(String sql) {
        requireOpen();
        Plan plan = engine.plan(sql);
        Long known = statementIds.get(sql);
        long id;
        if (known != null) {
            id = known;
            statements.get(id); // touch: most recently used
        } else {
            if (statements.size() >= STATEMENTS_MAX) {
                Long eldest = statements.keySet().iterator().next();
                statementIds.remove(statements.remove(eldest));
            }
            id = nextStatementId++;
            statements.put(id, sql);
            statementIds.put(sql, id);
        }
        return new StatementResult.Prepared(id, Execution.paramJdbcTypes(plan), Execution.columns(plan));
    }

    public synchronized StatementResult executePrepared(long statementId, List<Object> params, int fetchSize, long maxRows) {
        requireOpen();
        String sql = statementSql(statementId);
        return run(sql, engine.plan(sql), params, fetchSize, maxRows);
    }

    /** Runs a prepared statement once per parameter row; stops at the first failure. */
    public synchronized long[] executeBatch(long statementId, List<List<Object>> paramRows) {
        requireOpen();
        String sql = statementSql(statementId);
        Plan plan = engine.plan(sql);
        // A batch of direct INSERTs in a transaction reads every row's key and parents in one wave.
        java.util.function.Function<Transaction, List<byte[]>> readAhead = plan instanceof Plan.Insert && paramRows.size() > 1
                ? t -> insertKeys(t, sql, plan, paramRows) : null;
        long[] counts = new long[paramRows.size()];
        for (int i = 0; i < paramRows.size(); i++) {
            cancelSignal.check();
            counts[i] = updateCount(run(sql, plan, paramRows.get(i), 0, 0, i == 0 ? readAhead : null), sql);
        }
        return counts;
    }

    /** The keys a batch of a direct INSERT will read, over all its parameter rows; a row that cannot be built is left to fail on its own. */
    private List<byte[]> insertKeys(Transaction t, String sql, Plan plan, List<List<Object>> paramRows) {
        List<byte[]> keys = new ArrayList<>();
        for (List<Object> params : paramRows) {
            try {
                keys.addAll(new Execution(engine.schema(), t, plan, sql, params, database, user.name()).keysToRead());
            } catch (RuntimeException e) {
                // reported by the row's own execution
            }
        }
        return keys;
    }

    /** Runs each SQL text in turn; stops at the first failure. */
    public synchronized long[] executeBatch(List<String> sqls) {
        requireOpen();
        long[] counts = new long[sqls.size()];
        for (int i = 0; i < sqls.size(); i++) {
            cancelSignal.check();
            counts[i] = updateCount(run(sqls.get(i), engine.plan(sqls.get(i)), List.of(), 0, 0), sqls.get(i));
        }
        return counts;
    }

    private static long updateCount(StatementResult r, String sql) {
        if (r instanceof StatementResult.UpdateCount u) {
            return u.count();
        }
        throw new BasaltException(ErrorCode.INVALID_STATEMENT, "a batch may not contain a query that returns rows: " + sql);
    }

    public synchronized StatementResult.Page fetch(long cursorId, int rows) {
        requireOpen();
        Execution.Cursor c = cursors.get(cursorId);
        if (c == null) {
            throw new BasaltException(ErrorCode.INVALID_HANDLE, "cursor " + cursorId + " is not open in this session");
        }
        try {
            List<Object[]> page = c.next(pageSize(rows));
            boolean more = !c.exhausted();
            if (!more) {
                closeCursor(cursorId);
            }
            return new StatementResult.Page(page, more);
        } catch (RuntimeException e) {
            closeCursor(cursorId);
            if (txn != null && !c.ownsTransaction()) {
                failed = true; // the cursor read in the block's transaction: the block fails, as in PostgreSQL
                retry.ended(txn, e);
            }
            throw statementFailed(e);
        }
    }

    public synchronized void closeCursor(long cursorId) {
        Execution.Cursor c = cursors.remove(cursorId);
        if (c != null) {
            c.close();
        }
    }

    public synchronized void closeStatement(long statementId) {
        String sql = statements.remove(statementId);
        if (sql != null) {
            statementIds.remove(sql);
        }
    }

    // ---------------------------------------------------------------- transactions

    public synchronized void commit() {
        requireOpen();
        Transaction t = txn;
        txn = null;
        blockOpen = false;
        boolean wasFailed = failed;
        failed = false;
        if (t == null) {
            return;
        }
        WriteSchemas written = writeSchemas;
        writeSchemas = new WriteSchemas();
        if (wasFailed) {
            t.rollback(); // how it ended was recorded when it failed
            return;
        }
        try {
            commit(t, written);
        } catch (RuntimeException e) {
            retry.ended(t, e);
            throw statementFailed(e);
        }
        retry.ended(t, null);
    }

    /** Commits {@code t} unless a newer catalog added an index to a table it wrote (then rolls it back, 40001). */
    private void commit(Transaction t, WriteSchemas written) {
        if (!written.isEmpty()) {
            try {
                written.check(engine.leasedSchema().catalog());
            } catch (RuntimeException e) {
                t.rollback();
                throw e;
            }
        }
        t.commit();
    }

    public synchronized void rollback() {
        requireOpen();
        Transaction t = txn;
        txn = null;
        writeSchemas = new WriteSchemas();
        blockOpen = false;
        boolean wasFailed = failed;
        failed = false;
        if (t != null) {
            t.rollback();
            if (!wasFailed) {
                retry.ended(t, null); // given up by choice; a failed block's end was recorded when it failed
            }
        }
    }

    // ---------------------------------------------------------------- running

    private StatementResult run(String sql, Plan plan, List<Object> params, int fetchSize, long maxRows) {
        return run(sql, plan, params, fetchSize, maxRows, null);
    }

    /**
     * Runs one statement. {@code readAhead} (may be null): keys to read ahead in the statement's
     * transaction before it runs, when that transaction outlives the statement (not in autocommit).
     */
    private StatementResult run(String sql, Plan plan, List<Object> params, int fetchSize, long maxRows,
                                java.util.function.Function<Transaction, List<byte[]>> readAhead) {
        if (plan instanceof Plan.Control control) {
            return control(control);
        }
        if (failed) {
            throw new BasaltException(ErrorCode.IN_FAILED_TRANSACTION, "current transaction is aborted, commands ignored until end of "
                    + "transaction block (ROLLBACK)");
        }
        if (readOnly && (plan instanceof Plan.Ddl || Execution.writes(plan))) {
            throw readOnlyRefused(sql);
        }
        if (plan instanceof Plan.Ddl ddl) {
            engine.runDdl(ddl, user);
            return new StatementResult.UpdateCount(0);
        }
        if (plan instanceof Plan.Explain explain && !explain.analyze()) {
            return new StatementResult.Rows(Execution.columns(plan), Execution.explain(explain, params), 0);
        }
        // What runs: the plan, or the statement an EXPLAIN ANALYZE explains (it runs for real).
        Plan statement = Execution.statement(plan);
        boolean own = txn == null && autocommit && !blockOpen;
        boolean readOnlyStatement = statement instanceof Plan.Query q && !q.forUpdate();
        Transaction t;
        if (own) {
            t = engine.transactions().begin(isolation, readOnly || readOnlyStatement, retry.priority());
            t.cancelSignal(cancelSignal);
        } else {
            if (txn == null) {
                txn = engine.transactions().begin(isolation, readOnly, retry.priority());
                txn.cancelSignal(cancelSignal);
            } else {
                txn.newStatement();
            }
            t = txn;
        }
        try {
            if (readAhead != null && !own) {
                t.prefetch(readAhead.apply(t));
            }
            Execution execution = new Execution(engine.schema(), t, plan, sql, params, database, user.name());
            if (plan instanceof Plan.Explain) {
                List<Object[]> lines = execution.analyze(own);
                if (Execution.writes(statement)) {
                    if (own) {
                        WriteSchemas written = new WriteSchemas();
                        written.record(statement);
                        commit(t, written);
                        retry.ended(t, null);
                    } else {
                        writeSchemas.record(statement);
                    }
                }
                return new StatementResult.Rows(Execution.columns(plan), lines, 0);
            }
            if (Execution.writes(plan)) {
                long count = execution.update();
                if (own) {
                    WriteSchemas written = new WriteSchemas();
                    written.record(plan);
                    commit(t, written);
                    retry.ended(t, null);
                } else {
                    writeSchemas.record(plan);
                }
                return new StatementResult.UpdateCount(count);
            }
            Execution.Cursor cursor = execution.query(maxRows, own);
            List<Object[]> first = cursor.next(pageSize(fetchSize));
            if (cursor.exhausted()) {
                cursor.close();
                return new StatementResult.Rows(cursor.columns(), first, 0);
            }
            if (cursors.size() >= CURSORS_MAX) {
                cursor.close();
                throw new BasaltException(ErrorCode.SERVER_BUSY, "this session already has " + CURSORS_MAX
                        + " open cursors; close result sets that are no longer needed");
            }
            long id = nextCursorId++;
            cursors.put(id, cursor);
            return new StatementResult.Rows(cursor.columns(), first, id);
        } catch (RuntimeException e) {
            if (own) {
                t.close();
            } else {
                failed = true;
            }
            retry.ended(t, e);
            if (causedByLinkageError(e)) {
                // The compiled plan's class failed to initialize and cannot be used again.
                engine.forgetPlan(sql);
            }
            throw statementFailed(e);
        }
    }

    /** PostgreSQL's error for a write in a read-only transaction, naming the statement. */
    private static BasaltException readOnlyRefused(String sql) {
        String text = sql.strip();
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
        return new BasaltException(ErrorCode.READ_ONLY_TRANSACTION, "cannot execute " + verb
                + " in a read-only transaction (the connection is read-only: setReadOnly(true))");
    }

    private static boolean causedByLinkageError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LinkageError) {
                return true;
            }
        }
        return false;
    }

    /**
     * The error a client sees for a failed statement. Failures inside the cluster (a range without a
     * leader, a node that could not be reached) carry class 08 internally, but to a client class 08
     * means its own connection broke, and drivers and pools drop the connection on it. The
     * statement's transaction is gone either way, so they become 40001: retry the transaction.
     */
    static BasaltException statementFailed(RuntimeException e) {
        BasaltException be = e instanceof BasaltException b ? b : new BasaltException(ErrorCode.INTERNAL_ERROR, String.valueOf(e), e);
        if (be.code().sqlState().startsWith("08") && be.code() != ErrorCode.CONNECTION_DOES_NOT_EXIST) {
            return new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "the cluster could not serve the statement ("
                    + be.getMessage() + "); the transaction was rolled back, retry it", be);
        }
        return be;
    }

    private StatementResult control(Plan.Control control) {
        switch (Execution.controlKind(control)) {
            case BEGIN -> {
                if (txn == null) {
                    blockOpen = true;
                    IsolationLevel level = Execution.controlIsolation(control);
                    if (level != null) {
                        isolation = level;
                    }
                }
            }
            case COMMIT -> commit();
            case ROLLBACK -> rollback();
            case SET_ISOLATION -> {
                IsolationLevel level = Execution.controlIsolation(control);
                if (level != null) {
                    isolation = level;
                }
            }
        }
        return new StatementResult.UpdateCount(0);
    }

    private static int pageSize(int requested) {
        return requested <= 0 ? FETCH_SIZE_DEFAULT : Math.min(requested, FETCH_SIZE_MAX);
    }

    private String statementSql(long statementId) {
        String sql = statements.get(statementId);
        if (sql == null) {
            throw new BasaltException(ErrorCode.INVALID_HANDLE, "prepared statement " + statementId + " is not open in this session");
        }
        return sql;
    }

    private void requireOpen() {
        if (closed) {
            throw new BasaltException(ErrorCode.CONNECTION_DOES_NOT_EXIST, "the session is closed");
        }
    }

    /** Ends the session: closes its cursors and rolls back its open transaction. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Execution.Cursor c : new ArrayList<>(cursors.values())) {
            c.close();
        }
        cursors.clear();
        if (txn != null) {
            txn.close();
            txn = null;
        }
    }
}
