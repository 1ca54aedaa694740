package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.LocalTimestampSource;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two ranges side by side on the same three nodes (so in the same RocksDB): neither may read the other's keys. */
class RangeBoundsTest {
    private static final long TABLE = 9;
    private static final int SPLIT_SLOT = 32768;
    private static final LocalTimestampSource oracle = new LocalTimestampSource();
    private static LocalStores stores;

    @BeforeAll
    static void start() throws Exception {
        stores = new LocalStores(3, 10_000, 1024, oracle);
        stores.createRange(new RangeDescriptor(1, 0, SPLIT_SLOT, List.of(1, 2, 3), 1));
        stores.createRange(new RangeDescriptor(2, SPLIT_SLOT, RangeDescriptor.SLOT_COUNT, List.of(2, 3, 1), 1));
        stores.awaitLeader(1, Duration.ofSeconds(30));
        stores.awaitLeader(2, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        stores.close();
    }

    private static byte[] key(int slot, String rest) {
        return StorageKey.of(TABLE, 0, slot, rest.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void scanWhoseEndLiesInTheNextRangesFirstSlotIsRefusedAndReadsNothingOfIt() throws Exception {
        byte[] neighbour = key(SPLIT_SLOT, "a");
        stores.call(2, new RangeRequest.OnePhaseCommit(List.of(Mutation.put(neighbour, new byte[] {1})), oracle.next()));
        byte[] start = StorageKey.prefix(TABLE, 0, 0);
        // The end shares the first slot of range 2; the neighbour's key sorts before it.
        byte[] pastTheEnd = key(SPLIT_SLOT, "z");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stores.call(1, new RangeRequest.Scan(start, pastTheEnd, oracle.next(), 100)));
        assertEquals(ErrorCode.RANGE_MOVED, assertInstanceOf(BasaltException.class, e.getCause()).code());

        RangeResponse.Rows rows = assertInstanceOf(RangeResponse.Rows.class,
                stores.call(1, new RangeRequest.Scan(start, StorageKey.prefix(TABLE, 0, SPLIT_SLOT), oracle.next(), 100)));
        assertTrue(rows.rows().stream().noneMatch(kv -> Arrays.equals(kv.key(), neighbour)),
                "range 1 returned a key of range 2: " + rows.rows());
    }

    @Test
    void scanOfTheLastRangeMayRunToTheEndOfTheIndex() throws Exception {
        byte[] last = key(RangeDescriptor.SLOT_COUNT - 1, "last");
        stores.call(2, new RangeRequest.OnePhaseCommit(List.of(Mutation.put(last, new byte[] {2})), oracle.next()));
        RangeResponse.Rows rows = assertInstanceOf(RangeResponse.Rows.class, stores.call(2, new RangeRequest.Scan(
                StorageKey.prefix(TABLE, 0, SPLIT_SLOT), StorageKey.indexEnd(TABLE, 0), oracle.next(), 100)));
        assertTrue(rows.rows().stream().anyMatch(kv -> Arrays.equals(kv.key(), last)), rows.rows().toString());
    }

    @Test
    void aScanFilterRunsInTheRangeAndAnUnknownOneIsRefused() throws Exception {
        List<Mutation> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(Mutation.put(key(100, "f" + (char) ('a' + i % 26) + i), new byte[] {(byte) (i % 5), 42, 43}));
        }
        stores.call(1, new RangeRequest.OnePhaseCommit(rows, oracle.next()));
        byte[] start = key(100, "f");
        byte[] end = key(101, "");
        RangeResponse.Rows kept = assertInstanceOf(RangeResponse.Rows.class, stores.call(1,
                new RangeRequest.Scan(start, end, oracle.next(), 100, LocalStores.FIRST_BYTE_FILTER, new byte[] {3})));
        assertEquals(10, kept.rows().size(), "every fifth row has first byte 3");
        assertTrue(kept.rows().stream().allMatch(kv -> Arrays.equals(kv.value(), new byte[] {3})), "values come cut to one byte");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stores.call(1, new RangeRequest.Scan(start, end, oracle.next(), 100, 12345, new byte[0])));
        assertEquals(ErrorCode.INVALID_REQUEST, assertInstanceOf(BasaltException.class, e.getCause()).code());
    }
    @Test
    void aFilterThatAbsorbsRowsHandsBackWhatItHoldsWhenEachPageEndsUnderTheLastKeyItRead() throws Exception {
        List<Mutation> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(Mutation.put(key(100, String.format("g%03d", i)), new byte[] {1}));
        }
        stores.call(1, new RangeRequest.OnePhaseCommit(rows, oracle.next()));
        byte[] next = key(100, "g");
        byte[] end = key(101, "");
        long readTs = oracle.next();
        int counted = 0;
        int pages = 0;
        byte[] previous = null;
        while (next != null) {
            // at most 2 rows a page: each a count of 7 absorbed rows; the last page adds what the filter held
            RangeResponse.Rows page = assertInstanceOf(RangeResponse.Rows.class, stores.call(1,
                    new RangeRequest.Scan(next, end, readTs, 2, LocalStores.COUNTING_FILTER, new byte[0])));
            pages++;
            for (dev.basalt.range.KeyValue kv : page.rows()) {
                counted += kv.value()[0];
                if (previous != null) {
                    assertTrue(Arrays.compareUnsigned(previous, kv.key()) < 0, "keys ascend across the page's rows and pages");
                }
                previous = kv.key();
            }
            next = page.resumeKey();
        }
        assertEquals(50, counted, "every row is counted once, across " + pages + " pages");
        assertEquals(4, pages, "pages of two handed-back counts end after 14 rows: 14, 14, 14, then the last 8");
        assertArrayEquals(key(100, "g049"), previous, "the last count carries the key of the last row read");
    }
}
