package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Recognizes a filter that names every primary-key column with {@code column = constant} (a
 * literal or a {@code ?}), so that the table is read with one key-value get instead of a scan
 * (DESIGN.md section 6's key-value path). Only column types whose equality is byte equality of
 * the key encoding take part (integers, DECIMAL, VARCHAR, BOOLEAN, DATE, TIME, TIMESTAMP); a
 * CHAR column, whose comparison ignores trailing blanks, or a float never does.
 */
public final class KeyLookup {
    /** Per primary-key column (in key order), the conjunct that fixes it. */
    private final RexNode[] keyConjuncts;

    private KeyLookup(RexNode[] keyConjuncts) {
        this.keyConjuncts = keyConjuncts;
    }

    /** The lookup {@code conjuncts} allow on {@code table}, or null if they do not fix its whole primary key. */
    public static KeyLookup of(TableDef table, List<RexNode> conjuncts) {
        if (table.hiddenRowId()) {
            return null;
        }
        RexNode[] found = new RexNode[table.primaryKey().size()];
        for (RexNode conjunct : conjuncts) {
            int column = equalityColumn(conjunct);
            int keyPosition = column < 0 ? -1 : table.primaryKey().indexOf(column);
            if (keyPosition >= 0 && found[keyPosition] == null && lookupType(table.column(column).type())) {
                found[keyPosition] = conjunct;
            }
        }
        for (RexNode n : found) {
            if (n == null) {
                return null;
            }
        }
        return new KeyLookup(found);
    }

    /** The conjuncts this lookup satisfies (a caller may drop them from what it still checks). */
    public List<RexNode> conjuncts() {
        return List.of(keyConjuncts);
    }

    /**
     * The primary-key values of this execution, in the table's column positions (other positions
     * null), or null when a value is NULL (no row can match {@code column = NULL}).
     */
    Object[] keyRow(TableDef table, DataContext root) {
        Object[] row = new Object[table.columns().size()];
        for (int i = 0; i < keyConjuncts.length; i++) {
            int column = table.primaryKey().get(i);
            Object value = constant(((RexCall) keyConjuncts[i]).getOperands(), root);
            if (value == null) {
                return null;
            }
            row[column] = normalize(value, table.column(column).type());
        }
        return row;
    }

    private static int equalityColumn(RexNode conjunct) {
        if (conjunct.getKind() != SqlKind.EQUALS) {
            return -1;
        }
        List<RexNode> operands = ((RexCall) conjunct).getOperands();
        RexNode a = operands.get(0);
        RexNode b = operands.get(1);
        if (a instanceof RexInputRef ref && isConstant(b) && sameType(a, b)) {
            return ref.getIndex();
        }
        if (b instanceof RexInputRef ref && isConstant(a) && sameType(a, b)) {
            return ref.getIndex();
        }
        return -1;
    }

    private static boolean isConstant(RexNode n) {
        return n instanceof RexLiteral || n instanceof RexDynamicParam;
    }

    /** Both sides have one type family without casts, so the constant's value is the column's. */
    private static boolean sameType(RexNode a, RexNode b) {
        return a.getType().getSqlTypeName().getFamily() == b.getType().getSqlTypeName().getFamily() && !RexUtil.isNullLiteral(b, true)
                && !RexUtil.isNullLiteral(a, true);
    }

    private static boolean lookupType(ColumnType t) {
        return switch (t.kind()) {
            case SMALLINT, INTEGER, BIGINT, DECIMAL, VARCHAR, BOOLEAN, DATE, TIME, TIMESTAMP -> true;
            default -> false;
        };
    }

    private static Object constant(List<RexNode> operands, DataContext root) {
        for (RexNode n : operands) {
            if (n instanceof RexDynamicParam p) {
                return root.get("?" + p.getIndex());
            }
            if (n instanceof RexLiteral l) {
                return l.getValue2();
            }
        }
        return null;
    }

    private static Object normalize(Object value, ColumnType type) {
        if (type.kind() == ColumnType.Kind.DECIMAL && !(value instanceof BigDecimal)) {
            return value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(value.toString());
        }
        return value;
    }

    /** The conjuncts of a condition, for {@link #of}. */
    public static List<RexNode> conjunctsOf(RexNode condition) {
        return new ArrayList<>(org.apache.calcite.plan.RelOptUtil.conjunctions(condition));
    }
}
