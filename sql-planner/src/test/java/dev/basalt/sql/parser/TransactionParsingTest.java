package dev.basalt.sql.parser;

import static dev.basalt.sql.parser.ParserAssertions.parse;
import static dev.basalt.sql.parser.ParserAssertions.syntaxError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSetOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionParsingTest {
    @ParameterizedTest
    @ValueSource(strings = {"BEGIN", "BEGIN TRANSACTION", "BEGIN WORK", "start transaction", "BEGIN;"})
    void beginWithoutModes(String sql) {
        SqlBeginTransaction begin = parse(sql, SqlBeginTransaction.class);

        assertNull(begin.getIsolationLevel());
        assertNull(begin.getReadOnly());
    }

    @ParameterizedTest
    @CsvSource({
        "READ UNCOMMITTED, READ_UNCOMMITTED",
        "READ COMMITTED,   READ_COMMITTED",
        "REPEATABLE READ,  REPEATABLE_READ",
        "SERIALIZABLE,     SERIALIZABLE",
    })
    void isolationLevels(String written, IsolationLevel level) {
        assertEquals(level, parse("START TRANSACTION ISOLATION LEVEL " + written, SqlBeginTransaction.class)
                .getIsolationLevel());
        assertEquals(level, parse("BEGIN ISOLATION LEVEL " + written, SqlBeginTransaction.class).getIsolationLevel());

        SqlSetTransaction set = parse("SET TRANSACTION ISOLATION LEVEL " + written, SqlSetTransaction.class);
        assertEquals(level, set.getIsolationLevel());
        assertFalse(set.isSessionWide());

        SqlSetTransaction session = parse("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL " + written,
                SqlSetTransaction.class);
        assertEquals(level, session.getIsolationLevel());
        assertTrue(session.isSessionWide());
        assertNull(session.getReadOnly());
        assertEquals(level.sql(), written);
    }

    @Test
    void accessModes() {
        SqlBeginTransaction readOnly = parse("START TRANSACTION ISOLATION LEVEL SERIALIZABLE READ ONLY",
                SqlBeginTransaction.class);
        assertEquals(IsolationLevel.SERIALIZABLE, readOnly.getIsolationLevel());
        assertEquals(Boolean.TRUE, readOnly.getReadOnly());

        SqlBeginTransaction readWrite = parse("START TRANSACTION READ WRITE, ISOLATION LEVEL READ COMMITTED",
                SqlBeginTransaction.class);
        assertEquals(Boolean.FALSE, readWrite.getReadOnly());
        assertEquals(IsolationLevel.READ_COMMITTED, readWrite.getIsolationLevel());

        SqlSetTransaction set = parse("SET TRANSACTION READ ONLY", SqlSetTransaction.class);
        assertNull(set.getIsolationLevel());
        assertEquals(Boolean.TRUE, set.getReadOnly());
    }

    @Test
    void conflictingModesAreRefused() {
        assertTrue(syntaxError("START TRANSACTION READ ONLY READ WRITE").startsWith("conflicting or redundant READ ONLY/READ WRITE"));
        assertTrue(syntaxError("BEGIN ISOLATION LEVEL SERIALIZABLE, ISOLATION LEVEL READ COMMITTED")
                .startsWith("conflicting or redundant isolation levels"));
        syntaxError("START TRANSACTION ISOLATION LEVEL SNAPSHOT");
        syntaxError("START TRANSACTION ISOLATION");
        syntaxError("SET TRANSACTION");
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMMIT", "COMMIT WORK", "commit transaction"})
    void commit(String sql) {
        assertEquals(SqlKind.COMMIT, parse(sql, SqlCommit.class).getKind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ROLLBACK", "ROLLBACK WORK", "ROLLBACK TRANSACTION"})
    void rollback(String sql) {
        assertEquals(SqlKind.ROLLBACK, parse(sql, SqlRollback.class).getKind());
    }

    @Test
    void calcitesSetStatementsStillParse() {
        SqlSetOption set = parse("SET x = 1", SqlSetOption.class);
        assertEquals("X", set.name().toString());
        // "transaction" and "session" are non-reserved words: fine as option names.
        assertEquals("TRANSACTION", parse("SET transaction = 1", SqlSetOption.class).name().toString());
        assertEquals("SESSION", parse("SET session = 'x'", SqlSetOption.class).name().toString());
        assertEquals("SYSTEM", parse("ALTER SYSTEM SET x = 1", SqlSetOption.class).getScope());
        assertEquals("SESSION", parse("ALTER SESSION RESET x", SqlSetOption.class).getScope());
        parse("RESET ALL", SqlSetOption.class);
    }
}
