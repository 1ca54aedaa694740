package dev.basalt.sql.parser;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.parser.impl.BasaltSqlParserImplConstants;
import dev.basalt.sql.parser.impl.ParseException;
import dev.basalt.sql.parser.impl.Token;
import dev.basalt.sql.parser.impl.TokenMgrError;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Static;

/**
 * Calcite's parse failures as Basalt errors with PostgreSQL-style messages: what was wrong, the
 * text at fault, and where, as in {@code syntax error at or near "FORM" (line 1, column 10)}.
 * Calcite's own message lists every token it would have accepted, often hundreds of lines; that
 * list never reaches a client (the SqlParseException stays available as the cause).
 */
final class ParseErrors {
    /** The longest piece of the statement a message quotes; a longer one is cut and ends in "...". */
    static final int MAX_QUOTED_LENGTH = 40;
    /**
     * How many tokens past the reported position an unterminated quote is looked for. JavaCC
     * reports a failure at the start of the longest expected sequence that failed (for example at
     * "=" in "a = 'x"), and Calcite's sequences are shorter than this.
     */
    private static final int MAX_TOKENS_AHEAD = 8;

    /** Calcite's complaint when a statement starts with something that is only an expression. */
    private static final String NON_QUERY_STATEMENT = Static.RESOURCE.illegalNonQueryExpression().str();

    private ParseErrors() {
    }

    /** The Basalt error for a statement {@code sql} that Calcite's parser refused with {@code e}. */
    static BasaltException of(String sql, SqlParseException e) {
        final SqlParserPos pos = e.getPos();
        final Throwable cause = e.getCause();
        if (pos == null && (cause instanceof ParseException || cause instanceof TokenMgrError)) {
            // No position to quote from (not seen from Calcite 1.42, but its API allows it).
            return syntaxError("syntax error: " + firstLine(String.valueOf(cause.getMessage())), null, e);
        }
        if (cause instanceof ParseException parseException) {
            return unexpectedToken(sql, pos, parseException, e);
        }
        if (cause instanceof TokenMgrError) {
            // The lexer met a character no token starts with (or a comment that never ends).
            final String text = textAt(sql, pos);
            final String what = text.isEmpty() ? "syntax error at end of input" : "syntax error at or near " + quote(text);
            return syntaxError(what, pos, e);
        }
        if (cause instanceof RuntimeException && !(cause instanceof CalciteException) || cause instanceof Error) {
            // Not a verdict on the SQL but a failure inside the parser: say so, never blame the user.
            return new BasaltException(ErrorCode.INTERNAL_ERROR, "the SQL parser failed: " + cause, e);
        }
        final String message = String.valueOf(cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage());
        if (message.equals(NON_QUERY_STATEMENT) && pos != null) {
            // "SELET a FROM t" reads as the expression SELET where a statement was due: to a user
            // that is a misspelled word, and PostgreSQL names the word.
            return syntaxError("syntax error at or near " + quote(firstWord(textAt(sql, pos))), pos, e);
        }
        // A rule Calcite's grammar checks beyond token order ("LIMIT start, count" under our
        // conformance, an identifier too long, FOR UPDATE on a UNION): its message says what.
        return syntaxError(firstLine(message), pos, e);
    }

    private static BasaltException unexpectedToken(String sql, SqlParserPos pos, ParseException cause,
            SqlParseException e) {
        if (cause.currentToken == null) {
            // Calcite rewrote the failure to "Incorrect syntax near the keyword ...": the keyword
            // is the text at the reported position.
            return syntaxError("syntax error at or near " + quote(textAt(sql, pos)), pos, e);
        }
        final Token first = cause.currentToken.next;
        Token previous = cause.currentToken;
        Token token = first;
        for (int i = 0; i < MAX_TOKENS_AHEAD && token != null && token.kind != BasaltSqlParserImplConstants.EOF; i++) {
            // A lone quote is what the lexer makes of a string or quoted name that never ends.
            if (token.kind == BasaltSqlParserImplConstants.QUOTE || token.kind == BasaltSqlParserImplConstants.DOUBLE_QUOTE) {
                // In 'it''s the lexer took 'it' for a whole string and only 's for the broken one.
                final Token start = previous.kind == BasaltSqlParserImplConstants.QUOTED_STRING && adjacent(previous, token)
                        ? previous : token;
                final SqlParserPos at = new SqlParserPos(start.beginLine, start.beginColumn);
                final String what = token.kind == BasaltSqlParserImplConstants.QUOTE
                        ? "unterminated quoted string" : "unterminated quoted identifier";
                return syntaxError(what + " at or near " + quote(restOfText(sql, at)), at, e);
            }
            previous = token;
            token = token.next;
        }
        if (first.kind == BasaltSqlParserImplConstants.EOF) {
            return syntaxError("syntax error at end of input", pos, e);
        }
        return syntaxError("syntax error at or near " + quote(first.image), pos, e);
    }

    private static boolean adjacent(Token left, Token right) {
        return left.endLine == right.beginLine && left.endColumn + 1 == right.beginColumn;
    }

    private static BasaltException syntaxError(String what, SqlParserPos pos, SqlParseException e) {
        final String where = pos == null ? "" : " (line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")";
        return new BasaltException(ErrorCode.SYNTAX_ERROR, what + where, e);
    }

    /** The text of the token at {@code pos} (through its end column when it ends on the same line). */
    private static String textAt(String sql, SqlParserPos pos) {
        final int begin = offset(sql, pos.getLineNum(), pos.getColumnNum());
        if (begin < 0) {
            return "";
        }
        final int end = pos.getEndLineNum() == pos.getLineNum()
                ? offset(sql, pos.getEndLineNum(), pos.getEndColumnNum()) : -1;
        return sql.substring(begin, end >= begin ? end + 1 : begin + 1);
    }

    /** Everything from {@code pos} on: where a string that never ends starts. */
    private static String restOfText(String sql, SqlParserPos pos) {
        final int begin = offset(sql, pos.getLineNum(), pos.getColumnNum());
        return begin < 0 ? "" : sql.substring(begin);
    }

    /**
     * The index in {@code sql} of a 1-based line and column as JavaCC counts them (a line ends at
     * LF, CR or CR LF; a tab is one column, as Calcite's SqlParser sets), or -1 past the end.
     */
    static int offset(String sql, int line, int column) {
        int currentLine = 1;
        int currentColumn = 1;
        for (int i = 0; i < sql.length(); i++) {
            if (currentLine == line && currentColumn == column) {
                return i;
            }
            final char c = sql.charAt(i);
            final boolean crBeforeLf = c == '\r' && i + 1 < sql.length() && sql.charAt(i + 1) == '\n';
            if ((c == '\n' || c == '\r') && !crBeforeLf) {
                currentLine++;
                currentColumn = 1;
            } else if (!crBeforeLf) {
                currentColumn++;
            }
        }
        return -1;
    }

    /** {@code "text"}, cut to {@link #MAX_QUOTED_LENGTH} characters and to its first line. */
    static String quote(String text) {
        String shown = firstLine(text);
        boolean cut = shown.length() < text.length();
        if (shown.length() > MAX_QUOTED_LENGTH) {
            shown = shown.substring(0, MAX_QUOTED_LENGTH);
            cut = true;
        }
        return "\"" + shown + (cut ? "..." : "") + "\"";
    }

    private static String firstWord(String text) {
        final String[] words = text.trim().split("\\s+", 2);
        return words[0];
    }

    private static String firstLine(String text) {
        final int newline = text.indexOf('\n');
        final int cr = text.indexOf('\r');
        int end = text.length();
        if (newline >= 0) {
            end = newline;
        }
        if (cr >= 0 && cr < end) {
            end = cr;
        }
        return text.substring(0, end);
    }
}
