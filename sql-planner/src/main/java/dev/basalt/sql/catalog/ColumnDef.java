package dev.basalt.sql.catalog;

/**
 * A column of a table. {@code id} is stable for the column's life and is what stored rows carry,
 * so adding a column rewrites nothing and a dropped column's id is never reused.
 * {@code defaultSql} is the DEFAULT expression as SQL text, or null (the default is NULL).
 */
public record ColumnDef(int id, String name, ColumnType type, boolean nullable, String defaultSql) {
}
