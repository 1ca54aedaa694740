package dev.basalt.sql.internal.calcite;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.TableDef;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/**
 * What an INSERT that leaves a column out stores there: the column's DEFAULT expression (kept as
 * SQL text in the catalog and converted here, so {@code DEFAULT CURRENT_TIMESTAMP} is evaluated
 * per statement), else NULL. A NOT NULL column without a default must be given a value; the
 * validator rejects the INSERT otherwise.
 */
final class TableInitializers extends NullInitializerExpressionFactory {
    private final TableDef def;

    TableInitializers(TableDef def) {
        this.def = def;
    }

    @Override
    public ColumnStrategy generationStrategy(RelOptTable table, int iColumn) {
        ColumnDef c = def.column(iColumn);
        if (c.defaultSql() != null) {
            return ColumnStrategy.DEFAULT;
        }
        return c.nullable() ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE;
    }

    @Override
    public RexNode newColumnDefaultValue(RelOptTable table, int iColumn, InitializerContext context) {
        ColumnDef c = def.column(iColumn);
        if (c.defaultSql() == null) {
            return super.newColumnDefaultValue(table, iColumn, context);
        }
        SqlNode expr;
        try {
            expr = SqlParser.create(c.defaultSql(), Parsing.config()).parseExpression();
        } catch (SqlParseException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "table " + def.name() + " column " + c.name()
                    + ": its stored DEFAULT " + c.defaultSql() + " does not parse: " + e.getMessage());
        }
        RelDataType type = table.getRowType().getFieldList().get(iColumn).getType();
        RexNode value = context.convertExpression(expr);
        return context.getRexBuilder().makeCast(type, value, true, false);
    }
}
