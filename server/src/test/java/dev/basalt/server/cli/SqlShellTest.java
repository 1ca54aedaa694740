package dev.basalt.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code basalt sql} cuts scripts into statements and names what a statement did. */
class SqlShellTest {
    @Test
    void statementsSplitAtSemicolonsOutsideQuotesAndComments() {
        assertEquals(List.of("SELECT 1", "SELECT 'a;b'", "SELECT \"x;y\" FROM t"),
                SqlShell.split("SELECT 1; SELECT 'a;b';\nSELECT \"x;y\" FROM t;"));
        assertEquals(List.of("SELECT 'it''s; fine'"), SqlShell.split("SELECT 'it''s; fine';"));
        assertEquals(List.of("SELECT 2"), SqlShell.split("-- a comment; with a semicolon\nSELECT 2; /* and; another */"));
        assertEquals(List.of("INSERT INTO t VALUES (1)"), SqlShell.split("  ;; INSERT INTO t VALUES (1)  "));
    }

    @Test
    void aStatementIsCompleteOnlyAfterATerminatingSemicolon() {
        assertTrue(SqlShell.endsStatement("SELECT 1;\n"));
        assertFalse(SqlShell.endsStatement("SELECT 1\n"));
        assertFalse(SqlShell.endsStatement("SELECT ';\n"), "the semicolon is inside an open string");
        assertFalse(SqlShell.endsStatement("SELECT 1; SELECT 2\n"));
        assertTrue(SqlShell.endsStatement("SELECT 1; -- done\n"));
    }

    @Test
    void commandTagsAreThoseOfPsql() {
        assertEquals("INSERT 0 3", SqlShell.commandTag("insert into t values (1), (2), (3)", 3));
        assertEquals("UPDATE 2", SqlShell.commandTag("UPDATE t SET a = 1", 2));
        assertEquals("DELETE 0", SqlShell.commandTag("DELETE FROM t", 0));
        assertEquals("CREATE TABLE", SqlShell.commandTag("create table t (a int)", 0));
        assertEquals("BEGIN", SqlShell.commandTag("BEGIN", 0));
    }
}
