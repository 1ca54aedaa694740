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

/** {@code CREATE [OR REPLACE] VIEW name [(col, ...)] AS query}. */
public final class SqlCreateView extends SqlCreate {
    static final SqlOperator OPERATOR = new NodeOperator("CREATE VIEW", SqlKind.CREATE_VIEW, SqlCreateView::fromOperands);

    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final SqlNode query;

    /** @param columns the column names given after the view's name, empty when none */
    public SqlCreateView(SqlParserPos pos, boolean replace, SqlIdentifier name, SqlNodeList columns, SqlNode query) {
        super(OPERATOR, pos, replace, false);
        this.name = Objects.requireNonNull(name, "name");
        this.columns = Objects.requireNonNull(columns, "columns");
        this.query = Objects.requireNonNull(query, "query");
    }

    private static SqlCreateView fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlCreateView(pos, Operands.flag(operands.get(0)), (SqlIdentifier) operands.get(1),
                (SqlNodeList) operands.get(2), operands.get(3));
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(Operands.flag(getReplace()), name, columns, query);
    }

    public SqlIdentifier getName() {
        return name;
    }

    /** OR REPLACE was written. */
    public boolean isOrReplace() {
        return getReplace();
    }

    /** The column names given after the view's name; empty when the query's names are used. */
    public List<SqlIdentifier> getColumns() {
        return Operands.elements(columns, SqlIdentifier.class);
    }

    public SqlNode getQuery() {
        return query;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(getReplace() ? "CREATE OR REPLACE VIEW" : "CREATE VIEW");
        name.unparse(writer, 0, 0);
        if (!columns.isEmpty()) {
            Unparsing.parenthesized(writer, columns);
        }
        writer.keyword("AS");
        writer.newlineAndIndent();
        query.unparse(writer, 0, 0);
    }
}
