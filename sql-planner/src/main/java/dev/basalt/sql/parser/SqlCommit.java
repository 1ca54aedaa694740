package dev.basalt.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code COMMIT [WORK | TRANSACTION]}: the optional word changes nothing. */
public final class SqlCommit extends SqlCall {
    static final SqlOperator OPERATOR = new NodeOperator("COMMIT", SqlKind.COMMIT, (pos, operands) -> new SqlCommit(pos));

    public SqlCommit(SqlParserPos pos) {
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
        writer.keyword("COMMIT");
    }
}
