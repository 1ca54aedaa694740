package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnType;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * One read-only table of {@code information_schema}: its columns, and its rows as a function of
 * the catalog name the executing session reports ({@link ExecContext#KEY_DATABASE}). The rows are
 * computed from the catalog version the table belongs to when a statement scans it; nothing is
 * stored. Every column may hold NULL, as in the SQL standard's views.
 */
final class SystemTable extends AbstractTable implements ScannableTable {
    /** A column: its name (upper case, as unquoted names fold) and its type as the catalog would store it. */
    record Column(String name, ColumnType type) {
    }

    private final String name;
    private final List<Column> columns;
    private final Function<String, List<Object[]>> rows;

    /**
     * @param rows the table's rows, given the catalog name to report (null when the session named
     *             no database); each row holds one value per column, in column order
     */
    SystemTable(String name, List<Column> columns, Function<String, List<Object[]>> rows) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    String name() {
        return name;
    }

    List<Column> columns() {
        return columns;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder b = typeFactory.builder();
        for (Column c : columns) {
            b.add(c.name(), TypeMapping.toRelType(typeFactory, c.type(), true));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        Object database = root.get(ExecContext.KEY_DATABASE);
        List<Object[]> out = rows.apply(database instanceof String s ? s : null);
        for (Object[] row : out) {
            if (row.length != columns.size()) {
                throw new IllegalStateException("information_schema." + name + ": a row has " + row.length + " values for "
                        + columns.size() + " columns");
            }
        }
        return Linq4j.asEnumerable(out);
    }
}
