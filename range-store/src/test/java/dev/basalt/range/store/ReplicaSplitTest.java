package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.LocalTimestampSource;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeChecksum;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A range's descriptor is replicated state (DESIGN.md section 3): splits and membership changes
 * reach every replica through the log or a snapshot, never out of band, and a replica that joins
 * a range made by a split starts from a snapshot that holds the data written before the split.
 */
class ReplicaSplitTest {
    private static final long TABLE = 11;

    private static byte[] key(int slot, int i) {
        return StorageKey.of(TABLE, 0, slot, ("k" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static void writeSpread(LocalStores stores, LocalTimestampSource oracle, long rangeId, int from, int to, int count)
            throws Exception {
        for (int i = 0; i < count; i++) {
            int slot = from + (int) ((long) (to - from) * i / count);
            stores.call(rangeId, new RangeRequest.OnePhaseCommit(List.of(Mutation.put(key(slot, i), new byte[] {(byte) i})), oracle.next()));
        }
    }

    /** Waits until every store holding the range reports the same applied index and data digest. */
    private static void awaitIdentical(LocalStores stores, long rangeId, List<Integer> nodes) {
        LocalStores.await("identical replicas of range " + rangeId + " on " + nodes, Duration.ofSeconds(60), () -> {
            List<String> digests = new ArrayList<>();
            for (int node : nodes) {
                RangeStore s = stores.stores.get(node);
                if (s == null || s.findDescriptor(rangeId) == null) {
                    return false;
                }
                RangeChecksum c = s.checksum(rangeId);
                digests.add(c.sha256() + "@" + s.descriptor(rangeId));
            }
            return digests.stream().distinct().count() == 1;
        });
    }

    @Test
    void aReplicaThatWasDownDuringASplitComesBackWithBothHalves() throws Exception {
        LocalTimestampSource oracle = new LocalTimestampSource();
        try (LocalStores stores = new LocalStores(3, 100_000, 1024, oracle)) {
            stores.createRange(new RangeDescriptor(1, 0, RangeDescriptor.SLOT_COUNT, List.of(1, 2, 3), 1));
            stores.awaitLeader(1, Duration.ofSeconds(30));
            writeSpread(stores, oracle, 1, 0, RangeDescriptor.SLOT_COUNT, 40);
            int leader = stores.awaitLeader(1, Duration.ofSeconds(30));
            int down = leader == 3 ? 2 : 3;
            stores.stop(down);
            RangeDescriptor left = stores.stores.get(leader).split(1, 2).get(30, TimeUnit.SECONDS);
            stores.awaitLeader(2, Duration.ofSeconds(30));
            writeSpread(stores, oracle, 1, 0, left.slotEnd(), 10);
            writeSpread(stores, oracle, 2, left.slotEnd(), RangeDescriptor.SLOT_COUNT, 10);
            stores.start(down);
            awaitIdentical(stores, 1, List.of(1, 2, 3));
            awaitIdentical(stores, 2, List.of(1, 2, 3));
            assertEquals(left, stores.stores.get(down).descriptor(1));
        }
    }

    @Test
    void aReplicaAddedToARangeMadeByASplitStartsFromASnapshotWithThePreSplitData() throws Exception {
        LocalTimestampSource oracle = new LocalTimestampSource();
        Path exported = Files.createTempFile("basalt-export", ".snap");
        try (LocalStores stores = new LocalStores(4, 100_000, 1024, oracle)) {
            stores.createRange(new RangeDescriptor(1, 0, RangeDescriptor.SLOT_COUNT, List.of(1, 2, 3), 1));
            int leader = stores.awaitLeader(1, Duration.ofSeconds(30));
            writeSpread(stores, oracle, 1, 0, RangeDescriptor.SLOT_COUNT, 40);
            RangeDescriptor left = stores.stores.get(leader).split(1, 2).get(30, TimeUnit.SECONDS);
            int rightLeader = stores.awaitLeader(2, Duration.ofSeconds(30));
            // Row 20 of writeSpread sits in the upper half: written before the split, it is in range 1's
            // log, not in range 2's, so only a snapshot can give it to a replica joining range 2.
            int slot20 = RangeDescriptor.SLOT_COUNT * 20 / 40;
            byte[] preSplit = key(slot20, 20);
            assertEquals(true, slot20 >= left.slotEnd(), "row 20 lies in the upper half");
            long safePoint = oracle.next();
            stores.call(2, new RangeRequest.SetSafePoint(safePoint));

            RangeDescriptor asExported = stores.stores.get(rightLeader).exportSnapshot(2, exported);
            List<Integer> peers = new ArrayList<>(asExported.replicas());
            peers.add(4);
            stores.stores.get(4).importReplica(exported, peers);
            RangeDescriptor grown = stores.stores.get(rightLeader).changeReplicas(2, peers);
            assertEquals(peers, grown.replicas());
            awaitIdentical(stores, 2, peers);

            // Make the new replica lead and read, through it, a row written before the split.
            stores.stores.get(stores.awaitLeader(2, Duration.ofSeconds(30))).transferLeader(2, 4);
            LocalStores.await("node 4 to lead range 2", Duration.ofSeconds(30), () -> stores.awaitLeader(2, Duration.ofSeconds(30)) == 4);
            RangeResponse.Value v = assertInstanceOf(RangeResponse.Value.class, stores.call(2, new RangeRequest.Get(preSplit, oracle.next())));
            assertEquals(4, stores.awaitLeader(2, Duration.ofSeconds(30)), "the read was served by the new replica");
            assertArrayEquals(new byte[] {20}, v.value(), "a row range 1 stored before the split, read on the new replica");
            // The safe point travelled in the snapshot: the new leader refuses reads below it.
            ExecutionException tooOld = assertThrows(ExecutionException.class,
                    () -> stores.call(2, new RangeRequest.Get(preSplit, safePoint - 1)));
            assertEquals(ErrorCode.SNAPSHOT_TOO_OLD, assertInstanceOf(BasaltException.class, tooOld.getCause()).code());
        } finally {
            Files.deleteIfExists(exported);
        }
    }
}
