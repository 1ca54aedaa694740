package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conflict rules of DESIGN.md section 4 on a real 3-replica range (Ratis + RocksDB). */
class MvccConflictTest {
    private static OneRange range;

    private static byte[] read(byte[] key, long readTs) throws Exception {
        return assertInstanceOf(RangeResponse.Value.class, range.call(new RangeRequest.Get(key, readTs))).value();
    }

    @BeforeAll
    static void startRange() throws Exception {
        range = OneRange.start(7, "k");
    }

    @AfterAll
    static void stop() throws Exception {
        range.close();
    }

    @Test
    void onePhaseCommitIsVisibleAtAndAfterItsCommitTsOnly() throws Exception {
        byte[] k = range.newKey();
        long start = range.ts();
        long commitTs = assertInstanceOf(RangeResponse.Committed.class,
                range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("v1"))), start))).commitTs();
        assertTrue(commitTs > start);
        assertArrayEquals(OneRange.bytes("v1"), read(k, commitTs));
        assertNull(read(k, commitTs - 1));
    }

    @Test
    void readAtHigherTimestampForcesLaterOnePhaseCommitAboveIt() throws Exception {
        byte[] k = range.newKey();
        long start = range.ts();
        long futureRead = Timestamp.plusMs(range.ts(), 5_000);
        assertNull(read(k, futureRead));
        long commitTs = assertInstanceOf(RangeResponse.Committed.class,
                range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("late"))), start))).commitTs();
        assertTrue(commitTs > futureRead, "a commit after a read at " + futureRead + " must commit above it, got " + commitTs);
        assertNull(read(k, futureRead), "the read at " + futureRead + " must stay repeatable");
        range.oracle().observe(futureRead);
    }

    @Test
    void onePhaseCommitWhoseKeyChangedAfterItsStartFailsWithRetryableSerializationError() throws Exception {
        byte[] k = range.newKey();
        long oldStart = range.ts();
        range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("first"))), range.ts()));
        BasaltException e = range.failure(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("second"))), oldStart));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
        assertEquals("40001", e.sqlState());
        assertTrue(e.retryable());
    }

    @Test
    void onePhaseCommitRetriedWithSameStartAnswersItsOriginalCommit() throws Exception {
        byte[] k = range.newKey();
        long start = range.ts();
        RangeRequest commit = new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("once"))), start);
        long first = assertInstanceOf(RangeResponse.Committed.class, range.call(commit)).commitTs();
        long second = assertInstanceOf(RangeResponse.Committed.class, range.call(commit)).commitTs();
        assertEquals(first, second);
    }

    @Test
    void twoPrewritesOnOneKeyConflict() throws Exception {
        byte[] k = range.newKey();
        long t1 = range.ts();
        long t2 = range.ts();
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.Prewrite(List.of(Mutation.put(k, OneRange.bytes("a"))), k, t1, 3000)));
        RangeResponse second = range.call(new RangeRequest.Prewrite(List.of(Mutation.put(k, OneRange.bytes("b"))), k, t2, 3000));
        LockInfo lock = assertInstanceOf(RangeResponse.Locked.class, second).locks().get(0);
        assertEquals(t1, lock.startTs());
        assertArrayEquals(k, lock.primary());
    }

    @Test
    void prewriteAfterNewerCommitFailsWithSerializationError() throws Exception {
        byte[] k = range.newKey();
        long old = range.ts();
        range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("new"))), range.ts()));
        BasaltException e = range.failure(new RangeRequest.Prewrite(List.of(Mutation.put(k, OneRange.bytes("x"))), k, old, 3000));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
    }

    @Test
    void readMeetsLockThenSeesValueOnceThePrimaryCommitsAndTheLockIsRolledForward() throws Exception {
        byte[] primary = range.newKey();
        byte[] secondary = range.newKey();
        long start = range.ts();
        range.call(new RangeRequest.Prewrite(List.of(Mutation.put(primary, OneRange.bytes("p")), Mutation.put(secondary, OneRange.bytes("s"))), primary, start, 60_000));
        long commitTs = range.ts();
        long readTs = range.ts();
        LockInfo met = assertInstanceOf(RangeResponse.Locked.class, range.call(new RangeRequest.Get(secondary, readTs))).locks().get(0);
        assertEquals(start, met.startTs());
        range.call(new RangeRequest.Commit(List.of(primary), start, commitTs));
        // The reader resolves the lock through its primary: committed, so roll the secondary forward.
        RangeResponse.TxnStatus status = assertInstanceOf(RangeResponse.TxnStatus.class,
                range.call(new RangeRequest.CheckTxnStatus(met.primary(), met.startTs(), range.ts(), true)));
        assertEquals(RangeResponse.TxnStatus.State.COMMITTED, status.state());
        assertEquals(commitTs, status.commitTs());
        range.call(new RangeRequest.ResolveLock(List.of(secondary), start, status.commitTs()));
        assertArrayEquals(OneRange.bytes("s"), read(secondary, readTs));
        assertNull(read(secondary, commitTs - 1));
    }

    @Test
    void expiredLockIsRolledBackThroughItsPrimaryAndLatePrewriteCannotResurrectIt() throws Exception {
        byte[] primary = range.newKey();
        byte[] secondary = range.newKey();
        long start = range.ts();
        range.call(new RangeRequest.Prewrite(List.of(Mutation.put(secondary, OneRange.bytes("s"))), primary, start, 1));
        long readTs = Timestamp.plusMs(range.ts(), 10);
        LockInfo met = assertInstanceOf(RangeResponse.Locked.class, range.call(new RangeRequest.Get(secondary, readTs))).locks().get(0);
        long now = Timestamp.plusMs(range.ts(), 50);
        assertTrue(met.expiredAt(now));
        RangeResponse.TxnStatus status = assertInstanceOf(RangeResponse.TxnStatus.class,
                range.call(new RangeRequest.CheckTxnStatus(met.primary(), met.startTs(), now, true)));
        assertEquals(RangeResponse.TxnStatus.State.ROLLED_BACK, status.state());
        range.call(new RangeRequest.ResolveLock(List.of(secondary), start, 0));
        assertNull(read(secondary, readTs));
        // The coordinator's prewrite of the primary arrives late: the rollback marker refuses it.
        BasaltException e = range.failure(new RangeRequest.Prewrite(List.of(Mutation.put(primary, OneRange.bytes("p"))), primary, start, 3000));
        assertEquals(ErrorCode.TRANSACTION_ABORTED, e.code());
    }

    @Test
    void unexpiredPrimaryLockReportsLockedAndIsNotRolledBack() throws Exception {
        byte[] primary = range.newKey();
        long start = range.ts();
        range.call(new RangeRequest.Prewrite(List.of(Mutation.put(primary, OneRange.bytes("p"))), primary, start, 60_000));
        RangeResponse.TxnStatus status = assertInstanceOf(RangeResponse.TxnStatus.class,
                range.call(new RangeRequest.CheckTxnStatus(primary, start, range.ts(), true)));
        assertEquals(RangeResponse.TxnStatus.State.LOCKED, status.state());
        long commitTs = range.ts();
        range.call(new RangeRequest.Commit(List.of(primary), start, commitTs));
        assertArrayEquals(OneRange.bytes("p"), read(primary, range.ts()));
    }

    @Test
    void lockForUpdateBlocksOtherWritersButNotReaders() throws Exception {
        byte[] k = range.newKey();
        range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("v"))), range.ts()));
        long t1 = range.ts();
        range.call(new RangeRequest.AcquireLock(List.of(k), k, t1, range.ts(), 60_000));
        assertArrayEquals(OneRange.bytes("v"), read(k, range.ts()));
        RangeResponse blocked = range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("w"))), range.ts()));
        assertEquals(t1, assertInstanceOf(RangeResponse.Locked.class, blocked).locks().get(0).startTs());
        long commitTs = assertInstanceOf(RangeResponse.Committed.class,
                range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("mine"))), t1))).commitTs();
        assertArrayEquals(OneRange.bytes("mine"), read(k, commitTs));
    }

    @Test
    void scanReturnsNewestVisibleVersionsInKeyOrderAndResumes() throws Exception {
        int slot = 40_000;
        byte[][] keys = new byte[5][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = StorageKey.of(9, 0, slot, new byte[] {(byte) i, 0});
            range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(keys[i], OneRange.bytes("old" + i))), range.ts()));
            range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(keys[i], OneRange.bytes("new" + i))), range.ts()));
        }
        range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.delete(keys[2])), range.ts()));
        RangeResponse.Rows rows = assertInstanceOf(RangeResponse.Rows.class,
                range.call(new RangeRequest.Scan(StorageKey.prefix(9, 0, slot), StorageKey.prefix(9, 0, slot + 1), range.ts(), 3)));
        assertEquals(3, rows.rows().size());
        assertArrayEquals(OneRange.bytes("new0"), rows.rows().get(0).value());
        assertArrayEquals(OneRange.bytes("new3"), rows.rows().get(2).value());
        RangeResponse.Rows rest = assertInstanceOf(RangeResponse.Rows.class,
                range.call(new RangeRequest.Scan(rows.resumeKey(), StorageKey.prefix(9, 0, slot + 1), range.ts(), 3)));
        assertEquals(1, rest.rows().size());
        assertArrayEquals(keys[4], rest.rows().get(0).key());
        assertNull(rest.resumeKey());
    }

    @Test
    void malformedRequestsAreRejectedWithInvalidRequest() {
        assertEquals(ErrorCode.INVALID_REQUEST, range.failure(new RangeRequest.Get(new byte[3], range.ts())).code());
        byte[] k = range.newKey();
        assertEquals(ErrorCode.INVALID_REQUEST,
                range.failure(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("a")), Mutation.put(k, OneRange.bytes("b"))), range.ts())).code());
        assertEquals(ErrorCode.INVALID_REQUEST, range.failure(new RangeRequest.Commit(List.of(k), 100, 50)).code());
    }

    @Test
    void garbageCollectionKeepsTheVersionVisibleAtTheSafePointAndRefusesReadsBelowIt() throws Exception {
        byte[] k = range.newKey();
        long c1 = commit(k, "1");
        long c2 = commit(k, "2");
        long c3 = commit(k, "3");
        range.call(new RangeRequest.SetSafePoint(c2));
        range.call(new RangeRequest.Gc(c2));
        assertArrayEquals(OneRange.bytes("2"), read(k, c2));
        assertArrayEquals(OneRange.bytes("3"), read(k, c3));
        // Below the safe point the history may be gone: reads there are refused, not answered wrongly.
        BasaltException tooOld = range.failure(new RangeRequest.Get(k, c1));
        assertEquals(ErrorCode.SNAPSHOT_TOO_OLD, tooOld.code());
        assertTrue(tooOld.retryable(), "a snapshot that is too old is retried as a new transaction");
        assertTrue(tooOld.getMessage().contains("snapshot too old"), tooOld.getMessage());
    }

    @Test
    void garbageCollectionAboveTheSafePointIsRefusedAndDeletesNothing() throws Exception {
        byte[] k = range.newKey();
        long c1 = commit(k, "1");
        commit(k, "2");
        long above = range.ts();
        BasaltException refused = range.failure(new RangeRequest.Gc(above));
        assertEquals(ErrorCode.INVALID_STATE, refused.code());
        assertArrayEquals(OneRange.bytes("1"), read(k, c1), "the version the refused collection would have deleted is still there");
    }

    @Test
    void writesOfTransactionsThatStartedBelowTheSafePointAreRefused() throws Exception {
        byte[] k = range.newKey();
        long oldStart = range.ts();
        long safePoint = commit(range.newKey(), "x");
        range.call(new RangeRequest.SetSafePoint(safePoint));
        // A delete collected below the safe point would let this old writer pass its conflict check;
        // refusing every write of a transaction that started below it closes that hole.
        for (RangeRequest write : List.of(
                new RangeRequest.Prewrite(List.of(Mutation.put(k, OneRange.bytes("p"))), k, oldStart, 3_000),
                new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("o"))), oldStart),
                new RangeRequest.AcquireLock(List.of(k), k, oldStart, oldStart, 3_000))) {
            assertEquals(ErrorCode.SNAPSHOT_TOO_OLD, range.failure(write).code(), write.toString());
        }
        assertNull(read(k, range.ts()), "none of the refused writes left anything");
    }

    @Test
    void onePhaseCommitOverALockForUpdateCommitsAboveTheLockTimestamp() throws Exception {
        byte[] k = range.newKey();
        long start = range.ts();
        long other = commit(k, "other"); // committed after our start, before our lock (READ COMMITTED allows locking over it)
        long forUpdateTs = range.ts();
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.AcquireLock(List.of(k), k, start, forUpdateTs, 3_000)));
        long commitTs = assertInstanceOf(RangeResponse.Committed.class,
                range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("mine"))), start))).commitTs();
        assertTrue(commitTs > forUpdateTs, "commit at " + commitTs + " must land above the lock taken at " + forUpdateTs
                + " over the version committed at " + other);
        assertArrayEquals(OneRange.bytes("mine"), read(k, range.ts()), "the locked write is the newest version, not hidden under 'other'");
    }

    @Test
    void scanLocksReportsLocksOfTransactionsBelowTheBoundOnly() throws Exception {
        byte[] old = range.newKey();
        byte[] young = range.newKey();
        long oldStart = range.ts();
        range.call(new RangeRequest.Prewrite(List.of(Mutation.put(old, OneRange.bytes("o"))), old, oldStart, 3_000));
        long bound = range.ts();
        range.call(new RangeRequest.Prewrite(List.of(Mutation.put(young, OneRange.bytes("y"))), young, range.ts(), 3_000));
        List<LockInfo> locks = assertInstanceOf(RangeResponse.Locked.class, range.call(new RangeRequest.ScanLocks(bound, 100))).locks();
        assertTrue(locks.stream().anyMatch(l -> java.util.Arrays.equals(l.key(), old)), locks.toString());
        assertTrue(locks.stream().allMatch(l -> l.startTs() < bound), locks.toString());
        range.call(new RangeRequest.Rollback(List.of(old), oldStart));
    }

    private static long commit(byte[] k, String value) throws Exception {
        return assertInstanceOf(RangeResponse.Committed.class,
                range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes(value))), range.ts()))).commitTs();
    }

    @Test
    void aLockKeepsItsOwnersWoundWaitPriorityThroughPrewriteLockForUpdateAndHeartbeat() throws Exception {
        byte[] locked = range.newKey();
        byte[] written = range.newKey();
        long firstAttempt = range.ts();
        long retry = range.ts();
        range.call(new RangeRequest.AcquireLock(List.of(locked), locked, retry, retry, 60_000, firstAttempt));
        range.call(new RangeRequest.Prewrite(List.of(Mutation.put(written, OneRange.bytes("v"))), locked, retry, 60_000, firstAttempt, new java.util.BitSet()));
        range.call(new RangeRequest.TxnHeartbeat(locked, retry, 120_000));
        long other = range.ts();
        RangeResponse.Locked met = assertInstanceOf(RangeResponse.Locked.class,
                range.call(new RangeRequest.Prewrite(List.of(Mutation.put(locked, OneRange.bytes("x")), Mutation.put(written, OneRange.bytes("x"))), locked, other, 60_000)));
        assertEquals(2, met.locks().size(), met.toString());
        for (LockInfo lock : met.locks()) {
            assertEquals(retry, lock.startTs(), lock.toString());
            assertEquals(firstAttempt, lock.priority(), lock.toString());
        }
        range.call(new RangeRequest.Rollback(List.of(locked, written), retry));
    }
}
