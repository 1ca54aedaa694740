package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.RangeResponse.TxnStatus.State;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Locks for update held in the leader's memory (no Raft round), on a real 3-replica range: others
 * meet them as they meet replicated locks; heartbeats, status checks and rollbacks see them; and a
 * lock lost with its leader never lets its owner commit - the owner's prewrite or one-phase commit
 * names the keys it locked and fails with 40001 when a lock is gone.
 */
class PessimisticLockTest {
    private static final long TTL_MS = 60_000;
    private static OneRange range;

    private static void lock(byte[] key, byte[] primary, long startTs) throws Exception {
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.AcquireLock(List.of(key), primary, startTs, startTs, TTL_MS)));
    }

    /** Hands the range's leadership to another replica; a transfer that times out on a loaded machine is tried again. */
    private static void moveLeader() {
        int leader = range.stores().awaitLeader(OneRange.RANGE, Duration.ofSeconds(30));
        int next = leader == 1 ? 2 : 1;
        LocalStores.await("node " + next + " to lead range " + OneRange.RANGE, Duration.ofSeconds(60), () -> {
            if (range.stores().awaitLeader(OneRange.RANGE, Duration.ofSeconds(30)) == next) {
                return true;
            }
            try {
                range.stores().stores.get(leader).transferLeader(OneRange.RANGE, next);
            } catch (BasaltException | java.io.IOException e) {
                // timed out or no leader right now: the next poll looks again
            }
            return false;
        });
    }

    private static BitSet first() {
        BitSet bits = new BitSet();
        bits.set(0);
        return bits;
    }

    private static RangeRequest.Prewrite prewriteLocked(byte[] key, long startTs) {
        return new RangeRequest.Prewrite(List.of(Mutation.put(key, OneRange.bytes("mine"))), key, startTs, TTL_MS, startTs, first());
    }

    @BeforeAll
    static void startRange() throws Exception {
        range = OneRange.start(8, "p");
    }

    @AfterAll
    static void stop() throws Exception {
        range.close();
    }

    @Test
    void othersMeetAnInMemoryLockAndItsOwnerCommitsAboveTheVersionItLockedOver() throws Exception {
        byte[] k = range.newKey();
        long owner = range.oracle().next();
        lock(k, k, owner);
        long other = range.oracle().next();
        RangeResponse.Locked met = assertInstanceOf(RangeResponse.Locked.class,
                range.call(new RangeRequest.Prewrite(List.of(Mutation.put(k, OneRange.bytes("other"))), k, other, TTL_MS)));
        assertEquals(owner, met.locks().get(0).startTs());
        assertEquals(Mutation.Op.LOCK, met.locks().get(0).op());
        assertInstanceOf(RangeResponse.Locked.class, range.call(new RangeRequest.AcquireLock(List.of(k), k, other, other, TTL_MS)));
        assertInstanceOf(RangeResponse.Locked.class, range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.shared(k), Mutation.put(range.newKey(), OneRange.bytes("child"))), other)),
                "a foreign key's hold waits for a parent locked for update");
        // A reader does not wait for a lock for update.
        assertInstanceOf(RangeResponse.Value.class, range.call(new RangeRequest.Get(k, range.oracle().next())));

        assertInstanceOf(RangeResponse.Ok.class, range.call(prewriteLocked(k, owner)));
        BasaltException low = range.failure(new RangeRequest.Commit(List.of(k), owner, owner));
        assertEquals(ErrorCode.INVALID_REQUEST, low.code(), low.toString());
        long commitTs = range.oracle().next();
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.Commit(List.of(k), owner, commitTs)));
        assertEquals("mine", new String(assertInstanceOf(RangeResponse.Value.class, range.call(new RangeRequest.Get(k, range.oracle().next()))).value(),
                StandardCharsets.UTF_8));
    }

    @Test
    void aLockLostWithItsLeaderFreesTheKeyAndFailsItsOwnersCommit() throws Exception {
        byte[] k = range.newKey();
        byte[] k2 = range.newKey();
        long owner = range.oracle().next();
        lock(k, k, owner);
        lock(k2, k, owner);
        moveLeader();

        // The new leader never heard of the locks: another transaction takes the key.
        long other = range.oracle().next();
        lock(k, k, other);
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.Rollback(List.of(k), other)));

        BasaltException lostPrimary = range.failure(new RangeRequest.TxnHeartbeat(k, owner, TTL_MS));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, lostPrimary.code(), "a heartbeat finds the primary lost, not rolled back: " + lostPrimary);
        BasaltException lost = range.failure(prewriteLocked(k, owner));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, lost.code(), lost.toString());
        assertTrue(lost.getMessage().contains("lost its lock for update"), lost.getMessage());
        BasaltException lostOnePhase = range.failure(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k2, OneRange.bytes("mine"))), owner, first()));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, lostOnePhase.code(), lostOnePhase.toString());
        assertInstanceOf(RangeResponse.Value.class, range.call(new RangeRequest.Get(k2, range.oracle().next())));
        assertEquals(null, assertInstanceOf(RangeResponse.Value.class, range.call(new RangeRequest.Get(k2, range.oracle().next()))).value(),
                "nothing of the owner committed");
    }

    @Test
    void anInMemoryPrimaryIsKeptAliveByHeartbeatsAndRolledBackOnceExpired() throws Exception {
        byte[] p = range.newKey();
        long owner = range.oracle().next();
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.AcquireLock(List.of(p), p, owner, owner, 1_000)));
        RangeResponse.TxnStatus beat = assertInstanceOf(RangeResponse.TxnStatus.class, range.call(new RangeRequest.TxnHeartbeat(p, owner, 5_000)));
        assertEquals(State.LOCKED, beat.state());
        assertEquals(5_000, beat.lockTtlMs());
        // Judged 2 s after its start: past the lock's first second, within the five the heartbeat gave it.
        long now = Timestamp.plusMs(owner, 2_000);
        RangeResponse.TxnStatus alive = assertInstanceOf(RangeResponse.TxnStatus.class,
                range.call(new RangeRequest.CheckTxnStatus(p, owner, now, true)));
        assertEquals(State.LOCKED, alive.state());
        assertEquals(5_000, alive.lockTtlMs());
        long later = Timestamp.plusMs(owner, 6_000);
        RangeResponse.TxnStatus expired = assertInstanceOf(RangeResponse.TxnStatus.class,
                range.call(new RangeRequest.CheckTxnStatus(p, owner, later, true)));
        assertEquals(State.ROLLED_BACK, expired.state());
        BasaltException aborted = range.failure(prewriteLocked(p, owner));
        assertEquals(ErrorCode.TRANSACTION_ABORTED, aborted.code(), aborted.toString());
        BasaltException noHeartbeat = range.failure(new RangeRequest.TxnHeartbeat(p, owner, 10_000));
        assertEquals(ErrorCode.TRANSACTION_ABORTED, noHeartbeat.code(), noHeartbeat.toString());
    }

    @Test
    void rollingBackOrResolvingAnInMemoryLockFreesTheKey() throws Exception {
        byte[] k = range.newKey();
        long owner = range.oracle().next();
        lock(k, k, owner);
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.Rollback(List.of(k), owner)));
        long second = range.oracle().next();
        lock(k, k, second);
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.ResolveLock(List.of(k), second, 0)));
        long third = range.oracle().next();
        lock(k, k, third);
        List<LockInfo> none = assertInstanceOf(RangeResponse.Locked.class,
                range.call(new RangeRequest.AcquireLock(List.of(k), k, range.oracle().next(), range.oracle().next(), TTL_MS))).locks();
        assertEquals(third, none.get(0).startTs(), "only the third transaction's lock is left");
    }
}
