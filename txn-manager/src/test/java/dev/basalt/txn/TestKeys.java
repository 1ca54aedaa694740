package dev.basalt.txn;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.basalt.placement.routing.RangeRouter;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Keys and raw reads for the transaction tests. Each test takes a fresh table so tests never share keys. */
final class TestKeys {
    /** Slots per range when the cluster cuts the 65,536 slots into four even ranges. */
    static final int SLOTS_PER_RANGE_OF_FOUR = 16_384;
    private static final AtomicLong TABLES = new AtomicLong(1_000);

    private TestKeys() {
    }

    static long newTable() {
        return TABLES.incrementAndGet();
    }

    /** A row key of table {@code table}, index 0, in range {@code rangeIndex} (of four) at {@code slotOffset}. */
    static byte[] key(long table, int rangeIndex, int slotOffset, String suffix) {
        return StorageKey.of(table, 0, rangeIndex * SLOTS_PER_RANGE_OF_FOUR + slotOffset, bytes(suffix));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A read of {@code key} at {@code ts} straight from its range, bypassing any transaction. */
    static byte[] rawGet(RangeRouter router, byte[] key, long ts) {
        RangeResponse r = router.execute(router.rangeOf(key).rangeId(), new RangeRequest.Get(key, ts));
        return assertInstanceOf(RangeResponse.Value.class, r, "raw get of " + StorageKey.toString(key)).value();
    }

    static RangeResponse.TxnStatus status(RangeRouter router, byte[] primary, long startTs, long nowTs, boolean rollbackIfExpired) {
        RangeResponse r = router.execute(router.rangeOf(primary).rangeId(),
                new RangeRequest.CheckTxnStatus(primary, startTs, nowTs, rollbackIfExpired));
        return assertInstanceOf(RangeResponse.TxnStatus.class, r);
    }
}
