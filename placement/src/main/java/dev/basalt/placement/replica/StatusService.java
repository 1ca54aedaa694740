package dev.basalt.placement.replica;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.common.net.RpcHandler;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.Handlers;
import dev.basalt.placement.NodeDirectory;
import dev.basalt.placement.NodeInfo;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.placement.meta.MetaView;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.ReplicaStatus;
import dev.basalt.range.store.RangeStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What the cluster looks like from this node, for {@code basalt status} and the placement driver:
 * every live node is asked for its replicas ({@code LOCAL_STATUS}), and the answers are merged over
 * the meta group's range map (the leader of a range is the replica that says so in the highest
 * term). <b>It never fails because of one node</b>: a node that is down, restarting or slow to
 * answer shows as not live, or live without replicas, and its ranges as having no known leader.
 * <pre>
 *   LOCAL_STATUS   [] -> [i32 n][descriptor, role, leader, term, applied, entries, commands, writesSinceSplit]...
 *   CLUSTER_STATUS [] -> [ClusterStatus]
 * </pre>
 */
public final class StatusService {
    /** A node's own status is awaited at most this long. */
    static final long LOCAL_STATUS_TIMEOUT_MS = 3_000;

    private final RangeStore store;
    private final NodeDirectory nodes;
    private final MetaService meta;
    private final RpcClient rpc;

    public StatusService(RangeStore store, NodeDirectory nodes, MetaService meta, RpcClient rpc) {
        this.store = store;
        this.nodes = nodes;
        this.meta = meta;
        this.rpc = rpc;
    }

    private byte[] localStatus() {
        List<ReplicaStatus> replicas = store.status();
        ByteWriter w = new ByteWriter().i32(replicas.size());
        for (ReplicaStatus s : replicas) {
            RangeCodec.writeDescriptor(w, s.range());
            w.string(s.role()).i32(s.leaderNodeId()).i64(s.term()).i64(s.appliedIndex()).i64(s.entries()).i64(s.commands())
                    .i64(s.writesSinceSplit());
        }
        return w.toByteArray();
    }

    static List<ReplicaStatus> readLocalStatus(ByteReader r) {
        int n = r.count(20);
        List<ReplicaStatus> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ReplicaStatus(RangeCodec.readDescriptor(r), r.string(), r.i32(), r.i64(), r.i64(), r.i64(), r.i64(), r.i64()));
        }
        return out;
    }

    /** The cluster as this node sees it; completes normally whatever the other nodes do. */
    public CompletableFuture<ClusterStatus> clusterStatus() {
        List<Integer> ids = nodes.knownNodes();
        Map<Integer, CompletableFuture<List<ReplicaStatus>>> replies = new HashMap<>();
        for (int id : ids) {
            if (id == nodes.selfId()) {
                replies.put(id, CompletableFuture.completedFuture(safeLocal()));
            } else if (nodes.isLive(id) && nodes.addressOf(id) != null) {
                HostPort address = nodes.addressOf(id);
                replies.put(id, rpc.call(address, NodeMethods.LOCAL_STATUS, new byte[0], LOCAL_STATUS_TIMEOUT_MS)
                        .thenApply(b -> readLocalStatus(new ByteReader(b)))
                        .exceptionally(e -> List.of()));
            }
        }
        return CompletableFuture.allOf(replies.values().toArray(CompletableFuture[]::new)).thenApply(v -> merge(ids, replies));
    }

    private List<ReplicaStatus> safeLocal() {
        try {
            return store.status();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private ClusterStatus merge(List<Integer> ids, Map<Integer, CompletableFuture<List<ReplicaStatus>>> replies) {
        // The meta group's descriptors are the range map; before it has any (a cluster being
        // formed) the replicas' own descriptors stand in, the newest generation winning.
        MetaView view = meta.view();
        boolean fromMeta = !view.ranges().isEmpty();
        Map<Long, RangeDescriptor> descriptors = new HashMap<>();
        for (RangeDescriptor d : fromMeta ? view.ranges() : store.descriptors()) {
            descriptors.put(d.rangeId(), d);
        }
        Map<Long, ReplicaStatus> leaders = new HashMap<>();
        Map<Long, Integer> leaderNodes = new HashMap<>();
        Map<Long, List<Integer>> hosts = new HashMap<>();
        Map<Long, Long> slowest = new HashMap<>();
        Map<Long, Long> fastest = new HashMap<>();
        for (Map.Entry<Integer, CompletableFuture<List<ReplicaStatus>>> e : replies.entrySet()) {
            for (ReplicaStatus s : e.getValue().join()) {
                hosts.computeIfAbsent(s.rangeId(), k -> new ArrayList<>()).add(e.getKey());
                slowest.merge(s.rangeId(), s.appliedIndex(), Math::min);
                fastest.merge(s.rangeId(), s.appliedIndex(), Math::max);
                if (!fromMeta) {
                    descriptors.merge(s.rangeId(), s.range(), (a, b) -> a.generation() >= b.generation() ? a : b);
                }
                if (s.role().equals("LEADER")) {
                    ReplicaStatus known = leaders.get(s.rangeId());
                    if (known == null || known.term() < s.term()) {
                        leaders.put(s.rangeId(), s);
                        leaderNodes.put(s.rangeId(), e.getKey());
                    }
                }
            }
        }
        List<ClusterStatus.Node> nodeList = new ArrayList<>();
        for (int id : ids) {
            NodeInfo info = nodes.info(id);
            if (info != null) {
                nodeList.add(new ClusterStatus.Node(info, nodes.isLive(id)));
            }
        }
        List<ClusterStatus.Range> ranges = new ArrayList<>();
        descriptors.values().stream().sorted(Comparator.comparingLong(RangeDescriptor::rangeId)).forEach(d -> {
            ReplicaStatus leader = leaders.get(d.rangeId());
            List<Integer> hosting = hosts.getOrDefault(d.rangeId(), List.of()).stream().sorted().toList();
            ranges.add(leader == null ? new ClusterStatus.Range(d, -1, 0, 0, 0, 0, 0, hosting, 0)
                    : new ClusterStatus.Range(d, leaderNodes.get(d.rangeId()), leader.term(), leader.appliedIndex(), leader.entries(),
                    leader.commands(), leader.writesSinceSplit(), hosting,
                    fastest.getOrDefault(d.rangeId(), 0L) - slowest.getOrDefault(d.rangeId(), 0L)));
        });
        List<Integer> metaMembers = view.metaMembers();
        int metaLeader = view.metaLeader();
        try {
            if (meta.hostsMeta()) {
                metaMembers = meta.members();
                metaLeader = meta.leaderNodeId();
            }
        } catch (RuntimeException e) {
            // the meta member is starting or being removed: the cached view's fields stand
        }
        return new ClusterStatus(nodeList, ranges, metaMembers, metaLeader);
    }

    public Map<Integer, RpcHandler> handlers(Executor executor) {
        return Map.of(
                // Status reads Raft division state, which blocks while a group is still starting after a
                // restart: never on the event loop, where it would stall every connection.
                NodeMethods.LOCAL_STATUS, (m, p) -> Handlers.on(executor, this::localStatus),
                NodeMethods.CLUSTER_STATUS, (m, p) -> Handlers.on(executor, () -> {
                    ByteWriter w = new ByteWriter();
                    clusterStatus().get(LOCAL_STATUS_TIMEOUT_MS * 2, java.util.concurrent.TimeUnit.MILLISECONDS).write(w);
                    return w.toByteArray();
                }));
    }
}
