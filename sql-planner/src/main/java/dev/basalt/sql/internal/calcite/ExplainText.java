package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDigestIncludeType;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlPostfixOperator;
import org.apache.calcite.sql.SqlPrefixOperator;

/**
 * Expressions and table scans as EXPLAIN prints them: columns by name rather than Calcite's
 * {@code $3}, parameters as {@code ?1}, infix operators in parentheses, and a scan of a Basalt
 * table with the {@link AccessPath} it reads by, the conditions left to check, those the ranges
 * check themselves ({@link PushdownFilters}) and the columns it reads.
 */
public final class ExplainText {
    private ExplainText() {
    }

    /** {@code node} with input {@code i} named {@code names.get(i)}. */
    public static String rex(RexNode node, List<String> names) {
        if (node instanceof RexInputRef ref) {
            return ref.getIndex() < names.size() ? names.get(ref.getIndex()) : "$" + ref.getIndex();
        }
        if (node instanceof RexDynamicParam p) {
            return "?" + (p.getIndex() + 1);
        }
        if (node instanceof RexLiteral literal) {
            return literal.computeDigest(RexDigestIncludeType.NO_TYPE);
        }
        if (!(node instanceof RexCall call)) {
            return node.toString();
        }
        List<String> operands = new ArrayList<>();
        call.getOperands().forEach(o -> operands.add(rex(o, names)));
        if (call.getKind() == SqlKind.CAST) {
            return "CAST(" + operands.get(0) + " AS " + call.getType().getFullTypeString().replace(" NOT NULL", "") + ")";
        }
        String name = call.getOperator().getName();
        if (call.getOperator() instanceof SqlBinaryOperator && operands.size() >= 2) {
            return "(" + String.join(" " + name + " ", operands) + ")";
        }
        if (call.getOperator() instanceof SqlPrefixOperator && operands.size() == 1) {
            return name + " " + operands.get(0);
        }
        if (call.getOperator() instanceof SqlPostfixOperator && operands.size() == 1) {
            return "(" + operands.get(0) + " " + name + ")";
        }
        return name + "(" + String.join(", ", operands) + ")";
    }

    /** The conjunction of {@code conditions}, SEARCH expanded to the comparisons it stands for. */
    public static String conjunction(List<RexNode> conditions, List<String> names, RexBuilder rex) {
        return conditions.stream().map(c -> rex(RexUtil.expandSearch(rex, null, c), names)).collect(Collectors.joining(" AND "));
    }

    /**
     * One scan of a Basalt table: {@code Scan STOCK  access: KEYS: 1 key (at most 1 slot)  filter:
     * ...  in the ranges: ...  columns: ...}. {@code filters} are the conjuncts handed to the scan,
     * {@code projects} the columns it returns (null: all).
     */
    public static String scan(BasaltTable table, List<RexNode> filters, int[] projects, RexBuilder rex) {
        TableDef def = table.def();
        List<String> names = def.columns().stream().map(ColumnDef::name).toList();
        AccessPath path = AccessPath.choose(def, filters);
        StringBuilder out = new StringBuilder("Scan ").append(def.name()).append("  access: ").append(path.explain(def));
        List<RexNode> left = new ArrayList<>(filters);
        left.removeAll(path.consumed());
        if (!left.isEmpty()) {
            out.append("  filter: ").append(conjunction(left, names, rex));
        }
        // Only scans of the primary index hand a row filter and a projection to the ranges (PathReader).
        boolean primaryScan = path.kind() == AccessPath.Kind.PRIMARY_SPANS || path.kind() == AccessPath.Kind.FULL_SCAN;
        if (primaryScan) {
            List<RexNode> pushed = PushdownFilters.pushable(def, left, rex);
            if (!pushed.isEmpty()) {
                out.append("  in the ranges: ").append(conjunction(pushed, names, rex));
            }
        }
        if (projects != null && projects.length < names.size()) {
            List<String> read = new ArrayList<>();
            for (int p : projects) {
                read.add(names.get(p));
            }
            out.append("  columns: ").append(String.join(", ", read));
        }
        return out.toString();
    }
}
