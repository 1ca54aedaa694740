package dev.basalt.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP VIEW [IF EXISTS] name [, name ...] [CASCADE | RESTRICT]}. */
public final class SqlDropView extends SqlDropRelations {
    static final SqlOperator OPERATOR = new NodeOperator("DROP VIEW", SqlKind.DROP_VIEW, SqlDropView::fromOperands);

    public SqlDropView(SqlParserPos pos, boolean ifExists, SqlNodeList names, DropBehavior behavior) {
        super(OPERATOR, "DROP VIEW", pos, ifExists, names, behavior);
    }

    private static SqlDropView fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlDropView(pos, Operands.flag(operands.get(0)), (SqlNodeList) operands.get(1),
                Operands.symbol(operands.get(2), DropBehavior.class));
    }
}
