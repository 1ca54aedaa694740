package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.result.ResultColumn;
import dev.basalt.sql.internal.calcite.CatalogSchema;
import dev.basalt.sql.internal.calcite.ExecContext;
import dev.basalt.sql.internal.calcite.TypeMapping;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;

/**
 * One execution of a planned query or DML statement in a transaction: binds the parameters
 * (converted to the types the plan expects), runs the compiled plan, and hands back an update
 * count or a {@link Cursor} over the rows in client representation. An EXPLAIN ANALYZE runs its
 * statement here too ({@link #analyze}); a plain EXPLAIN runs nothing ({@link #explain}).
 */
public final class Execution {
    /** Rows EXPLAIN ANALYZE reads from its query per call (and drops). */
    static final int ANALYZE_PAGE_ROWS = 1_000;
    private static final JavaTypeFactoryImpl TYPES = new JavaTypeFactoryImpl(dev.basalt.sql.internal.calcite.BasaltTypeSystem.INSTANCE);

    private final Plan plan;
    private final String sql;
    private final ExecContext context;
    /** EXPLAIN ANALYZE: the explain plan and its probes; else null. */
    private final Plan.Explain explain;
    private final Probes probes;

    /**
     * {@code plan}: a query, DML, or an EXPLAIN ANALYZE of one (run by {@link #analyze}).
     * {@code user}: the session's user, what CURRENT_USER, SESSION_USER and USER return.
     */
    public Execution(CatalogSchema schema, Transaction txn, Plan plan, String sql, List<Object> params, String database, String user) {
        this.explain = plan instanceof Plan.Explain e ? e : null;
        this.plan = explain != null ? explain.statement() : plan;
        this.sql = explain != null ? explain.statementSql() : sql;
        this.probes = explain != null ? new Probes(explain.probes()) : null;
        List<RelDataType> types = plan.paramTypes();
        if (params.size() != types.size()) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "the statement has " + types.size() + " parameters but "
                    + params.size() + " values were given");
        }
        Object[] values = new Object[types.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Values.toInternal(params.get(i), types.get(i), i);
        }
        this.context = new ExecContext(schema.root(), TYPES, txn, values, database, user, probes);
    }

    /** The statement a plan runs: an EXPLAIN's statement, else the plan itself. */
    public static Plan statement(Plan plan) {
        return plan instanceof Plan.Explain e ? e.statement() : plan;
    }

    /**
     * The rows of a plain EXPLAIN (nothing runs). {@code params} may be empty or hold a value per
     * parameter; the plan does not depend on them (access paths are chosen without values).
     */
    public static List<Object[]> explain(Plan.Explain explain, List<Object> params) {
        int expected = explain.paramTypes().size();
        if (!params.isEmpty() && params.size() != expected) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "the statement has " + expected + " parameters but "
                    + params.size() + " values were given");
        }
        return rows(Explain.lines(explain.operators(), null, 0));
    }

    /**
     * EXPLAIN ANALYZE: runs the statement to its end in this execution's transaction — a query's
     * rows are read and dropped, DML writes as it would without EXPLAIN — and returns the plan's
     * rows with what each operator did. {@code ownsTransaction}: as for {@link #query}.
     */
    public List<Object[]> analyze(boolean ownsTransaction) {
        long start = System.nanoTime();
        if (writes(plan)) {
            long count = update();
            if (explain.writeProbe() >= 0) {
                probes.record(explain.writeProbe(), count, System.nanoTime() - start);
            }
        } else {
            Cursor cursor = query(0, ownsTransaction);
            try {
                while (!cursor.exhausted()) {
                    cursor.next(ANALYZE_PAGE_ROWS);
                }
            } finally {
                cursor.close();
            }
        }
        return rows(Explain.lines(explain.operators(), probes, System.nanoTime() - start));
    }

    private static List<Object[]> rows(List<String> lines) {
        List<Object[]> out = new ArrayList<>(lines.size());
        lines.forEach(line -> out.add(new Object[] {line}));
        return out;
    }


    /** Whether the plan changes rows (INSERT, UPDATE, DELETE) rather than returning them. */
    public static boolean writes(Plan plan) {
        return Plan.writes(plan);
    }

    public long update() {
        if (plan instanceof Plan.Insert insert) {
            RowWriter writer = new RowWriter(context.transaction(), insert.catalog());
            List<Object[]> rows = DirectInsert.rows(insert, context);
            if (rows.size() > 1) {
                context.transaction().prefetch(writer.keysToRead(insert.table(), rows));
            }
            for (Object[] row : rows) {
                writer.insert(insert.table(), row);
            }
            return rows.size();
        }
        return DmlExecutor.run((Plan.Dml) plan, context, sql);
    }

    /**
     * The keys this statement, a direct INSERT, will read to check its rows (see {@link
     * RowWriter#keysToRead}); empty for any other statement. A batch reads them for all its rows
     * at once ({@link dev.basalt.txn.Transaction#prefetch}).
     */
    public List<byte[]> keysToRead() {
        if (plan instanceof Plan.Insert insert) {
            return new RowWriter(context.transaction(), insert.catalog()).keysToRead(insert.table(), DirectInsert.rows(insert, context));
        }
        return List.of();
    }

    /**
     * Starts the query. {@code ownsTransaction}: the cursor ends the transaction when it closes
     * (an autocommit query). {@code maxRows} 0 means no limit.
     */
    public Cursor query(long maxRows, boolean ownsTransaction) {
        Plan.Query q = (Plan.Query) plan;
        if (q.forUpdate()) {
            long start = System.nanoTime();
            int locked = ForUpdate.lockRows(q, context, sql);
            if (explain != null && explain.lockProbe() >= 0) {
                probes.record(explain.lockProbe(), locked, System.nanoTime() - start);
            }
        }
        try {
            Enumerator<?> rows = Probes.bind(q.bindable(), context).enumerator();
            return new Cursor(q, rows, maxRows, context.transaction(), ownsTransaction, sql);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a constant expression of the plan (1 / 0) failed as its class initialized.
            throw CalciteErrors.runtime(e, sql);
        }
    }

    /**
     * The rows of a running query, read page by page. Between requests it holds no rows of its own:
     * a page is built by {@link #next} and handed over whole; below it the scan keeps one store page
     * and at most {@code SpanCursor.RANGES_AHEAD} read-ahead pages, so a cursor's memory does not grow
     * with the result.
     */
    public static final class Cursor {
        private final Plan.Query plan;
        private final Enumerator<?> rows;
        private final long maxRows;
        private final Transaction txn;
        /** The cursor ends {@link #txn} when it closes (an autocommit query's own transaction). */
        private final boolean owned;
        private final String sql;
        private final List<RelDataType> types;
        private long delivered;
        private boolean exhausted;
        private boolean closed;

        Cursor(Plan.Query plan, Enumerator<?> rows, long maxRows, Transaction txn, boolean owned, String sql) {
            this.plan = plan;
            this.rows = rows;
            this.maxRows = maxRows;
            this.txn = txn;
            this.owned = owned;
            this.sql = sql;
            this.types = plan.rowTypes();
        }

        public List<ResultColumn> columns() {
            return plan.columns();
        }

        public boolean exhausted() {
            return exhausted;
        }

        /** Whether closing the cursor ends its transaction (an autocommit query). */
        public boolean ownsTransaction() {
            return owned;
        }


        /** Up to {@code count} further rows; {@link #exhausted} tells whether any remain. */
        public List<Object[]> next(int count) {
            List<Object[]> page = new ArrayList<>(Math.min(count, 1_024));
            try {
                while (page.size() < count && !exhausted) {
                    txn.checkCancelled(); // once per row: a cancel or timeout stops the row loop
                    if ((maxRows > 0 && delivered >= maxRows) || !rows.moveNext()) {
                        exhausted = true;
                        break;
                    }
                    Object current = rows.current();
                    Object[] internal = current instanceof Object[] a ? a : new Object[] {current};
                    Object[] out = new Object[internal.length];
                    for (int i = 0; i < internal.length; i++) {
                        out[i] = Values.toClient(internal[i], types.get(i));
                    }
                    page.add(out);
                    delivered++;
                }
            } catch (RuntimeException e) {
                close();
                throw CalciteErrors.runtime(e, sql);
            }
            return page;
        }

        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            exhausted = true;
            try {
                rows.close();
            } finally {
                if (owned) {
                    txn.close();
                }
            }
        }
    }

    // ---------------------------------------------------------------- describing plans

    public static List<Integer> paramJdbcTypes(Plan plan) {
        List<Integer> out = new ArrayList<>();
        for (RelDataType t : plan.paramTypes()) {
            out.add(TypeMapping.fromRelType(t).jdbcType());
        }
        return out;
    }

    public static List<ResultColumn> columns(Plan plan) {
        if (plan instanceof Plan.Explain) {
            return List.of(Plan.Explain.COLUMN);
        }
        return plan instanceof Plan.Query q ? q.columns() : List.of();
    }

    public enum ControlKind { BEGIN, COMMIT, ROLLBACK, SET_ISOLATION }

    public static ControlKind controlKind(Plan.Control control) {
        return Statements.controlKind(control.node());
    }

    /** The isolation level a BEGIN or SET TRANSACTION names, or null. */
    public static IsolationLevel controlIsolation(Plan.Control control) {
        return Statements.controlIsolation(control.node());
    }
}
