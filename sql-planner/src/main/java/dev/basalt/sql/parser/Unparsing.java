package dev.basalt.sql.parser;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;

/** Pieces of SQL text that several nodes write the same way. */
final class Unparsing {
    private Unparsing() {
    }

    /** {@code (a, b, c)}. */
    static void parenthesized(SqlWriter writer, SqlNodeList list) {
        final SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode node : list) {
            writer.sep(",");
            node.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }

    /** {@code a, b, c}, with no parentheses. */
    static void commaList(SqlWriter writer, SqlNodeList list) {
        final SqlWriter.Frame frame = writer.startList("", "");
        for (SqlNode node : list) {
            writer.sep(",");
            node.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }
}
