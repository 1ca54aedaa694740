package dev.basalt.sql.parser;

/** What a foreign key does to referencing rows when the referenced row is deleted or updated. */
public enum ReferentialAction {
    /** SQL's default when no action is written; checked at the end of the statement. */
    NO_ACTION("NO ACTION"),
    /** Like NO ACTION, but checked at once. */
    RESTRICT("RESTRICT"),
    CASCADE("CASCADE"),
    SET_NULL("SET NULL"),
    SET_DEFAULT("SET DEFAULT");

    private final String sql;

    ReferentialAction(String sql) {
        this.sql = sql;
    }

    /** The words as SQL spells them, for example {@code SET NULL}. */
    public String sql() {
        return sql;
    }
}
