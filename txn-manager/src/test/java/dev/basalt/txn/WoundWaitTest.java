package dev.basalt.txn;

import static dev.basalt.txn.TestKeys.bytes;
import static dev.basalt.txn.TestKeys.key;
import static dev.basalt.txn.TestKeys.newTable;
import static dev.basalt.txn.TestKeys.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.RangeResponse;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deadlocks are broken by wound-wait: an older transaction that meets a younger one's lock rolls
 * it back; a younger one waits. 3 nodes, 4 ranges, 1 replica each; the locks never expire here
 * (the clock does not move), so only wounding can end a cycle.
 */
class WoundWaitTest {
    private static final long LOCK_WAIT_MS = 5_000;
    private static TxnTestCluster cluster;
    private static TransactionManager manager;
    private static ExecutorService threads;

    @BeforeAll
    static void start() throws Exception {
        cluster = TxnTestCluster.start(3, 4, 1);
        manager = new TransactionManager(cluster.router(), TxnConfig.defaults().withLockWaitMsMax(LOCK_WAIT_MS));
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (manager != null) {
            manager.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Transaction begin() {
        return manager.begin(IsolationLevel.SNAPSHOT, false);
    }

    @Test
    void lockingTwoKeysInOppositeOrdersEndsWithTheYoungerTransactionAsDeadlockVictim() throws Exception {
        long seed = Long.getLong("basalt.seed", System.nanoTime()); // -Dbasalt.seed=... replays a run
        Random random = new Random(seed);
        for (int round = 0; round < 4; round++) {
            String where = "seed " + seed + ", round " + round;
            long table = newTable();
            byte[] a = key(table, 0, 9, "a");
            byte[] b = key(table, 3, 9, "b");
            Transaction older = begin();
            Transaction younger = begin();
            older.getForUpdate(a);
            younger.getForUpdate(b);
            // Each now asks for the other's key, in a random order and with a random head start.
            int olderDelayMs = random.nextInt(30);
            int youngerDelayMs = random.nextInt(30);
            CountDownLatch go = new CountDownLatch(1);
            Future<Long> olderResult = threads.submit(() -> {
                go.await();
                Thread.sleep(olderDelayMs); // a head start chosen by the seed, not a wait for a condition
                older.getForUpdate(b);
                older.put(a, bytes("older"));
                older.put(b, bytes("older"));
                return older.commit();
            });
            Future<Long> youngerResult = threads.submit(() -> {
                go.await();
                Thread.sleep(youngerDelayMs);
                younger.getForUpdate(a);
                younger.put(a, bytes("younger"));
                younger.put(b, bytes("younger"));
                return younger.commit();
            });
            go.countDown();
            long olderCommitTs = olderResult.get(LOCK_WAIT_MS + 5_000, TimeUnit.MILLISECONDS);
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> youngerResult.get(LOCK_WAIT_MS + 5_000, TimeUnit.MILLISECONDS), where);
            BasaltException e = assertInstanceOf(BasaltException.class, failed.getCause(), where);
            // 40P01, not 55P03: the wound broke the cycle, not the lock-wait bound.
            assertEquals(ErrorCode.DEADLOCK, e.code(), where + ": " + e);
            assertEquals("40P01", e.sqlState(), where);
            assertTrue(e.retryable(), where);
            assertTrue(olderCommitTs > older.startTs(), where);
            Transaction reader = begin();
            assertEquals("older", str(reader.get(a)), where);
            assertEquals("older", str(reader.get(b)), where);
        }
    }

    @Test
    void aYoungerTransactionWaitsForTheOlderOneAndProceedsWhenItFinishes() throws Exception {
        long table = newTable();
        byte[] a = key(table, 1, 9, "a");
        byte[] other = key(table, 2, 9, "other");
        Transaction older = begin();
        Transaction younger = begin();
        older.getForUpdate(a);
        CountDownLatch asking = new CountDownLatch(1);
        Future<Long> youngerResult = threads.submit(() -> {
            asking.countDown();
            younger.getForUpdate(a); // waits: it may not wound an older transaction
            younger.put(a, bytes("younger"));
            return younger.commit();
        });
        asking.await();
        older.put(other, bytes("older")); // the older one only locked a, so the younger may still write it
        older.commit();
        long youngerCommitTs = youngerResult.get(LOCK_WAIT_MS + 5_000, TimeUnit.MILLISECONDS);
        assertTrue(youngerCommitTs > younger.startTs());
        assertEquals("younger", str(begin().get(a)));
    }

    @Test
    void anOlderWriterWoundsAYoungerLockHolderAtCommit() {
        long table = newTable();
        byte[] k = key(table, 2, 11, "k");
        Transaction older = begin();
        Transaction younger = begin();
        younger.getForUpdate(k);
        older.put(k, bytes("older"));
        older.commit(); // its one-phase commit meets the younger lock and wounds its owner
        BasaltException e = assertThrows(BasaltException.class, () -> younger.put(k, bytes("younger")));
        assertEquals(ErrorCode.DEADLOCK, e.code(), e.toString());
        assertEquals(Transaction.State.ABORTED, younger.state());
        assertEquals("older", str(begin().get(k)));
    }

    @Test
    void anOlderReaderWaitsForAYoungerLockInsteadOfWoundingIt() {
        long table = newTable();
        byte[] primary = key(table, 0, 12, "p");
        byte[] secondary = key(table, 3, 12, "s");
        CrashingObserver observer = new CrashingObserver();
        try (TransactionManager dying = new TransactionManager(cluster.router(), TxnConfig.defaults(), observer);
             TransactionManager impatient = new TransactionManager(cluster.router(), TxnConfig.defaults().withLockWaitMsMax(200))) {
            // READ COMMITTED: the reader is older than the writer, but its next statement reads above the writer's start.
            Transaction olderReader = impatient.begin(IsolationLevel.READ_COMMITTED, true);
            Transaction youngerWriter = dying.begin(IsolationLevel.SNAPSHOT, false);
            youngerWriter.put(primary, bytes("w"));
            youngerWriter.put(secondary, bytes("w"));
            observer.crashAfterPrewrite(); // leaves live locks behind
            assertThrows(CrashingObserver.GatewayDied.class, youngerWriter::commit);
            olderReader.newStatement();
            BasaltException e = assertThrows(BasaltException.class, () -> olderReader.get(secondary));
            assertEquals(ErrorCode.LOCK_WAIT_TIMEOUT, e.code(), e.toString());
            assertEquals(RangeResponse.TxnStatus.State.LOCKED, TestKeys.status(cluster.router(), primary, youngerWriter.startTs(),
                    cluster.router().timestamp(), false).state(), "the younger writer was not wounded by a reader");
        }
        cluster.clock().advanceMs(TxnConfig.LOCK_TTL_MS_DEFAULT + 1); // let the dead writer's locks expire
    }

    @Test
    void aRetryKeepsItsFirstAttemptsAgeAndWoundsTransactionsThatStartedAfterIt() {
        long table = newTable();
        byte[] k = key(table, 1, 13, "k");
        Transaction first = begin();
        Transaction middle = begin();
        first.rollback(); // say it lost a conflict: its client retries the same work
        middle.getForUpdate(k);
        Transaction retry = manager.begin(IsolationLevel.SNAPSHOT, false, first.priority());
        assertTrue(retry.startTs() > middle.startTs(), "the retry starts after the holder");
        assertEquals(first.startTs(), retry.priority());
        // Older by priority: it wounds the holder instead of waiting out the 5 s lock wait (55P03).
        retry.getForUpdate(k);
        retry.put(k, bytes("retry"));
        retry.commit();
        BasaltException e = assertThrows(BasaltException.class, () -> middle.put(k, bytes("middle")));
        assertEquals(ErrorCode.DEADLOCK, e.code(), e.toString());
        assertEquals("retry", str(begin().get(k)));
    }

    @Test
    void aLockHolderThatKeptItsAgeIsNotWoundedByATransactionYoungerThanThatAge() {
        long table = newTable();
        byte[] k = key(table, 2, 14, "k");
        try (TransactionManager impatient = new TransactionManager(cluster.router(), TxnConfig.defaults().withLockWaitMsMax(200))) {
            Transaction first = begin();
            Transaction middle = impatient.begin(IsolationLevel.SNAPSHOT, false);
            first.rollback();
            Transaction retry = manager.begin(IsolationLevel.SNAPSHOT, false, first.priority());
            retry.getForUpdate(k);
            // The middle one started before the retry, but after its first attempt: it must wait.
            BasaltException e = assertThrows(BasaltException.class, () -> middle.getForUpdate(k));
            assertEquals(ErrorCode.LOCK_WAIT_TIMEOUT, e.code(), e.toString());
            retry.put(k, bytes("retry"));
            assertTrue(retry.commit() > retry.startTs());
            assertEquals("retry", str(begin().get(k)));
        }
    }

    @Test
    void retryPriorityKeepsTheAgeOverLostConflictsOnlyAndForgetsItAfterAnyOtherEnd() {
        RetryPriority retry = new RetryPriority();
        assertEquals(TransactionManager.NO_PRIORITY, retry.priority());
        Transaction first = manager.begin(IsolationLevel.SNAPSHOT, false, retry.priority());
        assertEquals(first.startTs(), first.priority(), "a first attempt's age is its start");
        first.rollback();
        retry.ended(first, new BasaltException(ErrorCode.DEADLOCK, "wounded"));
        Transaction second = manager.begin(IsolationLevel.SNAPSHOT, false, retry.priority());
        second.rollback();
        retry.ended(second, new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "write conflict"));
        Transaction readOnly = manager.begin(IsolationLevel.SNAPSHOT, true, retry.priority());
        readOnly.rollback();
        retry.ended(readOnly, null); // holds no locks: does not end the retry
        Transaction third = manager.begin(IsolationLevel.SNAPSHOT, false, retry.priority());
        assertEquals(first.startTs(), third.priority(), "still the first attempt's age");
        third.rollback();
        retry.ended(third, new BasaltException(ErrorCode.UNIQUE_VIOLATION, "duplicate key"));
        assertEquals(TransactionManager.NO_PRIORITY, retry.priority(), "another failure ends the retry");
        for (int i = 0; i <= RetryPriority.LOSSES_KEPT_MAX; i++) {
            Transaction t = manager.begin(IsolationLevel.SNAPSHOT, false, retry.priority());
            t.rollback();
            retry.ended(t, new BasaltException(ErrorCode.DEADLOCK, "wounded"));
        }
        assertEquals(TransactionManager.NO_PRIORITY, retry.priority(), "the age is kept for a bounded number of losses");
    }
}
