package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.parser.SqlParsers;
import org.apache.calcite.sql.SqlNode;

/** Parsing one statement of SQL text, with syntax errors reported as 42601 with their position. */
public final class SqlText {
    private SqlText() {
    }

    /** The statement without surrounding blanks and trailing semicolons. */
    public static String normalize(String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        return text;
    }

    public static SqlNode parse(String text) {
        if (text.isEmpty()) {
            throw new BasaltException(ErrorCode.SYNTAX_ERROR, "syntax error: the statement is empty");
        }
        return SqlParsers.parse(text);
    }
}
