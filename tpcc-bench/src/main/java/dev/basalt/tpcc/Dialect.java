package dev.basalt.tpcc;

import java.util.List;
import java.util.Locale;

/**
 * Where the databases the harness runs against differ. The tables, statements and transactions
 * are the same for all; what differs is when indexes are best built and what to do after a load.
 */
public enum Dialect {
    /**
     * Basalt: tables are hash-placed by their first primary-key column, which is the warehouse id
     * in every table but ITEM, so no {@code DISTRIBUTE BY} is needed. A {@code CREATE INDEX} is an
     * online build that takes seconds even on an empty table and then fills in batches, so indexes
     * are created before loading and maintained by the inserts.
     */
    BASALT(true, List.of()),
    /** PostgreSQL: indexes are built after loading (one sort instead of many inserts), then ANALYZE. */
    POSTGRESQL(false, List.of("ANALYZE")),
    /** Any other JDBC database: the PostgreSQL way, without ANALYZE. */
    OTHER(false, List.of());

    private final boolean indexesBeforeLoad;
    private final List<String> afterLoad;

    Dialect(boolean indexesBeforeLoad, List<String> afterLoad) {
        this.indexesBeforeLoad = indexesBeforeLoad;
        this.afterLoad = afterLoad;
    }

    /** The dialect of a JDBC URL, by its sub-protocol. */
    public static Dialect of(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:basalt:")) {
            return BASALT;
        } else if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        return OTHER;
    }

    public boolean indexesBeforeLoad() {
        return indexesBeforeLoad;
    }

    /** Statements run once every table is loaded (and indexed). */
    public List<String> afterLoad() {
        return afterLoad;
    }

    public String dropTable(String table) {
        return "DROP TABLE IF EXISTS " + table + " CASCADE";
    }
}
