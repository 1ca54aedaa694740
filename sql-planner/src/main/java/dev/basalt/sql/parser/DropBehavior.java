package dev.basalt.sql.parser;

/** The end of DROP TABLE and DROP VIEW: what happens to objects that depend on the dropped one. */
public enum DropBehavior {
    /** Refuse to drop an object others depend on; the default, as in PostgreSQL. */
    RESTRICT,
    /** Drop the dependent objects too. */
    CASCADE
}
