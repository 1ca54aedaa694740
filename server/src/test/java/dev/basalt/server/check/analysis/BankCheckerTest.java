package dev.basalt.server.check.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.check.history.BankFinal;
import dev.basalt.server.check.history.BankRead;
import dev.basalt.server.check.history.BankSetup;
import dev.basalt.server.check.history.HistoryBuilder;
import dev.basalt.server.check.history.Transfer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three accounts of 100 each: every snapshot must sum to 300. */
class BankCheckerTest {
    private HistoryBuilder h;

    @BeforeEach
    void setUp() {
        h = new HistoryBuilder();
        h.ok(h.invoke(0, "setup", new BankSetup(3, 100)));
    }

    private HistoryBuilder.Pending transfer(int process, long id, long from, long to, long amount) {
        return h.invoke(process, "transfer", new Transfer(id, from, to, amount));
    }

    private long read(int process, long b0, long b1, long b2) {
        return h.ok(h.invoke(process, "read", null), new BankRead(Map.of(0L, b0, 1L, b1, 2L, b2)));
    }

    private long finalRead(Map<Long, Long> balances, Transfer... ledger) {
        Map<Long, Transfer> rows = new HashMap<>();
        for (Transfer t : ledger) {
            rows.put(t.id(), t);
        }
        return h.ok(h.invoke(9, "final", null), new BankFinal(balances, rows));
    }

    private Verdict check() {
        return new BankChecker().check(h.build());
    }

    private static void assertOnly(String anomaly, Verdict verdict) {
        assertEquals(Set.of(anomaly), verdict.anomalies().keySet(), verdict.summary());
        assertFalse(verdict.valid());
    }

    @Test
    void concurrentTransfersWithFailedAndUnknownOnesCheckValid() {
        h.ok(transfer(1, 1, 0, 1, 10)); // 0:90 1:110 2:100
        var big = transfer(2, 2, 1, 2, 500);
        read(3, 90, 110, 100); // concurrent with transfer 2, before it applies
        h.ok(big, new Transfer(2, 1, 2, 110)); // moves only what account 1 holds: 0:90 1:0 2:210
        h.fail(transfer(1, 3, 2, 0, 5));
        h.info(transfer(4, 4, 0, 2, 20)); // applied: 0:70 1:0 2:230
        h.info(transfer(5, 5, 1, 0, 7)); // not applied
        transfer(6, 6, 2, 1, 1); // never completes, not applied
        read(3, 70, 0, 230);
        finalRead(Map.of(0L, 70L, 1L, 0L, 2L, 230L), new Transfer(1, 0, 1, 10), new Transfer(2, 1, 2, 110), new Transfer(4, 0, 2, 20));
        Verdict verdict = check();
        assertTrue(verdict.valid(), verdict.summary());
        assertEquals(0, verdict.lost());
    }

    @Test
    void aSnapshotThatDoesNotSumToTheTotalIsWrongTotal() {
        h.ok(transfer(1, 1, 0, 1, 10));
        long bad = read(2, 90, 100, 100); // saw the debit but not the credit
        finalRead(Map.of(0L, 90L, 1L, 110L, 2L, 100L), new Transfer(1, 0, 1, 10));
        Verdict verdict = check();
        assertOnly("wrong-total", verdict);
        assertEquals(List.of("read " + bad + " sums to 290, expected 300 (3 accounts x 100)"), verdict.anomalies().get("wrong-total"));
    }

    @Test
    void aSnapshotMissingAnAccountOrHoldingANegativeBalanceIsReported() {
        h.ok(h.invoke(2, "read", null), new BankRead(Map.of(0L, -5L, 1L, 305L)));
        finalRead(Map.of(0L, 100L, 1L, 100L, 2L, 100L));
        Verdict verdict = check();
        assertEquals(Set.of("missing-account", "negative-balance"), verdict.anomalies().keySet(), verdict.summary());
    }

    @Test
    void aTransferAppliedTwiceIsLedgerMismatch() {
        h.ok(transfer(1, 1, 0, 1, 10));
        long fin = finalRead(Map.of(0L, 80L, 1L, 120L, 2L, 100L), new Transfer(1, 0, 1, 10)); // balances moved twice, one row
        Verdict verdict = check();
        assertOnly("ledger-mismatch", verdict);
        assertEquals(List.of("final read " + fin + ": account 0 holds 80, but 100 initial + 0 credited - 10 debited by the ledger = 90",
                "final read " + fin + ": account 1 holds 120, but 100 initial + 10 credited - 0 debited by the ledger = 110"),
                verdict.anomalies().get("ledger-mismatch"));
    }

    @Test
    void anAcknowledgedTransferWithoutALedgerRowIsLost() {
        long ack = h.ok(transfer(1, 7, 0, 1, 10));
        finalRead(Map.of(0L, 100L, 1L, 100L, 2L, 100L));
        Verdict verdict = check();
        assertOnly("lost-transfer", verdict);
        assertEquals(1, verdict.lost());
        assertEquals(List.of("transfer 7 (0 -> 1, 10) was acknowledged at op " + ack + " but has no ledger row"), verdict.anomalies().get("lost-transfer"));
    }

    @Test
    void aFailedTransferInTheLedgerIsAbortedTransferApplied() {
        h.fail(transfer(1, 1, 0, 1, 10));
        finalRead(Map.of(0L, 90L, 1L, 110L, 2L, 100L), new Transfer(1, 0, 1, 10));
        assertOnly("aborted-transfer-applied", check());
    }

    @Test
    void aLedgerRowNoClientAskedForIsGarbageTransfer() {
        finalRead(Map.of(0L, 90L, 1L, 110L, 2L, 100L), new Transfer(99, 0, 1, 10));
        assertOnly("garbage-transfer", check());
    }

    @Test
    void aLedgerRowMovingMoreThanAskedIsWrongLedgerRow() {
        h.ok(transfer(1, 1, 0, 1, 10));
        finalRead(Map.of(0L, 80L, 1L, 120L, 2L, 100L), new Transfer(1, 0, 1, 20));
        assertOnly("wrong-ledger-row", check());
    }

    @Test
    void aHistoryWithoutAFinalReadIsInvalid() {
        h.ok(transfer(1, 1, 0, 1, 10));
        read(2, 90, 110, 100);
        Verdict verdict = check();
        assertOnly("no-final-read", verdict);
        assertTrue(verdict.notes().contains("no OK final read: the ledger could not be audited"), verdict.summary());
    }
}
