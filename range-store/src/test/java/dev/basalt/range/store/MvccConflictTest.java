package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conflict rules of DESIGN.md section 4 on a real 3-replica range (Ratis + RocksDB). */
class MvccConflictTest {
    private static final dev.basalt.common.LocalTimestampSource oracle = new dev.basalt.common.LocalTimestampSource();
    private static LocalStores stores;
    private static final long RANGE = 1;
    private static int keySeq;

    @BeforeAll
    static void startRange() throws Exception {
        stores = new LocalStores(3, 10_000, 1024, oracle);
        stores.createRange(new RangeDescriptor(RANGE, 0, RangeDescriptor.SLOT_COUNT, List.of(1, 2, 3), 1));
        stores.awaitLeader(RANGE, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        stores.close();
    }

    private static byte[] newKey() {
        return StorageKey.of(7, 0, (keySeq * 97) % 65536, ("k" + keySeq++).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long ts() {
        return oracle.next();
    }

    private static RangeResponse call(RangeRequest r) throws Exception {
        RangeResponse response = stores.call(RANGE, r);
        if (response instanceof RangeResponse.Committed c) {
            oracle.observe(c.commitTs()); // later transactions start after what they saw commit
        }
        return response;
    }

    private static BasaltException failure(RangeRequest r) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call(r));
        return assertInstanceOf(BasaltException.class, e.getCause());
    }

    private static byte[] read(byte[] key, long readTs) throws Exception {
        return assertInstanceOf(RangeResponse.Value.class, call(new RangeRequest.Get(key, readTs))).value();
    }

    @Test
    void onePhaseCommitIsVisibleAtAndAfterItsCommitTsOnly() throws Exception {
        byte[] k = newKey();
        long start = ts();
        long commitTs = assertInstanceOf(RangeResponse.Committed.class,
                call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("v1"))), start))).commitTs();
        assertTrue(commitTs > start);
        assertArrayEquals(bytes("v1"), read(k, commitTs));
        assertNull(read(k, commitTs - 1));
    }

    @Test
    void readAtHigherTimestampForcesLaterOnePhaseCommitAboveIt() throws Exception {
        byte[] k = newKey();
        long start = ts();
        long futureRead = Timestamp.plusMs(ts(), 5_000);
        assertNull(read(k, futureRead));
        long commitTs = assertInstanceOf(RangeResponse.Committed.class,
                call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("late"))), start))).commitTs();
        assertTrue(commitTs > futureRead, "a commit after a read at " + futureRead + " must commit above it, got " + commitTs);
        assertNull(read(k, futureRead), "the read at " + futureRead + " must stay repeatable");
        oracle.observe(futureRead);
    }

    @Test
    void onePhaseCommitWhoseKeyChangedAfterItsStartFailsWithRetryableSerializationError() throws Exception {
        byte[] k = newKey();
        long oldStart = ts();
        call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("first"))), ts()));
        BasaltException e = failure(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("second"))), oldStart));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
        assertEquals("40001", e.sqlState());
        assertTrue(e.retryable());
    }

    @Test
    void onePhaseCommitRetriedWithSameStartAnswersItsOriginalCommit() throws Exception {
        byte[] k = newKey();
        long start = ts();
        RangeRequest commit = new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("once"))), start);
        long first = assertInstanceOf(RangeResponse.Committed.class, call(commit)).commitTs();
        long second = assertInstanceOf(RangeResponse.Committed.class, call(commit)).commitTs();
        assertEquals(first, second);
    }

    @Test
    void twoPrewritesOnOneKeyConflict() throws Exception {
        byte[] k = newKey();
        long t1 = ts();
        long t2 = ts();
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.Prewrite(List.of(Mutation.put(k, bytes("a"))), k, t1, 3000)));
        RangeResponse second = call(new RangeRequest.Prewrite(List.of(Mutation.put(k, bytes("b"))), k, t2, 3000));
        LockInfo lock = assertInstanceOf(RangeResponse.Locked.class, second).locks().get(0);
        assertEquals(t1, lock.startTs());
        assertArrayEquals(k, lock.primary());
    }

    @Test
    void prewriteAfterNewerCommitFailsWithSerializationError() throws Exception {
        byte[] k = newKey();
        long old = ts();
        call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("new"))), ts()));
        BasaltException e = failure(new RangeRequest.Prewrite(List.of(Mutation.put(k, bytes("x"))), k, old, 3000));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
    }

    @Test
    void readMeetsLockThenSeesValueOnceThePrimaryCommitsAndTheLockIsRolledForward() throws Exception {
        byte[] primary = newKey();
        byte[] secondary = newKey();
        long start = ts();
        call(new RangeRequest.Prewrite(List.of(Mutation.put(primary, bytes("p")), Mutation.put(secondary, bytes("s"))), primary, start, 60_000));
        long commitTs = ts();
        long readTs = ts();
        LockInfo met = assertInstanceOf(RangeResponse.Locked.class, call(new RangeRequest.Get(secondary, readTs))).locks().get(0);
        assertEquals(start, met.startTs());
        call(new RangeRequest.Commit(List.of(primary), start, commitTs));
        // The reader resolves the lock through its primary: committed, so roll the secondary forward.
        RangeResponse.TxnStatus status = assertInstanceOf(RangeResponse.TxnStatus.class,
                call(new RangeRequest.CheckTxnStatus(met.primary(), met.startTs(), ts(), true)));
        assertEquals(RangeResponse.TxnStatus.State.COMMITTED, status.state());
        assertEquals(commitTs, status.commitTs());
        call(new RangeRequest.ResolveLock(List.of(secondary), start, status.commitTs()));
        assertArrayEquals(bytes("s"), read(secondary, readTs));
        assertNull(read(secondary, commitTs - 1));
    }

    @Test
    void expiredLockIsRolledBackThroughItsPrimaryAndLatePrewriteCannotResurrectIt() throws Exception {
        byte[] primary = newKey();
        byte[] secondary = newKey();
        long start = ts();
        call(new RangeRequest.Prewrite(List.of(Mutation.put(secondary, bytes("s"))), primary, start, 1));
        long readTs = Timestamp.plusMs(ts(), 10);
        LockInfo met = assertInstanceOf(RangeResponse.Locked.class, call(new RangeRequest.Get(secondary, readTs))).locks().get(0);
        long now = Timestamp.plusMs(ts(), 50);
        assertTrue(met.expiredAt(now));
        RangeResponse.TxnStatus status = assertInstanceOf(RangeResponse.TxnStatus.class,
                call(new RangeRequest.CheckTxnStatus(met.primary(), met.startTs(), now, true)));
        assertEquals(RangeResponse.TxnStatus.State.ROLLED_BACK, status.state());
        call(new RangeRequest.ResolveLock(List.of(secondary), start, 0));
        assertNull(read(secondary, readTs));
        // The coordinator's prewrite of the primary arrives late: the rollback marker refuses it.
        BasaltException e = failure(new RangeRequest.Prewrite(List.of(Mutation.put(primary, bytes("p"))), primary, start, 3000));
        assertEquals(ErrorCode.TRANSACTION_ABORTED, e.code());
    }

    @Test
    void unexpiredPrimaryLockReportsLockedAndIsNotRolledBack() throws Exception {
        byte[] primary = newKey();
        long start = ts();
        call(new RangeRequest.Prewrite(List.of(Mutation.put(primary, bytes("p"))), primary, start, 60_000));
        RangeResponse.TxnStatus status = assertInstanceOf(RangeResponse.TxnStatus.class,
                call(new RangeRequest.CheckTxnStatus(primary, start, ts(), true)));
        assertEquals(RangeResponse.TxnStatus.State.LOCKED, status.state());
        long commitTs = ts();
        call(new RangeRequest.Commit(List.of(primary), start, commitTs));
        assertArrayEquals(bytes("p"), read(primary, ts()));
    }

    @Test
    void lockForUpdateBlocksOtherWritersButNotReaders() throws Exception {
        byte[] k = newKey();
        call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("v"))), ts()));
        long t1 = ts();
        call(new RangeRequest.AcquireLock(List.of(k), k, t1, ts(), 60_000));
        assertArrayEquals(bytes("v"), read(k, ts()));
        RangeResponse blocked = call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("w"))), ts()));
        assertEquals(t1, assertInstanceOf(RangeResponse.Locked.class, blocked).locks().get(0).startTs());
        long commitTs = assertInstanceOf(RangeResponse.Committed.class,
                call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("mine"))), t1))).commitTs();
        assertArrayEquals(bytes("mine"), read(k, commitTs));
    }

    @Test
    void scanReturnsNewestVisibleVersionsInKeyOrderAndResumes() throws Exception {
        int slot = 40_000;
        byte[][] keys = new byte[5][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = StorageKey.of(9, 0, slot, new byte[] {(byte) i, 0});
            call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(keys[i], bytes("old" + i))), ts()));
            call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(keys[i], bytes("new" + i))), ts()));
        }
        call(new RangeRequest.OnePhaseCommit(List.of(Mutation.delete(keys[2])), ts()));
        RangeResponse.Rows rows = assertInstanceOf(RangeResponse.Rows.class,
                call(new RangeRequest.Scan(StorageKey.prefix(9, 0, slot), StorageKey.prefix(9, 0, slot + 1), ts(), 3)));
        assertEquals(3, rows.rows().size());
        assertArrayEquals(bytes("new0"), rows.rows().get(0).value());
        assertArrayEquals(bytes("new3"), rows.rows().get(2).value());
        RangeResponse.Rows rest = assertInstanceOf(RangeResponse.Rows.class,
                call(new RangeRequest.Scan(rows.resumeKey(), StorageKey.prefix(9, 0, slot + 1), ts(), 3)));
        assertEquals(1, rest.rows().size());
        assertArrayEquals(keys[4], rest.rows().get(0).key());
        assertNull(rest.resumeKey());
    }

    @Test
    void malformedRequestsAreRejectedWithInvalidRequest() {
        assertEquals(ErrorCode.INVALID_REQUEST, failure(new RangeRequest.Get(new byte[3], ts())).code());
        byte[] k = newKey();
        assertEquals(ErrorCode.INVALID_REQUEST,
                failure(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("a")), Mutation.put(k, bytes("b"))), ts())).code());
        assertEquals(ErrorCode.INVALID_REQUEST, failure(new RangeRequest.Commit(List.of(k), 100, 50)).code());
    }

    @Test
    void garbageCollectionKeepsTheVersionVisibleAtTheSafePointAndRefusesReadsBelowIt() throws Exception {
        byte[] k = newKey();
        long c1 = commit(k, "1");
        long c2 = commit(k, "2");
        long c3 = commit(k, "3");
        call(new RangeRequest.SetSafePoint(c2));
        call(new RangeRequest.Gc(c2));
        assertArrayEquals(bytes("2"), read(k, c2));
        assertArrayEquals(bytes("3"), read(k, c3));
        // Below the safe point the history may be gone: reads there are refused, not answered wrongly.
        BasaltException tooOld = failure(new RangeRequest.Get(k, c1));
        assertEquals(ErrorCode.SNAPSHOT_TOO_OLD, tooOld.code());
        assertTrue(tooOld.retryable(), "a snapshot that is too old is retried as a new transaction");
        assertTrue(tooOld.getMessage().contains("snapshot too old"), tooOld.getMessage());
    }

    @Test
    void garbageCollectionAboveTheSafePointIsRefusedAndDeletesNothing() throws Exception {
        byte[] k = newKey();
        long c1 = commit(k, "1");
        commit(k, "2");
        long above = ts();
        BasaltException refused = failure(new RangeRequest.Gc(above));
        assertEquals(ErrorCode.INVALID_STATE, refused.code());
        assertArrayEquals(bytes("1"), read(k, c1), "the version the refused collection would have deleted is still there");
    }

    @Test
    void writesOfTransactionsThatStartedBelowTheSafePointAreRefused() throws Exception {
        byte[] k = newKey();
        long oldStart = ts();
        long safePoint = commit(newKey(), "x");
        call(new RangeRequest.SetSafePoint(safePoint));
        // A delete collected below the safe point would let this old writer pass its conflict check;
        // refusing every write of a transaction that started below it closes that hole.
        for (RangeRequest write : List.of(
                new RangeRequest.Prewrite(List.of(Mutation.put(k, bytes("p"))), k, oldStart, 3_000),
                new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("o"))), oldStart),
                new RangeRequest.AcquireLock(List.of(k), k, oldStart, oldStart, 3_000))) {
            assertEquals(ErrorCode.SNAPSHOT_TOO_OLD, failure(write).code(), write.toString());
        }
        assertNull(read(k, ts()), "none of the refused writes left anything");
    }

    @Test
    void onePhaseCommitOverALockForUpdateCommitsAboveTheLockTimestamp() throws Exception {
        byte[] k = newKey();
        long start = ts();
        long other = commit(k, "other"); // committed after our start, before our lock (READ COMMITTED allows locking over it)
        long forUpdateTs = ts();
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.AcquireLock(List.of(k), k, start, forUpdateTs, 3_000)));
        long commitTs = assertInstanceOf(RangeResponse.Committed.class,
                call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("mine"))), start))).commitTs();
        assertTrue(commitTs > forUpdateTs, "commit at " + commitTs + " must land above the lock taken at " + forUpdateTs
                + " over the version committed at " + other);
        assertArrayEquals(bytes("mine"), read(k, ts()), "the locked write is the newest version, not hidden under 'other'");
    }

    @Test
    void scanLocksReportsLocksOfTransactionsBelowTheBoundOnly() throws Exception {
        byte[] old = newKey();
        byte[] young = newKey();
        long oldStart = ts();
        call(new RangeRequest.Prewrite(List.of(Mutation.put(old, bytes("o"))), old, oldStart, 3_000));
        long bound = ts();
        call(new RangeRequest.Prewrite(List.of(Mutation.put(young, bytes("y"))), young, ts(), 3_000));
        List<LockInfo> locks = assertInstanceOf(RangeResponse.Locked.class, call(new RangeRequest.ScanLocks(bound, 100))).locks();
        assertTrue(locks.stream().anyMatch(l -> java.util.Arrays.equals(l.key(), old)), locks.toString());
        assertTrue(locks.stream().allMatch(l -> l.startTs() < bound), locks.toString());
        call(new RangeRequest.Rollback(List.of(old), oldStart));
    }

    private static long commit(byte[] k, String value) throws Exception {
        return assertInstanceOf(RangeResponse.Committed.class,
                call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes(value))), ts()))).commitTs();
    }

    @Test
    void aLockKeepsItsOwnersWoundWaitPriorityThroughPrewriteLockForUpdateAndHeartbeat() throws Exception {
        byte[] locked = newKey();
        byte[] written = newKey();
        long firstAttempt = ts();
        long retry = ts();
        call(new RangeRequest.AcquireLock(List.of(locked), locked, retry, retry, 60_000, firstAttempt));
        call(new RangeRequest.Prewrite(List.of(Mutation.put(written, bytes("v"))), locked, retry, 60_000, firstAttempt, new java.util.BitSet()));
        call(new RangeRequest.TxnHeartbeat(locked, retry, 120_000));
        long other = ts();
        RangeResponse.Locked met = assertInstanceOf(RangeResponse.Locked.class,
                call(new RangeRequest.Prewrite(List.of(Mutation.put(locked, bytes("x")), Mutation.put(written, bytes("x"))), locked, other, 60_000)));
        assertEquals(2, met.locks().size(), met.toString());
        for (LockInfo lock : met.locks()) {
            assertEquals(retry, lock.startTs(), lock.toString());
            assertEquals(firstAttempt, lock.priority(), lock.toString());
        }
        call(new RangeRequest.Rollback(List.of(locked, written), retry));
    }
}
