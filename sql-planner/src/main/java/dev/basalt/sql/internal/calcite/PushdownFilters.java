package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.RowFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * The part of a scan's filters and projection the ranges can apply themselves ({@link RowFilter}),
 * built per execution with the parameters' values. A conjunct is handed down when it is made of
 * comparisons of a column with a constant, IS [NOT] NULL, AND, OR and NOT over columns of integer,
 * DECIMAL, date and time types (and VARCHAR or BOOLEAN for {@code =} and {@code <>}); other
 * conjuncts stay with the reader. Inside AND and OR a part that cannot go down may be dropped only
 * where that keeps more rows, never fewer (not under NOT): the ranges only thin out what the
 * reader filters again.
 */
final class PushdownFilters {
    private PushdownFilters() {
    }

    /** The row filter program for a scan of {@code table}, or null when it would keep every row whole. */
    static byte[] program(TableDef table, List<RexNode> filters, int[] projects, DataContext root) {
        List<RowFilter.Node> parts = new ArrayList<>();
        RexBuilder rex = new RexBuilder(root.getTypeFactory());
        for (RexNode filter : filters) {
            RowFilter.Node n = translate(table, RexUtil.expandSearch(rex, null, filter), false, root);
            if (n != null) {
                parts.add(n);
            }
        }
        RowFilter.Node predicate = parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new RowFilter.All(parts);
        int[] projected = null;
        if (projects != null && projects.length < table.columns().size()) {
            projected = new int[projects.length];
            for (int i = 0; i < projects.length; i++) {
                projected[i] = table.column(projects[i]).id();
            }
        }
        return predicate == null && projected == null ? null : RowFilter.encode(projected, predicate);
    }

    /**
     * A row filter program (no projection) that keeps exactly the rows every one of
     * {@code filters} holds for, with this execution's parameter values; null when one of them
     * cannot be expressed exactly (it would have to be evaluated by the reader).
     */
    static byte[] exactProgram(TableDef table, List<RexNode> filters, DataContext root) {
        List<RowFilter.Node> parts = new ArrayList<>();
        RexBuilder rex = new RexBuilder(root.getTypeFactory());
        for (RexNode filter : filters) {
            RowFilter.Node n = translate(table, RexUtil.expandSearch(rex, null, filter), true, root);
            if (n == null) {
                return null;
            }
            parts.add(n);
        }
        return RowFilter.encode(null, parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new RowFilter.All(parts));
    }

    /**
     * The conjuncts of {@code filters} a scan of {@code table} hands to the ranges whole, judged
     * without parameter values (for EXPLAIN): a parameter is taken to hold a value of its column's
     * type. At run time a parameter whose value does not fit keeps its conjunct at the reader.
     */
    static List<RexNode> pushable(TableDef table, List<RexNode> filters, RexBuilder rex) {
        List<RexNode> out = new ArrayList<>();
        for (RexNode filter : filters) {
            if (translate(table, RexUtil.expandSearch(rex, null, filter), true, null) != null) {
                out.add(filter);
            }
        }
        return out;
    }

    /**
     * {@code node} as a row filter, or null. {@code root} null: parameter values are not known
     * (see {@link #pushable}). {@code exact}: the result must hold exactly when the
     * node does; otherwise it may hold more often (parts of an AND that cannot go down are dropped).
     */
    private static RowFilter.Node translate(TableDef table, RexNode node, boolean exact, DataContext root) {
        switch (node.getKind()) {
            case AND -> {
                List<RowFilter.Node> parts = new ArrayList<>();
                for (RexNode operand : ((RexCall) node).getOperands()) {
                    RowFilter.Node p = translate(table, operand, exact, root);
                    if (p == null && exact) {
                        return null;
                    }
                    if (p != null) {
                        parts.add(p);
                    }
                }
                return parts.isEmpty() ? null : new RowFilter.All(parts);
            }
            case OR -> {
                List<RowFilter.Node> parts = new ArrayList<>();
                for (RexNode operand : ((RexCall) node).getOperands()) {
                    RowFilter.Node p = translate(table, operand, exact, root);
                    if (p == null) {
                        return null; // a disjunct that cannot go down could keep any row
                    }
                    parts.add(p);
                }
                return new RowFilter.Any(parts);
            }
            case NOT -> {
                RowFilter.Node p = translate(table, ((RexCall) node).getOperands().get(0), true, root);
                return p == null ? null : new RowFilter.Not(p);
            }
            case IS_NULL, IS_NOT_NULL -> {
                RexNode operand = ((RexCall) node).getOperands().get(0);
                return operand instanceof RexInputRef ref
                        ? new RowFilter.Null(table.column(ref.getIndex()).id(), node.getKind() == SqlKind.IS_NULL) : null;
            }
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                return comparison(table, (RexCall) node, root);
            }
            default -> {
                return null;
            }
        }
    }

    private static RowFilter.Node comparison(TableDef table, RexCall call, DataContext root) {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        RexInputRef ref;
        RexNode constant;
        if (a instanceof RexInputRef r && AccessPath.isConstant(b)) {
            ref = r;
            constant = b;
        } else if (b instanceof RexInputRef r && AccessPath.isConstant(a)) {
            ref = r;
            constant = a;
            kind = kind.reverse();
        } else {
            return null;
        }
        if (a.getType().getSqlTypeName().getFamily() != b.getType().getSqlTypeName().getFamily()) {
            return null; // a conversion Calcite would make; leave it to Calcite
        }
        ColumnType type = table.column(ref.getIndex()).type();
        Object value = value(constant, root, type);
        if (value == null) {
            return null;
        }
        boolean equality = kind == SqlKind.EQUALS || kind == SqlKind.NOT_EQUALS;
        if ((value instanceof String || value instanceof Boolean) && !equality) {
            return null;
        }
        RowFilter.Cmp cmp = switch (kind) {
            case EQUALS -> RowFilter.Cmp.EQ;
            case NOT_EQUALS -> RowFilter.Cmp.NE;
            case LESS_THAN -> RowFilter.Cmp.LT;
            case LESS_THAN_OR_EQUAL -> RowFilter.Cmp.LE;
            case GREATER_THAN -> RowFilter.Cmp.GT;
            default -> RowFilter.Cmp.GE;
        };
        return new RowFilter.Compare(cmp, table.column(ref.getIndex()).id(), value);
    }

    /** The constant as the filter compares it with a column of {@code type}, or null if it cannot. */
    private static Object value(RexNode constant, DataContext root, ColumnType type) {
        Object v;
        if (constant instanceof RexDynamicParam p && root == null) {
            v = switch (type.kind()) {
                case SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP, DECIMAL -> BigDecimal.ZERO;
                case VARCHAR -> "";
                case BOOLEAN -> Boolean.FALSE;
                default -> null;
            };
        } else if (constant instanceof RexDynamicParam p) {
            v = root.get("?" + p.getIndex());
        } else {
            RexLiteral literal = (RexLiteral) constant;
            v = literal.getType().getSqlTypeName().getFamily() == SqlTypeFamily.NUMERIC ? literal.getValueAs(BigDecimal.class)
                    : literal.getValue2();
        }
        if (v == null) {
            return null;
        }
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP -> {
                if (v instanceof BigDecimal d) {
                    try {
                        yield d.longValueExact();
                    } catch (ArithmeticException e) {
                        yield null;
                    }
                }
                yield v instanceof Number n && !(v instanceof Double) && !(v instanceof Float) ? (Object) n.longValue() : null;
            }
            case DECIMAL -> v instanceof BigDecimal d ? d
                    : v instanceof Number n && !(v instanceof Double) && !(v instanceof Float) ? BigDecimal.valueOf(n.longValue()) : null;
            case VARCHAR -> v instanceof String ? v : null;
            case BOOLEAN -> v instanceof Boolean ? v : null;
            default -> null;
        };
    }
}
