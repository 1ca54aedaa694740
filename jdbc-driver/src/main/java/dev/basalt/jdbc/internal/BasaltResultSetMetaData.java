package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.wire.ColumnMeta;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * A result's columns as the server described them ({@link ColumnMeta}). A column that comes from a
 * table reports the table and schema {@code PUBLIC} (a tool uses them to make a grid editable) and
 * is writable; a computed column has neither and is read-only. The catalog is always "": Basalt
 * does not qualify names with a catalog.
 */
final class BasaltResultSetMetaData implements ResultSetMetaData {
    private final List<ColumnMeta> columns;

    BasaltResultSetMetaData(List<ColumnMeta> columns) {
        this.columns = List.copyOf(columns);
    }

    private ColumnMeta column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "column index " + column
                    + " is out of range; the result has " + columns.size() + " columns");
        }
        return columns.get(column - 1);
    }

    private boolean fromTable(int column) throws SQLException {
        return !column(column).table().isEmpty();
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return JdbcTypes.isCharacter(column(column).jdbcType());
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).nullable() ? columnNullable : columnNoNulls;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return JdbcTypes.isSigned(column(column).jdbcType());
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return JdbcTypes.displaySize(column(column));
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).label();
    }

    /** The column's name in its table; for a computed column, its label. */
    @Override
    public String getColumnName(int column) throws SQLException {
        ColumnMeta c = column(column);
        return c.name().isEmpty() ? c.label() : c.name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return fromTable(column) ? BasaltConnection.SCHEMA_DEFAULT : "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return column(column).precision();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).scale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).table();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return column(column).jdbcType();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        ColumnMeta c = column(column);
        return c.typeName().isEmpty() ? JdbcTypes.name(c.jdbcType()) : c.typeName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return !fromTable(column);
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return fromTable(column);
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return JdbcTypes.className(column(column).jdbcType());
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "the metadata does not implement " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
