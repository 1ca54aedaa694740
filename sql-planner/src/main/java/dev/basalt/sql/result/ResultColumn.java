package dev.basalt.sql.result;

/**
 * A column of a statement's result as a client sees it: label, underlying column and table names
 * (empty when the column is computed), JDBC type number and plain type name, precision, scale,
 * nullability.
 */
public record ResultColumn(String label, String name, String table, int jdbcType, String typeName, int precision, int scale,
                           boolean nullable) {
}
