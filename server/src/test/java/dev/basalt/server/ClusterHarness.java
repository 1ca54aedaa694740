package dev.basalt.server;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.server.cli.BasaltMain;
import dev.basalt.server.internal.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the multi-process cluster tests. */
final class ClusterHarness {
    private ClusterHarness() {
    }

    static LocalCluster startCluster(String name, int nodes, int ranges, List<String> nodeArgs) throws Exception {
        Path root = Files.createTempDirectory("basalt-" + name);
        String extra = System.getProperty("basalt.test.nodeArgs", "");
        if (!extra.isBlank()) {
            // e.g. -Dbasalt.test.nodeArgs=--rebalance,on to rerun any cluster test with other node settings
            nodeArgs = new java.util.ArrayList<>(nodeArgs);
            nodeArgs.addAll(List.of(extra.split(",")));
        }
        LocalCluster cluster = new LocalCluster(root, BasaltMain.class.getName(), List.of("-Xmx512m", "-XX:+UseSerialGC"), nodeArgs, !Boolean.getBoolean("basalt.test.keepData"));
        try {
            for (int id = 1; id <= nodes; id++) {
                cluster.start(id);
            }
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            if (ranges > 0) {
                cluster.init(1, ranges);
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval
        }
    }

    /** Like {@link #await}, but a timeout fails with the nodes' recent errors and log tails. */
    static void await(LocalCluster cluster, String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        try {
            await(what, timeoutMs, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + cluster.diagnostics(), e);
        }
    }

    /** Ranges whose leader is known, by range id. */
    static Map<Long, Integer> leaders(ClusterClient client) {
        Map<Long, Integer> out = new TreeMap<>();
        for (ClusterStatus.Range r : client.status().ranges()) {
            if (r.leader() >= 0) {
                out.put(r.descriptor().rangeId(), r.leader());
            }
        }
        return out;
    }

    record Checksum(int node, long appliedIndex, long records, String sha256) {
    }

    static Checksum checksum(ClusterClient client, int node, long rangeId) {
        ByteReader r = new ByteReader(client.callNode(node, NodeMethods.CHECKSUM, new ByteWriter().i64(rangeId).toByteArray(), 30_000));
        return new Checksum(node, r.i64(), r.i64(), r.string());
    }

    /**
     * Waits until every replica of every range reports the same applied index and the same data
     * digest; fails naming the ranges that still differ.
     */
    static void awaitIdenticalReplicas(ClusterClient client, long timeoutMs) throws InterruptedException {
        List<String> differing = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            differing.clear();
            for (ClusterStatus.Range range : client.status().ranges()) {
                RangeDescriptor d = range.descriptor();
                List<Checksum> sums = new ArrayList<>();
                Set<String> digests = new HashSet<>();
                for (int node : d.replicas()) {
                    try {
                        Checksum c = checksum(client, node, d.rangeId());
                        sums.add(c);
                        digests.add(c.appliedIndex() + "/" + c.sha256());
                    } catch (RuntimeException e) {
                        digests.add("unreachable " + node);
                    }
                }
                if (digests.size() != 1) {
                    differing.add("range " + d.rangeId() + ": " + sums);
                }
            }
            if (differing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("replicas still differ after " + timeoutMs + " ms: " + differing);
            }
            TimeUnit.MILLISECONDS.sleep(250); // polling interval while followers catch up
        }
    }
}
