package dev.basalt.server;

import dev.basalt.common.BasaltException;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.placement.routing.ClusterRouter;
import dev.basalt.range.StorageKey;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A write workload for cluster tests: writer threads commit unique keys in one-row transactions
 * (one-phase commits) and remember exactly the writes the cluster acknowledged, so a test can check
 * that none was lost. Keys are random over all slots, so every range (and every leader) gets
 * writes. Seeded; the seed is in every failure message.
 */
final class AckedWrites implements AutoCloseable {
    static final long TABLE = 42;
    final long seed;
    private final TransactionManager txns;
    private final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong attempts = new AtomicLong();

    AckedWrites(ClusterClient client, int writers, long seed) {
        this.txns = new TransactionManager(client, TxnConfig.defaults());
        this.seed = seed;
        for (int w = 0; w < writers; w++) {
            SplittableRandom random = new SplittableRandom(seed + w);
            int writer = w;
            Thread t = new Thread(() -> {
                for (long i = 0; running.get(); i++) {
                    byte[] key = StorageKey.of(TABLE, 0, random.nextInt(65536), ("w" + writer + "-" + i).getBytes(StandardCharsets.UTF_8));
                    byte[] value = ("value-" + writer + "-" + i + "-" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
                    attempts.incrementAndGet();
                    try {
                        try (Transaction txn = txns.begin(IsolationLevel.SNAPSHOT, false)) {
                            txn.put(key, value);
                            txn.commit();
                        }
                        String id = Arrays.toString(key);
                        acknowledged.put(id, value);
                        keys.put(id, key);
                    } catch (BasaltException e) {
                        errors.computeIfAbsent(e.code().name(), k -> new AtomicLong()).incrementAndGet();
                    }
                }
            }, "acked-writer-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Waits until at least {@code n} more writes are acknowledged, or fails after the timeout. */
    void awaitMore(int n, long timeoutMs) throws InterruptedException {
        int target = acknowledgedCount() + n;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (acknowledgedCount() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("seed " + seed + ": writes stalled at " + acknowledgedCount() + " acknowledged (wanted "
                        + target + ") after " + timeoutMs + " ms; errors " + errors);
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling interval
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(ClusterRouter.REQUEST_DEADLINE_MS + 10_000);
        }
    }

    /** Reads every acknowledged write back in one snapshot; returns the ones missing or wrong. */
    List<String> missing(ClusterClient reader) {
        List<String> bad = new ArrayList<>();
        try (TransactionManager readers = new TransactionManager(reader, TxnConfig.defaults())) {
            Transaction t = readers.begin(IsolationLevel.SNAPSHOT, true);
            for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                byte[] got = t.get(keys.get(e.getKey()));
                if (!Arrays.equals(got, e.getValue())) {
                    bad.add(StorageKey.toString(keys.get(e.getKey())) + " expected " + new String(e.getValue(), StandardCharsets.UTF_8)
                            + " got " + (got == null ? "nothing" : new String(got, StandardCharsets.UTF_8)));
                }
            }
            t.commit();
        }
        return bad;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        txns.close();
    }
}
