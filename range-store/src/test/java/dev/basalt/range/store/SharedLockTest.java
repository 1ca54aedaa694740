package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SHARED mutations (a foreign key's hold on its parent row, {@link Mutation.Op#SHARED}) on a real
 * 3-replica range: they check that the key exists and that nobody else holds it for deletion or
 * update, wait for such a lock but not for an update's, and write nothing.
 */
class SharedLockTest {
    private static final long TTL_MS = 60_000;
    private static OneRange range;

    /** A committed row under a new key. */
    private static byte[] existingRow() throws Exception {
        byte[] k = range.newKey();
        range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(k, OneRange.bytes("parent"))), range.ts()));
        return k;
    }

    /** Transaction {@code start} prewrites {@code child} and checks {@code parent} shared, {@code child} its primary. */
    private static RangeResponse holdShared(byte[] parent, byte[] child, long start) throws Exception {
        return range.call(new RangeRequest.Prewrite(List.of(Mutation.put(child, OneRange.bytes("child")), Mutation.shared(parent)), child, start, TTL_MS));
    }

    private static List<LockInfo> locksMet(RangeResponse r) {
        return assertInstanceOf(RangeResponse.Locked.class, r, "expected the request to meet locks").locks();
    }

    @BeforeAll
    static void startRange() throws Exception {
        range = OneRange.start(9, "s");
    }

    @AfterAll
    static void stop() throws Exception {
        range.close();
    }

    @Test
    void aSharedCheckLeavesNothingBehindSoManyTransactionsShareAKeyAndUpdatesAndDeletesGoOn() throws Exception {
        byte[] parent = existingRow();
        assertInstanceOf(RangeResponse.Ok.class, holdShared(parent, range.newKey(), range.ts()));
        assertInstanceOf(RangeResponse.Ok.class, holdShared(parent, range.newKey(), range.ts()));
        assertInstanceOf(RangeResponse.Committed.class,
                range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(parent, OneRange.bytes("updated"))), range.ts())));
        assertArrayEquals(OneRange.bytes("updated"), assertInstanceOf(RangeResponse.Value.class, range.call(new RangeRequest.Get(parent, range.ts()))).value());
        long locker = range.ts();
        assertInstanceOf(RangeResponse.Ok.class, range.call(new RangeRequest.AcquireLock(List.of(parent), parent, locker, locker, TTL_MS)),
                "a shared check holds no lock: the parent's remover locks it at once (and then meets the children's locks)");
    }

    @Test
    void aSharedCheckWaitsForAnotherTransactionsDeleteOrLockButNotForItsUpdate() throws Exception {
        byte[] locked = existingRow();
        long locker = range.ts();
        range.call(new RangeRequest.AcquireLock(List.of(locked), locked, locker, locker, TTL_MS));
        assertEquals(locker, locksMet(holdShared(locked, range.newKey(), range.ts())).get(0).startTs());
        assertEquals(locker, locksMet(range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(range.newKey(), OneRange.bytes("c")),
                Mutation.shared(locked)), range.ts()))).get(0).startTs(), "a one-phase commit checks its SHARED keys too");

        byte[] deleted = existingRow();
        long deleter = range.ts();
        range.call(new RangeRequest.Prewrite(List.of(Mutation.delete(deleted)), deleted, deleter, TTL_MS));
        assertEquals(deleter, locksMet(holdShared(deleted, range.newKey(), range.ts())).get(0).startTs());

        byte[] updated = existingRow();
        range.call(new RangeRequest.Prewrite(List.of(Mutation.put(updated, OneRange.bytes("new"))), updated, range.ts(), TTL_MS));
        assertInstanceOf(RangeResponse.Ok.class, holdShared(updated, range.newKey(), range.ts()));
    }

    @Test
    void aSharedHoldOnAKeyThatIsGoneNowFailsWithASerializationError() throws Exception {
        byte[] parent = existingRow();
        long child = range.ts(); // read the parent in its snapshot...
        range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.delete(parent)), range.ts())); // ...which is then deleted
        BasaltException e = range.failure(new RangeRequest.Prewrite(List.of(Mutation.put(range.newKey(), OneRange.bytes("c")), Mutation.shared(parent)),
                range.newKey(), child, TTL_MS));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
        assertTrue(e.getMessage().contains("was deleted by a concurrent transaction"), e.getMessage());

        BasaltException never = range.failure(new RangeRequest.OnePhaseCommit(List.of(Mutation.put(range.newKey(), OneRange.bytes("c")),
                Mutation.shared(range.newKey())), range.ts()));
        assertEquals(ErrorCode.SERIALIZATION_FAILURE, never.code());
    }

    @Test
    void aOnePhaseCommitChecksItsSharedKeyAndIsRecordedUnderAKeyItWrites() throws Exception {
        byte[] parent = existingRow();
        byte[] child = range.newKey();
        // The SHARED key sorts first: the commit must be recorded under the child, so a retry finds it.
        List<Mutation> mutations = java.util.Arrays.compareUnsigned(parent, child) < 0
                ? List.of(Mutation.shared(parent), Mutation.put(child, OneRange.bytes("c")))
                : List.of(Mutation.put(child, OneRange.bytes("c")), Mutation.shared(parent));
        RangeRequest commit = new RangeRequest.OnePhaseCommit(mutations, range.ts());
        long first = assertInstanceOf(RangeResponse.Committed.class, range.call(commit)).commitTs();
        assertEquals(first, assertInstanceOf(RangeResponse.Committed.class, range.call(commit)).commitTs());
        // Nothing is left held: the parent can be deleted at once.
        assertInstanceOf(RangeResponse.Committed.class, range.call(new RangeRequest.OnePhaseCommit(List.of(Mutation.delete(parent)), range.ts())));
    }
}
