package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.routing.RangeRouter;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import dev.basalt.range.store.LocalStores;
import dev.basalt.range.store.RangeStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Real range stores ({@link LocalStores}: Ratis + RocksDB, loopback ports, temp dirs) with a
 * {@link RangeRouter} over them; the {@link ManualClock} is the cluster's oracle, for the
 * transactions and for the stores' new leaders alike. The router follows leaders, retries while a
 * range has no leader, and reloads its range map when a range answers RANGE_MOVED - as the
 * cluster router does. Closing stops every store.
 */
public final class TxnTestCluster implements AutoCloseable {
    /** A request waits at most this long for a leader before the router gives up with RANGE_UNAVAILABLE. */
    static final long REQUEST_DEADLINE_MS = 20_000;

    private final LocalStores stores;
    private final ManualClock clock;
    private final Router router = new Router();
    private volatile List<RangeDescriptor> layout;
    private final Map<Long, Integer> leaders = new ConcurrentHashMap<>();

    private TxnTestCluster(LocalStores stores, ManualClock clock, List<RangeDescriptor> layout) {
        this.stores = stores;
        this.clock = clock;
        this.layout = layout;
    }

    /** {@code nodes} nodes and {@code ranges} ranges cutting the slots evenly, {@code replication} replicas each. */
    public static TxnTestCluster start(int nodes, int ranges, int replication) throws Exception {
        ManualClock clock = new ManualClock();
        LocalStores stores = new LocalStores(nodes, 100_000, 1024, clock);
        try {
            List<Integer> nodeIds = new ArrayList<>();
            for (int i = 1; i <= nodes; i++) {
                nodeIds.add(i);
            }
            List<RangeDescriptor> layout = RangeDescriptor.evenLayout(ranges, nodeIds, replication);
            for (RangeDescriptor d : layout) {
                stores.createRange(d);
            }
            for (RangeDescriptor d : layout) {
                stores.awaitLeader(d.rangeId(), Duration.ofSeconds(30));
            }
            return new TxnTestCluster(stores, clock, layout);
        } catch (Exception | Error e) {
            stores.close();
            throw e;
        }
    }

    public RangeRouter router() {
        return router;
    }

    public ManualClock clock() {
        return clock;
    }

    public List<RangeDescriptor> layout() {
        return layout;
    }

    /** Splits a range in the middle of its slots (on its leader) without telling the router. */
    public RangeDescriptor split(long rangeId, long newRangeId) throws Exception {
        int leader = stores.awaitLeader(rangeId, Duration.ofSeconds(20));
        RangeDescriptor left = stores.stores.get(leader).split(rangeId, newRangeId).get(20, TimeUnit.SECONDS);
        stores.awaitLeader(newRangeId, Duration.ofSeconds(30));
        return left;
    }

    /** Reloads the range map from the stores' descriptors (the newest generation of each range wins). */
    void refreshLayout() {
        Map<Long, RangeDescriptor> newest = new HashMap<>();
        for (RangeStore s : stores.stores.values()) {
            for (RangeDescriptor d : s.descriptors()) {
                newest.merge(d.rangeId(), d, (a, b) -> a.generation() >= b.generation() ? a : b);
            }
        }
        List<RangeDescriptor> sorted = new ArrayList<>(newest.values());
        sorted.sort(Comparator.comparingInt(RangeDescriptor::slotStart));
        layout = sorted;
    }

    @Override
    public void close() throws java.io.IOException {
        stores.close();
    }

    /** The range stores (tests stop and start nodes through it). */
    public LocalStores stores() {
        return stores;
    }

    private final class Router implements RangeRouter {
        @Override
        public List<RangeDescriptor> ranges() {
            return layout;
        }

        @Override
        public RangeDescriptor rangeOf(byte[] key) {
            int slot = StorageKey.slot(key);
            for (RangeDescriptor d : layout) {
                if (d.containsSlot(slot)) {
                    return d;
                }
            }
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "no range holds slot " + slot);
        }

        @Override
        public RangeResponse execute(long rangeId, RangeRequest request) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_DEADLINE_MS);
            while (true) {
                Integer leader = leaders.get(rangeId);
                RangeStore store = leader == null ? null : stores.stores.get(leader);
                if (store == null) {
                    leaders.put(rangeId, stores.awaitLeader(rangeId, Duration.ofMillis(REQUEST_DEADLINE_MS)));
                    continue;
                }
                try {
                    RangeResponse r = store.execute(rangeId, request).get(REQUEST_DEADLINE_MS, TimeUnit.MILLISECONDS);
                    if (!(r instanceof RangeResponse.NotLeader)) {
                        return r;
                    }
                    leaders.remove(rangeId);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof BasaltException be)) {
                        throw new BasaltException(ErrorCode.INTERNAL_ERROR, "range " + rangeId + ": " + e.getCause(), e.getCause());
                    }
                    if (be.code() == ErrorCode.RANGE_MOVED) {
                        refreshLayout();
                        throw be;
                    }
                    if (!be.code().requestRetryable()) {
                        throw be;
                    }
                    leaders.remove(rangeId);
                } catch (TimeoutException e) {
                    throw new BasaltException(ErrorCode.TIMEOUT, "range " + rangeId + ": no answer within " + REQUEST_DEADLINE_MS + " ms");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "interrupted");
                }
                if (System.nanoTime() > deadline) {
                    throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": no leader answered within "
                            + REQUEST_DEADLINE_MS + " ms");
                }
                try {
                    Thread.sleep(10); // pause before asking again for a leader, not a wait for a test condition
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "interrupted");
                }
            }
        }

        @Override
        public long timestamp() {
            return clock.next();
        }

        @Override
        public long monotonicMs() {
            return clock.physicalMs();
        }
    }
}
