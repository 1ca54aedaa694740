package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ByteWriter;
import dev.basalt.common.net.HostPort;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.range.StorageKey;
import dev.basalt.server.internal.Node;
import dev.basalt.server.internal.NodeConfig;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM (Netty, Ratis, RocksDB): transactions routed by a client outside the
 * cluster and by a router embedded in a node, which runs requests for the ranges its node leads
 * in-process.
 */
class NodeRoutingTest {
    private static final List<Node> nodes = new ArrayList<>();
    private static Path root;
    private static ClusterClient client;

    @BeforeAll
    static void startNodes() throws Exception {
        root = Files.createTempDirectory("basalt-routing");
        List<HostPort> listen = new ArrayList<>();
        List<HostPort> raft = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            listen.add(new HostPort("127.0.0.1", freePort()));
            raft.add(new HostPort("127.0.0.1", freePort()));
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(Node.start(NodeConfig.of(i + 1, listen.get(i), raft.get(i), root.resolve("n" + (i + 1)),
                    i == 0 ? List.of() : List.of(listen.get(0)))));
        }
        client = new ClusterClient(listen);
        ClusterHarness.await("three live nodes", 30_000,
                () -> client.status().nodes().stream().filter(n -> n.live()).count() == 3);
        client.call(listen.get(0), NodeMethods.INIT, new ByteWriter().i32(2).toByteArray(), 120_000);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (client != null) {
            client.close();
        }
        nodes.forEach(Node::close);
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(TransactionManager txns, byte[] k, String v) {
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false)) {
            t.put(k, bytes(v));
            t.commit();
        }
    }

    private static String read(TransactionManager txns, byte[] k) {
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
            byte[] v = t.get(k);
            t.commit();
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRouterEmbeddedInANodeRunsRequestsForRangesItLeadsInProcessAndOthersOverTheNetwork() {
        Node node1 = nodes.get(0);
        byte[] a = StorageKey.of(5, 0, 100, bytes("a"));     // range 1
        byte[] b = StorageKey.of(5, 0, 60_000, bytes("b"));  // range 2
        try (TransactionManager embedded = new TransactionManager(node1.router(), TxnConfig.defaults());
             TransactionManager outside = new TransactionManager(client, TxnConfig.defaults())) {
            write(embedded, a, "local");
            write(embedded, b, "remote");
            assertEquals("local", read(embedded, a));
            assertEquals("remote", read(outside, b), "the write through the embedded router is visible outside");
            Map<Long, Integer> leaders = ClusterHarness.leaders(client);
            long localLeaderships = leaders.values().stream().filter(n -> n == 1).count();
            assertTrue(localLeaderships == 0 || node1.router().localCalls() > 0,
                    "node 1 leads " + localLeaderships + " ranges, so some requests ran in-process: " + leaders);
        }
    }
}
