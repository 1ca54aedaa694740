package dev.basalt.sql.parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Flags and enums of a node as operands, and back. Every property of a Basalt node is one of its
 * operands, because Calcite compares two trees ({@code equalsDeep}) and rebuilds a call
 * ({@link NodeOperator}) from the operand list alone.
 */
final class Operands {
    private Operands() {
    }

    static SqlLiteral flag(boolean value) {
        return SqlLiteral.createBoolean(value, SqlParserPos.ZERO);
    }

    static boolean flag(SqlNode operand) {
        return ((SqlLiteral) operand).booleanValue();
    }

    /** A flag that may be unspecified: {@code null} stays {@code null}. */
    static SqlLiteral optionalFlag(Boolean value) {
        return value == null ? null : flag(value.booleanValue());
    }

    static Boolean optionalFlag(SqlNode operand) {
        return operand == null ? null : flag(operand);
    }

    /** An enum constant; {@code null} stays {@code null}. */
    static SqlLiteral symbol(Enum<?> value) {
        return value == null ? null : SqlLiteral.createSymbol(value, SqlParserPos.ZERO);
    }

    static <E extends Enum<E>> E symbol(SqlNode operand, Class<E> type) {
        return operand == null ? null : ((SqlLiteral) operand).getValueAs(type);
    }

    /** The elements of a node list, each checked to be a {@code type}, as an unmodifiable list. */
    static <T extends SqlNode> List<T> elements(SqlNodeList list, Class<T> type) {
        final List<T> result = new ArrayList<>(list.size());
        for (SqlNode node : list) {
            result.add(type.cast(node));
        }
        return Collections.unmodifiableList(result);
    }
}
