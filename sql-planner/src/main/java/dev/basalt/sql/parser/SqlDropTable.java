package dev.basalt.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP TABLE [IF EXISTS] name [, name ...] [CASCADE | RESTRICT]}. */
public final class SqlDropTable extends SqlDropRelations {
    static final SqlOperator OPERATOR = new NodeOperator("DROP TABLE", SqlKind.DROP_TABLE, SqlDropTable::fromOperands);

    public SqlDropTable(SqlParserPos pos, boolean ifExists, SqlNodeList names, DropBehavior behavior) {
        super(OPERATOR, "DROP TABLE", pos, ifExists, names, behavior);
    }

    private static SqlDropTable fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlDropTable(pos, Operands.flag(operands.get(0)), (SqlNodeList) operands.get(1),
                Operands.symbol(operands.get(2), DropBehavior.class));
    }
}
