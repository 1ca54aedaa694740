package dev.basalt.server.embedded;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.jdbc.spi.EmbeddedLocation;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.replica.ClusterBootstrap;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.internal.Node;
import dev.basalt.server.internal.NodeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded node: a real {@link Node} (Ratis, RocksDB, the client port) started in this JVM
 * for a {@code mem:} or {@code file:} location. Starting it creates the node's cluster the first
 * time (INIT, as {@code basalt init} does, with the node alone: one replica per range) and only
 * reopens it later; either way it returns once the meta group and every range have a leader.
 * A {@code mem:} node keeps its data in a temporary directory that {@link #stop} deletes.
 */
final class InProcessNode {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessNode.class);
    /** The embedded node is the first node of its cluster; nodes that join it take other ids. */
    static final int NODE_ID = 1;
    static final String LOOPBACK = "127.0.0.1";
    /** How long a start may wait for the meta group and every range to have a leader. */
    static final long SERVING_WAIT_MS = 60_000;
    /** Polling interval while the node's groups elect leaders. */
    static final long SERVING_POLL_MS = 100;
    /** INIT waits for every range's leader itself; this bounds the call around that wait. */
    static final long INIT_CALL_MS = ClusterBootstrap.LEADERS_WAIT_MS + 30_000;

    private final EmbeddedLocation location;
    private final Path dataDir;
    private final Node node;
    private final HostPort raftListen;

    private InProcessNode(EmbeddedLocation location, Path dataDir, Node node, HostPort raftListen) {
        this.location = location;
        this.dataDir = dataDir;
        this.node = node;
        this.raftListen = raftListen;
    }

    /** Starts the node, creates or reopens its cluster and waits until it serves; 08001 if any of that fails. */
    static InProcessNode start(EmbeddedLocation location, EmbeddedSettings settings) throws SQLException {
        boolean mem = location.kind() == EmbeddedLocation.Kind.MEM;
        Path dir;
        HostPort listen;
        HostPort raft;
        try {
            dir = mem ? Files.createTempDirectory("basalt-mem-" + location.name() + "-")
                    : Files.createDirectories(Path.of(location.name()));
            listen = settings.listen() != null ? settings.listen() : new HostPort(LOOPBACK, freePort());
            raft = settings.raftListen() != null ? settings.raftListen()
                    : settings.listen() != null ? new HostPort(listen.host(), listen.port() + NodeConfig.RAFT_PORT_OFFSET)
                    : new HostPort(LOOPBACK, freePort());
        } catch (IOException e) {
            throw EmbeddedSettings.refused(location, "cannot prepare the node's directory or ports: " + e, e);
        }
        Node node;
        try {
            node = Node.start(NodeConfig.of(NODE_ID, listen, raft, dir, List.of()));
        } catch (IOException | RuntimeException e) {
            if (mem) {
                delete(dir);
            }
            throw EmbeddedSettings.refused(location, "the node did not start (listen " + listen + ", Raft " + raft + ", data in "
                    + dir + "): " + e.getMessage(), e);
        }
        InProcessNode started = new InProcessNode(location, dir, node, raft);
        try {
            boolean created = createCluster(node, settings.ranges());
            awaitServing(node);
            LOG.info("embedded node {}: {} on {} (Raft on {}), data in {}", location, created ? "created its cluster" : "reopened",
                    node.address(), raft, dir);
            return started;
        } catch (SQLException | RuntimeException e) {
            started.stop();
            throw e instanceof SQLException sql ? sql
                    : EmbeddedSettings.refused(location, "the node started but does not serve: " + e.getMessage(), e);
        }
    }

    /** INIT with this node alone; false when the directory holds a cluster already (INIT answers 42710). */
    private static boolean createCluster(Node node, int ranges) throws SQLException {
        try (RpcClient rpc = new RpcClient("embedded-init")) {
            rpc.call(node.address(), NodeMethods.INIT, new ByteWriter().i32(ranges).toByteArray(), INIT_CALL_MS)
                    .get(INIT_CALL_MS + 1_000, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BasaltException be && be.code() == ErrorCode.DUPLICATE_OBJECT) {
                return false;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "creating its cluster failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "creating its cluster took longer than " + INIT_CALL_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "interrupted while creating its cluster");
        }
    }

    /** Waits until the meta group and every range have a leader (after a restart they elect them anew). */
    private static void awaitServing(Node node) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVING_WAIT_MS);
        String last = "no status yet";
        try (ClusterClient client = new ClusterClient(List.of(node.address()))) {
            while (true) {
                try {
                    ClusterStatus s = client.status();
                    long leaderless = s.ranges().stream().filter(r -> r.leader() < 0).count();
                    if (s.metaLeader() >= 0 && !s.ranges().isEmpty() && leaderless == 0) {
                        return;
                    }
                    last = "meta leader " + s.metaLeader() + ", " + leaderless + " of " + s.ranges().size() + " ranges without a leader";
                } catch (BasaltException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() > deadline) {
                    throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "not serving within " + SERVING_WAIT_MS + " ms: " + last);
                }
                TimeUnit.MILLISECONDS.sleep(SERVING_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "interrupted while waiting for the node to serve");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }

    EmbeddedLocation location() {
        return location;
    }

    HostPort listen() {
        return node.address();
    }

    HostPort raftListen() {
        return raftListen;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Stops the node; a {@code mem:} node's directory is deleted, a {@code file:} node's kept. */
    void stop() {
        try {
            node.close();
        } catch (RuntimeException e) {
            LOG.warn("embedded node {}: stopping it failed: {}", location, e.toString());
        }
        if (location.kind() == EmbeddedLocation.Kind.MEM) {
            delete(dataDir);
        }
        LOG.info("embedded node {}: stopped{}", location, location.kind() == EmbeddedLocation.Kind.MEM ? " and its data deleted" : "");
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("embedded node: could not delete {}: {}", dir, e.toString());
        }
    }
}
