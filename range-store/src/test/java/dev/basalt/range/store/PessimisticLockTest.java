package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.LocalTimestampSource;
import dev.basalt.common.Timestamp;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.RangeResponse.TxnStatus.State;
import dev.basalt.range.StorageKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
    private static final LocalTimestampSource oracle = new LocalTimestampSource();
    private static final long RANGE = 1;
    private static final long TTL_MS = 60_000;
    private static LocalStores stores;
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
        return StorageKey.of(8, 0, (keySeq * 131) % 65536, ("p" + keySeq++).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RangeResponse call(RangeRequest r) throws Exception {
        RangeResponse response = stores.call(RANGE, r);
        if (response instanceof RangeResponse.Committed c) {
            oracle.observe(c.commitTs());
        }
        return response;
    }

    private static BasaltException failure(RangeRequest r) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call(r));
        return assertInstanceOf(BasaltException.class, e.getCause());
    }

    private static void lock(byte[] key, byte[] primary, long startTs) throws Exception {
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.AcquireLock(List.of(key), primary, startTs, startTs, TTL_MS)));
    }

    private static BitSet first() {
        BitSet bits = new BitSet();
        bits.set(0);
        return bits;
    }

    private static RangeRequest.Prewrite prewriteLocked(byte[] key, long startTs) {
        return new RangeRequest.Prewrite(List.of(Mutation.put(key, bytes("mine"))), key, startTs, TTL_MS, startTs, first());
    }

    @Test
    void othersMeetAnInMemoryLockAndItsOwnerCommitsAboveTheVersionItLockedOver() throws Exception {
        byte[] k = newKey();
        long owner = oracle.next();
        lock(k, k, owner);
        long other = oracle.next();
        RangeResponse.Locked met = assertInstanceOf(RangeResponse.Locked.class,
                call(new RangeRequest.Prewrite(List.of(Mutation.put(k, bytes("other"))), k, other, TTL_MS)));
        assertEquals(owner, met.locks().get(0).startTs());
        assertEquals(Mutation.Op.LOCK, met.locks().get(0).op());
        assertInstanceOf(RangeResponse.Locked.class, call(new RangeRequest.AcquireLock(List.of(k), k, other, other, TTL_MS)));
        assertInstanceOf(RangeResponse.Locked.class, call(new RangeRequest.OnePhaseCommit(List.of(Mutation.shared(k), Mutation.put(newKey(), bytes("child"))), other)),
                "a foreign key's hold waits for a parent locked for update");
        // A reader does not wait for a lock for update.
        assertInstanceOf(RangeResponse.Value.class, call(new RangeRequest.Get(k, oracle.next())));

        assertInstanceOf(RangeResponse.Ok.class, call(prewriteLocked(k, owner)));
        BasaltException low = failure(new RangeRequest.Commit(List.of(k), owner, owner));
        assertEquals(ErrorCode.INVALID_REQUEST, low.code(), low.toString());
        long commitTs = oracle.next();
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.Commit(List.of(k), owner, commitTs)));
        assertEquals("mine", new String(assertInstanceOf(RangeResponse.Value.class, call(new RangeRequest.Get(k, oracle.next()))).value(),
                StandardCharsets.UTF_8));
    }

    @Test
    void aLockLostWithItsLeaderFreesTheKeyAndFailsItsOwnersCommit() throws Exception {
        byte[] k = newKey();
        byte[] k2 = newKey();
        long owner = oracle.next();
        lock(k, k, owner);
        lock(k2, k, owner);
        int leader = stores.awaitLeader(RANGE, Duration.ofSeconds(30));
        int next = leader == 1 ? 2 : 1;
        stores.stores.get(leader).transferLeader(RANGE, next);
        LocalStores.await("node " + next + " to lead range " + RANGE, Duration.ofSeconds(30),
                () -> stores.awaitLeader(RANGE, Duration.ofSeconds(30)) == next);

        // The new leader never heard of the locks: another transaction takes the key.
        long other = oracle.next();
        lock(k, k, other);
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.Rollback(List.of(k), other)));

        BasaltException lost = failure(prewriteLocked(k, owner));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, lost.code(), lost.toString());
        assertTrue(lost.getMessage().contains("lost its lock for update"), lost.getMessage());
        BasaltException lostOnePhase = failure(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k2, bytes("mine"))), owner, first()));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, lostOnePhase.code(), lostOnePhase.toString());
        assertInstanceOf(RangeResponse.Value.class, call(new RangeRequest.Get(k2, oracle.next())));
        assertEquals(null, assertInstanceOf(RangeResponse.Value.class, call(new RangeRequest.Get(k2, oracle.next()))).value(),
                "nothing of the owner committed");
    }

    @Test
    void anInMemoryPrimaryIsKeptAliveByHeartbeatsAndRolledBackOnceExpired() throws Exception {
        byte[] p = newKey();
        long owner = oracle.next();
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.AcquireLock(List.of(p), p, owner, owner, 1_000)));
        RangeResponse.TxnStatus beat = assertInstanceOf(RangeResponse.TxnStatus.class, call(new RangeRequest.TxnHeartbeat(p, owner, 5_000)));
        assertEquals(State.LOCKED, beat.state());
        assertEquals(5_000, beat.lockTtlMs());
        long now = oracle.next();
        RangeResponse.TxnStatus alive = assertInstanceOf(RangeResponse.TxnStatus.class,
                call(new RangeRequest.CheckTxnStatus(p, owner, now, true)));
        assertEquals(State.LOCKED, alive.state());
        assertEquals(5_000, alive.lockTtlMs());
        long later = Timestamp.plusMs(now, 6_000);
        RangeResponse.TxnStatus expired = assertInstanceOf(RangeResponse.TxnStatus.class,
                call(new RangeRequest.CheckTxnStatus(p, owner, later, true)));
        assertEquals(State.ROLLED_BACK, expired.state());
        BasaltException aborted = failure(prewriteLocked(p, owner));
        assertEquals(ErrorCode.TRANSACTION_ABORTED, aborted.code(), aborted.toString());
        BasaltException noHeartbeat = failure(new RangeRequest.TxnHeartbeat(p, owner, 10_000));
        assertEquals(ErrorCode.TRANSACTION_ABORTED, noHeartbeat.code(), noHeartbeat.toString());
    }

    @Test
    void rollingBackOrResolvingAnInMemoryLockFreesTheKey() throws Exception {
        byte[] k = newKey();
        long owner = oracle.next();
        lock(k, k, owner);
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.Rollback(List.of(k), owner)));
        long second = oracle.next();
        lock(k, k, second);
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.ResolveLock(List.of(k), second, 0)));
        long third = oracle.next();
        lock(k, k, third);
        List<LockInfo> none = assertInstanceOf(RangeResponse.Locked.class,
                call(new RangeRequest.AcquireLock(List.of(k), k, oracle.next(), oracle.next(), TTL_MS))).locks();
        assertEquals(third, none.get(0).startTs(), "only the third transaction's lock is left");
    }
}
