package dev.basalt.sql.parser;

import static dev.basalt.sql.parser.ParserAssertions.syntaxError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.parser.impl.BasaltSqlParserImpl;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The facade: settings, one statement versus a script, and how failures read. */
class SqlParsersTest {
    @Test
    void configuration() {
        SqlParser.Config config = SqlParsers.config();

        assertSame(BasaltSqlParserImpl.FACTORY, config.parserFactory());
        assertEquals(Quoting.DOUBLE_QUOTE, config.quoting());
        assertEquals(Casing.TO_UPPER, config.unquotedCasing());
        assertEquals(Casing.UNCHANGED, config.quotedCasing());
        assertTrue(config.caseSensitive());
        assertEquals(SqlParsers.MAX_IDENTIFIER_LENGTH, config.identifierMaxLength());
        assertEquals(128, config.identifierMaxLength());
        assertTrue(config.conformance().isBangEqualAllowed());
        assertTrue(config.conformance().isPercentRemainderAllowed());
        assertTrue(config.conformance().isGroupByAlias());
        assertTrue(config.conformance().isGroupByOrdinal());
        assertTrue(config.conformance().isOffsetLimitAllowed());
        assertFalse(config.conformance().isLimitStartCountAllowed(), "MySQL's LIMIT start, count is not PostgreSQL");
        assertFalse(config.conformance().isMinusAllowed());
    }

    @Test
    void oneStatementWithOrWithoutSemicolon() {
        assertInstanceOf(SqlSelect.class, SqlParsers.parse("SELECT 1"));
        assertInstanceOf(SqlSelect.class, SqlParsers.parse("SELECT 1;"));
        assertInstanceOf(SqlSelect.class, SqlParsers.parse("  SELECT 1 ;  -- done\n"));
    }

    @Test
    void twoStatementsAreNotOne() {
        String message = syntaxError("SELECT 1; SELECT 2");
        assertEquals("one statement expected, found 2; the second starts at line 1, column 11", message);
    }

    @Test
    void scripts() {
        List<SqlNode> statements = SqlParsers.parseScript("""
                BEGIN;
                CREATE TABLE t (id INT PRIMARY KEY, v TEXT);
                INSERT INTO t VALUES (1, 'a');
                SELECT v FROM t WHERE id = 1 FOR UPDATE;
                UPDATE t SET v = 'b' WHERE id = 1;
                COMMIT
                """);

        assertEquals(List.of(SqlBeginTransaction.class, SqlCreateTable.class, SqlInsert.class,
                SqlSelectForUpdate.class, SqlUpdate.class, SqlCommit.class),
                statements.stream().map(Object::getClass).toList());
        assertEquals(2, SqlParsers.parseScript("SELECT 1;; SELECT 2;").size());
        assertEquals(List.of(), SqlParsers.parseScript(""));
        assertEquals(List.of(), SqlParsers.parseScript("  \n\t"));
        assertEquals(List.of(), SqlParsers.parseScript("-- nothing here\n/* nor here */"));
    }

    @Test
    void aScriptFailsAtTheBrokenStatement() {
        BasaltException e = assertThrows(BasaltException.class,
                () -> SqlParsers.parseScript("SELECT 1;\nSELECT 2;\nSELEC 3;"));
        assertEquals(ErrorCode.SYNTAX_ERROR, e.code());
        assertEquals("syntax error at or near \"SELEC\" (line 3, column 1)", e.getMessage());
    }

    @Test
    void misspelledKeywordNamesTheWordLineAndColumn() {
        assertEquals("syntax error at or near \"ODER\" (line 1, column 29)",
                syntaxError("SELECT a FROM t WHERE a = 1 ODER BY a"));
        assertEquals("syntax error at or near \"SELET\" (line 1, column 1)", syntaxError("SELET a FROM t"));
        assertEquals("syntax error at or near \"GROUPBY\" (line 4, column 3)",
                syntaxError("SELECT a, COUNT(*)\n  FROM t\n WHERE a > 1\n  GROUPBY a"));
        assertEquals("syntax error at or near \"TABL\" (line 1, column 8)", syntaxError("CREATE TABL t (a INT)"));
    }

    @Test
    void reservedWordInTheWrongPlace() {
        assertEquals("syntax error at or near \"FROM\" (line 1, column 15)", syntaxError("SELECT a FROM FROM t"));
        assertEquals("syntax error at or near \"FROM\" (line 1, column 11)", syntaxError("SELECT a, FROM t"));
    }

    @Test
    void endOfInput() {
        assertEquals("syntax error at end of input (line 1, column 21)", syntaxError("SELECT a FROM t WHERE"));
        assertTrue(syntaxError("CREATE TABLE t (a INT").startsWith("syntax error at end of input"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t ", "-- only a comment", "/* only a comment */"})
    void emptyStatement(String sql) {
        assertEquals("empty statement: the text holds no SQL", syntaxError(sql));
    }

    @Test
    void lonelySemicolon() {
        assertEquals("syntax error at or near \";\" (line 1, column 1)", syntaxError(";"));
    }

    @Test
    void unterminatedString() {
        assertEquals("unterminated quoted string at or near \"'abc FROM t\" (line 1, column 8)",
                syntaxError("SELECT 'abc FROM t"));
        assertEquals("unterminated quoted string at or near \"'it''s\" (line 1, column 23)",
                syntaxError("INSERT INTO t VALUES ('it''s"));
        assertEquals("unterminated quoted string at or near \"'x...\" (line 2, column 11)",
                syntaxError("SELECT a FROM t\nWHERE a = 'x\ny"));
    }

    @Test
    void unterminatedQuotedIdentifier() {
        assertEquals("unterminated quoted identifier at or near \"\"abc FROM t\" (line 1, column 8)",
                syntaxError("SELECT \"abc FROM t"));
    }

    @Test
    void characterNoTokenStartsWith() {
        assertEquals("syntax error at or near \"#\" (line 1, column 8)", syntaxError("SELECT # FROM t"));
        assertTrue(syntaxError("SELECT 1 /* never closed").startsWith("syntax error at end of input"));
    }

    @Test
    void identifierTooLong() {
        String longName = "a".repeat(SqlParsers.MAX_IDENTIFIER_LENGTH + 1);
        assertTrue(syntaxError("SELECT " + longName + " FROM t").contains("must be less than or equal to 128 characters"));
        SqlParsers.parse("SELECT " + "a".repeat(SqlParsers.MAX_IDENTIFIER_LENGTH) + " FROM t");
    }

    @Test
    void longTextIsQuotedShort() {
        String message = syntaxError("SELECT '" + "x".repeat(1000));
        assertTrue(message.length() < 120, message);
        assertTrue(message.contains("...\""), message);
    }

    @Test
    void calcitesExpectedTokenListNeverReachesTheMessage() {
        for (String sql : List.of("SELECT * FROM", "SELECT a FROM t WHERE", "CREATE TABLE t (a INT,", "INSERT INTO")) {
            BasaltException e = assertThrows(BasaltException.class, () -> SqlParsers.parse(sql));
            assertFalse(e.getMessage().contains("Was expecting"), e.getMessage());
            assertFalse(e.getMessage().contains("Encountered"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            // Calcite's exception is kept for whoever debugs, as the cause, never thrown itself.
            assertInstanceOf(SqlParseException.class, e.getCause());
        }
    }

    @Test
    void nullIsNotSql() {
        assertThrows(NullPointerException.class, () -> SqlParsers.parse(null));
    }
}
