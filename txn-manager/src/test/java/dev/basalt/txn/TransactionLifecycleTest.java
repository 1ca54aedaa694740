package dev.basalt.txn;

import static dev.basalt.txn.TestKeys.bytes;
import static dev.basalt.txn.TestKeys.key;
import static dev.basalt.txn.TestKeys.newTable;
import static dev.basalt.txn.TestKeys.rawGet;
import static dev.basalt.txn.TestKeys.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.routing.RangeRouter;
import dev.basalt.range.KeyValue;
import dev.basalt.range.LockInfo;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transaction state machine on replicated ranges (3 nodes, 4 ranges, 3 replicas each):
 * ACTIVE -> COMMITTED by one- and two-phase commit, ACTIVE -> ABORTED by rollback or conflict,
 * read-your-writes, scans across ranges, isolation levels and misuse errors.
 */
class TransactionLifecycleTest {
    private static TxnTestCluster cluster;
    private static TransactionManager manager;

    @BeforeAll
    static void start() throws Exception {
        cluster = TxnTestCluster.start(3, 4, 3);
        manager = new TransactionManager(cluster.router(), TxnConfig.defaults().withLockWaitMsMax(5_000));
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

    private static Transaction begin() {
        return manager.begin(IsolationLevel.SNAPSHOT, false);
    }

    private static void commitValues(byte[]... keysAndValues) {
        Transaction t = begin();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            t.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        t.commit();
    }

    private static void assertVisibleFrom(long commitTs, byte[] key, String value) {
        assertEquals(value, str(rawGet(cluster.router(), key, commitTs)), "visible at the commit ts " + commitTs);
        assertNull(rawGet(cluster.router(), key, commitTs - 1), "invisible just below the commit ts " + commitTs);
    }

    @Test
    void onePhaseCommitIsVisibleFromItsCommitTimestampOnly() {
        long table = newTable();
        byte[] a = key(table, 0, 10, "a");
        byte[] b = key(table, 0, 11, "b");
        Transaction earlier = begin();
        Transaction t = begin();
        t.put(a, bytes("1"));
        t.put(b, bytes("2"));
        long commitTs = t.commit();
        assertEquals(Transaction.State.COMMITTED, t.state());
        assertTrue(commitTs > t.startTs());
        assertVisibleFrom(commitTs, a, "1");
        assertVisibleFrom(commitTs, b, "2");
        assertNull(earlier.get(a), "a snapshot taken before the commit does not see it");
        assertEquals("1", str(begin().get(a)), "a transaction begun after the commit sees it");
    }

    @Test
    void twoPhaseCommitAcrossRangesIsVisibleFromItsCommitTimestampOnly() {
        long table = newTable();
        List<byte[]> keys = List.of(key(table, 0, 5, "p"), key(table, 1, 5, "q"), key(table, 2, 5, "r"), key(table, 3, 5, "s"));
        Transaction earlier = begin();
        Transaction t = begin();
        for (byte[] k : keys) {
            t.put(k, bytes("v"));
        }
        long commitTs = t.commit();
        assertEquals(Transaction.State.COMMITTED, t.state());
        Transaction later = begin();
        for (byte[] k : keys) {
            // Secondaries are committed in the background; a reader that meets one still locked resolves it.
            assertEquals("v", str(later.get(k)));
            assertVisibleFrom(commitTs, k, "v");
            assertNull(earlier.get(k));
        }
    }

    @Test
    void lockForUpdateLocksKeysOfSeveralRangesUnderOnePrimaryWithoutReadingThem() {
        long table = newTable();
        List<byte[]> keys = List.of(key(table, 3, 30, "c"), key(table, 1, 30, "a"), key(table, 2, 30, "b"), key(table, 3, 31, "d"));
        Transaction t = begin();
        t.lockForUpdate(keys);
        byte[] primary = null;
        long other = cluster.router().timestamp();
        for (byte[] k : keys) {
            assertTrue(t.lockedForUpdate(k));
            // Another transaction asking for the key meets the lock (held in the leader's memory, so
            // a scan of the replicated locks would not list it).
            RangeResponse r = cluster.router().execute(cluster.router().rangeOf(k).rangeId(),
                    new RangeRequest.AcquireLock(List.of(k), k, other, other, 1_000));
            LockInfo lock = (r instanceof RangeResponse.Locked l ? l.locks() : List.<LockInfo>of()).stream()
                    .filter(l -> Arrays.equals(l.key(), k)).findFirst()
                    .orElseThrow(() -> new AssertionError("no lock on " + StorageKey.toString(k) + ": " + r));
            assertEquals(t.startTs(), lock.startTs());
            assertEquals(dev.basalt.range.Mutation.Op.LOCK, lock.op());
            primary = primary == null ? lock.primary() : primary;
            assertArrayEquals(primary, lock.primary(), "every lock names the same primary");
        }
        byte[] named = primary;
        assertTrue(keys.stream().anyMatch(k -> Arrays.equals(k, named)), "the primary is one of the locked keys");
        t.put(keys.get(2), bytes("x"));
        t.commit();
        Transaction later = begin();
        assertEquals("x", str(later.get(keys.get(2))));
        assertNull(later.get(keys.get(0)), "a key only locked, never written, stays absent");
    }

    @Test
    void lockForUpdateOfAKeyCommittedAfterTheSnapshotFailsWith40001AndLeavesNoLocks() {
        long table = newTable();
        byte[] a = key(table, 1, 32, "a");
        byte[] b = key(table, 2, 32, "b");
        Transaction t = begin();
        commitValues(b, bytes("newer"));
        BasaltException e = assertThrows(BasaltException.class, () -> t.lockForUpdate(List.of(a, b)));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code(), e.toString());
        Transaction u = begin();
        u.lockForUpdate(List.of(a, b)); // t's locks are gone (or resolvable): u does not wait them out
        u.put(a, bytes("u"));
        u.commit();
        assertEquals("u", str(begin().get(a)));
    }

    @Test
    void rollbackDiscardsTheBufferedWrites() {
        long table = newTable();
        byte[] a = key(table, 0, 1, "a");
        byte[] b = key(table, 2, 1, "b");
        Transaction t = begin();
        t.put(a, bytes("x"));
        t.put(b, bytes("y"));
        t.rollback();
        assertEquals(Transaction.State.ABORTED, t.state());
        Transaction reader = begin();
        assertNull(reader.get(a));
        assertNull(reader.get(b));
    }

    @Test
    void firstCommitterWinsInOnePhaseCommit() {
        firstCommitterWins(newTable(), false);
    }

    @Test
    void aTwoPhaseCommitDrawsOnlyItsStartAndCommitTimestampsFromTheOracle() {
        java.util.concurrent.atomic.AtomicInteger draws = new java.util.concurrent.atomic.AtomicInteger();
        RangeRouter counting = new RangeRouter() {
            @Override
            public dev.basalt.range.RangeDescriptor rangeOf(byte[] key) {
                return cluster.router().rangeOf(key);
            }

            @Override
            public List<dev.basalt.range.RangeDescriptor> ranges() {
                return cluster.router().ranges();
            }

            @Override
            public RangeResponse execute(long rangeId, RangeRequest request) {
                return cluster.router().execute(rangeId, request);
            }

            @Override
            public long timestamp() {
                draws.incrementAndGet();
                return cluster.router().timestamp();
            }

            @Override
            public long monotonicMs() {
                return cluster.router().monotonicMs();
            }
        };
        // A long TTL: no heartbeat (which does draw) runs during the commit.
        try (TransactionManager m = new TransactionManager(counting, TxnConfig.defaults().withLockTtlMs(60_000))) {
            long table = newTable();
            Transaction t = m.begin(IsolationLevel.SNAPSHOT, false);
            t.put(key(table, 0, 20, "a"), bytes("1"));
            t.put(key(table, 2, 20, "b"), bytes("2"));
            t.commit();
            assertEquals(2, draws.get(), "a two-phase commit across two ranges asks the oracle for its start and its commit "
                    + "timestamp only; its locks' time to live is sized from the transaction's age on the router's clock");
        }
    }

    @Test
    void firstCommitterWinsInTwoPhaseCommit() {
        firstCommitterWins(newTable(), true);
    }

    private static void firstCommitterWins(long table, boolean acrossRanges) {
        byte[] k = key(table, 1, 7, "k");
        byte[] other = key(table, acrossRanges ? 3 : 1, 8, "other");
        Transaction first = begin();
        Transaction second = begin();
        first.put(k, bytes("first"));
        second.put(k, bytes("second"));
        second.put(other, bytes("second"));
        first.commit();
        BasaltException e = assertThrows(BasaltException.class, second::commit);
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code(), e.toString());
        assertEquals("40001", e.sqlState());
        assertTrue(e.retryable());
        assertEquals(Transaction.State.ABORTED, second.state());
        Transaction reader = begin();
        assertEquals("first", str(reader.get(k)));
        assertNull(reader.get(other), "the loser's other write is absent too");
    }

    @Test
    void readsAheadAnswerAtTheSnapshotUnderOwnWritesAndAreForgottenWhenTheReadTimestampMoves() {
        long table = newTable();
        byte[] a = key(table, 0, 7, "a");
        byte[] b = key(table, 1, 7, "b");
        byte[] missing = key(table, 2, 7, "m");
        commitValues(a, bytes("a0"), b, bytes("b0"));
        Transaction snapshot = begin();
        snapshot.prefetch(List.of(a, b, missing));
        commitValues(a, bytes("a1")); // committed after the snapshot: neither the read-ahead nor a read sees it
        snapshot.put(b, bytes("b-own"));
        assertEquals("a0", str(snapshot.get(a)));
        assertEquals("b-own", str(snapshot.get(b)), "an own write comes before what was read ahead");
        assertNull(snapshot.get(missing));
        snapshot.rollback();

        Transaction rc = manager.begin(IsolationLevel.READ_COMMITTED, false);
        rc.prefetch(List.of(a));
        commitValues(a, bytes("a2"));
        assertEquals("a1", str(rc.get(a)), "the same statement reads at its timestamp");
        rc.newStatement();
        assertEquals("a2", str(rc.get(a)), "a new statement must not answer from an older read-ahead");
        rc.rollback();
    }

    @Test
    void readsSeeTheTransactionsOwnWritesAndDeletes() {
        long table = newTable();
        byte[] a = key(table, 0, 3, "a");
        byte[] b = key(table, 1, 3, "b");
        byte[] c = key(table, 2, 3, "c");
        byte[] d = key(table, 3, 3, "d");
        byte[] e = key(table, 3, 4, "e");
        commitValues(a, bytes("a0"), b, bytes("b0"), c, bytes("c0"));
        Transaction t = begin();
        t.put(b, bytes("b1"));
        t.delete(c);
        t.put(d, bytes("d1"));
        assertEquals("a0", str(t.get(a)));
        assertEquals("b1", str(t.get(b)));
        assertNull(t.get(c));
        assertEquals("d1", str(t.get(d)));
        List<String> all = t.getAll(List.of(e, d, c, b, a)).stream().map(TestKeys::str).toList();
        assertEquals(Arrays.asList(null, "d1", null, "b1", "a0"), all);
        List<KeyValue> rows = t.scan(StorageKey.prefix(table, 0, 0), StorageKey.prefix(table, 0, 65535), 100);
        assertEquals(List.of("a0", "b1", "d1"), rows.stream().map(kv -> str(kv.value())).toList());
        t.rollback();
        assertEquals("c0", str(begin().get(c)), "the rolled-back delete never reached the range");
    }

    @Test
    void scanCrossesRangeBoundariesInKeyOrderAndStopsAtTheLimit() {
        long table = newTable();
        List<byte[]> keys = new ArrayList<>();
        Transaction w = begin();
        for (int range = 0; range < 4; range++) {
            for (int i = 0; i < 6; i++) {
                byte[] k = key(table, range, 100 + i, "r" + range + "i" + i);
                keys.add(k);
                w.put(k, bytes(range + "/" + i));
            }
        }
        w.commit();
        byte[] start = StorageKey.prefix(table, 0, 0);
        byte[] end = StorageKey.of(table, 0, 65535, new byte[] {(byte) 0xFF});

        Transaction t = begin();
        List<KeyValue> all = t.scan(start, end, 1_000);
        assertEquals(keys.size(), all.size());
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(keys.get(i), all.get(i).key(), "row " + i + " in key order");
        }
        List<KeyValue> firstSeven = t.scan(start, end, 7);
        assertEquals(7, firstSeven.size());
        assertArrayEquals(keys.get(6), firstSeven.get(6).key(), "the seventh row is the first of the second range");

        // Buffered writes merge in across ranges: deletes hide rows, puts add and replace them.
        t.delete(keys.get(0));
        t.delete(keys.get(1));
        t.delete(keys.get(2));
        t.put(keys.get(7), bytes("mine"));
        byte[] added = key(table, 1, 50, "added");
        t.put(added, bytes("new"));
        List<KeyValue> merged = t.scan(start, end, 5);
        assertEquals(List.of("0/3", "0/4", "0/5", "new", "1/0"), merged.stream().map(kv -> str(kv.value())).toList());
        List<KeyValue> fromSecondRange = t.scan(key(table, 1, 0, ""), key(table, 2, 102, ""), 100);
        assertEquals(1 + 6 + 2, fromSecondRange.size());
        assertEquals("mine", str(fromSecondRange.get(2).value()));
        assertEquals("2/1", str(fromSecondRange.get(fromSecondRange.size() - 1).value()));
    }

    @Test
    void anOpenScanReadsEveryRangeInPagesWithReadAheadAndKeepsTheOwnWritesOfItsOpening() {
        long table = newTable();
        int perRange = 1_100; // more than a range answers in one page, so pages resume inside a range
        List<byte[]> keys = new ArrayList<>();
        for (int range = 0; range < 4; range++) {
            Transaction w = begin();
            for (int i = 0; i < perRange; i++) {
                byte[] k = key(table, range, 100 + i / 100, String.format("r%di%05d", range, i));
                keys.add(k);
                w.put(k, bytes(range + "/" + i));
            }
            w.commit();
        }
        keys.sort(java.util.Arrays::compareUnsigned);
        Transaction t = begin();
        byte[] mine = key(table, 2, 50, "mine");
        t.put(mine, bytes("own"));
        Transaction.KeyScan scan = t.openScan(StorageKey.prefix(table, 0, 0), StorageKey.indexEnd(table, 0), RangeRequest.Scan.NO_FILTER, null);
        t.put(key(table, 3, 50, "later"), bytes("not seen by the open scan"));
        List<KeyValue> seen = new ArrayList<>();
        for (List<KeyValue> page = scan.next(700); ; page = scan.next(700)) {
            seen.addAll(page);
            if (page.size() < 700) {
                break;
            }
        }
        List<byte[]> expected = new ArrayList<>(keys);
        expected.add(mine);
        expected.sort(java.util.Arrays::compareUnsigned);
        assertEquals(expected.size(), seen.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), seen.get(i).key(), "row " + i + " in key order");
        }
        t.rollback();
    }

    @Test
    void snapshotReadsStayAtTheStartWhileReadCommittedStatementsMoveOn() {
        long table = newTable();
        byte[] k = key(table, 2, 9, "k");
        commitValues(k, bytes("old"));
        Transaction snapshot = manager.begin(IsolationLevel.SNAPSHOT, true);
        Transaction readCommitted = manager.begin(IsolationLevel.READ_COMMITTED, true);
        assertEquals("old", str(snapshot.get(k)));
        assertEquals("old", str(readCommitted.get(k)));
        commitValues(k, bytes("new"));
        snapshot.newStatement();
        readCommitted.newStatement();
        assertEquals("old", str(snapshot.get(k)), "snapshot isolation reads at the start timestamp");
        assertEquals("new", str(readCommitted.get(k)), "a read-committed statement reads at its own timestamp");
        assertEquals(snapshot.startTs(), snapshot.readTs());
        assertTrue(readCommitted.readTs() > readCommitted.startTs());
        assertEquals(readCommitted.readTs(), readCommitted.commit(), "a read-only commit answers its read timestamp");
    }

    @Test
    void serializableIsRefusedRatherThanSilentlyWeakened() {
        BasaltException e = assertThrows(BasaltException.class, () -> manager.begin(IsolationLevel.SERIALIZABLE, false));
        assertEquals(ErrorCode.ISOLATION_NOT_SUPPORTED, e.code());
        // Never 0A000: connection pools evict a connection that reports it.
        assertEquals("22023", e.sqlState());
    }

    @Test
    void writesInReadOnlyTransactionFailWith25006() {
        Transaction t = manager.begin(IsolationLevel.SNAPSHOT, true);
        byte[] k = key(newTable(), 0, 1, "k");
        BasaltException e = assertThrows(BasaltException.class, () -> t.put(k, bytes("x")));
        assertEquals(ErrorCode.READ_ONLY_TRANSACTION, e.code());
        assertEquals("25006", e.sqlState());
        Transaction t2 = manager.begin(IsolationLevel.SNAPSHOT, true);
        assertEquals("25006", assertThrows(BasaltException.class, () -> t2.getForUpdate(k)).sqlState());
        assertEquals("25006", assertThrows(BasaltException.class, () -> manager.begin(IsolationLevel.SNAPSHOT, true).delete(k)).sqlState());
    }

    @Test
    void callsOnAFinishedTransactionFailWith25000() {
        byte[] k = key(newTable(), 1, 1, "k");
        Transaction t = begin();
        t.put(k, bytes("x"));
        t.commit();
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> t.get(k), () -> t.put(k, bytes("y")), t::commit, t::rollback, t::newStatement,
                () -> t.scan(k, key(1, 1, 2, ""), 1))) {
            BasaltException e = assertThrows(BasaltException.class, call);
            assertEquals(ErrorCode.INVALID_TRANSACTION_STATE, e.code(), e.toString());
            assertEquals("25000", e.sqlState());
        }
        t.close(); // closing a finished transaction is harmless

        Transaction aborted = begin();
        aborted.rollback();
        aborted.rollback(); // rolling back again after an abort is a no-op
        assertEquals("25000", assertThrows(BasaltException.class, () -> aborted.get(k)).sqlState());
    }

    @Test
    void oldestActiveStartTsIsTheSmallestOpenStartTimestamp() {
        try (TransactionManager own = new TransactionManager(cluster.router(), TxnConfig.defaults())) {
            assertEquals(Long.MAX_VALUE, own.oldestActiveStartTs(), "no open transaction");
            Transaction a = own.begin(IsolationLevel.SNAPSHOT, false);
            Transaction b = own.begin(IsolationLevel.READ_COMMITTED, true);
            assertEquals(a.startTs(), own.oldestActiveStartTs());
            a.rollback();
            assertEquals(b.startTs(), own.oldestActiveStartTs());
            b.commit();
            assertEquals(Long.MAX_VALUE, own.oldestActiveStartTs());
        }
    }

    @Test
    void lockOnlyTransactionCommitsAtItsReadTimestampAndReleasesItsLocks() {
        long table = newTable();
        byte[] k = key(table, 3, 2, "k");
        byte[] other = key(table, 1, 2, "other");
        commitValues(k, bytes("v"));
        Transaction locker = begin();
        assertEquals("v", str(locker.getForUpdate(k)));
        assertNull(locker.getForUpdate(other));
        assertEquals(locker.readTs(), locker.commit());
        Transaction next = manager.begin(IsolationLevel.SNAPSHOT, false);
        next.put(k, bytes("w"));
        next.put(other, bytes("w"));
        next.commit(); // would wait and time out if the locks were still held by a live transaction
        assertEquals("w", str(begin().get(k)));
    }

    @Test
    void lockForUpdateOfAKeyCommittedAfterTheSnapshotFailsWith40001() {
        byte[] k = key(newTable(), 2, 2, "k");
        Transaction t = begin();
        commitValues(k, bytes("newer"));
        BasaltException e = assertThrows(BasaltException.class, () -> t.getForUpdate(k));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
        assertEquals(Transaction.State.ABORTED, t.state());
    }

    @Test
    void lockedKeysAndWritesCommitTogether() {
        long table = newTable();
        byte[] locked = key(table, 0, 4, "locked");
        byte[] written = key(table, 2, 4, "written");
        Transaction t = begin();
        t.getForUpdate(locked);
        t.put(written, bytes("w"));
        long commitTs = t.commit();
        assertEquals("w", str(begin().get(written)), "the secondary is committed, or resolved by the reader");
        assertVisibleFrom(commitTs, written, "w");
        Transaction after = begin();
        after.put(locked, bytes("x"));
        after.commit();
    }
}
