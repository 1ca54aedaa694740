package dev.basalt.txn;

import static dev.basalt.txn.TestKeys.bytes;
import static dev.basalt.txn.TestKeys.key;
import static dev.basalt.txn.TestKeys.newTable;
import static dev.basalt.txn.TestKeys.rawGet;
import static dev.basalt.txn.TestKeys.status;
import static dev.basalt.txn.TestKeys.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.RangeResponse.TxnStatus.State;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Locks left behind by a gateway that died mid-commit are resolved through their primary once
 * their TTL has run out on the (manually advanced) oracle clock; live locks are waited for within
 * a bound; heartbeats keep a long transaction's locks alive. 3 nodes, 4 ranges, 1 replica each.
 */
class LockResolutionTest {
    private static final long TTL_MS = TxnConfig.LOCK_TTL_MS_DEFAULT;
    private static TxnTestCluster cluster;
    private static CrashingObserver observer;
    private static TransactionManager dying;
    private static TransactionManager survivor;

    @BeforeAll
    static void start() throws Exception {
        cluster = TxnTestCluster.start(3, 4, 1);
        observer = new CrashingObserver();
        TxnConfig config = TxnConfig.defaults().withLockWaitMsMax(5_000);
        dying = new TransactionManager(cluster.router(), config, observer);
        survivor = new TransactionManager(cluster.router(), config);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {dying, survivor, cluster}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static void commitValues(byte[] a, String va, byte[] b, String vb) {
        Transaction t = survivor.begin(IsolationLevel.SNAPSHOT, false);
        t.put(a, bytes(va));
        t.put(b, bytes(vb));
        t.commit();
    }

    /** Prewrites {@code primary} and {@code secondary} with "new" through the dying gateway, which then crashes. */
    private static Transaction prewriteAndDie(byte[] primary, byte[] secondary) {
        Transaction dead = dying.begin(IsolationLevel.SNAPSHOT, false);
        dead.put(primary, bytes("new"));
        dead.put(secondary, bytes("new"));
        observer.crashAfterPrewrite();
        assertThrows(CrashingObserver.GatewayDied.class, dead::commit);
        return dead;
    }

    /** Commits "old" to both keys, then "new" through the dying gateway, which crashes right after its primary commit. */
    private static Transaction commitPrimaryAndDie(byte[] primary, byte[] secondary) {
        commitValues(primary, "old", secondary, "old");
        Transaction dead = dying.begin(IsolationLevel.SNAPSHOT, false);
        dead.put(primary, bytes("new"));
        dead.put(secondary, bytes("new"));
        observer.crashAfterPrimaryCommit();
        assertThrows(CrashingObserver.GatewayDied.class, dead::commit);
        return dead;
    }

    private static void expireLocks() {
        cluster.clock().advanceMs(TTL_MS + 1);
    }

    @Test
    void locksOfAGatewayThatDiedAfterPrewriteAreRolledBackThroughThePrimaryOnceExpired() {
        long table = newTable();
        byte[] primary = key(table, 0, 1, "p");
        byte[] secondary = key(table, 2, 1, "s");
        commitValues(primary, "old", secondary, "old");
        Transaction dead = prewriteAndDie(primary, secondary);
        long readTs = cluster.router().timestamp();
        assertInstanceOf(RangeResponse.Locked.class, cluster.router().execute(cluster.router().rangeOf(secondary).rangeId(),
                new RangeRequest.Get(secondary, readTs)), "the dead transaction's secondary lock is in place");

        expireLocks();
        Transaction reader = survivor.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals("old", str(reader.get(secondary)), "the reader rolled the expired secondary back");
        assertEquals(State.ROLLED_BACK, status(cluster.router(), primary, dead.startTs(), cluster.router().timestamp(), false).state());
        assertEquals("old", str(reader.get(primary)));

        // The dead gateway comes back and tries to commit its primary: too late.
        long lateCommitTs = cluster.router().timestamp();
        BasaltException e = assertThrows(BasaltException.class, () -> cluster.router().execute(
                cluster.router().rangeOf(primary).rangeId(), new RangeRequest.Commit(List.of(primary), dead.startTs(), lateCommitTs)));
        assertEquals(ErrorCode.TRANSACTION_ABORTED, e.code());
        Transaction after = survivor.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals(List.of("old", "old"), after.getAll(List.of(primary, secondary)).stream().map(TestKeys::str).toList());
    }

    @Test
    void aWriterMeetingAnExpiredLockResolvesItAndCommits() {
        long table = newTable();
        byte[] primary = key(table, 1, 2, "p");
        byte[] secondary = key(table, 3, 2, "s");
        prewriteAndDie(primary, secondary);
        expireLocks();
        Transaction writer = survivor.begin(IsolationLevel.SNAPSHOT, false);
        writer.put(secondary, bytes("writer"));
        writer.commit();
        Transaction reader = survivor.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals("writer", str(reader.get(secondary)));
        assertNull(reader.get(primary));
    }

    @Test
    void secondariesOfAGatewayThatDiedAfterThePrimaryCommitAreRolledForward() {
        long table = newTable();
        byte[] primary = key(table, 0, 3, "p");
        byte[] secondary = key(table, 3, 3, "s");
        Transaction dead = commitPrimaryAndDie(primary, secondary);
        RangeResponse.TxnStatus decided = status(cluster.router(), primary, dead.startTs(), cluster.router().timestamp(), false);
        assertEquals(State.COMMITTED, decided.state());

        expireLocks();
        Transaction reader = survivor.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals("new", str(reader.get(secondary)), "the reader rolled the secondary forward");
        assertEquals("new", str(reader.get(primary)));
        assertEquals("new", str(rawGet(cluster.router(), secondary, decided.commitTs())), "at the primary's commit ts");
        assertEquals("old", str(rawGet(cluster.router(), secondary, decided.commitTs() - 1)));
    }

    @Test
    void aYoungerWriterGivesWayToAnOlderTransactionsLiveWriteLockWithARetryableError() {
        long table = newTable();
        byte[] primary = key(table, 0, 7, "p");
        byte[] secondary = key(table, 3, 7, "s");
        Transaction older = prewriteAndDie(primary, secondary); // its locks stay live: the clock does not move
        Transaction younger = survivor.begin(IsolationLevel.SNAPSHOT, false);
        younger.put(secondary, bytes("mine"));
        BasaltException e = assertThrows(BasaltException.class, younger::commit);
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("being committed by transaction " + older.startTs()), e.getMessage());
        assertTrue(e.retryable());
    }

    @Test
    void aReaderRollsACommittedSecondaryForwardAtOnceWithoutWaitingForItsTtl() {
        long table = newTable();
        byte[] primary = key(table, 0, 5, "p");
        byte[] secondary = key(table, 3, 5, "s");
        Transaction dead = commitPrimaryAndDie(primary, secondary);
        // The secondary's lock stays live (the manual clock does not move, so it never expires and a
        // waiting reader would end in LOCK_WAIT_TIMEOUT): the reader looks at the primary, finds it
        // committed, and rolls the secondary forward.
        Transaction reader = survivor.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals("new", str(reader.get(secondary)));
    }

    @Test
    void lookingAtAPrimaryThatWasNeverPrewrittenDecidesNothing() {
        long table = newTable();
        byte[] primary = key(table, 0, 6, "p");
        long startTs = cluster.router().timestamp();
        RangeResponse.TxnStatus look = status(cluster.router(), primary, startTs, cluster.router().timestamp(), false);
        assertEquals(State.LOCKED, look.state(), "undecided: the primary's prewrite may still be in flight");
        // ... and left no rollback marker: the transaction can still prewrite and commit its primary.
        RangeResponse r = cluster.router().execute(cluster.router().rangeOf(primary).rangeId(),
                new RangeRequest.Prewrite(List.of(dev.basalt.range.Mutation.put(primary, bytes("v"))), primary, startTs, TTL_MS));
        assertInstanceOf(RangeResponse.Ok.class, r);
        RangeResponse.TxnStatus decided = status(cluster.router(), primary, startTs, cluster.router().timestamp(), true);
        assertEquals(State.LOCKED, decided.state());
    }

    @Test
    void aLiveLockMakesAReaderWaitUpToTheBoundThenFailWith55P03() {
        long table = newTable();
        byte[] primary = key(table, 1, 4, "p");
        byte[] secondary = key(table, 2, 4, "s");
        prewriteAndDie(primary, secondary); // its locks are live: the clock does not move
        long waitMs = 300;
        try (TransactionManager impatient = new TransactionManager(cluster.router(), TxnConfig.defaults().withLockWaitMsMax(waitMs))) {
            Transaction reader = impatient.begin(IsolationLevel.SNAPSHOT, true);
            long started = System.nanoTime();
            BasaltException e = assertThrows(BasaltException.class, () -> reader.get(secondary));
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(ErrorCode.LOCK_WAIT_TIMEOUT, e.code(), e.toString());
            assertEquals("55P03", e.sqlState());
            assertTrue(waitedMs >= waitMs, "gave up after " + waitedMs + " ms, before the bound of " + waitMs + " ms");
        }
        expireLocks(); // leave nothing live behind
        assertNull(survivor.begin(IsolationLevel.SNAPSHOT, true).get(secondary));
    }

    @Test
    void heartbeatsKeepALongTransactionAlivePastItsTtl() {
        long table = newTable();
        byte[] k = key(table, 3, 5, "k");
        byte[] other = key(table, 0, 5, "other");
        Transaction longRunning = survivor.begin(IsolationLevel.SNAPSHOT, false);
        longRunning.getForUpdate(k); // k becomes the primary and is heartbeaten from now on

        // Without heartbeats a lock is rolled back once the TTL has passed.
        long unbeatenStart = cluster.router().timestamp();
        cluster.router().execute(cluster.router().rangeOf(other).rangeId(),
                new RangeRequest.AcquireLock(List.of(other), other, unbeatenStart, unbeatenStart, TTL_MS));

        cluster.clock().advanceMs(5 * TTL_MS);
        survivor.heartbeatNow();
        long now = cluster.router().timestamp();
        assertEquals(State.LOCKED, status(cluster.router(), k, longRunning.startTs(), now, true).state(),
                "the heartbeaten primary is alive " + 5 * TTL_MS + " ms after its start");
        assertEquals(State.ROLLED_BACK, status(cluster.router(), other, unbeatenStart, now, true).state(),
                "an unbeaten lock of the same age has expired");

        longRunning.put(k, bytes("done"));
        longRunning.commit();
        assertEquals("done", str(survivor.begin(IsolationLevel.SNAPSHOT, true).get(k)));
    }

    @Test
    void aTransactionWhosePrimaryWasRolledBackFailsRetryably() {
        long table = newTable();
        byte[] k = key(table, 2, 6, "k");
        Transaction slow = survivor.begin(IsolationLevel.SNAPSHOT, false);
        slow.getForUpdate(k);
        // Someone judges the lock expired (as if our heartbeats had stopped) and rolls it back.
        cluster.clock().advanceMs(TTL_MS + 1);
        assertEquals(State.ROLLED_BACK, status(cluster.router(), k, slow.startTs(), cluster.router().timestamp(), true).state());
        slow.put(k, bytes("x"));
        BasaltException e = assertThrows(BasaltException.class, slow::commit);
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code(), e.toString());
        assertTrue(e.retryable());
        assertNull(survivor.begin(IsolationLevel.SNAPSHOT, true).get(k));
    }
}
