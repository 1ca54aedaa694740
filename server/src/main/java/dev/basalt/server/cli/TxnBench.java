package dev.basalt.server.cli;

import dev.basalt.common.key.Slots;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.StorageKey;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.placement.routing.RangeRouter;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code basalt bench txn}: read-modify-write transactions of two rows under snapshot isolation,
 * first with both rows in one range (one-phase commit), then with the rows in two different ranges
 * (two-phase commit), one result line each:
 * <pre>
 *   txn kind=single-range clients=C txns/s=X p50_ms=Y p99_ms=Z
 *   txn kind=cross-range clients=C txns/s=X p50_ms=Y p99_ms=Z
 * </pre>
 * Each transaction draws its timestamps from the oracle, reads both rows, writes both and
 * commits. Rows are random over {@link #ROWS_PER_SLOT} keys in every slot, so conflicts are rare.
 * Errors (conflicts, failovers) are counted, not retried.
 */
final class TxnBench {
    static final long BENCH_TABLE = 1_000_001;
    static final int ROWS_PER_SLOT = 1_000;

    private final RangeRouter router;
    private final TransactionManager txns;
    private final PrintStream out;

    TxnBench(RangeRouter router, TransactionManager txns, PrintStream out) {
        this.router = router;
        this.txns = txns;
        this.out = out;
    }

    private static byte[] row(int slot, SplittableRandom random) {
        return StorageKey.of(BENCH_TABLE, 0, slot, CommitBench.longBytes(random.nextInt(ROWS_PER_SLOT)));
    }

    private void readModifyWrite(byte[] a, byte[] b) {
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false)) {
            List<byte[]> values = t.getAll(List.of(a, b));
            t.put(a, next(values.get(0)));
            t.put(b, next(values.get(1)));
            t.commit();
        }
    }

    private static byte[] next(byte[] counter) {
        long v = counter == null ? 0 : java.nio.ByteBuffer.wrap(counter).getLong();
        return CommitBench.longBytes(v + 1);
    }

    List<CommitBench.Result> run(int clients, int seconds) {
        List<CommitBench.Result> results = new ArrayList<>();
        CommitBench.Result single = CommitBench.level(out, "single-range", clients, seconds, random -> {
            int slot = random.nextInt(Slots.COUNT);
            byte[] a = row(slot, random);
            byte[] b = row(slot, random);
            if (java.util.Arrays.equals(a, b)) {
                b = row(slot, random);
            }
            readModifyWrite(a, b);
        });
        out.println(line(single, clients));
        results.add(single);
        CommitBench.Result cross = CommitBench.level(out, "cross-range", clients, seconds, random -> {
            int slotA = random.nextInt(Slots.COUNT);
            RangeDescriptor rangeA = router.rangeOf(StorageKey.prefix(BENCH_TABLE, 0, slotA));
            int slotB = random.nextInt(Slots.COUNT);
            for (int tries = 0; rangeA.containsSlot(slotB) && tries < 100; tries++) {
                slotB = random.nextInt(Slots.COUNT);
            }
            readModifyWrite(row(slotA, random), row(slotB, random));
        });
        out.println(line(cross, clients));
        results.add(cross);
        return results;
    }

    static String line(CommitBench.Result r, int clients) {
        return String.format("txn kind=%s clients=%d txns/s=%.0f p50_ms=%.2f p99_ms=%.2f", r.kind(), clients, r.perSecond(), r.p50Ms(), r.p99Ms())
                + (r.errors().isEmpty() ? "" : " errors=" + r.errors());
    }
}
