package dev.basalt.txn;

import static dev.basalt.txn.TestKeys.bytes;
import static dev.basalt.txn.TestKeys.newTable;
import static dev.basalt.txn.TestKeys.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.KeyValue;
import dev.basalt.range.StorageKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Ranges split behind the router's back: requests routed by the stale map are refused with
 * RANGE_MOVED and the transaction routes its keys again. 1 node, 2 ranges ([0, 32768) and
 * [32768, 65536)), 1 replica; the first test splits range 1, the second splits its upper half
 * again, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RerouteTest {
    private static TxnTestCluster cluster;
    private static TransactionManager manager;
    /** Counts two-phase commits: only they reach the prewrite crash point. */
    private static final AtomicInteger twoPhaseCommits = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = TxnTestCluster.start(1, 2, 1);
        CommitObserver counting = new CommitObserver() {
            @Override
            public void afterPrewrite(Transaction txn) {
                twoPhaseCommits.incrementAndGet();
            }
        };
        manager = new TransactionManager(cluster.router(), TxnConfig.defaults(), counting);
    }

    @AfterAll
    static void stop() throws Exception {
        if (manager != null) {
            manager.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] key(long table, int slot) {
        return StorageKey.of(table, 0, slot, bytes("k" + slot));
    }

    @Test
    @Order(1)
    void readsScansAndCommitsFollowASplitTheRouterHadNotSeen() throws Exception {
        long table = newTable();
        byte[] left = key(table, 100);
        byte[] right = key(table, 20_000);
        byte[] far = key(table, 40_000);
        Transaction before = manager.begin(IsolationLevel.SNAPSHOT, false);
        before.put(left, bytes("v0"));
        before.put(right, bytes("v0"));
        before.put(far, bytes("v0"));
        before.commit();

        cluster.split(1, 3); // range 1 keeps [0, 16384); range 3 takes [16384, 32768)

        Transaction t = manager.begin(IsolationLevel.SNAPSHOT, false);
        assertEquals("v0", str(t.get(right)), "the get was routed again to the new range");
        List<KeyValue> rows = t.scan(StorageKey.prefix(table, 0, 0), StorageKey.prefix(table, 0, 65_535), 10);
        assertEquals(3, rows.size());
        t.put(left, bytes("v1"));
        t.put(right, bytes("v1"));
        t.commit();
        Transaction reader = manager.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals(List.of("v1", "v1", "v0"), reader.getAll(List.of(left, right, far)).stream().map(TestKeys::str).toList());
    }

    @Test
    @Order(2)
    void aOnePhaseCommitWhoseRangeSplitBecomesATwoPhaseCommit() throws Exception {
        long table = newTable();
        byte[] lower = key(table, 17_000);
        byte[] upper = key(table, 30_000);
        Transaction t = manager.begin(IsolationLevel.SNAPSHOT, false);
        t.put(lower, bytes("x"));
        t.put(upper, bytes("y"));
        // Both keys lie in range 3 [16384, 32768) in the router's map, so the commit starts as a one-phase commit...
        assertEquals(3, cluster.router().rangeOf(lower).rangeId());
        assertEquals(3, cluster.router().rangeOf(upper).rangeId());
        cluster.split(3, 4); // ...but that range has just split: 3 keeps [16384, 24576), 4 takes [24576, 32768).
        int twoPhaseBefore = twoPhaseCommits.get();
        long commitTs = t.commit();
        assertEquals(twoPhaseBefore + 1, twoPhaseCommits.get(), "the commit fell back to two phases");
        Transaction reader = manager.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals(List.of("x", "y"), reader.getAll(List.of(lower, upper)).stream().map(TestKeys::str).toList());
        assertEquals("y", str(TestKeys.rawGet(cluster.router(), upper, commitTs)));
    }

    @Test
    @Order(3)
    void aSplitLosesTheLeadersLocksForUpdateAndTheirOwnerFailsWith40001InsteadOfCommitting() throws Exception {
        long table = newTable();
        byte[] k = key(table, 40_000); // range 2, [32768, 65536), which splits below
        Transaction owner = manager.begin(IsolationLevel.SNAPSHOT, false);
        owner.getForUpdate(k);
        cluster.split(2, 5); // range 2 keeps [32768, 49152): k stays, its in-memory lock does not
        Transaction other = manager.begin(IsolationLevel.SNAPSHOT, false);
        other.getForUpdate(k); // the key is free: the lock went with the split
        other.rollback();
        BasaltException e = assertThrows(BasaltException.class, () -> {
            owner.put(k, bytes("owner"));
            owner.commit();
        });
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code(), e.toString());
        assertTrue(e.getMessage().contains("lost its lock for update"), e.getMessage());
        assertNull(manager.begin(IsolationLevel.SNAPSHOT, true).get(k), "the owner committed nothing");
    }
}
