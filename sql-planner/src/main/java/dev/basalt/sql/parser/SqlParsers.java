package dev.basalt.sql.parser;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.parser.impl.BasaltSqlParserImpl;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The one way into Basalt's SQL parser: its settings, and parsing that fails only with a
 * {@link BasaltException} ({@link ErrorCode#SYNTAX_ERROR}, SQLState 42601, with a PostgreSQL-style
 * message), never with a Calcite exception.
 */
public final class SqlParsers {
    /** The longest identifier accepted, in characters (the SQL standard's limit; PostgreSQL's is 63). */
    public static final int MAX_IDENTIFIER_LENGTH = 128;

    /**
     * Identifiers as in PostgreSQL, except that unquoted ones fold to upper case as the SQL standard
     * and Calcite's catalog conventions have it: {@code name} is {@code NAME}, {@code "name"} stays
     * {@code name}. Name matching is then case-sensitive (caseSensitive = true): folding has already
     * made unquoted spellings agree, and a quoted name means exactly what it says.
     */
    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(BasaltSqlParserImpl.FACTORY)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_UPPER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withIdentifierMaxLength(MAX_IDENTIFIER_LENGTH)
            .withConformance(BasaltConformance.INSTANCE);

    private SqlParsers() {
    }

    /** The parser settings; also what the validator must be given so that it agrees with the parser. */
    public static SqlParser.Config config() {
        return CONFIG;
    }

    /** One statement; a {@code ;} after it is allowed. Empty text or a second statement is an error. */
    public static SqlNode parse(String sql) {
        final List<SqlNode> statements = parseScript(sql);
        if (statements.isEmpty()) {
            throw new BasaltException(ErrorCode.SYNTAX_ERROR, "empty statement: the text holds no SQL");
        }
        if (statements.size() > 1) {
            final SqlParserPos second = statements.get(1).getParserPosition();
            throw new BasaltException(ErrorCode.SYNTAX_ERROR, "one statement expected, found " + statements.size()
                    + "; the second starts at line " + second.getLineNum() + ", column " + second.getColumnNum());
        }
        return statements.get(0);
    }

    /** Statements separated by {@code ;} (one after the last is allowed); empty text gives none. */
    /** One expression (a column's stored DEFAULT, for instance). */
    public static SqlNode parseExpression(String sql) {
        try {
            return SqlParser.create(sql, config()).parseExpression();
        } catch (SqlParseException e) {
            throw new BasaltException(ErrorCode.SYNTAX_ERROR, "syntax error in expression \"" + sql + "\": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    public static List<SqlNode> parseScript(String sql) {
        Objects.requireNonNull(sql, "sql");
        if (sql.isEmpty()) {
            // Calcite's parser factory fails on a zero-length string (it sizes a buffer by it).
            return List.of();
        }
        try {
            return List.copyOf(SqlParser.create(sql, CONFIG).parseStmtList().getList());
        } catch (SqlParseException e) {
            throw ParseErrors.of(sql, e);
        }
    }

    /** SQL text for {@code node} that this parser reads back as an equal tree (names quoted as parsed). */
    public static String unparse(SqlNode node) {
        return node.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
    }
}
