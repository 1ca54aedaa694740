package dev.basalt.sql.internal.calcite;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.KeyValue;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.PartialAggregate;
import dev.basalt.txn.Transaction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Function0;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * An aggregate over one table computed where the rows are (DESIGN.md section 6): each range folds
 * the rows of the statement's snapshot that pass the scan's filters into per-group partial states
 * ({@link PartialAggregate}), and the gateway merges the partials and finishes the functions —
 * COUNT, SUM, MIN and MAX (and AVG, which Calcite splits into SUM and COUNT) cross the network as
 * one state per group and page instead of every row.
 *
 * <p>The planner pushes an aggregate only when every filter of its scan is either guaranteed by
 * the key spans read or exactly expressible as a {@link dev.basalt.sql.internal.rows.RowFilter}
 * ({@link #pushable}), and only over columns whose values the ranges read the way Calcite compares
 * them. At run time it still reads the rows and lets Calcite aggregate them ({@code rowsHere})
 * when a parameter's value makes a filter inexpressible, or when the statement's transaction has
 * written into the spans read — a range cannot see writes still buffered on the gateway.
 */
public final class RangeAggregate {
    /** Partials taken from a scan per call (each one a page's or {@link PartialAggregate#GROUPS_PER_PARTIAL_MAX} groups' worth). */
    private static final int PARTIALS_PER_READ = 64;

    private RangeAggregate() {
    }

    /** An aggregate function as pushed: the function, the table column it reads (-1 for COUNT(*)), and whether no value means 0 ($SUM0). */
    public record Call(PartialAggregate.Function function, int column, boolean zeroIfEmpty) {
    }

    /**
     * A pushed aggregate: its table and the filters of its scan (over the table's columns), the
     * table columns it groups by, its calls, the SQL types of its output columns (groups then
     * calls), and whether its rows are single values rather than arrays.
     */
    public record Spec(BasaltTable table, List<RexNode> filters, int[] groupColumns, List<Call> calls, List<SqlTypeName> outputTypes,
                       boolean scalar) {
        public Spec withScalar(boolean single) {
            return new Spec(table, filters, groupColumns, calls, outputTypes, single);
        }
    }

    /**
     * Whether a scan of {@code table} with {@code filters} can aggregate in the ranges: its access
     * path reads spans of the primary index (or all of it), and every filter the spans do not
     * guarantee goes to the ranges whole.
     */
    public static boolean pushable(BasaltTable table, List<RexNode> filters, RexBuilder rex) {
        AccessPath path = AccessPath.choose(table.def(), filters);
        if (path.kind() != AccessPath.Kind.FULL_SCAN && path.kind() != AccessPath.Kind.PRIMARY_SPANS) {
            return false;
        }
        List<RexNode> rest = new ArrayList<>(filters);
        rest.removeAll(path.consumed());
        return PushdownFilters.pushable(table.def(), rest, rex).size() == rest.size();
    }

    /** Whether the ranges read values of {@code type} as Calcite compares them (for grouping, MIN and MAX). */
    public static boolean comparable(ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT, DECIMAL, DATE, TIME, TIMESTAMP, CHAR, VARCHAR, BOOLEAN -> true;
            case REAL, DOUBLE, VARBINARY -> false;
        };
    }

    /** Whether the ranges sum values of {@code type} exactly. */
    public static boolean summable(ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT, DECIMAL -> true;
            default -> false;
        };
    }

    /**
     * The aggregate's rows for one execution: computed in the ranges, or by {@code rowsHere} (the
     * same aggregate computed by Calcite over the rows, not run otherwise) where the ranges cannot
     * (see the class comment).
     */
    @SuppressWarnings("unchecked")
    public static <T> Enumerable<T> execute(DataContext root, Spec spec, Function0<Enumerable<T>> rowsHere) {
        Transaction txn = (Transaction) root.get(ExecContext.KEY_TRANSACTION);
        TableDef def = spec.table().def();
        AccessPath path = AccessPath.choose(def, spec.filters());
        List<RexNode> rest = new ArrayList<>(spec.filters());
        rest.removeAll(path.consumed());
        byte[] predicate = PushdownFilters.exactProgram(def, rest, root);
        List<byte[][]> spans = predicate == null ? null : PathReader.primaryIndexSpans(path, def, root);
        if (spans == null || spans.stream().anyMatch(s -> txn.hasWritesIn(s[0], s[1]))) {
            return rowsHere.apply();
        }
        int[] groupIds = Arrays.stream(spec.groupColumns()).map(c -> def.column(c).id()).toArray();
        List<PartialAggregate.Call> calls = new ArrayList<>();
        for (Call c : spec.calls()) {
            calls.add(new PartialAggregate.Call(c.function(), c.column() < 0 ? -1 : def.column(c.column()).id()));
        }
        byte[] program = PartialAggregate.encode(predicate, groupIds, calls);
        PartialAggregate.Groups groups = new PartialAggregate.Groups(groupIds, calls);
        for (byte[][] span : spans) {
            Transaction.KeyScan scan = txn.openScan(span[0], span[1], PartialAggregate.KIND, program);
            List<KeyValue> partials;
            do {
                partials = scan.next(PARTIALS_PER_READ);
                partials.forEach(p -> groups.merge(p.value()));
            } while (partials.size() == PARTIALS_PER_READ);
        }
        List<Object> out = new ArrayList<>(Math.max(1, groups.size()));
        if (groups.size() == 0 && spec.groupColumns().length == 0) {
            out.add(row(spec, List.of(), new Object[spec.calls().size()]));
        }
        for (Map.Entry<List<Object>, Object[]> g : groups.states().entrySet()) {
            out.add(row(spec, g.getKey(), g.getValue()));
        }
        return (Enumerable<T>) Linq4j.asEnumerable(out);
    }

    /** One output row (or its single value): the group's values, then each call's finished state. */
    private static Object row(Spec spec, List<Object> group, Object[] states) {
        int g = group.size();
        Object[] row = new Object[g + states.length];
        for (int i = 0; i < g; i++) {
            row[i] = internal(group.get(i), spec.outputTypes().get(i));
        }
        for (int i = 0; i < states.length; i++) {
            Call c = spec.calls().get(i);
            Object v = states[i];
            boolean counts = c.function() == PartialAggregate.Function.COUNT_ROWS || c.function() == PartialAggregate.Function.COUNT;
            if (v == null && (counts || c.zeroIfEmpty())) {
                v = 0L;
            }
            row[g + i] = internal(v, spec.outputTypes().get(g + i));
        }
        return spec.scalar() ? row[0] : row;
    }

    /** {@code v} (as the ranges read it) in Calcite's representation of {@code type}. */
    private static Object internal(Object v, SqlTypeName type) {
        if (v == null) {
            return null;
        }
        try {
            return switch (type) {
                case TINYINT -> (byte) Math.toIntExact(exactLong(v, type));
                case SMALLINT -> shortExact(exactLong(v, type));
                case INTEGER, DATE, TIME -> Math.toIntExact(exactLong(v, type));
                case BIGINT, TIMESTAMP -> exactLong(v, type);
                case DECIMAL -> v instanceof BigDecimal d ? d : BigDecimal.valueOf((Long) v);
                case CHAR, VARCHAR, BOOLEAN -> v;
                default -> throw new BasaltException(ErrorCode.INTERNAL_ERROR, "an aggregate computed in the ranges cannot produce " + type);
            };
        } catch (ArithmeticException e) {
            throw outOfRange(v, type);
        }
    }

    private static long exactLong(Object v, SqlTypeName type) {
        if (v instanceof Long l) {
            return l;
        }
        try {
            return ((BigDecimal) v).longValueExact();
        } catch (ArithmeticException e) {
            throw outOfRange(v, type);
        }
    }

    private static short shortExact(long v) {
        if (v != (short) v) {
            throw new ArithmeticException("smallint");
        }
        return (short) v;
    }

    private static BasaltException outOfRange(Object v, SqlTypeName type) {
        return new BasaltException(ErrorCode.NUMERIC_OUT_OF_RANGE, "aggregate value " + v + " is out of range for type " + type);
    }
}
