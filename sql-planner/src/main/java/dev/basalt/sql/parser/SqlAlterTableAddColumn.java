package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/** {@code ALTER TABLE name ADD [COLUMN] [IF NOT EXISTS] column-definition}. */
public final class SqlAlterTableAddColumn extends SqlDdl {
    static final SqlOperator OPERATOR =
            new NodeOperator("ALTER TABLE ADD COLUMN", SqlKind.ALTER_TABLE, SqlAlterTableAddColumn::fromOperands);

    private final SqlIdentifier table;
    private final boolean ifNotExists;
    private final SqlColumnDeclaration column;

    public SqlAlterTableAddColumn(SqlParserPos pos, SqlIdentifier table, boolean ifNotExists,
            SqlColumnDeclaration column) {
        super(OPERATOR, pos);
        this.table = Objects.requireNonNull(table, "table");
        this.ifNotExists = ifNotExists;
        this.column = Objects.requireNonNull(column, "column");
    }

    private static SqlAlterTableAddColumn fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlAlterTableAddColumn(pos, (SqlIdentifier) operands.get(0), Operands.flag(operands.get(1)),
                (SqlColumnDeclaration) operands.get(2));
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(table, Operands.flag(ifNotExists), column);
    }

    public SqlIdentifier getTable() {
        return table;
    }

    /** IF NOT EXISTS was written: a column of that name already there is no error. */
    public boolean isIfNotExists() {
        return ifNotExists;
    }

    public SqlColumnDeclaration getColumn() {
        return column;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("ALTER TABLE");
        table.unparse(writer, 0, 0);
        writer.keyword("ADD COLUMN");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        column.unparse(writer, 0, 0);
    }
}
