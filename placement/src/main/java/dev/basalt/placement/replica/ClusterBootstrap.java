package dev.basalt.placement.replica;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.TimestampSource;
import dev.basalt.common.net.RpcClient;
import dev.basalt.common.net.RpcHandler;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.Handlers;
import dev.basalt.placement.MetaKeys;
import dev.basalt.placement.NodeDirectory;
import dev.basalt.placement.NodeInfo;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code basalt init}: creates the meta group on the first live nodes, waits until its oracle
 * serves, allocates range ids, creates the ranges (equal slot intervals, replicas round-robin so
 * they spread; the placement driver then spreads the leaders), records their descriptors in the meta group and waits until every
 * range has a leader. Once per cluster: a second init fails with DUPLICATE_OBJECT (42710).
 * <pre>
 *   INIT [i32 ranges] -> [i32 n][descriptor...]
 * </pre>
 */
public final class ClusterBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);
    /** {@code init} waits at most this long for every range to elect a leader. */
    public static final long LEADERS_WAIT_MS = 60_000;
    public static final int REPLICATION_FACTOR = 3;
    public static final int RANGES_MAX = 1024;
    static final long CALL_TIMEOUT_MS = 30_000;

    private final NodeDirectory nodes;
    private final MetaService meta;
    private final ReplicaAdmin replicas;
    private final StatusService status;
    private final TimestampSource timestamps;
    private final RpcClient rpc;

    public ClusterBootstrap(NodeDirectory nodes, MetaService meta, ReplicaAdmin replicas, StatusService status,
                            TimestampSource timestamps, RpcClient rpc) {
        this.nodes = nodes;
        this.meta = meta;
        this.replicas = replicas;
        this.status = status;
        this.timestamps = timestamps;
        this.rpc = rpc;
    }

    byte[] init(int rangeCount) throws Exception {
        if (rangeCount < 1 || rangeCount > RANGES_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "--ranges must be in [1, " + RANGES_MAX + "], got " + rangeCount);
        }
        if (replicas.initialized() || meta.hostsMeta()) {
            throw new BasaltException(ErrorCode.DUPLICATE_OBJECT, "the cluster is already initialized");
        }
        List<Integer> live = nodes.knownNodes().stream().filter(nodes::isLive).sorted().toList();
        int factor = Math.min(REPLICATION_FACTOR, live.size());
        List<Integer> metaNodes = live.subList(0, Math.min(MetaService.REPLICATION_FACTOR, live.size()));
        meta.createGroup(metaNodes);
        long first = timestamps.next();
        LOG.info("node {}: meta group on nodes {} serves timestamps (first {})", nodes.selfId(), metaNodes, first);
        long firstId = meta.allocateIds(MetaKeys.RANGE_IDS, rangeCount);
        if (firstId != 1) {
            throw new BasaltException(ErrorCode.DUPLICATE_OBJECT, "the cluster's range ids were already allocated (first free: " + firstId + ")");
        }
        List<RangeDescriptor> layout = RangeDescriptor.evenLayout(rangeCount, live, factor);
        LOG.info("node {}: initializing {} ranges with {} replicas each over live nodes {}", nodes.selfId(), rangeCount, factor, live);
        List<NodeInfo> infos = live.stream().map(nodes::info).toList();
        for (int node : live) {
            List<RangeDescriptor> mine = layout.stream().filter(d -> d.replicas().contains(node)).toList();
            byte[] payload = ReplicaAdmin.createRangesPayload(infos, mine);
            if (node == nodes.selfId()) {
                replicas.createRanges(new ByteReader(payload));
            } else {
                rpc.call(nodes.addressOf(node), NodeMethods.CREATE_RANGES, payload, CALL_TIMEOUT_MS).get(CALL_TIMEOUT_MS + 1_000,
                        TimeUnit.MILLISECONDS);
            }
        }
        meta.recordDescriptors(layout);
        meta.refreshView();
        awaitLeaders(layout);
        ByteWriter w = new ByteWriter().i32(layout.size());
        layout.forEach(d -> RangeCodec.writeDescriptor(w, d));
        return w.toByteArray();
    }

    private void awaitLeaders(List<RangeDescriptor> layout) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADERS_WAIT_MS);
        while (true) {
            ClusterStatus s = status.clusterStatus().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long withLeader = s.ranges().stream().filter(r -> r.leader() >= 0).count();
            if (withLeader >= layout.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "only " + withLeader + " of " + layout.size()
                        + " ranges elected a leader within " + LEADERS_WAIT_MS + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval while elections run
        }
    }

    public Map<Integer, RpcHandler> handlers(Executor admin) {
        return Map.of(NodeMethods.INIT, (m, p) -> Handlers.on(admin, () -> init(new ByteReader(p).i32())));
    }
}
