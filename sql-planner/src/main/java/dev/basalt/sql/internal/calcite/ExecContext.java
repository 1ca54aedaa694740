package dev.basalt.sql.internal.calcite;

import dev.basalt.txn.Transaction;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * What one execution of a statement sees: the schema of the catalog version it was planned at,
 * the transaction it reads and writes in, its parameter values (as {@code "?0"}, {@code "?1"}, ...,
 * in Calcite's internal representation), the statement's clock and its cancel flag. Generated code
 * reaches tables through {@link #getRootSchema()} and the transaction through {@link #KEY_TRANSACTION};
 * {@code information_schema} reads the session's database name through {@link #KEY_DATABASE}.
 */
public final class ExecContext implements DataContext {
    public static final String KEY_TRANSACTION = "basalt.transaction";
    /** The database the session's client named (a String), or absent: the catalog name information_schema reports. */
    public static final String KEY_DATABASE = "basalt.database";
    /** The operator counters of an EXPLAIN ANALYZE execution ({@code internal.exec.Probes}), or absent. */
    public static final String KEY_PROBES = "basalt.probes";

    private final SchemaPlus root;
    private final JavaTypeFactory typeFactory;
    private final Transaction transaction;
    private final Object[] params;
    private final String database;
    private final String user;
    private final Object probes;
    private final long statementMillis;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public ExecContext(SchemaPlus root, JavaTypeFactory typeFactory, Transaction transaction, Object[] params, String database) {
        this(root, typeFactory, transaction, params, database, null, null);
    }

    /**
     * {@code user}: the session's user, which CURRENT_USER, SESSION_USER and USER return (Calcite
     * reads it as {@link Variable#USER}); null reads as {@code basalt}. {@code probes}: what
     * {@link #KEY_PROBES} answers (null: none).
     */
    public ExecContext(SchemaPlus root, JavaTypeFactory typeFactory, Transaction transaction, Object[] params, String database,
                       String user, Object probes) {
        this.probes = probes;
        this.user = user == null ? dev.basalt.sql.auth.Users.BOOTSTRAP_USER : user;
        this.root = root;
        this.typeFactory = typeFactory;
        this.transaction = transaction;
        this.params = params;
        this.database = database;
        // CURRENT_TIMESTAMP is the statement's start, in UTC (Basalt's timestamps carry no zone).
        this.statementMillis = System.currentTimeMillis();
    }

    public Transaction transaction() {
        return transaction;
    }

    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public SchemaPlus getRootSchema() {
        return root;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
        return typeFactory;
    }

    @Override
    public QueryProvider getQueryProvider() {
        return null;
    }

    @Override
    public Object get(String name) {
        if (name.startsWith("?")) {
            int index = Integer.parseInt(name.substring(1));
            return index < params.length ? params[index] : null;
        }
        if (name.equals(KEY_TRANSACTION)) {
            return transaction;
        }
        if (name.equals(KEY_DATABASE)) {
            return database;
        }
        if (name.equals(KEY_PROBES)) {
            return probes;
        }
        if (name.equals(Variable.CURRENT_TIMESTAMP.camelName) || name.equals(Variable.LOCAL_TIMESTAMP.camelName)
                || name.equals(Variable.UTC_TIMESTAMP.camelName)) {
            return statementMillis;
        }
        if (name.equals(Variable.USER.camelName) || name.equals(Variable.SYSTEM_USER.camelName)) {
            return user;
        }
        if (name.equals(Variable.TIME_ZONE.camelName)) {
            return TimeZone.getTimeZone("UTC");
        }
        if (name.equals(Variable.CANCEL_FLAG.camelName)) {
            return cancelled;
        }
        if (name.equals(Variable.LOCALE.camelName)) {
            return java.util.Locale.ROOT;
        }
        return null;
    }
}
