package dev.basalt.sql.parser;

import static dev.basalt.sql.parser.ParserAssertions.syntaxError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Positions as JavaCC counts them, and how quoted text is cut. */
class ParseErrorsTest {
    @Test
    void offsetsFollowJavaccLinesAndColumns() {
        assertEquals(0, ParseErrors.offset("ab", 1, 1));
        assertEquals(1, ParseErrors.offset("ab", 1, 2));
        assertEquals(-1, ParseErrors.offset("ab", 1, 3));
        assertEquals(3, ParseErrors.offset("a\r\nb", 2, 1), "CR LF ends one line");
        assertEquals(2, ParseErrors.offset("a\rb", 2, 1), "a lone CR ends a line");
        assertEquals(2, ParseErrors.offset("a\nb", 2, 1));
        assertEquals(2, ParseErrors.offset("\t\tx", 1, 3), "a tab is one column");
    }

    @Test
    void windowsLineEndsAndTabsInMessages() {
        assertEquals("syntax error at or near \"ODER\" (line 3, column 13)",
                syntaxError("SELECT a\r\nFROM t\r\nWHERE a = 1 ODER BY a"));
        assertEquals("syntax error at or near \"ODER\" (line 1, column 29)",
                syntaxError("SELECT a\tFROM t WHERE a = 1\tODER BY a"));
    }

    @Test
    void quotingCutsLongAndMultiLineText() {
        assertEquals("\"abc\"", ParseErrors.quote("abc"));
        assertEquals("\"abc...\"", ParseErrors.quote("abc\ndef"));
        assertEquals("\"" + "x".repeat(ParseErrors.MAX_QUOTED_LENGTH) + "...\"",
                ParseErrors.quote("x".repeat(ParseErrors.MAX_QUOTED_LENGTH + 1)));
    }
}
