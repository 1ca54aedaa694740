package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.RowCodec;
import dev.basalt.sql.internal.rows.RowFilter;
import dev.basalt.sql.internal.rows.TableRows;
import dev.basalt.txn.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Function0;
import org.apache.calcite.rex.RexNode;

/**
 * An inner equi-join that reads its inner table by key (an index-nested-loop join on the primary
 * key): the outer side's rows are read first, each one's join values together with the inner
 * table's other key columns (fixed by {@code =} filters) make a primary key, and the inner rows
 * come by one parallel multi-get of the distinct keys, checked against the inner table's other
 * filters in the gateway ({@link RowFilter}, exactly as the ranges would). TPC-C's Stock-Level
 * reads its 200 order lines' items this way instead of scanning the warehouse's 100,000 STOCK rows.
 *
 * <p>The join Calcite planned stays below it and runs instead when the outer side has more than
 * {@link #OUTER_ROWS_MAX} rows (so many lookups would cost more than the scan) or a {@code ?}
 * value makes a filter inexpressible. Key lookups see the transaction's own writes.
 */
public final class LookupJoin {
    /** Outer rows a lookup join takes at most; with more, the join runs as Calcite planned it. */
    public static final int OUTER_ROWS_MAX = AccessPath.KEYS_MAX;

    private LookupJoin() {
    }

    /**
     * A planned lookup join: the inner table, the outer fields and inner table columns of the join
     * keys (pairwise), the inner key columns fixed by constants (column, constant), the inner
     * filters left to check, the inner columns the join outputs, which side the inner table is,
     * and whether the outer side's rows are single values.
     */
    public record Spec(BasaltTable table, int[] outerKeys, int[] innerKeyColumns, Map<Integer, RexNode> fixed, List<RexNode> remaining,
                       int[] innerProjects, boolean innerIsLeft, boolean outerScalar) {
        public Spec withOuterScalar(boolean scalar) {
            return new Spec(table, outerKeys, innerKeyColumns, fixed, remaining, innerProjects, innerIsLeft, scalar);
        }
    }

    /** Whether join values compare with the inner column of {@code type} as its key bytes do. */
    public static boolean keyComparable(ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT, VARCHAR -> true;
            default -> false;
        };
    }

    /** Whether the inner filters left after the key can all be checked exactly on stored rows. */
    public static boolean checkable(TableDef table, List<RexNode> remaining, org.apache.calcite.rex.RexBuilder rex) {
        return PushdownFilters.pushable(table, remaining, rex).size() == remaining.size();
    }

    /**
     * The join's rows for one execution (arrays of the outer then the inner columns, or the
     * reverse when the inner table is the left input), or the rows of {@code asPlanned}.
     */
    @SuppressWarnings("unchecked")
    public static <T> Enumerable<T> execute(DataContext root, Spec spec, Function0<Enumerable<Object>> outer,
                                            Function0<Enumerable<T>> asPlanned) {
        Transaction txn = (Transaction) root.get(ExecContext.KEY_TRANSACTION);
        TableDef def = spec.table().def();
        byte[] program = PushdownFilters.exactProgram(def, spec.remaining(), root);
        if (program == null) {
            return asPlanned.apply();
        }
        RowFilter check = RowFilter.decode(program);
        Object[] template = new Object[def.columns().size()];
        for (Map.Entry<Integer, RexNode> f : spec.fixed().entrySet()) {
            Object v = PathReader.equalityKey(f.getValue(), def.column(f.getKey()).type(), root);
            if (v == null) {
                return (Enumerable<T>) Linq4j.asEnumerable(List.of()); // no key equals it: no inner row matches
            }
            template[f.getKey()] = v;
        }
        List<Object[]> outerRows = new ArrayList<>();
        try (Enumerator<Object> rows = outer.apply().enumerator()) {
            while (rows.moveNext()) {
                if (outerRows.size() == OUTER_ROWS_MAX) {
                    return asPlanned.apply();
                }
                Object current = rows.current();
                outerRows.add(spec.outerScalar() ? new Object[] {current} : (Object[]) current);
            }
        }
        Map<List<Object>, byte[]> keys = new LinkedHashMap<>();
        List<List<Object>> keyOfOuter = new ArrayList<>(outerRows.size());
        for (Object[] o : outerRows) {
            Object[] row = template.clone();
            List<Object> key = new ArrayList<>(spec.outerKeys().length);
            for (int i = 0; i < spec.outerKeys().length && key != null; i++) {
                int column = spec.innerKeyColumns()[i];
                Object v = PathReader.equalityKey(o[spec.outerKeys()[i]], def.column(column).type());
                if (v == null) {
                    key = null; // NULL (or a value no key equals) joins nothing
                } else {
                    row[column] = v;
                    key.add(v);
                }
            }
            keyOfOuter.add(key);
            if (key != null && !keys.containsKey(key)) {
                keys.put(key, TableRows.keyOf(def, row));
            }
        }
        Map<List<Object>, Object[]> inner = new HashMap<>();
        if (!keys.isEmpty()) {
            List<List<Object>> wanted = new ArrayList<>(keys.keySet());
            List<byte[]> values = txn.getAll(wanted.stream().map(keys::get).toList());
            for (int i = 0; i < wanted.size(); i++) {
                byte[] value = values.get(i);
                if (value != null && check.apply(keys.get(wanted.get(i)), value) != null) {
                    inner.put(wanted.get(i), RowCodec.decode(def, value));
                }
            }
        }
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < outerRows.size(); i++) {
            Object[] match = keyOfOuter.get(i) == null ? null : inner.get(keyOfOuter.get(i));
            if (match != null) {
                out.add(joined(outerRows.get(i), match, spec));
            }
        }
        return (Enumerable<T>) Linq4j.asEnumerable(out);
    }

    private static Object[] joined(Object[] outer, Object[] innerRow, Spec spec) {
        int[] projects = spec.innerProjects();
        Object[] row = new Object[outer.length + projects.length];
        int innerAt = spec.innerIsLeft() ? 0 : outer.length;
        System.arraycopy(outer, 0, row, spec.innerIsLeft() ? projects.length : 0, outer.length);
        for (int i = 0; i < projects.length; i++) {
            row[innerAt + i] = innerRow[projects[i]];
        }
        return row;
    }
}
