package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import dev.basalt.server.client.ClusterClient;
import dev.basalt.server.internal.Node;
import dev.basalt.server.internal.NodeConfig;
import dev.basalt.common.net.HostPort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readers that meet another transaction's lock, through the real client path (Netty, three
 * in-JVM nodes with Ratis and RocksDB): they wait while the lock lives and resolve it through its
 * primary once it expires (DESIGN.md section 4).
 */
class LockResolutionTest {
    private static final List<Node> nodes = new ArrayList<>();
    private static Path root;
    private static ClusterClient client;
    private static int seq;

    @BeforeAll
    static void startNodes() throws Exception {
        root = Files.createTempDirectory("basalt-locks");
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
        try (var rpc = new dev.basalt.common.net.RpcClient("init")) {
            rpc.call(listen.get(0), dev.basalt.server.internal.NodeMethods.INIT,
                    new dev.basalt.common.ByteWriter().i32(2).toByteArray(), 120_000).get();
        }
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

    /** Keys in different ranges: slot 100 lies in range 1, slot 60000 in range 2. */
    private static byte[] key(int slot) {
        return StorageKey.of(5, 0, slot, ("k" + seq++).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void prewrite(byte[] primary, List<Mutation> mutations, long startTs, long ttlMs) {
        RangeResponse r = client.execute(client.rangeOf(mutations.get(0).key()).rangeId(),
                new RangeRequest.Prewrite(mutations, primary, startTs, ttlMs));
        assertInstanceOf(RangeResponse.Ok.class, r);
    }

    @Test
    void readerRollsBackAnExpiredLockWhosePrimaryNeverCommitted() {
        byte[] primary = key(100);
        byte[] secondary = key(60_000);
        client.onePhaseCommit(List.of(Mutation.put(secondary, bytes("before"))), client.nextTimestamp());
        long start = client.nextTimestamp();
        prewrite(primary, List.of(Mutation.put(primary, bytes("p"))), start, 300);
        prewrite(primary, List.of(Mutation.put(secondary, bytes("s"))), start, 300);
        // The coordinator "crashed": nobody commits. A reader waits out the TTL, then rolls back.
        long t0 = System.nanoTime();
        assertArrayEquals(bytes("before"), client.get(secondary, client.nextTimestamp()));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(250), "the reader waited for the lock's TTL");
        assertNull(client.get(primary, client.nextTimestamp()), "the primary was rolled back too");
        BasaltException late = assertThrows(BasaltException.class, () -> client.execute(client.rangeOf(primary).rangeId(),
                new RangeRequest.Commit(List.of(primary), start, client.nextTimestamp())));
        assertEquals(ErrorCode.TRANSACTION_ABORTED, late.code(), "the crashed coordinator can no longer commit");
    }

    @Test
    void readerRollsForwardALockWhosePrimaryCommitted() {
        byte[] primary = key(200);
        byte[] secondary = key(60_100);
        long start = client.nextTimestamp();
        prewrite(primary, List.of(Mutation.put(primary, bytes("p"))), start, 300);
        prewrite(primary, List.of(Mutation.put(secondary, bytes("s"))), start, 300);
        long commitTs = client.nextTimestamp();
        client.execute(client.rangeOf(primary).rangeId(), new RangeRequest.Commit(List.of(primary), start, commitTs));
        // The secondary was never committed by its coordinator; the reader finishes the job.
        assertArrayEquals(bytes("s"), client.get(secondary, client.nextTimestamp()));
        assertNull(client.get(secondary, commitTs - 1), "the rolled-forward value has the primary's commit timestamp");
    }

    @Test
    void readerWaitsForALiveLockAndSeesTheCommitThatFollows() throws Exception {
        byte[] k = key(300);
        long start = client.nextTimestamp();
        prewrite(k, List.of(Mutation.put(k, bytes("committed"))), start, 30_000);
        long readTs = client.nextTimestamp();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> client.get(k, readTs));
        ClusterHarness.await("the reader to be blocked on the lock", 5_000, () -> !read.isDone());
        client.execute(client.rangeOf(k).rangeId(), new RangeRequest.Commit(List.of(k), start, client.nextTimestamp()));
        // The commit timestamp was taken after readTs, so the reader must not see the value.
        assertNull(read.get(20, TimeUnit.SECONDS));
        assertArrayEquals(bytes("committed"), client.get(k, client.nextTimestamp()));
    }

    @Test
    void clientEmbeddedInANodeRunsRequestsForLocalLeadersInProcessAndOthersOverTheNetwork() {
        try (ClusterClient embedded = nodes.get(0).client()) {
            byte[] a = key(100);     // range 1: preferred leader node 1
            byte[] b = key(60_000);  // range 2: preferred leader node 2
            embedded.onePhaseCommit(List.of(Mutation.put(a, bytes("local"))), embedded.nextTimestamp());
            embedded.onePhaseCommit(List.of(Mutation.put(b, bytes("remote"))), embedded.nextTimestamp());
            assertArrayEquals(bytes("local"), embedded.get(a, embedded.nextTimestamp()));
            assertArrayEquals(bytes("remote"), embedded.get(b, embedded.nextTimestamp()));
            assertArrayEquals(bytes("remote"), client.get(b, client.nextTimestamp()));
            java.util.Map<Long, Integer> leaders = ClusterHarness.leaders(embedded);
            long localLeaderships = leaders.values().stream().filter(n -> n == 1).count();
            assertTrue(localLeaderships == 0 || embedded.localCalls() > 0,
                    "node 1 leads " + localLeaderships + " ranges, so some requests ran in-process: " + leaders);
        }
    }

    @Test
    void readerGivesUpOnALiveLockAfterTheWaitLimitWithLockWaitTimeout() {
        byte[] k = key(400);
        prewrite(k, List.of(Mutation.put(k, bytes("x"))), client.nextTimestamp(), 600_000);
        BasaltException e = assertThrows(BasaltException.class, () -> client.get(k, client.nextTimestamp()));
        assertEquals(ErrorCode.LOCK_WAIT_TIMEOUT, e.code());
        assertEquals("55P03", e.sqlState());
    }
}
