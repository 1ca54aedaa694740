package dev.basalt.sql.internal.exec;

import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.ValueRules;
import java.math.BigDecimal;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.util.NlsString;

/**
 * Checks the literals an UPDATE assigns against their columns before Calcite sees them: Calcite
 * folds {@code CAST('much too long' AS VARCHAR(8))} into the literal {@code 'much too'} while it
 * converts the statement, so the engine's own checks would never see the original value. A text
 * literal too long for its column fails with 22001, a number outside it with 22003, as in
 * PostgreSQL. Expressions are checked when their values are written ({@link AssignmentCasts}).
 */
final class LiteralAssignments {
    private LiteralAssignments() {
    }

    static void check(SqlUpdate update, Catalog catalog) {
        if (!(update.getTargetTable() instanceof SqlIdentifier target)) {
            return;
        }
        TableDef table = catalog.table(target.names.get(target.names.size() - 1));
        if (table == null) {
            return;
        }
        for (int i = 0; i < update.getTargetColumnList().size(); i++) {
            if (!(update.getTargetColumnList().get(i) instanceof SqlIdentifier column) || !column.isSimple()) {
                continue;
            }
            int position = table.columnIndex(column.getSimple());
            if (position < 0) {
                continue;
            }
            Object value = literal(update.getSourceExpressionList().get(i));
            if (value != null) {
                ColumnDef c = table.column(position);
                switch (c.type().kind()) {
                    case CHAR, VARCHAR -> {
                        if (value instanceof String) {
                            ValueRules.assign(table, c, value);
                        }
                    }
                    case SMALLINT, INTEGER, BIGINT, DECIMAL -> {
                        if (value instanceof BigDecimal) {
                            ValueRules.assign(table, c, value);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private static Object literal(SqlNode node) {
        if (node instanceof SqlCharStringLiteral s) {
            return s.getValueAs(NlsString.class).getValue();
        }
        if (node instanceof SqlNumericLiteral n) {
            return n.getValueAs(BigDecimal.class);
        }
        if (node instanceof SqlBasicCall call && call.getKind() == SqlKind.MINUS_PREFIX && call.operand(0) instanceof SqlNumericLiteral n) {
            return n.getValueAs(BigDecimal.class).negate();
        }
        return null;
    }
}
