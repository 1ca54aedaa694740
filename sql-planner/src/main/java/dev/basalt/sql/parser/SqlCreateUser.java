package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code CREATE USER name [WITH] PASSWORD 'pw' [SUPERUSER | NOSUPERUSER]} (options in any order,
 * PASSWORD required). Its text and {@code unparse} hold the password: never log them.
 */
public final class SqlCreateUser extends SqlCreate {
    static final SqlOperator OPERATOR = new NodeOperator("CREATE USER", SqlKind.OTHER_DDL, SqlCreateUser::fromOperands);

    private final SqlIdentifier name;
    private final SqlLiteral password;
    private final Boolean superuser;

    public SqlCreateUser(SqlParserPos pos, SqlIdentifier name, SqlLiteral password, Boolean superuser) {
        super(OPERATOR, pos, false, false);
        this.name = Objects.requireNonNull(name, "name");
        this.password = Objects.requireNonNull(password, "password");
        this.superuser = superuser;
    }

    private static SqlCreateUser fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlCreateUser(pos, (SqlIdentifier) operands.get(0), (SqlLiteral) operands.get(1),
                Operands.optionalFlag(operands.get(2)));
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, password, Operands.optionalFlag(superuser));
    }

    public SqlIdentifier getName() {
        return name;
    }

    /** The password as written. */
    public String getPassword() {
        return password.getValueAs(String.class);
    }

    /** SUPERUSER (true), NOSUPERUSER (false) or neither (null: not a superuser). */
    public Boolean getSuperuser() {
        return superuser;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE USER");
        name.unparse(writer, 0, 0);
        UserOptions.unparse(writer, password, superuser);
    }
}
