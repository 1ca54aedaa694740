package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.LocalTimestampSource;
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

/**
 * SHARED mutations (a foreign key's hold on its parent row, {@link Mutation.Op#SHARED}) on a real
 * 3-replica range: they check that the key exists and that nobody else holds it for deletion or
 * update, wait for such a lock but not for an update's, and write nothing.
 */
class SharedLockTest {
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
        return StorageKey.of(9, 0, (keySeq * 131) % 65536, ("s" + keySeq++).getBytes(StandardCharsets.UTF_8));
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
            oracle.observe(c.commitTs());
        }
        return response;
    }

    private static BasaltException failure(RangeRequest r) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call(r));
        return assertInstanceOf(BasaltException.class, e.getCause());
    }

    /** A committed row under a new key. */
    private static byte[] existingRow() throws Exception {
        byte[] k = newKey();
        call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, bytes("parent"))), ts()));
        return k;
    }

    /** Transaction {@code start} prewrites {@code child} and checks {@code parent} shared, {@code child} its primary. */
    private static RangeResponse holdShared(byte[] parent, byte[] child, long start) throws Exception {
        return call(new RangeRequest.Prewrite(List.of(Mutation.put(child, bytes("child")), Mutation.shared(parent)), child, start, TTL_MS));
    }

    private static List<LockInfo> locksMet(RangeResponse r) {
        return assertInstanceOf(RangeResponse.Locked.class, r, "expected the request to meet locks").locks();
    }

    @Test
    void aSharedCheckLeavesNothingBehindSoManyTransactionsShareAKeyAndUpdatesAndDeletesGoOn() throws Exception {
        byte[] parent = existingRow();
        assertInstanceOf(RangeResponse.Ok.class, holdShared(parent, newKey(), ts()));
        assertInstanceOf(RangeResponse.Ok.class, holdShared(parent, newKey(), ts()));
        assertInstanceOf(RangeResponse.Committed.class,
                call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(parent, bytes("updated"))), ts())));
        assertArrayEquals(bytes("updated"), assertInstanceOf(RangeResponse.Value.class, call(new RangeRequest.Get(parent, ts()))).value());
        long locker = ts();
        assertInstanceOf(RangeResponse.Ok.class, call(new RangeRequest.AcquireLock(List.of(parent), parent, locker, locker, TTL_MS)),
                "a shared check holds no lock: the parent's remover locks it at once (and then meets the children's locks)");
    }

    @Test
    void aSharedCheckWaitsForAnotherTransactionsDeleteOrLockButNotForItsUpdate() throws Exception {
        byte[] locked = existingRow();
        long locker = ts();
        call(new RangeRequest.AcquireLock(List.of(locked), locked, locker, locker, TTL_MS));
        assertEquals(locker, locksMet(holdShared(locked, newKey(), ts())).get(0).startTs());
        assertEquals(locker, locksMet(call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(newKey(), bytes("c")),
                Mutation.shared(locked)), ts()))).get(0).startTs(), "a one-phase commit checks its SHARED keys too");

        byte[] deleted = existingRow();
        long deleter = ts();
        call(new RangeRequest.Prewrite(List.of(Mutation.delete(deleted)), deleted, deleter, TTL_MS));
        assertEquals(deleter, locksMet(holdShared(deleted, newKey(), ts())).get(0).startTs());

        byte[] updated = existingRow();
        call(new RangeRequest.Prewrite(List.of(Mutation.put(updated, bytes("new"))), updated, ts(), TTL_MS));
        assertInstanceOf(RangeResponse.Ok.class, holdShared(updated, newKey(), ts()));
    }

    @Test
    void aSharedHoldOnAKeyThatIsGoneNowFailsWithASerializationError() throws Exception {
        byte[] parent = existingRow();
        long child = ts(); // read the parent in its snapshot...
        call(new RangeRequest.OnePhaseCommit(List.of(Mutation.delete(parent)), ts())); // ...which is then deleted
        BasaltException e = failure(new RangeRequest.Prewrite(List.of(Mutation.put(newKey(), bytes("c")), Mutation.shared(parent)),
                newKey(), child, TTL_MS));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
        assertTrue(e.getMessage().contains("was deleted by a concurrent transaction"), e.getMessage());

        BasaltException never = failure(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(newKey(), bytes("c")),
                Mutation.shared(newKey())), ts()));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, never.code());
    }

    @Test
    void aOnePhaseCommitChecksItsSharedKeyAndIsRecordedUnderAKeyItWrites() throws Exception {
        byte[] parent = existingRow();
        byte[] child = newKey();
        // The SHARED key sorts first: the commit must be recorded under the child, so a retry finds it.
        List<Mutation> mutations = java.util.Arrays.compareUnsigned(parent, child) < 0
                ? List.of(Mutation.shared(parent), Mutation.put(child, bytes("c")))
                : List.of(Mutation.put(child, bytes("c")), Mutation.shared(parent));
        RangeRequest commit = new RangeRequest.OnePhaseCommit(mutations, ts());
        long first = assertInstanceOf(RangeResponse.Committed.class, call(commit)).commitTs();
        assertEquals(first, assertInstanceOf(RangeResponse.Committed.class, call(commit)).commitTs());
        // Nothing is left held: the parent can be deleted at once.
        assertInstanceOf(RangeResponse.Committed.class, call(new RangeRequest.OnePhaseCommit(List.of(Mutation.delete(parent)), ts())));
    }
}
