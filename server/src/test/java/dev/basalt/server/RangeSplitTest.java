package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.placement.NodeMethods;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting ranges under a write workload, by command and automatically, on real node processes. */
class RangeSplitTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 8675309L);

    private static void assertNothingLostReadingThroughEveryNode(LocalCluster cluster, AckedWrites writes) {
        for (int node : cluster.nodeIds()) {
            try (ClusterClient viaNode = new ClusterClient(List.of(cluster.address(node)))) {
                assertEquals(List.of(), writes.missing(viaNode), "seed " + SEED + ": acknowledged writes missing when routed from node " + node);
            }
        }
    }

    private static boolean slotsCoveredOnce(ClusterStatus s) {
        int[] owners = new int[RangeDescriptor.SLOT_COUNT];
        for (ClusterStatus.Range r : s.ranges()) {
            for (int slot = r.descriptor().slotStart(); slot < r.descriptor().slotEnd(); slot++) {
                owners[slot]++;
            }
        }
        for (int o : owners) {
            if (o != 1) {
                return false;
            }
        }
        return true;
    }

    @Test
    void splitUnderWritesKeepsBothHalvesServingWithoutLosingWrites() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("split", 3, 2, List.of());
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            try (AckedWrites writes = new AckedWrites(client, 8, SEED)) {
                writes.awaitMore(300, 60_000);
                ClusterStatus.Range range1 = client.status().ranges().stream().filter(r -> r.descriptor().rangeId() == 1).findFirst().orElseThrow();
                byte[] reply = client.callNode(range1.leader(), NodeMethods.SPLIT, new ByteWriter().i64(1).toByteArray(), 120_000);
                RangeDescriptor left = RangeCodec.readDescriptor(new ByteReader(reply));
                assertEquals(range1.descriptor().slotStart(), left.slotStart());
                assertEquals(range1.descriptor().slotStart() + (range1.descriptor().slotEnd() - range1.descriptor().slotStart()) / 2, left.slotEnd());
                ClusterHarness.await(cluster, "three ranges with leaders covering every slot once", 60_000, () -> {
                    ClusterStatus s = client.status();
                    return s.ranges().size() == 3 && s.ranges().stream().allMatch(r -> r.leader() >= 0) && slotsCoveredOnce(s);
                });
                writes.awaitMore(500, 60_000); // both halves keep taking writes
                writes.stop();
                ClusterStatus s = client.status();
                ClusterStatus.Range upper = s.ranges().stream().filter(r -> r.descriptor().slotStart() == left.slotEnd()).findFirst().orElseThrow();
                assertTrue(upper.writesSinceSplit() > 0, "the new range served writes after the split: " + upper);
                assertNothingLostReadingThroughEveryNode(cluster, writes);
            }
            ClusterHarness.awaitIdenticalReplicas(client, 120_000);
        }
    }

    @Test
    void rangesSplitAutomaticallyAboveTheWriteThreshold() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("autosplit", 3, 1, List.of("--split-after-writes", "400", "--rebalance", "on"));
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            try (AckedWrites writes = new AckedWrites(client, 8, SEED + 1)) {
                ClusterHarness.await(cluster, "the range to split at least twice", 180_000, () -> {
                    ClusterStatus s = client.status();
                    return s.ranges().size() >= 3 && s.ranges().stream().allMatch(r -> r.leader() >= 0) && slotsCoveredOnce(s);
                });
                writes.awaitMore(300, 60_000);
                writes.stop();
                assertNothingLostReadingThroughEveryNode(cluster, writes);
            }
            ClusterHarness.awaitIdenticalReplicas(client, 120_000);
        }
    }
}
