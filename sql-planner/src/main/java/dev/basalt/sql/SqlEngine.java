package dev.basalt.sql;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
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
import dev.basalt.txn.TransactionManager;
import java.util.function.UnaryOperator;
import org.apache.calcite.sql.SqlNode;

/**
 * A node's SQL engine: the catalog as this node last read it, the plan cache, and the transaction
 * manager its sessions run transactions through. One per node, shared by every session on it.
 *
 * <p>The catalog is refreshed from the {@link CatalogStore} every {@link #CATALOG_REFRESH_MS} by
 * the node (see {@link #refreshCatalog}) and at once after a DDL on this node, so a DDL on one
 * node is seen by sessions on another within about a second.
 */
public final class SqlEngine {
    /** How often a node re-reads the catalog version. */
    public static final long CATALOG_REFRESH_MS = 500;
    /** Plans kept, least recently used out first. */
    public static final int PLAN_CACHE_MAX = 4_096;
    /** A DDL retries its compare-and-set this many times when other DDLs keep winning. */
    static final int DDL_ATTEMPTS_MAX = 16;

    private final TransactionManager txns;
    private final CatalogStore store;
    private final PlanCache plans = new PlanCache(PLAN_CACHE_MAX);
    private volatile CatalogSchema schema = new CatalogSchema(Catalog.EMPTY);

    public SqlEngine(TransactionManager txns, CatalogStore store) {
        this.txns = txns;
        this.store = store;
    }

    public SqlSession openSession() {
        return new SqlSession(this);
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
        byte[] stored = store.load();
        if (stored == null) {
            return;
        }
        Catalog fresh = CatalogCodec.decode(stored);
        install(fresh);
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

    /** Runs a DDL statement against the catalog (outside any transaction). */
    void runDdl(Plan.Ddl ddl) {
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
        });
    }

    /**
     * The plan of {@code sql} at the current catalog version, from the cache or planned now. A
     * statement naming a table or column this node has not heard of yet makes it read the catalog
     * at once and plan again: a DDL that committed on another node is seen by the next statement
     * that needs it, not only after the next periodic refresh.
     */
    Plan plan(String sql) {
        CatalogSchema used = schema;
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
