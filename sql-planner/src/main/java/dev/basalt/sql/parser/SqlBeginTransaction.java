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
 * {@code BEGIN [TRANSACTION | WORK] [modes]} or {@code START TRANSACTION [modes]}: the two
 * spellings mean the same and give the same node. A mode not written is {@code null}: the session's
 * default applies.
 */
public final class SqlBeginTransaction extends SqlCall {
    static final SqlOperator OPERATOR =
            new NodeOperator("START TRANSACTION", SqlKind.OTHER, SqlBeginTransaction::fromOperands);

    private final TransactionModes modes;

    public SqlBeginTransaction(SqlParserPos pos, TransactionModes modes) {
        super(pos);
        this.modes = Objects.requireNonNull(modes, "modes");
    }

    private static SqlBeginTransaction fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlBeginTransaction(pos, new TransactionModes(Operands.symbol(operands.get(0), IsolationLevel.class),
                Operands.optionalFlag(operands.get(1))));
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(Operands.symbol(modes.isolationLevel()), Operands.optionalFlag(modes.readOnly()));
    }

    /** The isolation level asked for, or {@code null}. */
    public IsolationLevel getIsolationLevel() {
        return modes.isolationLevel();
    }

    /** {@code TRUE} for READ ONLY, {@code FALSE} for READ WRITE, {@code null} when neither is written. */
    public Boolean getReadOnly() {
        return modes.readOnly();
    }

    public TransactionModes getModes() {
        return modes;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("START TRANSACTION");
        modes.unparse(writer);
    }
}
