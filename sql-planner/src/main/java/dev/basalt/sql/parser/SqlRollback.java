package dev.basalt.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ROLLBACK [WORK | TRANSACTION]}: the optional word changes nothing. */
public final class SqlRollback extends SqlCall {
    static final SqlOperator OPERATOR = new NodeOperator("ROLLBACK", SqlKind.ROLLBACK, (pos, operands) -> new SqlRollback(pos));

    public SqlRollback(SqlParserPos pos) {
        super(pos);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("ROLLBACK");
    }
}
