package dev.basalt.placement.replica;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.common.net.RpcHandler;
import dev.basalt.placement.Handlers;
import dev.basalt.placement.MetaKeys;
import dev.basalt.placement.NodeDirectory;
import dev.basalt.placement.NodeInfo;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.placement.meta.MetaView;
import dev.basalt.range.RangeChecksum;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.ReplicaStatus;
import dev.basalt.range.store.RangeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Range replicas as the control plane moves them: created at init, joined from a snapshot,
 * removed, split, handed leadership, and reconciled with the meta group's range map. Changes run
 * on the range's leader as Raft log entries (membership changes, splits), so every replica learns
 * them in log order; the leader then records the new descriptor in the meta group, the map
 * everyone routes by.
 *
 * <p>Adding a replica: the new node fetches a snapshot from the leader ({@link SnapshotShipping})
 * and starts its replica from it (data, descriptor, safe point and applied index of one moment),
 * then the leader adds it to the Raft configuration and brings it up to date from the log after
 * the snapshot. This is the only way a replica joins, so a replica of a range made by a split holds
 * the rows written before the split, which are in the parent range's log, not in its own.
 *
 * <pre>
 *   CREATE_RANGES  [i32 n][NodeInfo...][i32 m][descriptor...] -> []          (init: new ranges here)
 *   JOIN_RANGE     [i64 rangeId][i32 source node][i32 n][i32 peer...] -> [descriptor]
 *   ADD_REPLICA    [i64 rangeId][i32 nodeId]  -> [descriptor]   on the leader; also re-creates a replica a member lost
 *   REMOVE_REPLICA [i64 rangeId][i32 nodeId]  -> [descriptor]   on the leader
 *   TRANSFER_LEADER [i64 rangeId][i32 nodeId] -> [descriptor]   on the leader
 *   DROP_REPLICA   [i64 rangeId]              -> []             delete this node's replica (configured out)
 *   SPLIT          [i64 rangeId]              -> [left descriptor] on the leader
 *   SNAPSHOT       [i64 rangeId]              -> [i64 snapshot index]
 *   CHECKSUM       [i64 rangeId]              -> [i64 applied index][i64 records][string sha256]
 * </pre>
 */
public final class ReplicaAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaAdmin.class);
    /** A replica change waits this long for the new replica to catch up (a snapshot may be shipped). */
    public static final long MOVE_TIMEOUT_MS = 120_000;
    static final String INITIALIZED_KEY = "cluster/initialized";

    private final RangeStore store;
    private final NodeDirectory nodes;
    private final MetaService meta;
    private final RpcClient rpc;
    private final SnapshotShipping shipping;
    private final Path scratch;

    public ReplicaAdmin(RangeStore store, NodeDirectory nodes, MetaService meta, RpcClient rpc, SnapshotShipping shipping, Path dataDir)
            throws java.io.IOException {
        this.store = store;
        this.nodes = nodes;
        this.meta = meta;
        this.rpc = rpc;
        this.shipping = shipping;
        this.scratch = Files.createDirectories(dataDir.resolve("snapshot-imports"));
    }

    private HostPort address(int nodeId) {
        HostPort a = nodes.addressOf(nodeId);
        if (a == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + nodes.selfId() + " does not know node " + nodeId);
        }
        return a;
    }

    private byte[] call(int nodeId, int method, byte[] payload, long timeoutMs) throws Exception {
        return rpc.call(address(nodeId), method, payload, timeoutMs).get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
    }

    static byte[] descriptorBytes(RangeDescriptor d) {
        ByteWriter w = new ByteWriter();
        RangeCodec.writeDescriptor(w, d);
        return w.toByteArray();
    }

    public boolean initialized() {
        return store.getMeta(INITIALIZED_KEY) != null;
    }

    // ---------------------------------------------------------------- creation

    /** CREATE_RANGES payload: the nodes (so every node can reach every replica's Raft address) and the descriptors. */
    static byte[] createRangesPayload(List<NodeInfo> infos, List<RangeDescriptor> ranges) {
        ByteWriter w = new ByteWriter().i32(infos.size());
        infos.forEach(n -> n.write(w));
        w.i32(ranges.size());
        ranges.forEach(d -> RangeCodec.writeDescriptor(w, d));
        return w.toByteArray();
    }

    byte[] createRanges(ByteReader r) throws Exception {
        int n = r.count(9);
        for (int i = 0; i < n; i++) {
            NodeInfo info = NodeInfo.read(r);
            if (info.id() != nodes.selfId()) {
                nodes.learn(info);
            }
        }
        int m = r.count(28);
        for (int i = 0; i < m; i++) {
            store.createRange(RangeCodec.readDescriptor(r));
        }
        store.putMeta(INITIALIZED_KEY, new byte[] {1});
        return new byte[0];
    }

    /** On the joining node: fetches a snapshot of the range from {@code source} and starts a replica from it. */
    private byte[] join(long rangeId, int source, List<Integer> peers) throws Exception {
        RangeDescriptor existing = store.findDescriptor(rangeId);
        if (existing != null && store.status().stream().anyMatch(s -> s.rangeId() == rangeId)) {
            return descriptorBytes(existing); // already a replica: nothing to fetch
        }
        Path file = scratch.resolve("range-" + rangeId + "-" + System.nanoTime() + ".snap");
        try {
            shipping.fetch(address(source), rangeId, file);
            return descriptorBytes(store.importReplica(file, peers));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---------------------------------------------------------------- changes on the leader

    /**
     * On the range's leader: has {@code nodeId} join the range from a snapshot of this replica, then
     * adds it to the Raft configuration. A node that is already configured (it lost its replica,
     * or missed the split that created the range) only joins.
     */
    public byte[] addReplica(long rangeId, int nodeId) throws Exception {
        List<Integer> configured = store.configuredReplicas(rangeId);
        List<Integer> peers = new ArrayList<>(configured);
        if (!peers.contains(nodeId)) {
            peers.add(nodeId);
        }
        byte[] joinPayload = new ByteWriter().i64(rangeId).i32(nodes.selfId()).i32(peers.size()).toByteArray();
        ByteWriter w = new ByteWriter().raw(joinPayload, 0, joinPayload.length);
        peers.forEach(w::i32);
        call(nodeId, NodeMethods.JOIN_RANGE, w.toByteArray(), MOVE_TIMEOUT_MS);
        RangeDescriptor next = configured.contains(nodeId) ? store.descriptor(rangeId) : store.changeReplicas(rangeId, peers);
        meta.recordDescriptorsQuietly(List.of(next));
        return descriptorBytes(next);
    }

    /**
     * On the range's leader: removes the replica on {@code nodeId} from the Raft configuration and
     * asks that node (if it answers) to delete its copy.
     */
    public byte[] removeReplica(long rangeId, int nodeId) throws Exception {
        List<Integer> configured = store.configuredReplicas(rangeId);
        if (!configured.contains(nodeId)) {
            return descriptorBytes(store.descriptor(rangeId));
        }
        if (configured.size() == 1) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": cannot remove its last replica");
        }
        if (nodeId == nodes.selfId()) {
            // A leader does not remove itself: hand leadership to another replica first.
            int other = configured.stream().filter(n -> n != nodeId).findFirst().orElseThrow();
            store.transferLeader(rangeId, other);
            throw new BasaltException(ErrorCode.NOT_LEADER, "range " + rangeId + ": node " + nodeId
                    + " is handing leadership to node " + other + " before its replica is removed");
        }
        List<Integer> replicas = new ArrayList<>(configured);
        replicas.remove(Integer.valueOf(nodeId));
        RangeDescriptor next = store.changeReplicas(rangeId, replicas);
        meta.recordDescriptorsQuietly(List.of(next));
        if (nodes.isLive(nodeId)) {
            try {
                call(nodeId, NodeMethods.DROP_REPLICA, new ByteWriter().i64(rangeId).toByteArray(), MOVE_TIMEOUT_MS);
            } catch (Exception e) {
                LOG.info("range {}: node {} did not delete its removed replica ({}); it will when it reconciles", rangeId, nodeId,
                        e.toString());
            }
        }
        return descriptorBytes(next);
    }

    private byte[] transferLeader(long rangeId, int nodeId) throws Exception {
        RangeDescriptor next = store.transferLeader(rangeId, nodeId);
        meta.recordDescriptorsQuietly(List.of(next));
        return descriptorBytes(next);
    }

    /** On the range's leader: splits it with a fresh range id for the upper half; both halves go to meta in one entry. */
    public byte[] split(long rangeId) throws Exception {
        long newRangeId = meta.allocateIds(MetaKeys.RANGE_IDS, 1);
        RangeDescriptor left = store.split(rangeId, newRangeId).get(MOVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        meta.recordDescriptorsQuietly(List.of(left, store.descriptor(newRangeId)));
        return descriptorBytes(left);
    }

    // ---------------------------------------------------------------- reconcile

    /**
     * Reconciles this node's replicas with the meta group's range map. A range this node leads
     * whose descriptor is newer here than in meta is written to meta (repairing a change whose
     * meta write was lost, for example by a crash right after a split). A replica that meta shows
     * moved off this node (newer generation, this node not a replica) is deleted: it was removed
     * while this node was down. Neither ever changes a replica's descriptor: that is replicated
     * state, changed only through the range's log.
     */
    public void reconcile(MetaView view) {
        if (view.ranges().isEmpty()) {
            return;
        }
        List<RangeDescriptor> newer = new ArrayList<>();
        for (ReplicaStatus s : store.status()) {
            RangeDescriptor local = s.range();
            RangeDescriptor known = view.range(local.rangeId());
            try {
                if (s.role().equals("LEADER") && (known == null || known.generation() < local.generation())) {
                    newer.add(local);
                } else if (known != null && known.generation() > local.generation() && !known.replicas().contains(nodes.selfId())
                        && !s.role().equals("LEADER")) {
                    LOG.info("node {}: range {} moved off this node while it was away (generation {} > {}); deleting its replica",
                            nodes.selfId(), local.rangeId(), known.generation(), local.generation());
                    store.removeReplica(local.rangeId());
                }
            } catch (Exception e) {
                LOG.debug("node {}: reconciling range {} failed: {}", nodes.selfId(), local.rangeId(), e.toString());
            }
        }
        if (!newer.isEmpty()) {
            // In one entry: the two halves of a split whose meta write was lost arrive together.
            meta.recordDescriptorsQuietly(newer);
        }
    }

    // ---------------------------------------------------------------- handlers

    /** Handlers that change replicas run one at a time on {@code admin}; the rest on {@code workers}. */
    public Map<Integer, RpcHandler> handlers(Executor admin, Executor workers) {
        return Map.of(
                NodeMethods.CREATE_RANGES, (m, p) -> Handlers.on(admin, () -> createRanges(new ByteReader(p))),
                NodeMethods.JOIN_RANGE, (m, p) -> Handlers.on(workers, () -> {
                    ByteReader r = new ByteReader(p);
                    long rangeId = r.i64();
                    int source = r.i32();
                    int n = r.count(4);
                    List<Integer> peers = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        peers.add(r.i32());
                    }
                    return join(rangeId, source, peers);
                }),
                NodeMethods.ADD_REPLICA, (m, p) -> Handlers.on(admin, () -> {
                    ByteReader r = new ByteReader(p);
                    return addReplica(r.i64(), r.i32());
                }),
                NodeMethods.REMOVE_REPLICA, (m, p) -> Handlers.on(admin, () -> {
                    ByteReader r = new ByteReader(p);
                    return removeReplica(r.i64(), r.i32());
                }),
                NodeMethods.TRANSFER_LEADER, (m, p) -> Handlers.on(admin, () -> {
                    ByteReader r = new ByteReader(p);
                    return transferLeader(r.i64(), r.i32());
                }),
                NodeMethods.DROP_REPLICA, (m, p) -> Handlers.on(admin, () -> {
                    store.removeReplica(new ByteReader(p).i64());
                    return new byte[0];
                }),
                NodeMethods.SPLIT, (m, p) -> Handlers.on(workers, () -> split(new ByteReader(p).i64())),
                NodeMethods.SNAPSHOT, (m, p) -> Handlers.on(admin, () -> new ByteWriter().i64(store.snapshot(new ByteReader(p).i64())).toByteArray()),
                NodeMethods.CHECKSUM, (m, p) -> Handlers.on(workers, () -> {
                    RangeChecksum c = store.checksum(new ByteReader(p).i64());
                    return new ByteWriter().i64(c.appliedIndex()).i64(c.records()).string(c.sha256()).toByteArray();
                }));
    }
}
