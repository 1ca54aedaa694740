package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.internal.LocalCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Three node processes, eight ranges: concurrent writers through every leader; then the node
 * holding the most leaders is killed (SIGKILL) under load and later restarted.
 */
class ClusterFailoverTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 20261122L);

    @Test
    void everyAcknowledgedWriteSurvivesKillingTheNodeWithMostLeadersAndReplicasEndIdentical() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("failover", 3, 8, List.of());
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            Map<Long, Integer> leaders = ClusterHarness.leaders(client);
            assertEquals(8, leaders.size(), "every range has a leader after init: " + leaders);
            assertEquals(Set.of(1, 2, 3), new TreeSet<>(leaders.values()), "leaders spread over all nodes: " + leaders);

            try (AckedWrites writes = new AckedWrites(client, 16, SEED)) {
                writes.awaitMore(500, 60_000);

                int victim = leaders.values().stream()
                        .reduce((a, b) -> count(leaders, a) >= count(leaders, b) ? a : b).orElseThrow();
                long killedAt = System.nanoTime();
                cluster.kill(victim);
                ClusterHarness.await(cluster, "new leaders for the ranges node " + victim + " led", 30_000, () -> {
                    Map<Long, Integer> now = ClusterHarness.leaders(client);
                    return now.size() == 8 && !now.containsValue(victim);
                });
                long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
                System.out.println("seed " + SEED + ": leaders moved off killed node " + victim + " in " + failoverMs + " ms");

                writes.awaitMore(500, 60_000); // writes continue on two nodes
                cluster.start(victim);
                cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
                writes.awaitMore(300, 60_000);
                writes.stop();
                assertTrue(writes.acknowledgedCount() >= 1300, "seed " + SEED + ": " + writes.acknowledgedCount());
                assertEquals(List.of(), writes.missing(client), "seed " + SEED + ": acknowledged writes lost");
            }
            ClusterHarness.awaitIdenticalReplicas(client, 90_000);
        }
    }

    private static long count(Map<Long, Integer> leaders, int node) {
        return leaders.values().stream().filter(n -> n == node).count();
    }
}
