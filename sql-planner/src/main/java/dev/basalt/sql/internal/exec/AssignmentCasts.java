package dev.basalt.sql.internal.exec;

import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Removes the casts Calcite puts on values assigned to columns by INSERT and UPDATE, where the
 * engine's own checks ({@link dev.basalt.sql.internal.rows.ValueRules}) do the assignment
 * instead. Calcite's CAST truncates: {@code 'washer'} into VARCHAR(5) would be stored as
 * {@code 'washe'}. SQL and PostgreSQL say an assignment that does not fit is an error (22001,
 * 22003) and a number is rounded to the column's scale. Only casts within the numeric family and
 * within the character family are removed; the checks handle exactly those.
 */
final class AssignmentCasts {
    private AssignmentCasts() {
    }

    /**
     * {@code source} with the casts of its assigned columns removed: for INSERT every output, for
     * UPDATE the outputs after the table's columns (the new values of {@code updateColumns}).
     */
    static RelNode strip(RelNode source, TableDef table, Plan.DmlKind kind, List<Integer> updateColumns) {
        if (!(source instanceof LogicalProject project) || kind == Plan.DmlKind.DELETE) {
            return source;
        }
        int width = table.columns().size();
        List<RexNode> exprs = new ArrayList<>(project.getProjects());
        boolean changed = false;
        for (int i = 0; i < exprs.size(); i++) {
            int column = kind == Plan.DmlKind.INSERT ? i : (i >= width ? updateColumns.get(i - width) : -1);
            if (column < 0 || column >= width) {
                continue;
            }
            RexNode stripped = stripped(exprs.get(i), table.column(column).type());
            if (stripped != exprs.get(i)) {
                exprs.set(i, stripped);
                changed = true;
            }
        }
        if (!changed) {
            return source;
        }
        return LogicalProject.create(project.getInput(), project.getHints(), exprs, project.getRowType().getFieldNames(),
                project.getVariablesSet());
    }

    private static RexNode stripped(RexNode expr, ColumnType target) {
        if (expr.getKind() != SqlKind.CAST) {
            return expr;
        }
        RexNode operand = ((RexCall) expr).getOperands().get(0);
        SqlTypeName from = operand.getType().getSqlTypeName();
        boolean numeric = SqlTypeFamily.NUMERIC.getTypeNames().contains(from);
        boolean text = from == SqlTypeName.CHAR || from == SqlTypeName.VARCHAR;
        return switch (target.kind()) {
            case SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE -> numeric ? operand : expr;
            case CHAR, VARCHAR -> text ? operand : expr;
            default -> expr;
        };
    }
}
