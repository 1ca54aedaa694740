package dev.basalt.sql;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.auth.SessionUser;
import dev.basalt.sql.auth.UserDirectory;
import dev.basalt.sql.auth.UserStore;
import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.CatalogCodec;
import dev.basalt.sql.internal.calcite.CatalogSchema;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.exec.DdlExecutor;
import dev.basalt.sql.internal.exec.IndexBackfill;
import dev.basalt.sql.internal.exec.Plan;
import dev.basalt.sql.internal.exec.PlanCache;
import dev.basalt.sql.internal.exec.SqlText;
import dev.basalt.sql.internal.exec.StatementPlanner;
import dev.basalt.sql.internal.exec.UserStatements;
import dev.basalt.range.ScanFilter;
import dev.basalt.sql.internal.rows.PartialAggregate;
import dev.basalt.sql.internal.rows.RowFilter;
import dev.basalt.txn.TransactionManager;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.calcite.sql.SqlNode;

/**
 * A node's SQL engine: the catalog as this node last read it, the plan cache, and the transaction
 * manager its sessions run transactions through. One per node, shared by every session on it.
 *
 * <p>The catalog is refreshed from the {@link CatalogStore} every {@link #CATALOG_REFRESH_MS} by
 * the node (see {@link #refreshCatalog}) and at once after a DDL on this node, so a DDL on one
 * node is seen by sessions on another within about a second.
 *
 * <p>The catalog is also a lease: a statement is planned only on a catalog this node read from
 * the meta group at most {@link #CATALOG_LEASE_MS} ago (an older one is re-read first, and a node
 * that cannot reach the meta group runs no statements). So once a DDL has stored a catalog and
 * waited out the lease, every statement that starts anywhere sees it — what the online index
 * changes rely on ({@link #awaitCatalogLease}). A transaction that wrote on an older catalog and
 * commits after a newer one added an index to a table it wrote is refused at commit
 * ({@code WriteSchemas}).
 */
public final class SqlEngine {
    /** How often a node re-reads the catalog version. */
    public static final long CATALOG_REFRESH_MS = 500;
    /** Plans kept, least recently used out first. */
    public static final int PLAN_CACHE_MAX = 4_096;
    /** A statement is planned only on a catalog read from the meta group at most this long ago. */
    public static final long CATALOG_LEASE_MS = 1_500;
    /**
     * How long a schema change waits beyond the lease for commits that passed their schema check
     * on an older catalog just before the lease ran out to draw their commit timestamps.
     */
    public static final long SCHEMA_SETTLE_MS = 1_000;
    /** A DDL retries its compare-and-set this many times when other DDLs keep winning. */
    static final int DDL_ATTEMPTS_MAX = 16;

    private final TransactionManager txns;
    private final CatalogStore store;
    private final UserDirectory users;
    /** Salts of new password verifiers. */
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private final PlanCache plans = new PlanCache(PLAN_CACHE_MAX);
    private volatile CatalogSchema schema = new CatalogSchema(Catalog.EMPTY);
    /** {@link System#nanoTime} when the last successful catalog read was sent (starts expired). */
    private final java.util.concurrent.atomic.AtomicLong confirmedNanos =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 2 * TimeUnit.MILLISECONDS.toNanos(CATALOG_LEASE_MS));

    /** An engine whose users live in this process's memory (none at first): for tests and tools. */
    public SqlEngine(TransactionManager txns, CatalogStore store) {
        this(txns, store, UserStore.inMemory());
    }

    public SqlEngine(TransactionManager txns, CatalogStore store, UserStore userStore) {
        this.txns = txns;
        this.store = store;
        this.users = new UserDirectory(userStore);
    }

    /** The cluster's users: what a node's connection handler checks passwords against. */
    public UserDirectory users() {
        return users;
    }

    /**
     * The filters this engine's scans hand to the ranges, for the node's range store to build
     * ({@code RangeStoreConfig.withScanFilters}): SQL row filters ({@code RowFilter}) and partial
     * aggregates ({@code PartialAggregate}).
     */
    public static ScanFilter.Factory scanFilters() {
        return (kind, program) -> switch (kind) {
            case RowFilter.KIND -> RowFilter.decode(program);
            case PartialAggregate.KIND -> PartialAggregate.decode(program);
            default -> throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown scan filter kind " + kind + " (SQL row filters are kind "
                    + RowFilter.KIND + ", partial aggregates kind " + PartialAggregate.KIND + ")");
        };
    }

    /** A session without a database name, acting for no particular user ({@link SessionUser#ANONYMOUS}). */
    public SqlSession openSession() {
        return new SqlSession(this, null, SessionUser.ANONYMOUS);
    }

    /**
     * A session for a client that connected naming {@code database} (null or empty: none). Basalt
     * has one database; the name is only what {@code information_schema} reports as the catalog,
     * so that it agrees with the JDBC driver's {@code Connection.getCatalog()}.
     */
    public SqlSession openSession(String database) {
        return openSession(database, SessionUser.ANONYMOUS);
    }

    /**
     * A session for {@code user} (who the connection handler authenticated, or an unauthenticated
     * name on a cluster without users): what CURRENT_USER returns and what user statements check.
     */
    public SqlSession openSession(String database, SessionUser user) {
        return new SqlSession(this, database == null || database.isEmpty() ? null : database, user);
    }

    TransactionManager transactions() {
        return txns;
    }

    /** The newest catalog this node has read. */
    public Catalog catalog() {
        return schema.catalog();
    }

    CatalogSchema schema() {
        return schema;
    }

    /** Reads the stored catalog and installs it if it is newer than this node's. */
    public void refreshCatalog() {
        long sent = System.nanoTime();
        byte[] stored = store.load();
        if (stored != null) {
            install(CatalogCodec.decode(stored));
        }
        confirmedNanos.accumulateAndGet(sent, (held, read) -> read - held > 0 ? read : held);
    }

    /** The catalog, re-read first if this node last read it longer than the lease ago. */
    CatalogSchema leasedSchema() {
        if (System.nanoTime() - confirmedNanos.get() > TimeUnit.MILLISECONDS.toNanos(CATALOG_LEASE_MS)) {
            refreshCatalog();
        }
        return schema;
    }

    /**
     * Waits out the catalog lease and the settle time: afterwards every statement anywhere is
     * planned on the catalog stored before the call, or a newer one. A fixed wait, not a poll —
     * the lease is what bounds the other nodes.
     */
    static void awaitCatalogLease() {
        try {
            Thread.sleep(CATALOG_LEASE_MS + SCHEMA_SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.QUERY_CANCELED, "schema change interrupted while waiting for every node to see it");
        }
    }

    private synchronized void install(Catalog fresh) {
        if (fresh.version() > schema.catalog().version()) {
            schema = new CatalogSchema(fresh);
        }
    }

    /**
     * Applies {@code change} to the newest stored catalog and stores the result if nobody changed
     * the catalog meanwhile, retrying against the newer version otherwise. The change may throw
     * (the table exists, ...); nothing is stored then.
     */
    Catalog changeCatalog(UnaryOperator<Catalog> change) {
        for (int attempt = 0; attempt < DDL_ATTEMPTS_MAX; attempt++) {
            refreshCatalog();
            Catalog base = schema.catalog();
            Catalog next = change.apply(base);
            if (next == base) {
                return base; // nothing to do (IF EXISTS / IF NOT EXISTS)
            }
            if (store.compareAndSet(base.version(), CatalogCodec.encode(next))) {
                install(next);
                return next;
            }
        }
        throw new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "the catalog changed " + DDL_ATTEMPTS_MAX
                + " times while this DDL tried to apply; retry it");
    }

    /** Runs a DDL statement against the catalog or the users (outside any transaction), for {@code user}'s session. */
    void runDdl(Plan.Ddl ddl, SessionUser user) {
        if (UserStatements.isUserStatement(ddl.node())) {
            UserStatements.run(ddl.node(), user, users, random);
            return;
        }
        DdlExecutor.run(ddl.node(), new DdlExecutor.Context() {
            @Override
            public Catalog change(UnaryOperator<Catalog> change) {
                return changeCatalog(change);
            }

            @Override
            public long newTableId() {
                return store.allocateTableIds(1);
            }

            @Override
            public void backfillIndex(TableDef table, TableDef.IndexDef index) {
                IndexBackfill.run(txns, table, index);
            }

            @Override
            public void awaitCatalogLease() {
                SqlEngine.awaitCatalogLease();
            }
        });
    }

    /**
     * The plan of {@code sql} at the current catalog version, from the cache or planned now. A
     * statement naming a table or column this node has not heard of yet makes it read the catalog
     * at once and plan again: a DDL that committed on another node is seen by the next statement
     * that needs it, not only after the next periodic refresh.
     */
    Plan plan(String sql) {
        CatalogSchema used = leasedSchema();
        try {
            return planAt(used, sql);
        } catch (BasaltException e) {
            if (e.code() != ErrorCode.UNDEFINED_TABLE && e.code() != ErrorCode.UNDEFINED_COLUMN) {
                throw e;
            }
            // Compared with the version the statement was planned at: the periodic refresh may
            // have installed a newer catalog while it was being planned.
            refreshCatalog();
            CatalogSchema fresh = schema;
            if (fresh.catalog().version() == used.catalog().version()) {
                throw e;
            }
            return planAt(fresh, sql);
        }
    }

    /** Drops the cached plan of {@code sql} (its compiled code turned out unusable). */
    void forgetPlan(String sql) {
        plans.remove(sql);
    }

    private Plan planAt(CatalogSchema s, String sql) {
        long version = s.catalog().version();
        Plan plan = plans.get(version, sql);
        if (plan == null) {
            String text = SqlText.normalize(sql);
            SqlNode parsed = SqlText.parse(text);
            plan = StatementPlanner.plan(s, parsed, text);
            if (!(plan instanceof Plan.Ddl) && !(plan instanceof Plan.Control)) {
                plans.put(version, sql, plan);
            }
        }
        return plan;
    }
}
