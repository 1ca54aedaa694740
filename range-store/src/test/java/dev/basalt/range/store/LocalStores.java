package dev.basalt.range.store;

import dev.basalt.common.LocalTimestampSource;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.RangeStoreConfig;
import dev.basalt.range.ReplicaStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Several real range stores (Ratis over gRPC on loopback, RocksDB in temp dirs) in one JVM, for
 * tests of the range layer and the layers above it (published in the test jar). Every store takes
 * its new leaders' read floors from one shared oracle, as a cluster does. Closing it stops every
 * store and deletes the directories.
 */
public final class LocalStores implements AutoCloseable {
    final Path root;
    final Map<Integer, Integer> raftPorts = new HashMap<>();
    public final Map<Integer, RangeStore> stores = new java.util.concurrent.ConcurrentHashMap<>();
    /** The cluster's timestamp oracle as these stores see it. */
    public final dev.basalt.common.TimestampSource timestamps;
    private final long snapshotEvery;
    private final int purgeGap;

    public LocalStores(int nodes, long snapshotEvery, int purgeGap) throws IOException {
        this(nodes, snapshotEvery, purgeGap, new LocalTimestampSource());
    }

    /** With {@code oracle} as the cluster's timestamp oracle. */
    public LocalStores(int nodes, long snapshotEvery, int purgeGap, dev.basalt.common.TimestampSource oracle) throws IOException {
        this.timestamps = oracle;
        this.root = Files.createTempDirectory("basalt-range-test");
        this.snapshotEvery = snapshotEvery;
        this.purgeGap = purgeGap;
        for (int id = 1; id <= nodes; id++) {
            raftPorts.put(id, freePort());
        }
        for (int id = 1; id <= nodes; id++) {
            start(id);
        }
    }

    /** Scan filter kind of the tests: keeps rows whose value starts with the program's first byte, cut to that byte. */
    public static final int FIRST_BYTE_FILTER = 99;
    /**
     * Scan filter kind of the tests that absorbs rows: it counts them and hands back the count
     * (one byte) after every {@link #COUNTING_FILTER_EVERY} rows and, for the rest, when the page ends.
     */
    public static final int COUNTING_FILTER = 98;
    public static final int COUNTING_FILTER_EVERY = 7;
    static final dev.basalt.range.ScanFilter.Factory TEST_FILTERS = (kind, program) -> {
        if (kind == COUNTING_FILTER) {
            return new dev.basalt.range.ScanFilter() {
                private int held;

                @Override
                public byte[] apply(byte[] key, byte[] value) {
                    return ++held == COUNTING_FILTER_EVERY ? flush() : null;
                }

                @Override
                public byte[] flush() {
                    byte[] out = held == 0 ? null : new byte[] {(byte) held};
                    held = 0;
                    return out;
                }
            };
        }
        if (kind != FIRST_BYTE_FILTER) {
            return dev.basalt.range.ScanFilter.Factory.NONE.create(kind, program);
        }
        return (key, value) -> value.length > 0 && value[0] == program[0] ? new byte[] {value[0]} : null;
    };

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public RangeStore start(int id) throws IOException {
        if (!raftPorts.containsKey(id)) {
            raftPorts.put(id, freePort());
        }
        RangeStoreConfig config = RangeStoreConfig.defaults(id, root.resolve("node" + id), "127.0.0.1", raftPorts.get(id),
                n -> "127.0.0.1:" + raftPorts.get(n), timestamps).withSnapshots(snapshotEvery, purgeGap).withScanFilters(TEST_FILTERS);
        RangeStore store = RangeStore.open(config);
        store.recoverMissingReplicas();
        stores.put(id, store);
        return store;
    }

    public void stop(int id) {
        RangeStore s = stores.remove(id);
        if (s != null) {
            s.close();
        }
    }

    public void createRange(RangeDescriptor d) throws IOException {
        for (int node : d.replicas()) {
            stores.get(node).createRange(d);
        }
    }

    /** The node leading the range, waiting up to the deadline for one. */
    public int awaitLeader(long rangeId, Duration timeout) {
        int[] leader = {-1};
        await("a leader for range " + rangeId, timeout, () -> {
            for (RangeStore s : stores.values()) {
                for (ReplicaStatus st : s.status()) {
                    if (st.rangeId() == rangeId && st.role().equals("LEADER")) {
                        leader[0] = s.nodeId();
                        return true;
                    }
                }
            }
            return false;
        });
        return leader[0];
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20); // poll interval, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Sends a request to the range's leader, following NotLeader answers, within the timeout. */
    public RangeResponse call(long rangeId, RangeRequest request) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            int leader = awaitLeader(rangeId, Duration.ofSeconds(20));
            RangeStore store = stores.get(leader);
            try {
                RangeResponse r = store.execute(rangeId, request).get(20, TimeUnit.SECONDS);
                if (!(r instanceof RangeResponse.NotLeader)) {
                    return r;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof dev.basalt.common.BasaltException be)
                        || !be.code().requestRetryable() || be.code() == dev.basalt.common.ErrorCode.RANGE_MOVED
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("range " + rangeId + ": no leader answered within 20 s");
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Integer id : new ArrayList<>(stores.keySet())) {
            stop(id);
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
