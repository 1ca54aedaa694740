package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/** One column of CREATE INDEX, with its order: {@code col [ASC | DESC]}. */
public final class SqlIndexColumn extends SqlCall {
    static final SqlOperator OPERATOR = new NodeOperator("INDEX COLUMN", SqlKind.OTHER, SqlIndexColumn::fromOperands);

    private final SqlIdentifier name;
    private final boolean descending;

    public SqlIndexColumn(SqlParserPos pos, SqlIdentifier name, boolean descending) {
        super(pos);
        this.name = Objects.requireNonNull(name, "name");
        this.descending = descending;
    }

    private static SqlIndexColumn fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlIndexColumn(pos, (SqlIdentifier) operands.get(0), Operands.flag(operands.get(1)));
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, Operands.flag(descending));
    }

    public SqlIdentifier getName() {
        return name;
    }

    /** DESC was written; ASC, the default, reads as {@code false}. */
    public boolean isDescending() {
        return descending;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        if (descending) {
            writer.keyword("DESC");
        }
    }
}
