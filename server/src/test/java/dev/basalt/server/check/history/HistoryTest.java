package dev.basalt.server.check.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
    @Test
    void invocationsArePairedWithTheirProcesssCompletionEvenWhenInterleaved() {
        HistoryBuilder h = new HistoryBuilder();
        var a = h.txn(0, "a 1 10");
        var b = h.txn(1, "r 1 [10]");
        h.nemesis("kill", "n2");
        long aDone = h.ok(a);
        long bDone = h.ok(b);
        History history = h.build();

        List<Operation> operations = history.operations();
        assertEquals(2, operations.size());
        assertEquals(aDone, operations.get(0).completionIndex());
        assertEquals(bDone, operations.get(1).completionIndex());
        assertEquals(List.of(Mop.read(1, List.of(10L))), operations.get(1).value());
        assertEquals(List.of(Mop.read(1)), operations.get(1).invoke().value());
    }

    @Test
    void countsTreatInfoAndNeverCompletedAsUnknown() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 10");
        h.fail(h.txn(1, "a 1 11"));
        h.info(h.txn(2, "a 1 12"));
        h.txn(3, "a 1 13"); // the history ends before it completes
        History history = h.build();

        assertEquals(new History.Counts(4, 1, 1, 2), history.counts());
        Operation never = history.operations().get(3);
        assertNull(never.completion());
        assertTrue(never.isUnknown());
        assertEquals(Long.MAX_VALUE, never.completionIndex());
    }

    @Test
    void operationsCanBeSelectedByFunction() {
        HistoryBuilder h = new HistoryBuilder();
        h.ok(h.invoke(0, "write", RegisterOp.write(1, 5)));
        h.ok(h.invoke(0, "read", RegisterOp.read(1)), new RegisterOp(1, 5L));
        History history = h.build();

        assertEquals(1, history.operations("write").size());
        assertEquals(new RegisterOp(1, 5L), history.operations("read").get(0).value());
    }

    @Test
    void aProcessThatInvokesTwiceWithoutCompletingIsRejected() {
        HistoryBuilder h = new HistoryBuilder();
        h.txn(0, "a 1 10");
        h.txn(0, "a 1 11");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, h::build);
        assertTrue(e.getMessage().contains("op 1: process 0 invokes while op 0 is still in flight"), e.getMessage());
    }

    @Test
    void aProcessCannotIssueOpsAfterAnInfoCompletion() {
        HistoryBuilder h = new HistoryBuilder();
        h.info(h.txn(0, "a 1 10"));
        h.txn(0, "a 1 11");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, h::build);
        assertTrue(e.getMessage().contains("process 0 is crashed"), e.getMessage());
    }

    @Test
    void aCompletionMustMatchTheInvokedFunction() {
        List<Op> ops = List.of(Op.invoke(0, 1, 0, "read", null), Op.ok(1, 2, 0, "write", RegisterOp.write(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> History.of(ops));
    }

    @Test
    void aCompletionWithoutAnInvocationIsRejected() {
        List<Op> ops = List.of(Op.ok(0, 1, 0, "read", null));
        assertThrows(IllegalArgumentException.class, () -> History.of(ops));
    }

    @Test
    void indexesMustCountFromZeroAndTimeMustNotGoBack() {
        assertThrows(IllegalArgumentException.class, () -> History.of(List.of(Op.invoke(1, 1, 0, "read", null))));
        assertThrows(IllegalArgumentException.class,
                () -> History.of(List.of(Op.invoke(0, 5, 0, "read", null), Op.ok(1, 4, 0, "read", null))));
    }

    @Test
    void nemesisEventsNeedNoPairing() {
        HistoryBuilder h = new HistoryBuilder();
        h.nemesis("partition", "{n1 n2} {n3}");
        h.nemesis("heal", "");
        History history = h.build();
        assertEquals(0, history.operations().size());
        assertEquals(new History.Counts(0, 0, 0, 0), history.counts());
    }

    @Test
    void maxStallIsTheLongestGapBetweenOkCompletionsWithinTheWindow() {
        HistoryBuilder h = new HistoryBuilder(); // each event advances time by 1000 ns
        h.txnOk(0, "a 1 1"); // ok at 2000
        h.advance(10_000);
        h.txnOk(0, "a 1 2"); // ok at 14000
        h.fail(h.txn(0, "a 1 3")); // fail at 16000: not progress
        h.advance(30_000);
        h.txnOk(0, "a 1 4"); // ok at 48000
        History history = h.build();

        assertEquals(34_000, history.maxStallNanos(0, 50_000));
        assertEquals(12_000, history.maxStallNanos(0, 14_000), "between the two OKs");
        assertEquals(1_500, history.maxStallNanos(500, 2_000), "start -> first OK");
        assertEquals(60_000, history.maxStallNanos(48_000, 108_000), "last OK -> end");
        assertEquals(1_000, history.maxStallNanos(49_000, 50_000), "a window without an OK is one stall");
    }
}
