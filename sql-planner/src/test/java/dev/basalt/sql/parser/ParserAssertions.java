package dev.basalt.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.List;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Litmus;

/** What every parser test asks of a statement: it parses, and survives unparse, re-parse and clone. */
final class ParserAssertions {
    private ParserAssertions() {
    }

    /**
     * Parses {@code sql} as a {@code type}, checks that its unparsed text parses back to an equal
     * tree (and unparses to the same text again), and that a clone is equal too.
     */
    static <T extends SqlNode> T parse(String sql, Class<T> type) {
        final SqlNode node = SqlParsers.parse(sql);
        assertInstanceOf(type, node, () -> sql + " parsed to " + node.getClass().getSimpleName());
        assertRoundTrip(node);
        return type.cast(node);
    }

    static void assertRoundTrip(SqlNode node) {
        final String text = SqlParsers.unparse(node);
        final SqlNode again = SqlParsers.parse(text);
        assertTrue(node.equalsDeep(again, Litmus.THROW), () -> "re-parsed differently: " + text);
        assertEquals(text, SqlParsers.unparse(again), "unparse is not stable");
        final SqlNode clone = node.clone(node.getParserPosition());
        assertTrue(node.equalsDeep(clone, Litmus.THROW), () -> "clone differs: " + text);
    }

    /** Parsing {@code sql} fails with SYNTAX_ERROR (42601); returns the message. */
    static String syntaxError(String sql) {
        final BasaltException e = assertThrows(BasaltException.class, () -> SqlParsers.parse(sql), sql);
        assertEquals(ErrorCode.SYNTAX_ERROR, e.code(), e::getMessage);
        assertEquals("42601", e.sqlState());
        return e.getMessage();
    }

    /** The names of a (possibly qualified) identifier, as the parser folded them. */
    static String name(SqlIdentifier identifier) {
        return String.join(".", identifier.names);
    }

    static List<String> names(List<SqlIdentifier> identifiers) {
        return identifiers.stream().map(ParserAssertions::name).toList();
    }

    static SqlTypeName typeName(SqlDataTypeSpec type) {
        return SqlTypeName.get(type.getTypeNameSpec().getTypeName().getSimple());
    }

    static int precision(SqlDataTypeSpec type) {
        return ((SqlBasicTypeNameSpec) type.getTypeNameSpec()).getPrecision();
    }

    static int scale(SqlDataTypeSpec type) {
        return ((SqlBasicTypeNameSpec) type.getTypeNameSpec()).getScale();
    }
}
