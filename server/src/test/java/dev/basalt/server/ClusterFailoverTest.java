package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.cli.Cli;
import dev.basalt.server.internal.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three node processes, eight ranges: concurrent writers through every leader; then the node
 * holding the most leaders is killed (SIGKILL) under load and later restarted. All along, the
 * cluster status is read (the API, and the {@code status} command): it must never fail, and must
 * show the killed node as not live while it is down or restarting.
 */
class ClusterFailoverTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 20261122L);

    @Test
    void everyAcknowledgedWriteSurvivesKillingTheNodeWithMostLeadersAndReplicasEndIdentical() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("failover", 3, 8, List.of());
             ClusterClient client = new ClusterClient(cluster.addresses())) {
            // The placement driver spreads the leaders over the nodes within seconds of init.
            ClusterHarness.await(cluster, "a leader for every range, leaders on every node", 60_000, () -> {
                Map<Long, Integer> now = ClusterHarness.leaders(client);
                return now.size() == 8 && new TreeSet<>(now.values()).equals(Set.of(1, 2, 3));
            });
            Map<Long, Integer> leaders = ClusterHarness.leaders(client);

            try (AckedWrites writes = new AckedWrites(client, 16, SEED);
                 StatusReader statuses = new StatusReader(client)) {
                writes.awaitMore(500, 60_000);

                int victim = leaders.values().stream()
                        .reduce((a, b) -> count(leaders, a) >= count(leaders, b) ? a : b).orElseThrow();
                long killedAt = System.nanoTime();
                cluster.kill(victim);
                ClusterHarness.await(cluster, "a status showing node " + victim + " not live", 60_000,
                        () -> statuses.sawNotLive(victim));
                ByteArrayOutputStream table = new ByteArrayOutputStream();
                int survivor = cluster.nodeIds().stream().filter(n -> n != victim).findFirst().orElseThrow();
                int exit = new Cli(new PrintStream(table, true, StandardCharsets.UTF_8), System.err)
                        .run(new String[] {"status", "--host", cluster.address(survivor).toString()});
                assertEquals(0, exit, "basalt status while node " + victim + " is down:\n" + table);
                assertTrue(table.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.startsWith(victim + " ") && l.endsWith("NO")),
                        "basalt status shows node " + victim + " not live:\n" + table);
                ClusterHarness.await(cluster, "new leaders for the ranges node " + victim + " led", 30_000, () -> {
                    Map<Long, Integer> now = ClusterHarness.leaders(client);
                    return now.size() == 8 && !now.containsValue(victim);
                });
                long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
                System.out.println("seed " + SEED + ": leaders moved off killed node " + victim + " in " + failoverMs + " ms");

                writes.awaitMore(500, 60_000); // writes continue on two nodes
                cluster.start(victim);
                cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
                ClusterHarness.await(cluster, "a status showing node " + victim + " live again", 60_000,
                        () -> statuses.sawLiveAfterDown(victim));
                writes.awaitMore(300, 60_000);
                writes.stop();
                statuses.close();
                assertEquals(List.of(), statuses.failures(), "status calls failed while a node was down or restarting");
                assertTrue(writes.acknowledgedCount() >= 1300, "seed " + SEED + ": " + writes.acknowledgedCount());
                assertEquals(List.of(), writes.missing(client), "seed " + SEED + ": acknowledged writes lost");
            }
            ClusterHarness.awaitIdenticalReplicas(client, 90_000);
        }
    }

    /** Reads the cluster status over and over on its own thread, recording what it saw and every failure. */
    private static final class StatusReader implements AutoCloseable {
        private final ClusterClient client;
        private final Thread thread;
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final Set<Integer> seenDown = ConcurrentHashMap.newKeySet();
        private final Set<Integer> seenLiveAfterDown = ConcurrentHashMap.newKeySet();
        private volatile boolean running = true;

        StatusReader(ClusterClient client) {
            this.client = client;
            this.thread = new Thread(this::loop, "status-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (running) {
                try {
                    for (ClusterStatus.Node n : client.status().nodes()) {
                        if (!n.live()) {
                            seenDown.add(n.info().id());
                        } else if (seenDown.contains(n.info().id())) {
                            seenLiveAfterDown.add(n.info().id());
                        }
                    }
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(100); // status polling pace
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        boolean sawNotLive(int node) {
            return seenDown.contains(node);
        }

        boolean sawLiveAfterDown(int node) {
            return seenLiveAfterDown.contains(node);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }
    }

    private static long count(Map<Long, Integer> leaders, int node) {
        return leaders.values().stream().filter(n -> n == node).count();
    }
}
