package dev.basalt.sql.parser;

/**
 * The four isolation levels of SQL, as written in BEGIN, START TRANSACTION and SET TRANSACTION.
 * The parser accepts all four; which ones Basalt enforces is decided where the statement runs.
 */
public enum IsolationLevel {
    READ_UNCOMMITTED("READ UNCOMMITTED"),
    READ_COMMITTED("READ COMMITTED"),
    REPEATABLE_READ("REPEATABLE READ"),
    SERIALIZABLE("SERIALIZABLE");

    private final String sql;

    IsolationLevel(String sql) {
        this.sql = sql;
    }

    /** The words as SQL spells them, for example {@code REPEATABLE READ}. */
    public String sql() {
        return sql;
    }
}
