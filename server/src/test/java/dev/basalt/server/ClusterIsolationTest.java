package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.StorageKey;
import dev.basalt.server.cli.BasaltMain;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.txn.CommitObserver;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The anomalies snapshot isolation must prevent, and the one it allows, on a real 3-node cluster
 * (3 node processes, 8 ranges, 3 replicas each): transactions run in this JVM as their gateway,
 * over the cluster client. Pairs of keys are placed in different ranges so that commits are
 * two-phase. Also: a gateway that dies mid-commit (before or after the primary commits).
 */
class ClusterIsolationTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 20261122L);
    private static final long TABLE = 3_000_000;
    /** A short TTL so that locks of a dead gateway expire quickly in the crash tests. */
    private static final long TTL_MS = 1_500;
    private static LocalCluster cluster;
    private static ClusterClient client;
    private static TransactionManager txns;
    private static final AtomicInteger KEY_SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(Files.createTempDirectory("basalt-isolation"), BasaltMain.class.getName(), List.of("-Xmx512m", "-XX:+UseSerialGC"), List.of(),
                !Boolean.getBoolean("basalt.test.keepData"));
        for (int id = 1; id <= 3; id++) {
            cluster.start(id);
        }
        cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
        cluster.init(1, 8);
        client = new ClusterClient(cluster.addresses());
        txns = new TransactionManager(client, TxnConfig.defaults().withLockTtlMs(TTL_MS));
    }

    @AfterAll
    static void stop() {
        if (txns != null) {
            txns.close();
        }
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Two fresh keys in two different ranges. */
    private static byte[][] twoRanges() {
        int n = KEY_SEQ.incrementAndGet();
        byte[] a = StorageKey.of(TABLE, 0, (n * 7919) % 65536, ("a" + n).getBytes());
        RangeDescriptor ra = client.rangeOf(a);
        int slotB = (ra.slotEnd() + 100 * n) % 65536;
        byte[] b = StorageKey.of(TABLE, 0, slotB, ("b" + n).getBytes());
        assertNotEquals(ra.rangeId(), client.rangeOf(b).rangeId());
        return new byte[][] {a, b};
    }

    private static byte[] num(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static long num(byte[] v) {
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    private static void write(byte[] k1, long v1, byte[] k2, long v2) {
        Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false);
        t.put(k1, num(v1));
        t.put(k2, num(v2));
        t.commit();
    }

    /** Writes both keys, retrying retryable failures for at most 30 s; returns the attempts it took. */
    private static int writeRetrying(byte[] k1, long v1, byte[] k2, long v2) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int attempt = 1; ; attempt++) {
            try {
                write(k1, v1, k2, v2);
                return attempt;
            } catch (BasaltException e) {
                if (!e.retryable() || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(50); // client retry backoff
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static long read(byte[] k) {
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
            return num(t.get(k));
        }
    }

    private static boolean retryableAbort(BasaltException e) {
        return e.code() == ErrorCode.SERIALIZATION_FAILURE || e.code() == ErrorCode.DEADLOCK;
    }

    @Test
    void dirtyWriteNeverHappensFirstCommitterWinsAcrossRanges() {
        byte[][] k = twoRanges();
        Transaction t1 = txns.begin(IsolationLevel.SNAPSHOT, false);
        Transaction t2 = txns.begin(IsolationLevel.SNAPSHOT, false);
        t1.put(k[0], num(1));
        t1.put(k[1], num(1));
        t2.put(k[0], num(2));
        t2.put(k[1], num(2));
        t1.commit();
        BasaltException e = assertThrows(BasaltException.class, t2::commit);
        assertTrue(retryableAbort(e), "the second committer is refused with a retryable error: " + e);
        assertEquals(1, read(k[0]));
        assertEquals(1, read(k[1]));
    }

    @Test
    void concurrentWritersNeverInterleaveTheirWritesAcrossRanges() throws Exception {
        byte[][] k = twoRanges();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 1; w <= 6; w++) {
                long value = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        try {
                            write(k[0], value * 100 + i, k[1], value * 100 + i);
                        } catch (BasaltException e) {
                            if (!e.retryable()) {
                                throw e;
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
            assertEquals(num(t.get(k[0])), num(t.get(k[1])), "both keys hold the value of the same (last) writer");
        }
    }

    @Test
    void dirtyReadNeverHappensAReaderDoesNotSeeProvisionalOrRolledBackWrites() throws Exception {
        byte[][] k = twoRanges();
        write(k[0], 10, k[1], 10);
        // Rolled back: never visible.
        Transaction aborted = txns.begin(IsolationLevel.SNAPSHOT, false);
        aborted.put(k[0], num(99));
        aborted.rollback();
        assertEquals(10, read(k[0]));
        // Prewritten but not yet committed: a reader that started before the commit sees the old value.
        CountDownLatch prewritten = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CommitObserver pause = new CommitObserver() {
            @Override
            public void afterPrewrite(Transaction txn) {
                prewritten.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TransactionManager paused = new TransactionManager(client, TxnConfig.defaults(), pause)) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Long> committer = pool.submit(() -> {
                    Transaction t = paused.begin(IsolationLevel.SNAPSHOT, false);
                    t.put(k[0], num(20));
                    t.put(k[1], num(20));
                    return t.commit();
                });
                assertTrue(prewritten.await(30, TimeUnit.SECONDS), "the writer prewrote");
                Transaction reader = txns.begin(IsolationLevel.SNAPSHOT, true);
                release.countDown(); // the reader may wait on the locks until the commit finishes
                assertEquals(10, num(reader.get(k[0])), "a reader older than the commit sees the old value");
                assertEquals(10, num(reader.get(k[1])));
                reader.close();
                long commitTs = committer.get(60, TimeUnit.SECONDS);
                assertTrue(commitTs > reader.readTs());
                assertEquals(20, read(k[0]));
                assertEquals(20, read(k[1]));
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void lostUpdateNeverHappensConcurrentIncrementsAllCount() throws Exception {
        byte[][] k = twoRanges();
        AtomicLong committed = new AtomicLong();
        int threads = 4;
        int increments = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        for (int attempt = 0; attempt < 50; attempt++) {
                            Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false);
                            try {
                                t.put(k[0], num(num(t.get(k[0])) + 1));
                                t.put(k[1], num(num(t.get(k[1])) + 1));
                                t.commit();
                                committed.incrementAndGet();
                                break;
                            } catch (BasaltException e) {
                                t.close();
                                if (!e.retryable()) {
                                    throw e;
                                }
                                TimeUnit.MILLISECONDS.sleep(5L * (attempt + 1)); // client retry backoff
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * increments, committed.get(), "every increment eventually committed");
        assertEquals(committed.get(), read(k[0]), "no increment was lost");
        assertEquals(committed.get(), read(k[1]));
    }

    @Test
    void fuzzyReadNeverHappensARepeatedReadReturnsTheSameValue() {
        byte[][] k = twoRanges();
        write(k[0], 1, k[1], 1);
        Transaction t1 = txns.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals(1, num(t1.get(k[0])));
        write(k[0], 2, k[1], 2);
        assertEquals(1, num(t1.get(k[0])), "the second read sees the same snapshot");
        assertEquals(1, num(t1.get(k[1])));
        t1.commit();
        // READ COMMITTED: a new statement sees the newer commit.
        Transaction rc = txns.begin(IsolationLevel.READ_COMMITTED, true);
        assertEquals(2, num(rc.get(k[0])));
        write(k[0], 3, k[1], 3);
        rc.newStatement();
        assertEquals(3, num(rc.get(k[0])), "read committed takes a fresh snapshot per statement");
        rc.commit();
    }

    @Test
    void readSkewNeverHappensATransferIsSeenWholeOrNotAtAll() {
        byte[][] k = twoRanges();
        write(k[0], 50, k[1], 50);
        Transaction t1 = txns.begin(IsolationLevel.SNAPSHOT, true);
        long x = num(t1.get(k[0]));
        write(k[0], 40, k[1], 60);
        long y = num(t1.get(k[1]));
        assertEquals(100, x + y, "x=" + x + " y=" + y + " read in one snapshot");
        t1.commit();
    }

    @Test
    void writeSkewIsAllowedUnderSnapshotIsolationAndPreventedByLockingForUpdate() throws Exception {
        // Pinned behaviour: two "doctors on call"; each transaction checks that the other is on call
        // and goes off call. Snapshot isolation lets both commit (their write sets do not overlap).
        byte[][] k = twoRanges();
        write(k[0], 1, k[1], 1);
        Transaction t1 = txns.begin(IsolationLevel.SNAPSHOT, false);
        Transaction t2 = txns.begin(IsolationLevel.SNAPSHOT, false);
        assertEquals(2, num(t1.get(k[0])) + num(t1.get(k[1])));
        assertEquals(2, num(t2.get(k[0])) + num(t2.get(k[1])));
        t1.put(k[0], num(0));
        t2.put(k[1], num(0));
        t1.commit();
        t2.commit();
        assertEquals(0, read(k[0]) + read(k[1]), "write skew: both went off call (allowed under SI)");

        // With SELECT ... FOR UPDATE on what they read, the second transaction cannot commit the skew.
        byte[][] m = twoRanges();
        write(m[0], 1, m[1], 1);
        Random random = new Random(SEED);
        int firstLocker = random.nextInt(2);
        Transaction a = txns.begin(IsolationLevel.SNAPSHOT, false);
        Transaction b = txns.begin(IsolationLevel.SNAPSHOT, false);
        Transaction first = firstLocker == 0 ? a : b;
        Transaction second = first == a ? b : a;
        assertEquals(2, num(first.getForUpdate(m[0])) + num(first.getForUpdate(m[1])));
        first.put(m[0], num(0));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Long> blocked = pool.submit(() -> {
                long sum = num(second.getForUpdate(m[0])) + num(second.getForUpdate(m[1]));
                if (sum < 2) {
                    second.rollback(); // sees the other went off call: stays on
                    return -1L;
                }
                second.put(m[1], num(0));
                return second.commit();
            });
            try {
                first.commit();
            } catch (BasaltException e) {
                // wound-wait: when the second is older, it wounds the first, which then cannot commit
                assertTrue(retryableAbort(e), "seed " + SEED + ": " + e);
            }
            try {
                blocked.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                BasaltException be = (BasaltException) e.getCause();
                assertTrue(retryableAbort(be) || be.code() == ErrorCode.LOCK_WAIT_TIMEOUT, "seed " + SEED + ": " + be);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, read(m[0]) + read(m[1]), "seed " + SEED + ": with locks for update one doctor stays on call");
    }

    /** A gateway that "dies" at a commit point: it throws, and the manager leaves its locks as they are. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("gateway killed by the test");
        }
    }

    @Test
    void locksOfAGatewayKilledBeforeThePrimaryCommitAreRolledBackAfterTheTtl() {
        byte[][] k = twoRanges();
        write(k[0], 1, k[1], 1);
        CommitObserver killBeforeCommit = new CommitObserver() {
            @Override
            public void afterPrewrite(Transaction txn) {
                throw new Crash();
            }
        };
        try (TransactionManager gateway = new TransactionManager(client, TxnConfig.defaults().withLockTtlMs(TTL_MS), killBeforeCommit)) {
            Transaction doomed = gateway.begin(IsolationLevel.SNAPSHOT, false);
            doomed.put(k[0], num(2));
            doomed.put(k[1], num(2));
            assertThrows(Crash.class, doomed::commit);
        }
        // Another transaction meets the locks. Being younger than their owner it gives way (40001)
        // while they live; retried as a client would, it finds them expired after the TTL, rolls the
        // primary back, resolves the locks and commits.
        int attempts = writeRetrying(k[0], 3, k[1], 3);
        assertTrue(attempts >= 1, "committed after " + attempts + " attempts");
        assertEquals(3, read(k[0]));
        assertEquals(3, read(k[1]));
    }

    @Test
    void writesOfAGatewayKilledAfterThePrimaryCommitBecomeVisibleEverywhere() {
        byte[][] k = twoRanges();
        write(k[0], 1, k[1], 1);
        CommitObserver killAfterCommit = new CommitObserver() {
            @Override
            public void afterPrimaryCommit(Transaction txn) {
                throw new Crash();
            }
        };
        try (TransactionManager gateway = new TransactionManager(client, TxnConfig.defaults().withLockTtlMs(TTL_MS), killAfterCommit)) {
            Transaction decided = gateway.begin(IsolationLevel.SNAPSHOT, false);
            decided.put(k[0], num(2));
            decided.put(k[1], num(2));
            assertThrows(Crash.class, decided::commit);
        }
        // Readers (through every node) roll the secondary forward: both writes are visible.
        for (int node : cluster.nodeIds()) {
            try (ClusterClient viaNode = new ClusterClient(List.of(cluster.address(node)));
                 TransactionManager reader = new TransactionManager(viaNode, TxnConfig.defaults())) {
                try (Transaction t = reader.begin(IsolationLevel.SNAPSHOT, true)) {
                    assertArrayEquals(num(2), t.get(k[0]), "primary, read via node " + node);
                    assertArrayEquals(num(2), t.get(k[1]), "secondary, read via node " + node);
                }
            }
        }
    }

    @Test
    void serializableIsRefusedRatherThanClaimed() {
        BasaltException e = assertThrows(BasaltException.class, () -> txns.begin(IsolationLevel.SERIALIZABLE, false));
        assertEquals("22023", e.code().sqlState());
    }
}
