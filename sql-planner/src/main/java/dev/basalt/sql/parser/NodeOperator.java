package dev.basalt.sql.parser;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The operator of one of Basalt's statement nodes. Beyond a name and a kind it knows how to build
 * the node again from its operands, which is how Calcite copies a call ({@link SqlNode#clone} and
 * every {@code SqlShuttle} that rewrites an operand); Calcite's own DDL operators cannot, so a
 * shuttle over them fails.
 */
final class NodeOperator extends SqlSpecialOperator {
    /** Builds a node from the operands its {@code getOperandList()} returned. */
    @FunctionalInterface
    interface Factory {
        SqlCall create(SqlParserPos pos, List<SqlNode> operands);
    }

    private final Factory factory;

    NodeOperator(String name, SqlKind kind, Factory factory) {
        super(name, kind);
        this.factory = factory;
    }

    @Override
    public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
        return factory.create(pos, Arrays.asList(operands));
    }
}
