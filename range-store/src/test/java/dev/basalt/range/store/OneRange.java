package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.LocalTimestampSource;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * What the MVCC rule tests talk to: one range over every slot, replicated on three local stores
 * (Ratis + RocksDB), and a local oracle that observes every commit it is told of, so that later
 * transactions start after what they saw commit.
 */
final class OneRange implements AutoCloseable {
    static final long RANGE = 1;
    private final LocalTimestampSource oracle = new LocalTimestampSource();
    private final LocalStores stores;
    private final long table;
    private final String keyPrefix;
    private int keySeq;

    private OneRange(long table, String keyPrefix) throws IOException {
        this.table = table;
        this.keyPrefix = keyPrefix;
        this.stores = new LocalStores(3, 10_000, 1024, oracle);
    }

    /** Starts the range; its keys are rows of {@code table} named {@code keyPrefix} and a number. */
    static OneRange start(long table, String keyPrefix) throws IOException {
        OneRange r = new OneRange(table, keyPrefix);
        r.stores.createRange(new RangeDescriptor(RANGE, 0, RangeDescriptor.SLOT_COUNT, List.of(1, 2, 3), 1));
        r.stores.awaitLeader(RANGE, Duration.ofSeconds(30));
        return r;
    }

    LocalStores stores() {
        return stores;
    }

    LocalTimestampSource oracle() {
        return oracle;
    }

    /** A key no test used before, in a slot of its own as far as the numbers go. */
    byte[] newKey() {
        return StorageKey.of(table, 0, (keySeq * 131) % 65536, (keyPrefix + keySeq++).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    long ts() {
        return oracle.next();
    }

    /** Sends {@code r} to the leader; a commit's timestamp is observed by the oracle. */
    RangeResponse call(RangeRequest r) throws Exception {
        RangeResponse response = stores.call(RANGE, r);
        if (response instanceof RangeResponse.Committed c) {
            oracle.observe(c.commitTs()); // later transactions start after what they saw commit
        }
        return response;
    }

    /** The error {@code r} fails with. */
    BasaltException failure(RangeRequest r) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call(r));
        return assertInstanceOf(BasaltException.class, e.getCause());
    }

    @Override
    public void close() throws IOException {
        stores.close();
    }
}
