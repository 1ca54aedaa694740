package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.internal.LocalCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every node killed with SIGKILL at once, then restarted: nothing acknowledged is lost. */
class ClusterRestartTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 7L);

    @Test
    void acknowledgedWritesSurviveKillingAndRestartingEveryNode() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("restart", 3, 8, List.of("--snapshot-every", "200"))) {
            AckedWrites writes;
            try (ClusterClient client = new ClusterClient(cluster.addresses())) {
                writes = new AckedWrites(client, 16, SEED);
                writes.awaitMore(1500, 90_000);
                for (int node : cluster.nodeIds()) {
                    cluster.kill(node); // writes are in flight: some fail, none acknowledged may be lost
                }
                writes.stop();
            }
            for (int node : cluster.nodeIds()) {
                cluster.start(node);
            }
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            try (ClusterClient client = new ClusterClient(cluster.addresses())) {
                ClusterHarness.await(cluster, "a leader for every range after the restart", 120_000,
                        () -> ClusterHarness.leaders(client).size() == 8);
                assertEquals(List.of(), writes.missing(client), "seed " + SEED + ": acknowledged writes lost across the restart");
                ClusterHarness.awaitIdenticalReplicas(client, 60_000);
            }
        }
    }
}
