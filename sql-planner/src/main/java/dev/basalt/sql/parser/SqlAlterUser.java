package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code ALTER USER name [WITH] option...}: PASSWORD 'pw', SUPERUSER or NOSUPERUSER, at least one.
 * Its text and {@code unparse} may hold a password: never log them.
 */
public final class SqlAlterUser extends SqlDdl {
    static final SqlOperator OPERATOR = new NodeOperator("ALTER USER", SqlKind.OTHER_DDL, SqlAlterUser::fromOperands);

    private final SqlIdentifier name;
    private final SqlLiteral password;
    private final Boolean superuser;

    public SqlAlterUser(SqlParserPos pos, SqlIdentifier name, SqlLiteral password, Boolean superuser) {
        super(OPERATOR, pos);
        this.name = Objects.requireNonNull(name, "name");
        if (password == null && superuser == null) {
            throw new IllegalArgumentException("ALTER USER changes a password or the superuser flag");
        }
        this.password = password;
        this.superuser = superuser;
    }

    private static SqlAlterUser fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlAlterUser(pos, (SqlIdentifier) operands.get(0), (SqlLiteral) operands.get(1),
                Operands.optionalFlag(operands.get(2)));
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, password, Operands.optionalFlag(superuser));
    }

    public SqlIdentifier getName() {
        return name;
    }

    /** The new password, or null to keep it. */
    public String getPassword() {
        return password == null ? null : password.getValueAs(String.class);
    }

    /** SUPERUSER (true), NOSUPERUSER (false), or null to keep the flag. */
    public Boolean getSuperuser() {
        return superuser;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("ALTER USER");
        name.unparse(writer, 0, 0);
        UserOptions.unparse(writer, password, superuser);
    }
}
