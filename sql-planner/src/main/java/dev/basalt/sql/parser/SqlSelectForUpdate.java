package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code query FOR UPDATE}: a SELECT (with its ORDER BY, LIMIT, OFFSET or FETCH) whose rows the
 * transaction locks for writing. The wrapped query is an ordinary Calcite query, so it is planned
 * as usual once this node is taken off.
 */
public final class SqlSelectForUpdate extends SqlCall {
    static final SqlOperator OPERATOR =
            new NodeOperator("SELECT FOR UPDATE", SqlKind.OTHER, SqlSelectForUpdate::fromOperands);

    private final SqlNode query;

    public SqlSelectForUpdate(SqlParserPos pos, SqlNode query) {
        super(pos);
        this.query = Objects.requireNonNull(query, "query");
    }

    private static SqlSelectForUpdate fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlSelectForUpdate(pos, operands.get(0));
    }

    /**
     * Why FOR UPDATE cannot follow {@code query}, or {@code null} when it can: the rows to lock
     * must come from one SELECT (PostgreSQL's rule), not from a set operation or VALUES.
     */
    public static String refusal(SqlNode query) {
        SqlNode body = query;
        while (true) {
            if (body instanceof SqlOrderBy orderBy) {
                body = orderBy.query;
            } else if (body instanceof SqlWith with) {
                body = with.body;
            } else {
                break;
            }
        }
        switch (body.getKind()) {
            case SELECT:
                return null;
            case UNION:
            case INTERSECT:
            case EXCEPT:
                return "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT";
            case VALUES:
                return "FOR UPDATE cannot be applied to VALUES";
            default:
                return "FOR UPDATE must follow a SELECT";
        }
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(query);
    }

    /** The query whose rows are locked, without FOR UPDATE. */
    public SqlNode getQuery() {
        return query;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        query.unparse(writer, 0, 0);
        writer.keyword("FOR UPDATE");
    }
}
