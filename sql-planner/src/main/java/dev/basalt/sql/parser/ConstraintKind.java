package dev.basalt.sql.parser;

import org.apache.calcite.sql.SqlKind;

/** The kinds of key constraint a table or column declares. */
public enum ConstraintKind {
    PRIMARY_KEY("PRIMARY KEY", SqlKind.PRIMARY_KEY),
    UNIQUE("UNIQUE", SqlKind.UNIQUE),
    FOREIGN_KEY("FOREIGN KEY", SqlKind.FOREIGN_KEY);

    private final String sql;
    private final SqlKind sqlKind;

    ConstraintKind(String sql, SqlKind sqlKind) {
        this.sql = sql;
        this.sqlKind = sqlKind;
    }

    /** The words as SQL spells them in a table constraint, for example {@code FOREIGN KEY}. */
    public String sql() {
        return sql;
    }

    /** Calcite's kind for a node of this constraint. */
    public SqlKind sqlKind() {
        return sqlKind;
    }
}
