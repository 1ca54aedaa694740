package dev.basalt.txn;

/**
 * The isolation levels a transaction may ask for. Only levels Basalt really enforces may be
 * granted: {@link TransactionManager#begin} refuses {@link #SERIALIZABLE} instead of silently
 * running it as snapshot isolation (DESIGN.md section 4).
 */
public enum IsolationLevel {
    /**
     * Every statement reads at a fresh timestamp taken by {@link Transaction#newStatement()}, so it
     * sees everything committed before the statement began. Writes are still checked for conflicts
     * against the transaction's start timestamp (a key committed by someone else after the start
     * makes the commit fail with 40001), which is stricter than PostgreSQL's READ COMMITTED but
     * never loses an update.
     */
    READ_COMMITTED,
    /**
     * Snapshot isolation: every read at the start timestamp, first committer wins on write-write
     * conflicts. JDBC calls it REPEATABLE READ. Write skew is possible, as snapshot isolation allows.
     */
    SNAPSHOT,
    /** Not provided: asking for it fails with ISOLATION_NOT_SUPPORTED (22023). */
    SERIALIZABLE
}
