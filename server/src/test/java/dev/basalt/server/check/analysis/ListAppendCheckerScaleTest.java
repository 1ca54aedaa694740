package dev.basalt.server.check.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.check.history.Header;
import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.HistoryFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void fiftyThousandTransactionsRoundTripThroughAHistoryFile(@TempDir Path dir) throws IOException {
        History history = ListAppendHistories.generate(42, TRANSACTIONS, CLIENTS, ListAppendHistories.Isolation.SNAPSHOT);
        Path file = dir.resolve("history.jsonl");
        Header header = new Header("list-append", "none", 5, 42, 60, Map.of());
        long writeStart = System.nanoTime();
        HistoryFile.write(file, header, history.ops());
        long readStart = System.nanoTime();
        HistoryFile.Contents contents = HistoryFile.read(file);
        long readEnd = System.nanoTime();
        System.out.printf("history file: %d ops, %d bytes: written in %d ms, read in %d ms%n", history.size(), Files.size(file),
                (readStart - writeStart) / 1_000_000, (readEnd - readStart) / 1_000_000);
        assertEquals(history.ops(), contents.ops());
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
