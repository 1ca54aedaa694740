package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (col [ASC | DESC], ...)}. */
public final class SqlCreateIndex extends SqlCreate {
    static final SqlOperator OPERATOR =
            new NodeOperator("CREATE INDEX", SqlKind.CREATE_INDEX, SqlCreateIndex::fromOperands);

    private final boolean unique;
    private final SqlIdentifier name;
    private final SqlIdentifier table;
    private final SqlNodeList columns;

    /** @param columns {@link SqlIndexColumn}s, in key order */
    public SqlCreateIndex(SqlParserPos pos, boolean unique, boolean ifNotExists, SqlIdentifier name,
            SqlIdentifier table, SqlNodeList columns) {
        super(OPERATOR, pos, false, ifNotExists);
        this.unique = unique;
        this.name = Objects.requireNonNull(name, "name");
        this.table = Objects.requireNonNull(table, "table");
        this.columns = Objects.requireNonNull(columns, "columns");
    }

    private static SqlCreateIndex fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlCreateIndex(pos, Operands.flag(operands.get(0)), Operands.flag(operands.get(1)),
                (SqlIdentifier) operands.get(2), (SqlIdentifier) operands.get(3), (SqlNodeList) operands.get(4));
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(Operands.flag(unique), Operands.flag(ifNotExists), name, table, columns);
    }

    public boolean isUnique() {
        return unique;
    }

    public boolean isIfNotExists() {
        return ifNotExists;
    }

    public SqlIdentifier getName() {
        return name;
    }

    public SqlIdentifier getTable() {
        return table;
    }

    /** The key columns, in order, each with its direction. */
    public List<SqlIndexColumn> getColumns() {
        return Operands.elements(columns, SqlIndexColumn.class);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (unique) {
            writer.keyword("UNIQUE");
        }
        writer.keyword("INDEX");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        writer.keyword("ON");
        table.unparse(writer, 0, 0);
        Unparsing.parenthesized(writer, columns);
    }
}
