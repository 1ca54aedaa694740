package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.placement.NodeMethods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replica added to a range after thousands of writes and a log purge can only catch up from a
 * snapshot; it must end identical to the others.
 */
class SnapshotReplicaTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 99L);

    @Test
    void replicaAddedAfterLogPurgeInstallsSnapshotAndEndsIdentical() throws Exception {
        List<String> nodeArgs = List.of("--snapshot-every", "100", "--log-purge-gap", "50", "--rebalance", "off");
        try (LocalCluster cluster = ClusterHarness.startCluster("snapshot", 3, 1, nodeArgs);
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            try (AckedWrites writes = new AckedWrites(client, 16, SEED)) {
                writes.awaitMore(3000, 180_000);
                writes.stop();
                assertEquals(List.of(), writes.missing(client), "seed " + SEED);
            }
            long rangeId = 1;
            int leader = ClusterHarness.leaders(client).get(rangeId);
            for (int node : List.of(1, 2, 3)) {
                client.callNode(node, NodeMethods.SNAPSHOT, new ByteWriter().i64(rangeId).toByteArray(), 60_000);
            }

            cluster.start(4);
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            client.status(); // learn node 4's address
            byte[] reply = client.callNode(leader, NodeMethods.ADD_REPLICA, new ByteWriter().i64(rangeId).i32(4).toByteArray(), 120_000);
            RangeDescriptor added = RangeCodec.readDescriptor(new ByteReader(reply));
            assertEquals(List.of(1, 2, 3, 4), added.replicas());

            ClusterHarness.awaitIdenticalReplicas(client, 120_000);
            ClusterHarness.Checksum newReplica = ClusterHarness.checksum(client, 4, rangeId);
            assertTrue(newReplica.records() >= 3000, "the new replica holds the data: " + newReplica);
            Path log = cluster.dataDir(4).resolve("basalt.log");
            String text = Files.readString(log);
            assertTrue(text.contains("node 4: installed range 1 from a snapshot"), "node 4 joined from a snapshot; see " + log);
        }
    }
}
