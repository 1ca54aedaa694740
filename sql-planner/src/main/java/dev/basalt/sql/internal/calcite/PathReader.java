package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.RowCodec;
import dev.basalt.sql.internal.rows.TableRows;
import dev.basalt.range.StorageKey;
import dev.basalt.txn.Transaction;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * Reads the rows of an {@link AccessPath} for one execution: binds its constants to this
 * execution's parameter values, turns them into keys or key spans, and reads them in the
 * statement's transaction. A value that no stored key can equal (NULL, a fraction against an
 * integer column, more digits than the column holds) matches nothing; a bound that cannot be
 * encoded is dropped (the span only grows; the scan's filters still decide).
 */
final class PathReader {
    /** A bound or equality value that has no key encoding in the column's type. */
    private static final Object NO_KEY = new Object();

    private PathReader() {
    }

    /**
     * The rows of {@code path}; a scan of the primary index hands {@code pushed} (a
     * {@link dev.basalt.sql.internal.rows.RowFilter} program, or null) to the ranges.
     */
    static Enumerator<Object[]> read(AccessPath path, TableDef table, Transaction txn, DataContext root, byte[] pushed) {
        return switch (path.kind()) {
            case KEYS -> keys(path, table, txn, root);
            case PRIMARY_SPANS -> TableRows.scanSpans(txn, table, primarySpans(path, table, root), pushed);
            case INDEX_SPANS -> TableRows.scanIndexSpans(txn, table, path.index(), indexSpans(path, table, root));
            case FULL_SCAN -> TableRows.scanSpans(txn, table, TableRows.wholeTable(table), pushed);
        };
    }

    /**
     * The primary-index key spans {@code path} reads — the spans of a PRIMARY_SPANS path, or the
     * whole table for a FULL_SCAN — or null for a path that reads keys or index entries.
     */
    static List<byte[][]> primaryIndexSpans(AccessPath path, TableDef table, DataContext root) {
        return switch (path.kind()) {
            case PRIMARY_SPANS -> primarySpans(path, table, root);
            case FULL_SCAN -> TableRows.wholeTable(table);
            case KEYS, INDEX_SPANS -> null;
        };
    }

    private static Enumerator<Object[]> keys(AccessPath path, TableDef table, Transaction txn, DataContext root) {
        TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        for (Object[] row : combinations(table, table.primaryKey(), path.fixed(), root)) {
            keys.add(TableRows.keyOf(table, row));
        }
        List<Object[]> rows = new ArrayList<>(keys.size());
        if (!keys.isEmpty()) {
            for (byte[] value : txn.getAll(new ArrayList<>(keys))) {
                if (value != null) {
                    rows.add(RowCodec.decode(table, value));
                }
            }
        }
        return Linq4j.enumerator(rows);
    }

    private static List<byte[][]> primarySpans(AccessPath path, TableDef table, DataContext root) {
        List<Integer> prefix = table.primaryKey().subList(0, path.fixed().size());
        // The slot needs every distribution column; the key prefix needs the leading key columns.
        List<Integer> columns = new ArrayList<>(prefix);
        List<List<RexNode>> constants = new ArrayList<>(path.fixed());
        for (int i = 0; i < table.distribution().size(); i++) {
            if (!columns.contains(table.distribution().get(i))) {
                columns.add(table.distribution().get(i));
                constants.add(path.distribution().get(i));
            }
        }
        Integer next = prefix.size() < table.primaryKey().size() ? table.primaryKey().get(prefix.size()) : null;
        List<byte[][]> spans = new ArrayList<>();
        for (Object[] row : combinations(table, columns, constants, root)) {
            byte[] start = StorageKey.of(table.tableId(), TableRows.PRIMARY_INDEX, TableRows.primarySlot(table, row),
                    TableRows.keyColumns(table, prefix, row, false));
            spans.add(span(table, start, next, path, root, false));
        }
        return spans;
    }

    private static List<byte[][]> indexSpans(AccessPath path, TableDef table, DataContext root) {
        TableDef.IndexDef index = path.index();
        List<Integer> prefix = index.columns().subList(0, path.fixed().size());
        Integer next = prefix.size() < index.columns().size() ? index.columns().get(prefix.size()) : null;
        List<byte[][]> spans = new ArrayList<>();
        for (Object[] row : combinations(table, prefix, path.fixed(), root)) {
            int slot = TableRows.indexSlot(table, index, row[prefix.get(0)]);
            byte[] start = StorageKey.of(table.tableId(), index.indexId(), slot, TableRows.keyColumns(table, prefix, row, true));
            spans.add(span(table, start, next, path, root, true));
        }
        return spans;
    }

    /** The span of keys starting with {@code prefix}, narrowed by the path's range on column {@code next}. */
    private static byte[][] span(TableDef table, byte[] prefix, Integer next, AccessPath path, DataContext root, boolean nullable) {
        byte[] start = prefix;
        byte[] end = TableRows.prefixEnd(prefix);
        if (next == null) {
            return new byte[][] {start, end};
        }
        ColumnType type = table.column(next).type();
        if (nullable && (path.lower() != null || path.upper() != null)) {
            start = concat(prefix, new byte[] {1}); // NULL entries (0x00) fail every comparison
        }
        Object lower = path.lower() == null ? NO_KEY : keyValue(constant(path.lower().constant(), root), type, RoundingMode.CEILING);
        if (lower != NO_KEY) {
            start = concat(prefix, encode(type, lower, nullable));
        }
        Object upper = path.upper() == null ? NO_KEY : keyValue(constant(path.upper().constant(), root), type, RoundingMode.FLOOR);
        if (upper != NO_KEY) {
            end = TableRows.prefixEnd(concat(prefix, encode(type, upper, nullable)));
        }
        return new byte[][] {start, end};
    }

    /**
     * Every combination of the constants of {@code columns} as a row (other positions null),
     * leaving out values that match no key (so an empty list when a column has none).
     */
    private static List<Object[]> combinations(TableDef table, List<Integer> columns, List<List<RexNode>> constants, DataContext root) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[table.columns().size()]);
        for (int i = 0; i < columns.size(); i++) {
            int column = columns.get(i);
            List<Object> values = new ArrayList<>();
            for (RexNode c : constants.get(i)) {
                Object v = keyValue(constant(c, root), table.column(column).type(), RoundingMode.UNNECESSARY);
                if (v != NO_KEY && !values.contains(v)) {
                    values.add(v);
                }
            }
            List<Object[]> extended = new ArrayList<>(rows.size() * values.size());
            for (Object[] row : rows) {
                for (Object v : values) {
                    Object[] copy = row.clone();
                    copy[column] = v;
                    extended.add(copy);
                }
            }
            rows = extended;
        }
        return rows;
    }

    /**
     * The key value of constant {@code c} (a literal or {@code ?}) for a column of {@code type}
     * when it is compared by {@code =}, or null when no stored key can equal it.
     */
    static Object equalityKey(RexNode c, ColumnType type, DataContext root) {
        return equalityKey(constant(c, root), type);
    }

    /** The key value of {@code value} for a column of {@code type} compared by {@code =}, or null when no key can equal it. */
    static Object equalityKey(Object value, ColumnType type) {
        Object v = keyValue(value, type, RoundingMode.UNNECESSARY);
        return v == NO_KEY ? null : v;
    }

    private static Object constant(RexNode n, DataContext root) {
        if (n instanceof RexDynamicParam p) {
            return root.get("?" + p.getIndex());
        }
        RexLiteral literal = (RexLiteral) n;
        // getValue2 of an exact numeric literal is its unscaled value; ask for the number itself
        if (literal.getType().getSqlTypeName().getFamily() == SqlTypeFamily.NUMERIC) {
            return literal.getValueAs(BigDecimal.class);
        }
        return literal.getValue2();
    }

    /**
     * {@code value} in the column type's internal representation with its key encoding, or
     * {@link #NO_KEY}. {@code rounding} is UNNECESSARY for an equality (a value that needs
     * rounding equals no stored value) and CEILING or FLOOR for a lower or upper bound.
     */
    private static Object keyValue(Object value, ColumnType type, RoundingMode rounding) {
        if (value == null) {
            return NO_KEY;
        }
        try {
            return switch (type.kind()) {
                case SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP -> {
                    if (value instanceof BigDecimal d) {
                        BigDecimal whole = d.setScale(0, rounding);
                        yield whole.toBigInteger().bitLength() < Long.SIZE ? (Object) whole.longValueExact() : NO_KEY;
                    }
                    yield value instanceof Number n ? (Object) n.longValue() : NO_KEY;
                }
                case DECIMAL -> {
                    BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
                    BigDecimal scaled = d.setScale(type.scale(), rounding);
                    yield scaled.precision() <= type.precision() ? scaled : NO_KEY;
                }
                case BOOLEAN -> value instanceof Boolean ? value : NO_KEY;
                case VARCHAR -> value instanceof String ? value : NO_KEY;
                default -> NO_KEY;
            };
        } catch (ArithmeticException | NumberFormatException e) {
            return NO_KEY;
        }
    }

    private static byte[] encode(ColumnType type, Object value, boolean nullable) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(24);
        if (nullable) {
            dev.basalt.sql.internal.rows.KeyCodec.writeNullable(out, type, value);
        } else {
            dev.basalt.sql.internal.rows.KeyCodec.write(out, type, value);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
