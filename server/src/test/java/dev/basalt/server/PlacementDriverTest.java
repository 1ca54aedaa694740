package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.placement.NodeMethods;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The placement driver moving replicas under a write workload, on real node processes. */
class PlacementDriverTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 31337L);

    private static Map<Integer, Integer> replicaCounts(ClusterStatus s, List<Integer> nodes) {
        Map<Integer, Integer> counts = new HashMap<>();
        nodes.forEach(n -> counts.put(n, 0));
        s.ranges().forEach(r -> r.descriptor().replicas().forEach(n -> counts.merge(n, 1, Integer::sum)));
        return counts;
    }

    private static Map<Integer, Integer> leaderCounts(ClusterStatus s, List<Integer> nodes) {
        Map<Integer, Integer> counts = new HashMap<>();
        nodes.forEach(n -> counts.put(n, 0));
        s.ranges().stream().filter(r -> r.leader() >= 0).forEach(r -> counts.merge(r.leader(), 1, Integer::sum));
        return counts;
    }

    private static boolean withinOne(Map<Integer, Integer> counts) {
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return max - min <= 1;
    }

    private static void assertOnlyRetryableErrors(AckedWrites writes) {
        for (String code : writes.errors.keySet()) {
            assertTrue(ErrorCode.valueOf(code).transactionRetryable() || code.equals("COMMIT_OUTCOME_UNKNOWN"),
                    "seed " + SEED + ": clients saw a non-retryable error " + code + " " + writes.errors);
        }
    }

    @Test
    void addingAFourthNodeRebalancesReplicasAndLeadersMovingAboutAQuarterWithoutLosingWrites() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("rebalance", 3, 8, List.of("--rebalance", "on"));
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            Map<Long, Set<Integer>> before = new HashMap<>();
            client.status().ranges().forEach(r -> before.put(r.descriptor().rangeId(), new HashSet<>(r.descriptor().replicas())));
            try (AckedWrites writes = new AckedWrites(client, 8, SEED)) {
                writes.awaitMore(200, 60_000);
                cluster.start(4);
                cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
                List<Integer> nodes = List.of(1, 2, 3, 4);
                ClusterHarness.await(cluster, "replicas and leaders balanced over 4 nodes", 240_000, () -> {
                    ClusterStatus s = client.status();
                    return replicaCounts(s, nodes).get(4) > 0 && withinOne(replicaCounts(s, nodes))
                            && withinOne(leaderCounts(s, nodes)) && s.ranges().stream().allMatch(r -> r.descriptor().replicas().size() == 3);
                });
                writes.awaitMore(200, 60_000);
                writes.stop();
                assertEquals(List.of(), writes.missing(client), "seed " + SEED + ": acknowledged writes lost");
                assertOnlyRetryableErrors(writes);
            }
            int moved = 0;
            for (ClusterStatus.Range r : client.status().ranges()) {
                Set<Integer> added = new HashSet<>(r.descriptor().replicas());
                added.removeAll(before.get(r.descriptor().rangeId()));
                moved += added.size();
            }
            assertTrue(moved <= (24 + 3) / 4 + 1, "at most ceil(24/4)+1 replicas move, moved " + moved);
            ClusterHarness.awaitIdenticalReplicas(client, 120_000);
        }
    }

    /** The meta group starts on nodes 1-3 (init picks the lowest ids); draining node 1 moves it too. */
    @Test
    void decommissionDrainsANodeToZeroReplicasWithoutLosingWrites() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("decommission", 4, 8, List.of("--rebalance", "on"));
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            int victim = 1;
            assertTrue(client.status().metaMembers().contains(victim), "meta members " + client.status().metaMembers());
            try (AckedWrites writes = new AckedWrites(client, 8, SEED + 1)) {
                writes.awaitMore(200, 60_000);
                client.callNode(2, NodeMethods.DECOMMISSION, new ByteWriter().i32(victim).bool(true).toByteArray(), 30_000);
                ClusterHarness.await(cluster, "node " + victim + " drained of replicas, leaders and its meta replica", 240_000, () -> {
                    ClusterStatus s = client.status();
                    return s.ranges().stream().noneMatch(r -> r.descriptor().replicas().contains(victim) || r.leader() == victim)
                            && s.ranges().stream().allMatch(r -> r.descriptor().replicas().size() == 3 && r.leader() >= 0)
                            && s.metaMembers().equals(List.of(2, 3, 4)) && s.metaLeader() >= 2;
                });
                writes.awaitMore(200, 60_000);
                writes.stop();
                assertEquals(List.of(), writes.missing(client), "seed " + SEED + ": acknowledged writes lost");
                assertOnlyRetryableErrors(writes);
            }
            ClusterHarness.awaitIdenticalReplicas(client, 120_000);
        }
    }

    @Test
    void aSingleNodeClusterGrowsToThreeReplicasOfEveryRangeAndOfTheMetaGroupAsNodesJoin() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("grow", 1, 4, List.of("--rebalance", "on"));
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            ClusterStatus first = client.status();
            assertEquals(List.of(1), first.metaMembers());
            assertTrue(first.ranges().stream().allMatch(r -> r.descriptor().replicas().equals(List.of(1))), first.toTable());
            try (AckedWrites writes = new AckedWrites(client, 4, SEED + 3)) {
                writes.awaitMore(100, 60_000);
                cluster.start(2);
                cluster.start(3);
                cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
                ClusterHarness.await(cluster, "meta group and every range on 3 nodes", 240_000, () -> {
                    ClusterStatus s = client.status();
                    return s.metaMembers().equals(List.of(1, 2, 3))
                            && s.ranges().stream().allMatch(r -> r.descriptor().replicas().size() == 3 && r.leader() >= 0);
                });
                writes.awaitMore(100, 60_000);
                writes.stop();
                assertEquals(List.of(), writes.missing(client), "seed " + SEED + ": acknowledged writes lost");
            }
            ClusterHarness.awaitIdenticalReplicas(client, 120_000);
        }
    }

    @Test
    void replicasOfANodeDownPastTheTimeoutAreRecreatedOnTheOthers() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("redundancy", 4, 8, List.of("--node-timeout-ms", "3000", "--rebalance", "on"));
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            try (AckedWrites writes = new AckedWrites(client, 8, SEED + 2)) {
                writes.awaitMore(200, 60_000);
                int victim = 1; // a meta member (init puts the meta group on nodes 1-3)
                cluster.kill(victim);
                ClusterHarness.await(cluster, "every range and the meta group back to 3 replicas without node " + victim, 240_000, () -> {
                    ClusterStatus s = client.status();
                    return s.ranges().stream().allMatch(r -> r.descriptor().replicas().size() == 3
                            && !r.descriptor().replicas().contains(victim) && r.leader() >= 0)
                            && s.metaMembers().equals(List.of(2, 3, 4)) && !s.nodes().get(0).live();
                });
                writes.awaitMore(200, 60_000);
                writes.stop();
                assertEquals(List.of(), writes.missing(client), "seed " + SEED + ": acknowledged writes lost");
            }
            ClusterHarness.awaitIdenticalReplicas(client, 120_000);
            for (ClusterStatus.Range r : client.status().ranges()) {
                RangeDescriptor d = r.descriptor();
                assertEquals(3, new HashSet<>(d.replicas()).size(), "range " + d.rangeId() + " on distinct nodes: " + d.replicas());
            }
        }
    }
}
