package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * How a filtered scan of one table reads its rows (DESIGN.md section 6), chosen from the filter's
 * conjuncts without looking at parameter values, so a plan keeps its path across executions:
 * <ul>
 *   <li>{@link Kind#KEYS}: every primary-key column is fixed by {@code =} or {@code IN} — one
 *       multi-get of the keys (at most {@link #KEYS_MAX} combinations);</li>
 *   <li>{@link Kind#PRIMARY_SPANS}: every distribution column is fixed, so the rows live in known
 *       slots — a scan of each slot from the fixed leading primary-key columns, narrowed by a
 *       range on the next one;</li>
 *   <li>{@link Kind#INDEX_SPANS}: the leading columns of a (READY) secondary index are fixed — a
 *       scan of its entries, then a multi-get of the rows they point at;</li>
 *   <li>{@link Kind#FULL_SCAN}: none of these.</li>
 * </ul>
 * Between paths the cheapest by estimated rows read wins, with no statistics yet: each column
 * fixed by equality keeps a tenth of the rows, a range a third, a unique index fixed in full one
 * row per value, and a row reached through an index costs two reads. Only column types whose
 * equality and order are those of their key bytes take part (integers, DECIMAL, BOOLEAN, DATE,
 * TIME, TIMESTAMP; VARCHAR for equality only, as Java and UTF-8 order strings differently): a CHAR
 * column ignores trailing blanks and a float has two zeros, so neither ever does.
 *
 * <p>Spans are supersets: the scan still applies every conjunct a path did not consume (only a
 * {@link Kind#KEYS} path consumes its key conjuncts), so a loose bound costs reads, never rows.
 */
public final class AccessPath {
    /** A key path reads at most this many keys; beyond it, the filter is left to another path. */
    public static final int KEYS_MAX = 1_000;
    /** A span path scans at most this many spans (combinations of fixed values). */
    public static final int SPANS_MAX = 100;
    private static final double TABLE_ROWS_GUESS = 1e6;
    private static final double EQUALITY_SELECTIVITY = 0.1;
    private static final double RANGE_SELECTIVITY = 0.3;
    private static final double INDEX_READ_FACTOR = 2;

    public enum Kind { KEYS, PRIMARY_SPANS, INDEX_SPANS, FULL_SCAN }

    /** A column's lower or upper bound: a constant (literal or parameter), inclusive or not. */
    record Bound(RexNode constant, boolean inclusive) {
    }

    /** The values a column is fixed to ({@code =} or {@code IN}), and the conjuncts saying so. */
    record Fixed(List<RexNode> constants, List<RexNode> conjuncts) {
    }

    private static final AccessPath FULL = new AccessPath(Kind.FULL_SCAN, null, List.of(), null, null, null, List.of(), TABLE_ROWS_GUESS);

    private final Kind kind;
    private final TableDef.IndexDef index;
    /** The fixed columns' constants in path order (primary key, or index columns). */
    private final List<List<RexNode>> fixed;
    /** The column after the fixed ones, when a range narrows it (else -1 bounds are null). */
    private final Bound lower;
    private final Bound upper;
    /** For PRIMARY_SPANS, the constants of each distribution column (decides the slot). */
    private final List<List<RexNode>> distribution;
    private final List<RexNode> consumed;
    private final double cost;

    private AccessPath(Kind kind, TableDef.IndexDef index, List<List<RexNode>> fixed, Bound lower, Bound upper,
                       List<List<RexNode>> distribution, List<RexNode> consumed, double cost) {
        this.kind = kind;
        this.index = index;
        this.fixed = fixed;
        this.lower = lower;
        this.upper = upper;
        this.distribution = distribution;
        this.consumed = consumed;
        this.cost = cost;
    }

    public Kind kind() {
        return kind;
    }

    /** The secondary index an {@link Kind#INDEX_SPANS} path reads, else null. */
    public TableDef.IndexDef index() {
        return index;
    }

    List<List<RexNode>> fixed() {
        return fixed;
    }

    Bound lower() {
        return lower;
    }

    Bound upper() {
        return upper;
    }

    List<List<RexNode>> distribution() {
        return distribution;
    }

    /** The conjuncts this path guarantees (the scan may drop them): the key conjuncts of a KEYS path. */
    public List<RexNode> consumed() {
        return consumed;
    }

    /** The cheapest path {@code conjuncts} allow on {@code table}. */
    public static AccessPath choose(TableDef table, List<RexNode> conjuncts) {
        Map<Integer, Fixed> equal = new HashMap<>();
        Map<Integer, Bound[]> ranges = new HashMap<>();
        for (RexNode conjunct : conjuncts) {
            collect(table, conjunct, equal, ranges);
        }
        AccessPath best = FULL;
        if (!table.hiddenRowId()) {
            best = cheaper(best, primary(table, equal, ranges));
        }
        for (TableDef.IndexDef index : table.indexes()) {
            if (index.readable()) {
                best = cheaper(best, secondary(table, index, equal, ranges));
            }
        }
        return best;
    }

    private static AccessPath cheaper(AccessPath a, AccessPath b) {
        return b != null && b.cost < a.cost ? b : a;
    }

    private static AccessPath primary(TableDef table, Map<Integer, Fixed> equal, Map<Integer, Bound[]> ranges) {
        List<Integer> pk = table.primaryKey();
        int leading = leadingFixed(pk, equal);
        long combinations = combinations(pk.subList(0, leading), equal);
        if (leading == pk.size() && combinations <= KEYS_MAX) {
            List<RexNode> consumed = new ArrayList<>();
            pk.forEach(c -> consumed.addAll(equal.get(c).conjuncts()));
            return new AccessPath(Kind.KEYS, null, constants(pk, equal), null, null, null, List.copyOf(consumed), combinations);
        }
        for (int c : table.distribution()) {
            if (!equal.containsKey(c)) {
                return null;
            }
        }
        List<Integer> prefix = pk.subList(0, leading);
        List<Integer> slotOnly = new ArrayList<>(table.distribution());
        slotOnly.removeAll(prefix);
        long spans = combinations * combinations(slotOnly, equal);
        if (spans > SPANS_MAX) {
            return null;
        }
        Bound[] range = leading < pk.size() ? ranges.get(pk.get(leading)) : null;
        int fixedColumns = leading + slotOnly.size();
        double rows = spans * TABLE_ROWS_GUESS * Math.pow(EQUALITY_SELECTIVITY, fixedColumns) * (range != null ? RANGE_SELECTIVITY : 1);
        return new AccessPath(Kind.PRIMARY_SPANS, null, constants(prefix, equal), range == null ? null : range[0],
                range == null ? null : range[1], constants(table.distribution(), equal), List.of(), rows);
    }

    private static AccessPath secondary(TableDef table, TableDef.IndexDef index, Map<Integer, Fixed> equal, Map<Integer, Bound[]> ranges) {
        List<Integer> columns = index.columns();
        int leading = leadingFixed(columns, equal);
        if (leading == 0) {
            return null; // the leading column's value decides the entries' slot
        }
        long spans = combinations(columns.subList(0, leading), equal);
        if (spans > SPANS_MAX) {
            return null;
        }
        Bound[] range = leading < columns.size() ? ranges.get(columns.get(leading)) : null;
        double rows = index.unique() && leading == columns.size()
                ? spans
                : spans * TABLE_ROWS_GUESS * Math.pow(EQUALITY_SELECTIVITY, leading) * (range != null ? RANGE_SELECTIVITY : 1);
        return new AccessPath(Kind.INDEX_SPANS, index, constants(columns.subList(0, leading), equal), range == null ? null : range[0],
                range == null ? null : range[1], null, List.of(), rows * INDEX_READ_FACTOR);
    }

    private static int leadingFixed(List<Integer> columns, Map<Integer, Fixed> equal) {
        int n = 0;
        while (n < columns.size() && equal.containsKey(columns.get(n))) {
            n++;
        }
        return n;
    }

    private static long combinations(List<Integer> columns, Map<Integer, Fixed> equal) {
        long n = 1;
        for (int c : columns) {
            n = Math.min(n * equal.get(c).constants().size(), Integer.MAX_VALUE);
        }
        return n;
    }

    private static List<List<RexNode>> constants(List<Integer> columns, Map<Integer, Fixed> equal) {
        List<List<RexNode>> out = new ArrayList<>();
        columns.forEach(c -> out.add(equal.get(c).constants()));
        return out;
    }

    // ---------------------------------------------------------------- recognizing conjuncts

    /**
     * Records what {@code conjunct} says about one column: {@code c = k}, {@code c IN (k, ...)}
     * (an OR of equalities on one column) or a comparison with a constant. A column fixed twice
     * keeps its first constraint (the scan checks both anyway).
     */
    private static void collect(TableDef table, RexNode conjunct, Map<Integer, Fixed> equal, Map<Integer, Bound[]> ranges) {
        switch (conjunct.getKind()) {
            case EQUALS -> {
                ColumnConstant cc = columnConstant(table, (RexCall) conjunct, true);
                if (cc != null) {
                    equal.putIfAbsent(cc.column, new Fixed(List.of(cc.constant), List.of(conjunct)));
                }
            }
            case OR -> {
                int column = -1;
                Map<String, RexNode> values = new LinkedHashMap<>();
                for (RexNode disjunct : ((RexCall) conjunct).getOperands()) {
                    ColumnConstant cc = disjunct.getKind() == SqlKind.EQUALS ? columnConstant(table, (RexCall) disjunct, true) : null;
                    if (cc == null || (column >= 0 && cc.column != column)) {
                        return;
                    }
                    column = cc.column;
                    values.putIfAbsent(cc.constant.toString(), cc.constant);
                }
                if (column >= 0) {
                    equal.putIfAbsent(column, new Fixed(List.copyOf(values.values()), List.of(conjunct)));
                }
            }
            case GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL -> {
                ColumnConstant cc = columnConstant(table, (RexCall) conjunct, false);
                if (cc == null) {
                    return;
                }
                SqlKind kind = cc.constantFirst ? conjunct.getKind().reverse() : conjunct.getKind();
                boolean inclusive = kind == SqlKind.GREATER_THAN_OR_EQUAL || kind == SqlKind.LESS_THAN_OR_EQUAL;
                boolean isLower = kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL;
                Bound[] bounds = ranges.computeIfAbsent(cc.column, k -> new Bound[2]);
                int side = isLower ? 0 : 1;
                if (bounds[side] == null) {
                    bounds[side] = new Bound(cc.constant, inclusive);
                }
            }
            default -> {
            }
        }
    }

    private record ColumnConstant(int column, RexNode constant, boolean constantFirst) {
    }

    private static ColumnConstant columnConstant(TableDef table, RexCall call, boolean equality) {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        ColumnConstant cc = null;
        if (a instanceof RexInputRef ref && isConstant(b)) {
            cc = new ColumnConstant(ref.getIndex(), b, false);
        } else if (b instanceof RexInputRef ref && isConstant(a)) {
            cc = new ColumnConstant(ref.getIndex(), a, true);
        }
        if (cc == null || !sameFamily(a, b) || cc.column >= table.columns().size()) {
            return null;
        }
        ColumnType.Kind kind = table.column(cc.column).type().kind();
        return (equality ? equalityType(kind) : orderType(kind)) ? cc : null;
    }

    /** A value a key or a filter can be compared with: a non-NULL literal or a {@code ?}. */
    public static boolean isConstant(RexNode n) {
        return (n instanceof RexLiteral && !RexUtil.isNullLiteral(n, true)) || n instanceof RexDynamicParam;
    }

    /** Both sides have one type family without casts, so the constant's value is the column's. */
    private static boolean sameFamily(RexNode a, RexNode b) {
        return a.getType().getSqlTypeName().getFamily() == b.getType().getSqlTypeName().getFamily();
    }

    private static boolean equalityType(ColumnType.Kind kind) {
        return kind == ColumnType.Kind.VARCHAR || orderType(kind);
    }

    private static boolean orderType(ColumnType.Kind kind) {
        return switch (kind) {
            case SMALLINT, INTEGER, BIGINT, DECIMAL, BOOLEAN, DATE, TIME, TIMESTAMP -> true;
            default -> false;
        };
    }

    /**
     * The path as EXPLAIN shows it, with the columns it fixes and what it touches, known without
     * parameter values: {@code KEYS: 3 keys (at most 3 slots)}, {@code PRIMARY_SPANS on W, D,
     * range on O: 1 span (1 slot)}, {@code INDEX_SPANS of CUSTOMER_NAME on W, D, LAST: 1 span (1 slot)},
     * {@code FULL_SCAN: all 65536 slots}. A key or span whose value matches no stored key is not
     * read at all, so these are upper bounds.
     */
    public String explain(TableDef table) {
        return switch (kind) {
            case KEYS -> {
                long keys = combinationsOf(fixed);
                yield "KEYS: " + keys + (keys == 1 ? " key" : " keys") + " (at most " + keys + (keys == 1 ? " slot)" : " slots)");
            }
            case PRIMARY_SPANS -> {
                List<Integer> prefix = table.primaryKey().subList(0, fixed.size());
                List<Integer> columns = new ArrayList<>(prefix);
                List<List<RexNode>> slotOnly = new ArrayList<>();
                for (int i = 0; i < table.distribution().size(); i++) {
                    if (!prefix.contains(table.distribution().get(i))) {
                        columns.add(table.distribution().get(i));
                        slotOnly.add(distribution.get(i));
                    }
                }
                long spans = combinationsOf(fixed) * combinationsOf(slotOnly);
                List<Integer> next = fixed.size() < table.primaryKey().size() ? List.of(table.primaryKey().get(fixed.size())) : List.of();
                yield "PRIMARY_SPANS on " + columnNames(table, columns, next) + ": " + spans(spans);
            }
            case INDEX_SPANS -> {
                List<Integer> prefix = index.columns().subList(0, fixed.size());
                List<Integer> next = fixed.size() < index.columns().size() ? List.of(index.columns().get(fixed.size())) : List.of();
                yield "INDEX_SPANS of " + index.name() + " on " + columnNames(table, prefix, next) + ": " + spans(combinationsOf(fixed));
            }
            case FULL_SCAN -> "FULL_SCAN: all " + dev.basalt.sql.internal.rows.SlotHash.SLOTS + " slots";
        };
    }

    private String columnNames(TableDef table, List<Integer> prefix, List<Integer> next) {
        List<String> names = new ArrayList<>();
        prefix.forEach(c -> names.add(table.column(c).name()));
        if (!next.isEmpty() && (lower != null || upper != null)) {
            names.add("range on " + table.column(next.get(0)).name());
        }
        return String.join(", ", names);
    }

    private static String spans(long n) {
        return n + (n == 1 ? " span (1 slot)" : " spans (at most " + n + " slots)");
    }

    private static long combinationsOf(List<List<RexNode>> constants) {
        long n = 1;
        for (List<RexNode> c : constants) {
            n = Math.min(n * c.size(), Integer.MAX_VALUE);
        }
        return n;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case KEYS -> "keys";
            case PRIMARY_SPANS -> "primary key spans";
            case INDEX_SPANS -> "index " + index.name();
            case FULL_SCAN -> "full scan";
        };
    }
}
