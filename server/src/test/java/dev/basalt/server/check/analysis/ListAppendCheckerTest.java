package dev.basalt.server.check.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.HistoryBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One small history per anomaly. Transactions are named by the op index of their completion,
 * so the expected cycles below can be read off the event numbers in the comments.
 */
class ListAppendCheckerTest {
    private static Verdict check(HistoryBuilder h) {
        return new ListAppendChecker().check(h.build());
    }

    private static void assertOnly(String anomaly, Verdict verdict) {
        assertEquals(Set.of(anomaly), verdict.anomalies().keySet(), verdict.summary());
        assertFalse(verdict.valid());
    }

    private static void assertValid(Verdict verdict) {
        assertTrue(verdict.valid(), verdict.summary());
        assertEquals(Map.of(), verdict.anomalies());
        assertEquals(0, verdict.lost());
    }

    @Test
    void anEmptyHistoryIsValid() {
        assertValid(check(new HistoryBuilder()));
    }

    @Test
    void aSerialHistoryIsValid() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 1, r 1 [1]");
        h.txnOk(0, "r 1 [1], a 1 2, a 2 1");
        h.txnOk(1, "r 1 [1 2], r 2 [1], a 2 2, r 2 [1 2]");
        assertValid(check(h));
    }

    @Test
    void aConcurrentHistoryWithFailedAndUnknownTransactionsIsValid() {
        HistoryBuilder h = new HistoryBuilder();
        var t1 = h.txn(1, "a 2 1"); // 0
        var t0 = h.txn(0, "a 1 1, r 2 [1]"); // 1
        h.ok(t1); // 2
        var t2 = h.txn(2, "a 1 2"); // 3
        h.ok(t0); // 4
        h.info(t2); // 5: unknown, but t3 below sees its append: committed
        h.fail(h.txn(3, "a 1 3")); // 6, 7: failed, and nobody sees it
        long t3 = h.txnOk(4, "r 1 [1 2], a 2 2"); // 8, 9
        h.info(h.txn(5, "a 3 1")); // 10, 11: unknown, never seen: ignored
        h.txnOk(6, "r 1 [1 2], r 2 [1 2], r 3 []"); // 12, 13
        h.txn(7, "a 3 2"); // 14: never completes
        Verdict verdict = check(h);
        assertValid(verdict);
        assertEquals(9, t3);
        assertTrue(verdict.notes().stream().anyMatch(n -> n.startsWith("8 transactions: 4 ok, 1 failed, 3 unknown (1 of them observed")),
                verdict.summary());
    }

    @Test
    void readOfAnAbortedAppendIsG1a() {
        HistoryBuilder h = new HistoryBuilder();
        h.fail(h.txn(0, "a 1 1")); // T1
        h.txnOk(1, "r 1 [1]"); // T3
        Verdict verdict = check(h);
        assertOnly("G1a", verdict);
        assertEquals(List.of("k1: T3 read [1] containing 1, appended by T1 which failed"), verdict.anomalies().get("G1a"));
    }

    @Test
    void readOfAnIntermediateAppendIsG1b() {
        HistoryBuilder h = new HistoryBuilder();
        var writer = h.txn(0, "a 1 1, a 1 2"); // 0
        var reader = h.txn(1, "r 1 [1]"); // 1
        h.ok(reader); // 2
        h.ok(writer); // 3
        h.txnOk(2, "r 1 [1 2]");
        Verdict verdict = check(h);
        assertOnly("G1b", verdict);
        assertEquals(List.of("k1: T2 read [1], ending at 1, which T3 followed with another append to k1 (an intermediate state)"),
                verdict.anomalies().get("G1b"));
    }

    @Test
    void writesOrderedOppositelyOnTwoKeysAreG0() {
        HistoryBuilder h = new HistoryBuilder();
        var a = h.txn(0, "a 1 1, a 2 1");
        var b = h.txn(1, "a 1 2, a 2 2");
        h.ok(a); // T2
        h.ok(b); // T3
        h.txnOk(2, "r 1 [1 2], r 2 [2 1]");
        Verdict verdict = check(h);
        assertOnly("G0", verdict);
        assertEquals(List.of("T2 -ww(k1)-> T3 -ww(k2)-> T2"), verdict.anomalies().get("G0"));
    }

    @Test
    void eachTransactionReadingTheOthersAppendIsG1c() {
        HistoryBuilder h = new HistoryBuilder();
        var a = h.txn(0, "a 1 1, r 2 [1]");
        var b = h.txn(1, "a 2 1, r 1 [1]");
        h.ok(a); // T2
        h.ok(b); // T3
        Verdict verdict = check(h);
        assertOnly("G1c", verdict);
        assertEquals(1, verdict.anomalies().get("G1c").size());
        assertTrue(Set.of("T2 -wr(k1)-> T3 -wr(k2)-> T2", "T3 -wr(k2)-> T2 -wr(k1)-> T3").contains(verdict.anomalies().get("G1c").get(0)),
                verdict.summary());
    }

    @Test
    void seeingHalfOfATransactionIsGSingle() {
        HistoryBuilder h = new HistoryBuilder();
        var writer = h.txn(0, "a 1 10, a 2 20");
        var reader = h.txn(1, "r 1 [10], r 2 []");
        h.ok(writer); // T2
        h.ok(reader); // T3
        h.txnOk(2, "r 1 [10], r 2 [20]");
        Verdict verdict = check(h);
        assertOnly("G-single", verdict);
        assertEquals(List.of("T3 -rw(k2)-> T2 -wr(k1)-> T3"), verdict.anomalies().get("G-single"));
    }

    @Test
    void writeSkewIsG2AndAllowedUnderSnapshotIsolation() {
        HistoryBuilder h = new HistoryBuilder();
        var a = h.txn(0, "r 1 [], a 2 1");
        var b = h.txn(1, "r 2 [], a 1 1");
        h.ok(a); // T2
        h.ok(b); // T3
        h.txnOk(2, "r 1 [1], r 2 [1]");
        Verdict verdict = check(h);
        assertValid(verdict);
        assertEquals(Set.of("G2"), verdict.allowed().keySet());
        assertEquals(List.of("T2 -rw(k1)-> T3 -rw(k2)-> T2"), verdict.allowed().get("G2"));
    }

    @Test
    void missingAnAppendAcknowledgedBeforeTheReadBeganIsGSingleRealtime() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 1"); // T1
        h.txnOk(1, "r 1 []"); // T3: began after T1 was acknowledged, yet missed it
        h.txnOk(2, "r 1 [1]");
        Verdict verdict = check(h);
        assertOnly("G-single-realtime", verdict);
        assertEquals(List.of("T3 -rw(k1)-> T1 -rt-> T3"), verdict.anomalies().get("G-single-realtime"));
    }

    @Test
    void readingAnAppendThatBeganLaterIsG1cRealtime() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "r 1 [1]"); // T1
        h.txnOk(1, "a 1 1"); // T3: invoked after T1 completed, yet T1 saw it
        Verdict verdict = check(h);
        assertOnly("G1c-realtime", verdict);
        assertEquals(List.of("T1 -rt-> T3 -wr(k1)-> T1"), verdict.anomalies().get("G1c-realtime"));
    }

    @Test
    void appendsOrderedAgainstRealTimeAreG0Realtime() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 1"); // T1
        h.txnOk(1, "a 1 2"); // T3
        h.txnOk(2, "r 1 [2 1]");
        Verdict verdict = check(h);
        assertOnly("G0-realtime", verdict);
        assertEquals(List.of("T1 -rt-> T3 -ww(k1)-> T1"), verdict.anomalies().get("G0-realtime"));
    }

    @Test
    void aReadAfterAnOwnAppendThatLacksItIsInternal() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 5, r 1 []");
        Verdict verdict = check(h);
        assertOnly("internal", verdict);
        assertEquals(List.of("T1 appended [5] to k1, then read [], which does not end with them"), verdict.anomalies().get("internal"));
    }

    @Test
    void aReadContainingAnAppendTheTransactionMakesOnlyLaterIsInternal() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 1");
        h.txnOk(0, "r 1 [1 2], a 1 2"); // T3
        Verdict verdict = check(h);
        assertOnly("internal", verdict);
        assertEquals(List.of("T3 read k1 = [1, 2], containing 2, which it appends only later"), verdict.anomalies().get("internal"));
    }

    @Test
    void twoReadsOfAKeyWithNoAppendBetweenMustBeEqual() {
        HistoryBuilder h = new HistoryBuilder();
        var writer = h.txn(0, "a 1 7");
        var reader = h.txn(1, "r 1 [], r 1 [7]");
        h.ok(writer);
        h.ok(reader); // T3
        Verdict verdict = check(h);
        assertEquals(List.of("T3 read k1 = [7], but its earlier read and appends imply []"), verdict.anomalies().get("internal"), verdict.summary());
        // the fuzzy read is also a cycle: T3 -rw-> T2 -wr-> T3
        assertEquals(Set.of("internal", "G-single"), verdict.anomalies().keySet());
    }

    @Test
    void readsThatAreNotPrefixesOfEachOtherAreIncompatibleOrder() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 1");
        h.txnOk(1, "a 1 2");
        h.txnOk(2, "r 1 [1]"); // T5
        h.txnOk(3, "r 1 [2]"); // T7
        Verdict verdict = check(h);
        assertOnly("incompatible-order", verdict);
        assertEquals(List.of("k1: T7 read [2] and T5 read [1]; neither is a prefix of the other"), verdict.anomalies().get("incompatible-order"));
        assertEquals(0, verdict.lost(), "2 was seen, if out of order");
    }

    @Test
    void anElementReadTwiceIsDuplicateElements() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 1");
        h.txnOk(1, "r 1 [1 1]"); // T3
        Verdict verdict = check(h);
        assertOnly("duplicate-elements", verdict);
        assertEquals(List.of("k1: T3 read [1, 1] in which 1 appears at positions 0 and 1"), verdict.anomalies().get("duplicate-elements"));
    }

    @Test
    void anElementNobodyAppendedIsGarbageRead() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 1");
        h.txnOk(1, "r 1 [1 9]"); // T3
        Verdict verdict = check(h);
        assertOnly("garbage-read", verdict);
        assertEquals(List.of("k1: T3 read [1, 9] containing 9, which no transaction appended"), verdict.anomalies().get("garbage-read"));
    }

    @Test
    void anAcknowledgedAppendMissingFromALaterReadIsLost() {
        HistoryBuilder h = new HistoryBuilder();
        h.txnOk(0, "a 1 1"); // T1
        h.txnOk(1, "a 1 2"); // T3
        h.txnOk(2, "r 1 [2]"); // T5, invoked at op 4
        Verdict verdict = check(h);
        assertOnly("lost-append", verdict);
        assertEquals(1, verdict.lost());
        assertEquals(List.of("k1: T1 appended 1 and committed, but no read saw it, although T5 (invoked at op 4, after the commit) read [2]"),
                verdict.anomalies().get("lost-append"));
    }

    @Test
    void anAppendNotYetReadByAnyLaterReadIsNotLost() {
        HistoryBuilder h = new HistoryBuilder();
        var reader = h.txn(1, "r 1 []");
        h.txnOk(0, "a 1 1"); // completes while the read is in flight: the read may precede it
        h.ok(reader);
        assertValid(check(h));
    }

    @Test
    void anUnknownTransactionWhoseAppendWasReadTakesPartInCycles() {
        HistoryBuilder h = new HistoryBuilder();
        h.info(h.txn(0, "a 1 10, a 2 20")); // T1: unknown, but T3 sees half of it
        h.txnOk(1, "r 1 [10], r 2 []"); // T3
        h.txnOk(2, "r 2 [20]"); // places 20 first in k2, so T3's empty read precedes T1
        Verdict verdict = check(h);
        assertOnly("G-single", verdict);
        assertEquals(List.of("T3 -rw(k2)-> T1 -wr(k1)-> T3"), verdict.anomalies().get("G-single"));
    }

    @Test
    void anUnknownTransactionThatNeverCompletedAndWasReadTakesPartInCycles() {
        HistoryBuilder h = new HistoryBuilder();
        h.txn(0, "a 1 10, a 2 20"); // T0: never completes
        h.txnOk(1, "r 1 [10], r 2 []"); // T2
        h.txnOk(2, "r 2 [20]");
        Verdict verdict = check(h);
        assertOnly("G-single", verdict);
        assertEquals(List.of("T2 -rw(k2)-> T0 -wr(k1)-> T2"), verdict.anomalies().get("G-single"));
    }

    @Test
    void anUnknownTransactionNobodyObservedIsIgnored() {
        HistoryBuilder h = new HistoryBuilder();
        h.info(h.txn(0, "a 1 10")); // had it been acknowledged, the read below would make it lost
        h.txnOk(1, "r 1 []"); // invoked after the INFO
        Verdict verdict = check(h);
        assertValid(verdict);
        assertEquals(Map.of(), verdict.allowed());
        assertTrue(verdict.notes().contains("dependency graph: 1 transactions, 0 edges; 0 components with cycles"), verdict.summary());
    }

    @Test
    void examplesPerAnomalyAreBoundedAndTheRestCounted() {
        HistoryBuilder h = new HistoryBuilder();
        for (int i = 0; i < 20; i++) {
            h.txnOk(0, "r " + i + " [99]");
        }
        Verdict verdict = check(h);
        assertEquals(Verdict.EXAMPLES_PER_ANOMALY_MAX, verdict.anomalies().get("garbage-read").size());
        assertTrue(verdict.notes().contains("garbage-read: 20 found, 8 shown"), verdict.summary());
    }

    @Test
    void aGeneratedStrictlySerializableHistoryIsValidAndAcyclic() {
        History history = ListAppendHistories.generate(7, 2_000, 8, ListAppendHistories.Isolation.SERIALIZABLE);
        Verdict verdict = new ListAppendChecker().check(history);
        assertValid(verdict);
        assertEquals(Map.of(), verdict.allowed());
    }

    @Test
    void aGeneratedSnapshotIsolationHistoryIsValidWithWriteSkewAllowed() {
        History history = ListAppendHistories.generate(7, 2_000, 8, ListAppendHistories.Isolation.SNAPSHOT);
        Verdict verdict = new ListAppendChecker().check(history);
        assertValid(verdict);
        assertEquals(Set.of("G2"), verdict.allowed().keySet(), verdict.summary());
    }

    @Test
    void aGeneratedHistoryWithStaleSnapshotsIsCaught() {
        History history = ListAppendHistories.generate(7, 2_000, 8, ListAppendHistories.Isolation.STALE_SNAPSHOT);
        Verdict verdict = new ListAppendChecker().check(history);
        assertFalse(verdict.valid());
        assertTrue(verdict.anomalies().containsKey("G-single-realtime"), verdict.summary());
    }
}
