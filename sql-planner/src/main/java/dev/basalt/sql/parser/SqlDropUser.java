package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/** {@code DROP USER [IF EXISTS] name}. */
public final class SqlDropUser extends SqlDrop {
    static final SqlOperator OPERATOR = new NodeOperator("DROP USER", SqlKind.OTHER_DDL, SqlDropUser::fromOperands);

    private final SqlIdentifier name;

    public SqlDropUser(SqlParserPos pos, boolean ifExists, SqlIdentifier name) {
        super(OPERATOR, pos, ifExists);
        this.name = Objects.requireNonNull(name, "name");
    }

    private static SqlDropUser fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlDropUser(pos, Operands.flag(operands.get(0)), (SqlIdentifier) operands.get(1));
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(Operands.flag(ifExists), name);
    }

    public SqlIdentifier getName() {
        return name;
    }

    public boolean isIfExists() {
        return ifExists;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP USER");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, 0, 0);
    }
}
