package dev.basalt.txn;

import static dev.basalt.txn.TestKeys.bytes;
import static dev.basalt.txn.TestKeys.key;
import static dev.basalt.txn.TestKeys.newTable;
import static dev.basalt.txn.TestKeys.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Garbage collection across ranges never undoes a committed transaction and never lets an old
 * writer slip under a collected version (DESIGN.md section 4), on real 3-replica ranges.
 */
class GarbageCollectionTest {
    private static TxnTestCluster cluster;
    private static CrashingObserver observer;
    private static TransactionManager dying;
    private static TransactionManager gateway;
    private static GarbageCollector gc;

    @BeforeAll
    static void start() throws Exception {
        cluster = TxnTestCluster.start(3, 4, 3);
        observer = new CrashingObserver();
        dying = new TransactionManager(cluster.router(), TxnConfig.defaults(), observer);
        gateway = new TransactionManager(cluster.router(), TxnConfig.defaults());
        gc = new GarbageCollector(cluster.router(), TxnConfig.REROUTES_MAX_DEFAULT);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {dying, gateway, cluster}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static long write(byte[] k, String v) {
        Transaction t = gateway.begin(IsolationLevel.SNAPSHOT, false);
        t.put(k, bytes(v));
        return t.commit();
    }

    private static String read(byte[] k) {
        Transaction t = gateway.begin(IsolationLevel.SNAPSHOT, true);
        String v = str(t.get(k));
        t.commit();
        return v;
    }

    @Test
    void collectionKeepsTheRecordThatDecidesAnUnresolvedSecondaryOfACommittedTransaction() {
        long table = newTable();
        byte[] primary = key(table, 0, 5, "p");
        byte[] secondary = key(table, 2, 5, "s");
        // The gateway dies right after the commit point: the secondary keeps its lock, and only the
        // primary's commit record says the transaction committed.
        Transaction t = dying.begin(IsolationLevel.SNAPSHOT, false);
        t.put(primary, bytes("t1"));
        t.put(secondary, bytes("t1"));
        observer.crashAfterPrimaryCommit();
        assertThrows(CrashingObserver.GatewayDied.class, t::commit);
        // A later write shadows the primary's record, so a collection above it may delete it.
        write(primary, "t2");
        cluster.clock().advanceMs(TxnConfig.LOCK_TTL_MS_DEFAULT + 1);
        long safePoint = cluster.router().timestamp();

        GarbageCollector.Round round = gc.collect(safePoint);

        assertTrue(round.locksResolved() >= 1, "the secondary's lock was resolved before anything was collected: " + round);
        assertEquals("t1", read(secondary), "the committed secondary survives the collection");
        assertEquals("t2", read(primary));
    }

    @Test
    void aWriterThatStartedBeforeACollectedDeleteIsRefusedInsteadOfOverwritingIt() {
        long table = newTable();
        byte[] k = key(table, 1, 9, "k");
        write(k, "v0");
        Transaction old = gateway.begin(IsolationLevel.SNAPSHOT, false);
        Transaction deleter = gateway.begin(IsolationLevel.SNAPSHOT, false);
        deleter.delete(k);
        deleter.commit();
        // Collecting above the delete may drop the tombstone, and with it the conflict the old
        // writer must meet: its write has to be refused instead.
        gc.collect(cluster.router().timestamp());
        old.put(k, bytes("lost update"));
        BasaltException e = assertThrows(BasaltException.class, old::commit);
        assertEquals(ErrorCode.SNAPSHOT_TOO_OLD, e.code(), e.getMessage());
        assertTrue(e.retryable());
        assertEquals(null, read(k), "the delete stands");
    }

    @Test
    void theSafePointStaysBelowEveryTransactionAGatewayReportsActive() {
        Transaction open = gateway.begin(IsolationLevel.SNAPSHOT, true);
        long safePoint = gc.safePoint(0, gateway.oldestActiveStartTs());
        assertTrue(safePoint <= open.startTs(), "safe point " + safePoint + " above the open transaction " + open.startTs());
        open.commit();
    }
}
