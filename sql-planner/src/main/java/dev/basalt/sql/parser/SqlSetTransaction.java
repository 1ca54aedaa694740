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
 * {@code SET TRANSACTION modes} (the current transaction) or {@code SET SESSION CHARACTERISTICS AS
 * TRANSACTION modes} (the default of every later transaction of the session). At least one mode is
 * given; the other one is {@code null}.
 */
public final class SqlSetTransaction extends SqlCall {
    static final SqlOperator OPERATOR =
            new NodeOperator("SET TRANSACTION", SqlKind.OTHER, SqlSetTransaction::fromOperands);

    private final boolean session;
    private final TransactionModes modes;

    public SqlSetTransaction(SqlParserPos pos, boolean session, TransactionModes modes) {
        super(pos);
        this.session = session;
        this.modes = Objects.requireNonNull(modes, "modes");
    }

    private static SqlSetTransaction fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlSetTransaction(pos, Operands.flag(operands.get(0)), new TransactionModes(
                Operands.symbol(operands.get(1), IsolationLevel.class), Operands.optionalFlag(operands.get(2))));
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(Operands.flag(session), Operands.symbol(modes.isolationLevel()),
                Operands.optionalFlag(modes.readOnly()));
    }

    /** SET SESSION CHARACTERISTICS: the modes become the session's default, not just this transaction's. */
    public boolean isSessionWide() {
        return session;
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
        writer.keyword(session ? "SET SESSION CHARACTERISTICS AS TRANSACTION" : "SET TRANSACTION");
        modes.unparse(writer);
    }
}
