package dev.basalt.range.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

/** Which in-flight one-phase commits a read waits for ({@link RangeReplica#commitsToAwait}). */
class PendingCommitsTest {
    private static final byte[] A = "a".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = "b".getBytes(StandardCharsets.UTF_8);
    private static final byte[] C = "c".getBytes(StandardCharsets.UTF_8);

    private static RangeReplica.PendingCommit pending(long commitTs) {
        RangeReplica.PendingCommit p = new RangeReplica.PendingCommit();
        p.commitTs = commitTs;
        return p;
    }

    private static ConcurrentSkipListMap<byte[], RangeReplica.PendingCommit> map() {
        return new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    }

    @Test
    void aReadWaitsForCommitsAtOrBelowItAndForThoseWithoutATimestampYet() {
        var pending = map();
        RangeReplica.PendingCommit below = pending(90);
        RangeReplica.PendingCommit unchosen = pending(0);
        RangeReplica.PendingCommit above = pending(110);
        pending.put(A, below);
        pending.put(B, unchosen);
        pending.put(C, above);

        assertEquals(List.of(below.applied), RangeReplica.commitsToAwait(pending, A, null, 100));
        assertEquals(List.of(unchosen.applied), RangeReplica.commitsToAwait(pending, B, null, 100));
        assertTrue(RangeReplica.commitsToAwait(pending, C, null, 100).isEmpty(), "a commit above the read is not waited for");
        assertEquals(List.of(below.applied, unchosen.applied), RangeReplica.commitsToAwait(pending, A, C, 100),
                "a scan of [a, c) waits for the commits on its keys only");
    }

    /**
     * Found by {@code basalt check --workload register}: a Get raced with the commit on its key
     * finishing, saw the entry, then read it again after it was removed, and failed with a
     * NullPointerException (XX000 to the client). The map here loses the entry right after the
     * first look, as a commit completing at that moment does.
     */
    @Test
    void aCommitFinishingWhileTheReadLooksAtItIsNotAFailure() {
        RangeReplica.PendingCommit finishing = pending(90);
        var pending = new ConcurrentSkipListMap<byte[], RangeReplica.PendingCommit>(Arrays::compareUnsigned) {
            @Override
            public RangeReplica.PendingCommit get(Object key) {
                RangeReplica.PendingCommit p = super.get(key);
                remove(key); // the commit completes just after this look
                return p;
            }
        };
        pending.put(A, finishing);

        List<CompletableFuture<Void>> waits = RangeReplica.commitsToAwait(pending, A, null, 100);

        assertEquals(1, waits.size(), "the read waits for the commit it saw");
        assertSame(finishing.applied, waits.get(0));
    }
}
