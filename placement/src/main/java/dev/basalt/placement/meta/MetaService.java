package dev.basalt.placement.meta;

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
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.ReplicatedGroup;
import dev.basalt.range.ReplicatedState;
import dev.basalt.range.store.RangeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's access to the meta group: its own member (when it hosts one), commands routed to
 * the leader, the cached {@link MetaView}, and the group's membership. Every node can run a meta
 * command: a member that leads proposes it, any other node forwards it to the leader it knows
 * (at most {@link #FORWARDS_MAX} hops).
 *
 * <p>Node protocol ({@link NodeMethods}):
 * <pre>
 *   META_WRITE     [bytes command][u8 hops]            -> [reply]
 *   META_VIEW      []                                   -> [MetaView] (fresh from a member, else this node's copy)
 *   CREATE_META    [i32 n][NodeInfo...][i32 m][i32 id...] -> []: create this node's member with these peers
 *   DROP_META      []                                   -> []: delete this node's member (configured out)
 *   ALLOCATE_IDS   [string key][i64 count]              -> [i64 first]
 *   DECOMMISSION   [i32 nodeId][bool drain]             -> []
 * </pre>
 */
public final class MetaService {
    private static final Logger LOG = LoggerFactory.getLogger(MetaService.class);
    /** The meta group's name in the range store. */
    public static final String GROUP = "meta";
    /** The meta group has this many members once that many nodes exist. */
    public static final int REPLICATION_FACTOR = 3;
    /** A meta command is forwarded at most this many times (to a member, then to its leader). */
    static final int FORWARDS_MAX = 2;
    /** A meta command or view fetch waits at most this long. */
    public static final long CALL_TIMEOUT_MS = 10_000;
    /** A view fetch from another node waits at most this long, so a dead candidate costs little. */
    static final long VIEW_FETCH_TIMEOUT_MS = 1_000;
    /** Ids allocated by one call at most. */
    static final long IDS_PER_CALL_MAX = 1_000_000;

    private final int selfId;
    private final NodeDirectory nodes;
    private final RpcClient rpc;
    private final Supplier<RangeStore> store;
    private volatile MetaState state;
    private volatile MetaView view = MetaView.EMPTY;
    /** A node that answered META_VIEW last time (-1: none yet); tried first next time. */
    private volatile int viewSource = -1;

    public MetaService(int selfId, NodeDirectory nodes, RpcClient rpc, Supplier<RangeStore> store) {
        this.selfId = selfId;
        this.nodes = nodes;
        this.rpc = rpc;
        this.store = store;
    }

    /** The factory the range store calls when it creates or reopens this node's meta member. */
    public ReplicatedState newState() {
        MetaState s = new MetaState();
        state = s;
        return s;
    }

    /** This node's meta member, or null if it hosts none. */
    public ReplicatedGroup group() {
        return store.get().group(GROUP);
    }

    public boolean hostsMeta() {
        return group() != null;
    }

    /** Whether this node leads the meta group and has applied everything committed before its term. */
    public boolean isLeader() {
        ReplicatedGroup g = group();
        return g != null && g.isLeaderReady();
    }

    /** The meta leader as this node knows it, or -1. */
    public int leaderNodeId() {
        ReplicatedGroup g = group();
        return g != null ? g.leaderNodeId() : view.metaLeader();
    }

    /** This node's member's state (null unless it hosts a member). */
    public MetaState state() {
        return hostsMeta() ? state : null;
    }

    public MetaView view() {
        return view;
    }

    // ---------------------------------------------------------------- commands

    /** Runs a command on the meta group (here when this node leads it, else at the leader) and returns its reply. */
    public byte[] command(byte[] command) {
        return command(command, 0);
    }

    private byte[] command(byte[] command, int forwards) {
        ReplicatedGroup g = group();
        if (g != null && g.isLeaderReady()) {
            return await(g.propose(command), "meta command");
        }
        int leader = leaderNodeId();
        int target = leader >= 0 && leader != selfId ? leader : viewSource;
        HostPort address = target >= 0 ? nodes.addressOf(target) : null;
        if (target < 0 || target == selfId || forwards >= FORWARDS_MAX || address == null) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "the meta group has no reachable leader right now (node "
                    + selfId + " knows leader " + leader + ")");
        }
        return await(rpc.call(address, NodeMethods.META_WRITE, new ByteWriter().bytes(command).u8(forwards + 1).toByteArray(),
                CALL_TIMEOUT_MS), "meta command forwarded to node " + target);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BasaltException be) {
                throw be;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BasaltException(ErrorCode.TIMEOUT, what + " got no answer within " + CALL_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, what + " was interrupted");
        }
    }

    /**
     * The value of {@code key} as of now (a linearizable read: the meta leader confirms its
     * leadership before answering), or null. Forwarded to the leader when this node does not lead.
     */
    public byte[] read(String key) {
        return read(key, 0);
    }

    private byte[] read(String key, int forwards) {
        ReplicatedGroup g = group();
        MetaState s = state;
        if (g != null && s != null && g.isLeaderReady()) {
            await(g.readBarrier(), "meta read barrier");
            return s.get(key);
        }
        int leader = leaderNodeId();
        int target = leader >= 0 && leader != selfId ? leader : viewSource;
        HostPort address = target >= 0 ? nodes.addressOf(target) : null;
        if (target < 0 || target == selfId || forwards >= FORWARDS_MAX || address == null) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "the meta group has no reachable leader right now (node "
                    + selfId + " knows leader " + leader + ")");
        }
        ByteReader r = new ByteReader(await(rpc.call(address, NodeMethods.META_READ, new ByteWriter().string(key).u8(forwards + 1).toByteArray(),
                CALL_TIMEOUT_MS), "meta read forwarded to node " + target));
        return r.bool() ? r.bytes() : null;
    }

    /** Runs {@link MetaState#compareAndPut}; true if the version matched and the value was stored. */
    public boolean compareAndPut(String versionKey, long expectedVersion, String key, byte[] value) {
        return new ByteReader(command(MetaState.compareAndPut(versionKey, expectedVersion, key, value))).i64() == 1;
    }

    /** Allocates {@code count} ids from the meta counter {@code key}; returns the first. */
    public long allocateIds(String key, long count) {
        if (count < 1 || count > IDS_PER_CALL_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "id count must be in [1, " + IDS_PER_CALL_MAX + "], got " + count);
        }
        return new ByteReader(command(MetaState.allocate(key, count))).i64();
    }

    /** Records range descriptors in one entry (each kept only if newer than the stored one). */
    public void recordDescriptors(List<RangeDescriptor> ds) {
        command(MetaState.descriptors(ds));
    }

    /** Records descriptors; a failure is logged and left to the reconcile round to repair. */
    public void recordDescriptorsQuietly(List<RangeDescriptor> ds) {
        try {
            recordDescriptors(ds);
        } catch (BasaltException e) {
            LOG.info("node {}: could not record ranges {} in the meta group ({}); the reconcile round will", selfId,
                    ds.stream().map(d -> d.rangeId() + "@" + d.generation()).toList(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the view

    /**
     * Reads the view from this node's member, or fetches it from a node that has one (the last
     * node that answered first, then the others), and caches it. Returns the new view, or the old
     * one if nobody answered.
     */
    public MetaView refreshView() {
        MetaView fresh = null;
        ReplicatedGroup g = group();
        MetaState s = state;
        if (g != null && s != null) {
            fresh = MetaView.of(s, g.members(), g.leaderNodeId());
        } else {
            List<Integer> candidates = new ArrayList<>();
            if (viewSource >= 0) {
                candidates.add(viewSource);
            }
            int leader = view.metaLeader();
            if (leader >= 0 && !candidates.contains(leader)) {
                candidates.add(leader);
            }
            view.metaMembers().stream().filter(id -> !candidates.contains(id)).forEach(candidates::add);
            nodes.knownNodes().stream().filter(id -> !candidates.contains(id)).forEach(candidates::add);
            candidates.remove(Integer.valueOf(selfId));
            for (int id : candidates) {
                HostPort address = nodes.addressOf(id);
                if (address == null) {
                    continue;
                }
                try {
                    MetaView v = MetaView.read(new ByteReader(rpc.call(address, NodeMethods.META_VIEW, new byte[0], VIEW_FETCH_TIMEOUT_MS)
                            .get(VIEW_FETCH_TIMEOUT_MS + 500, TimeUnit.MILLISECONDS)));
                    if (!v.isEmpty() || view.isEmpty()) {
                        fresh = v;
                        viewSource = id;
                        break;
                    }
                } catch (Exception e) {
                    if (id == viewSource) {
                        viewSource = -1;
                    }
                }
            }
        }
        if (fresh != null) {
            fresh.nodes().values().forEach(n -> {
                if (n.id() != selfId) {
                    nodes.learn(n);
                }
            });
            view = fresh;
        }
        return view;
    }

    // ---------------------------------------------------------------- the group's members

    /** On the meta leader: the members of the group's configuration. */
    public List<Integer> members() {
        ReplicatedGroup g = group();
        if (g == null) {
            throw new BasaltException(ErrorCode.NOT_LEADER, "node " + selfId + " hosts no meta member");
        }
        return g.members();
    }

    /**
     * On the meta leader: adds a member on {@code nodeId}: the node creates its member with the new
     * configuration, then the configuration change commits once the group has caught it up.
     */
    public void addMember(int nodeId, long timeoutMs) throws Exception {
        List<Integer> members = new ArrayList<>(members());
        if (members.contains(nodeId)) {
            return;
        }
        members.add(nodeId);
        HostPort address = requireAddress(nodeId);
        rpc.call(address, NodeMethods.CREATE_META, createPayload(members), timeoutMs).get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        group().setMembers(members);
        LOG.info("node {}: meta group members are now {}", selfId, members);
    }

    /** On the meta leader: removes the member on {@code nodeId} and asks that node (if live) to delete it. */
    public void removeMember(int nodeId) throws Exception {
        List<Integer> members = new ArrayList<>(members());
        if (!members.remove(Integer.valueOf(nodeId)) || nodeId == selfId) {
            return;
        }
        group().setMembers(members);
        LOG.info("node {}: meta group members are now {}", selfId, members);
        HostPort address = nodes.addressOf(nodeId);
        if (address != null && nodes.isLive(nodeId)) {
            rpc.call(address, NodeMethods.DROP_META, new byte[0], CALL_TIMEOUT_MS).get(CALL_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
        }
    }

    /** On the meta leader: hands leadership to member {@code nodeId}. */
    public void transferLeadership(int nodeId) {
        group().transferLeadership(nodeId, CALL_TIMEOUT_MS);
    }

    /** Creates the meta group on {@code members} (at init): each creates its member, then the oracle may serve. */
    public void createGroup(List<Integer> members) throws Exception {
        byte[] payload = createPayload(members);
        for (int node : members) {
            if (node == selfId) {
                createLocalMember(new ByteReader(payload));
            } else {
                rpc.call(requireAddress(node), NodeMethods.CREATE_META, payload, CALL_TIMEOUT_MS * 3)
                        .get(CALL_TIMEOUT_MS * 3 + 1_000, TimeUnit.MILLISECONDS);
            }
        }
    }

    private HostPort requireAddress(int nodeId) {
        HostPort address = nodes.addressOf(nodeId);
        if (address == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + selfId + " does not know node " + nodeId);
        }
        return address;
    }

    private byte[] createPayload(List<Integer> members) {
        ByteWriter w = new ByteWriter().i32(members.size());
        for (int id : members) {
            NodeInfo info = nodes.info(id);
            if (info == null) {
                throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + selfId + " does not know node " + id);
            }
            info.write(w);
        }
        w.i32(members.size());
        members.forEach(w::i32);
        return w.toByteArray();
    }

    private byte[] createLocalMember(ByteReader r) throws Exception {
        int n = r.count(9);
        for (int i = 0; i < n; i++) {
            NodeInfo info = NodeInfo.read(r);
            if (info.id() != selfId) {
                nodes.learn(info);
            }
        }
        int m = r.count(4);
        List<Integer> members = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            members.add(r.i32());
        }
        store.get().createGroup(GROUP, members);
        return new byte[0];
    }

    /** The gateways' reports as the meta member holds them: gateway id -> [oldest active start ts, expires at ms]. */
    public Map<String, long[]> gatewayReports() {
        MetaState s = state();
        if (s == null) {
            throw new BasaltException(ErrorCode.NOT_LEADER, "node " + selfId + " hosts no meta member");
        }
        Map<String, long[]> out = new java.util.TreeMap<>();
        s.scan(MetaKeys.GATEWAY_PREFIX).forEach((k, v) -> {
            ByteReader r = new ByteReader(v);
            out.put(k.substring(MetaKeys.GATEWAY_PREFIX.length()), new long[] {r.i64(), r.i64()});
        });
        return out;
    }

    /**
     * On the meta leader: deletes the reports of gateways that stopped reporting more than
     * {@code forgetAfterMs} before {@code nowMs} (oracle clock): one run of a workload leaves one.
     */
    public void pruneGatewayReports(long nowMs, long forgetAfterMs) {
        for (Map.Entry<String, long[]> e : gatewayReports().entrySet()) {
            if (e.getValue()[1] + forgetAfterMs < nowMs) {
                command(MetaState.delete(MetaKeys.gateway(e.getKey())));
            }
        }
    }

    /** The command that records a gateway's report (see {@link MetaKeys#gateway}). */
    public static byte[] gatewayReport(String gatewayId, long oldestActiveStartTs, long expiresAtMs) {
        return MetaState.put(MetaKeys.gateway(gatewayId), new ByteWriter(16).i64(oldestActiveStartTs).i64(expiresAtMs).toByteArray());
    }

    // ---------------------------------------------------------------- handlers

    /** This component's part of the node's dispatch table; blocking work runs on {@code executor}. */
    public Map<Integer, RpcHandler> handlers(Executor executor) {
        return Map.of(
                NodeMethods.META_WRITE, (m, p) -> Handlers.on(executor, () -> {
                    ByteReader r = new ByteReader(p);
                    byte[] command = r.bytes();
                    int hops = r.u8();
                    r.expectEnd();
                    return command(command, hops);
                }),
                NodeMethods.META_READ, (m, p) -> Handlers.on(executor, () -> {
                    ByteReader r = new ByteReader(p);
                    String key = r.string();
                    int hops = r.u8();
                    r.expectEnd();
                    byte[] value = read(key, hops);
                    return value == null ? new ByteWriter(1).bool(false).toByteArray() : new ByteWriter().bool(true).bytes(value).toByteArray();
                }),
                NodeMethods.META_VIEW, (m, p) -> Handlers.on(executor, () -> {
                    ReplicatedGroup g = group();
                    MetaState s = state;
                    return (g != null && s != null ? MetaView.of(s, g.members(), g.leaderNodeId()) : view).encode();
                }),
                NodeMethods.CREATE_META, (m, p) -> Handlers.on(executor, () -> createLocalMember(new ByteReader(p))),
                NodeMethods.DROP_META, (m, p) -> Handlers.on(executor, () -> {
                    store.get().removeGroup(GROUP);
                    return new byte[0];
                }),
                NodeMethods.ALLOCATE_IDS, (m, p) -> Handlers.on(executor, () -> {
                    ByteReader r = new ByteReader(p);
                    return new ByteWriter(8).i64(allocateIds(r.string(), r.i64())).toByteArray();
                }),
                NodeMethods.DECOMMISSION, (m, p) -> Handlers.on(executor, () -> {
                    ByteReader r = new ByteReader(p);
                    int nodeId = r.i32();
                    boolean drain = r.bool();
                    if (nodes.info(nodeId) == null) {
                        throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "unknown node " + nodeId);
                    }
                    command(drain ? MetaState.put(MetaKeys.decommission(nodeId), new byte[] {1}) : MetaState.delete(MetaKeys.decommission(nodeId)));
                    LOG.info("node {}: node {} {}", selfId, nodeId, drain ? "is being decommissioned" : "is a placement target again");
                    return new byte[0];
                }));
    }
}
