package dev.basalt.server.check.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {
    private static final Header HEADER = new Header("list-append", "kill,partition", 5, -42, 60, Map.of("keys", "10", "note", "a \"quoted\" value"));

    @TempDir
    Path dir;

    private List<Op> roundTrip(List<Op> ops) throws IOException {
        Path file = dir.resolve("history.jsonl");
        HistoryFile.write(file, HEADER, ops);
        HistoryFile.Contents contents = HistoryFile.read(file);
        assertEquals(HEADER, contents.header());
        assertEquals(ops, contents.ops());
        return contents.ops();
    }

    @Test
    void listAppendTransactionsRoundTrip() throws IOException {
        HistoryBuilder h = new HistoryBuilder();
        var t = h.txn(2, "a 3 17, r 4 [1 2 17], r 5 []");
        h.ok(t);
        h.fail(h.txn(3, "a 3 18, r 4"));
        h.info(h.txn(4, "r 9"));
        roundTrip(h.ops());
    }

    @Test
    void aTransactionIsWrittenInTheDocumentedForm() {
        Op op = Op.ok(4, 1234567, 2, "txn", List.of(Mop.append(3, 17), Mop.read(4, List.of(1L, 2L, 17L))));
        assertEquals("{\"index\":4,\"time\":1234567,\"process\":2,\"type\":\"ok\",\"f\":\"txn\","
                + "\"value\":[[\"append\",3,17],[\"r\",4,[1,2,17]]],\"error\":null}", HistoryFile.encode(op));
    }

    @Test
    void bankValuesRoundTrip() throws IOException {
        HistoryBuilder h = new HistoryBuilder();
        h.ok(h.invoke(0, "setup", new BankSetup(3, 100)));
        var transfer = h.invoke(0, "transfer", new Transfer(9, 1, 2, 5));
        h.ok(transfer, new Transfer(9, 1, 2, 0));
        h.fail(h.invoke(1, "transfer", new Transfer(10, 2, 0, 7)));
        h.ok(h.invoke(2, "read", null), new BankRead(Map.of(0L, 100L, 1L, 95L, 2L, 105L)));
        h.ok(h.invoke(2, "final", null), new BankFinal(Map.of(0L, 100L, 1L, 95L, 2L, 105L), Map.of(9L, new Transfer(9, 1, 2, 5))));
        roundTrip(h.ops());
    }

    @Test
    void bankValuesAreWrittenInTheDocumentedForm() {
        Op fin = Op.ok(7, 1, 0, "final", new BankFinal(Map.of(2L, 95L, 1L, 100L), Map.of(9L, new Transfer(9, 1, 2, 5))));
        assertTrue(HistoryFile.encode(fin).contains("\"value\":{\"balances\":{\"1\":100,\"2\":95},\"ledger\":{\"9\":{\"id\":9,\"from\":1,\"to\":2,\"amount\":5}}}"),
                HistoryFile.encode(fin));
        Op setup = Op.ok(1, 1, 0, "setup", new BankSetup(10, 100));
        assertTrue(HistoryFile.encode(setup).contains("\"value\":{\"accounts\":10,\"initial\":100}"));
    }

    @Test
    void registerValuesRoundTripIncludingANullRead() throws IOException {
        HistoryBuilder h = new HistoryBuilder();
        h.ok(h.invoke(0, "write", RegisterOp.write(3, 7)));
        h.ok(h.invoke(1, "read", RegisterOp.read(3)), new RegisterOp(3, 7L));
        h.ok(h.invoke(1, "read", RegisterOp.read(4)), RegisterOp.read(4));
        roundTrip(h.ops());
        assertTrue(HistoryFile.encode(Op.ok(0, 0, 1, "read", RegisterOp.read(4))).contains("\"value\":{\"key\":4,\"value\":null}"));
    }

    @Test
    void nemesisEventsAndErrorsWithAnyCharactersRoundTrip() throws IOException {
        HistoryBuilder h = new HistoryBuilder();
        h.nemesis("partition", "{n1 n2} | {n3}\t\"majority\" \\ \u00e9\u65e5\u672c \u0001");
        var t = h.txn(0, "a 1 1");
        List<Op> ops = new java.util.ArrayList<>(h.ops());
        ops.add(Op.fail(2, h.timeNanos() + 1, 0, "txn", ops.get(1).value(), "40001: write conflict on \"k1\"\nretry"));
        roundTrip(ops);
        assertEquals(0, t.process());
    }

    @Test
    void anEmptyHistoryIsJustAHeader() throws IOException {
        roundTrip(List.of());
    }

    @Test
    void aMalformedLineIsRejectedWithItsLineAndColumn() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        String good = HistoryFile.encode(Op.invoke(0, 1, 0, "txn", List.of(Mop.append(1, 1))));
        String bad = "{\"index\":1,\"time\":2,\"process\":0,\"type\":\"ok\" \"f\":\"txn\"}";
        Files.writeString(file, HistoryFile.encode(HEADER) + "\n" + good + "\n" + bad + "\n", StandardCharsets.UTF_8);

        MalformedHistoryException e = assertThrows(MalformedHistoryException.class, () -> HistoryFile.read(file));
        assertEquals(3, e.line());
        assertEquals(bad.indexOf(" \"f\"") + 2, e.column());
        assertTrue(e.getMessage().startsWith("line 3, column " + e.column() + ": expected ',' or '}'"), e.getMessage());
    }

    @Test
    void aValidJsonLineThatIsNoOpIsRejectedAtTheOffendingMember() {
        String line = "{\"index\":1,\"time\":2,\"process\":0,\"type\":\"done\",\"f\":\"txn\",\"value\":null,\"error\":null}";
        MalformedHistoryException e = assertThrows(MalformedHistoryException.class, () -> HistoryFile.decodeOp(line, 7));
        assertEquals(7, e.line());
        assertEquals(line.indexOf("\"done\"") + 1, e.column());
    }

    @Test
    void everyKindOfSyntaxErrorIsRejected() {
        List<String> bad = List.of(
                "",
                "{",
                "{\"index\":1.5}",
                "{\"index\":01}",
                "{\"index\":99999999999999999999}",
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":\"unterminated}",
                "{\"a\":1,\"a\":2}",
                "{\"a\":tru}",
                "[1,]",
                "{} {}",
                "{\"index\":0,\"time\":1,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"append\",1]],\"error\":null}",
                "{\"index\":0,\"time\":1,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":{\"bogus\":1},\"error\":null}",
                "{\"index\":0,\"time\":1,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":null,\"error\":null,\"extra\":1}",
                "{\"index\":0,\"time\":1,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":null}");
        for (String line : bad) {
            MalformedHistoryException e = assertThrows(MalformedHistoryException.class, () -> HistoryFile.decodeOp(line, 2), line);
            assertEquals(2, e.line());
            assertTrue(e.column() >= 1 && e.column() <= line.length() + 1, line + " -> " + e.getMessage());
        }
    }

    @Test
    void aFileWithoutAHeaderIsRejected() throws IOException {
        Path file = dir.resolve("empty.jsonl");
        Files.writeString(file, "");
        MalformedHistoryException e = assertThrows(MalformedHistoryException.class, () -> HistoryFile.read(file));
        assertEquals(1, e.line());
    }
}
