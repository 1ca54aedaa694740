package dev.basalt.server.check.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.check.history.History;
import org.junit.jupiter.api.Test;

/**
 * Keeps the list-append checker honest about size: histories of 50,000 concurrent transactions
 * (up to 10 micro-ops each), strictly serializable (no cycles), snapshot isolated (many write-skew
 * cycles to search) and buggy, must check without trouble. No timing assertion (the machine is
 * shared); the times are printed. {@code -Dcheck.scale.transactions=200000} runs a
 * larger one, {@code -Dcheck.scale.clients=50} a more concurrent one.
 */
class ListAppendCheckerScaleTest {
    private static final int TRANSACTIONS = Integer.getInteger("check.scale.transactions", 50_000);
    private static final int CLIENTS = Integer.getInteger("check.scale.clients", 10);

    private static Verdict generateAndCheck(ListAppendHistories.Isolation isolation) {
        long generateStart = System.nanoTime();
        History history = ListAppendHistories.generate(42, TRANSACTIONS, CLIENTS, isolation);
        long checkStart = System.nanoTime();
        Verdict verdict = new ListAppendChecker().check(history);
        long checkEnd = System.nanoTime();
        System.out.printf("list-append scale, %s: %d transactions, %d ops: generated in %d ms, checked in %d ms%n  %s%n", isolation, TRANSACTIONS,
                history.size(), (checkStart - generateStart) / 1_000_000, (checkEnd - checkStart) / 1_000_000, String.join("\n  ", verdict.notes()));
        return verdict;
    }

    @Test
    void fiftyThousandStrictlySerializableTransactionsCheckValid() {
        Verdict verdict = generateAndCheck(ListAppendHistories.Isolation.SERIALIZABLE);
        assertTrue(verdict.valid(), verdict.summary());
    }

    @Test
    void fiftyThousandSnapshotIsolatedTransactionsCheckValidThroughTheirWriteSkewCycles() {
        Verdict verdict = generateAndCheck(ListAppendHistories.Isolation.SNAPSHOT);
        assertTrue(verdict.valid(), verdict.summary());
    }

    @Test
    void fiftyThousandTransactionsWithStaleSnapshotsCheckInvalid() {
        Verdict verdict = generateAndCheck(ListAppendHistories.Isolation.STALE_SNAPSHOT);
        System.out.println(verdict.summary());
        assertFalse(verdict.valid(), verdict.summary());
    }
}
