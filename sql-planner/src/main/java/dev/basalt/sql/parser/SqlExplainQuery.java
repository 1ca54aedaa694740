package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code EXPLAIN [ANALYZE] statement}, PostgreSQL's form: ANALYZE runs the statement and reports
 * what it did. Calcite's {@code EXPLAIN PLAN ... FOR} still parses, into Calcite's SqlExplain.
 * The kind is OTHER rather than EXPLAIN so that no Calcite code takes this for a SqlExplain.
 */
public final class SqlExplainQuery extends SqlCall {
    static final SqlOperator OPERATOR = new NodeOperator("EXPLAIN", SqlKind.OTHER, SqlExplainQuery::fromOperands);

    private final boolean analyze;
    private final SqlNode statement;

    public SqlExplainQuery(SqlParserPos pos, boolean analyze, SqlNode statement) {
        super(pos);
        this.analyze = analyze;
        this.statement = Objects.requireNonNull(statement, "statement");
    }

    private static SqlExplainQuery fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlExplainQuery(pos, Operands.flag(operands.get(0)), operands.get(1));
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(Operands.flag(analyze), statement);
    }

    /** ANALYZE was written: run the statement, then report. */
    public boolean isAnalyze() {
        return analyze;
    }

    /** The query (possibly a {@link SqlSelectForUpdate}) or DML statement explained. */
    public SqlNode getStatement() {
        return statement;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("EXPLAIN");
        if (analyze) {
            writer.keyword("ANALYZE");
        }
        statement.unparse(writer, 0, 0);
    }
}
