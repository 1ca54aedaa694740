package dev.basalt.server.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.LocalTimestampSource;
import dev.basalt.placement.MetaGroup;
import dev.basalt.placement.TimestampOracle;
import dev.basalt.placement.MetaStateMachine;
import dev.basalt.server.client.ClusterTimestamps;
import dev.basalt.range.RangeChecksum;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeStore;
import dev.basalt.range.RangeStoreConfig;
import dev.basalt.range.ReplicaStatus;
import dev.basalt.server.client.ClusterStatus;
import dev.basalt.server.client.NodeInfo;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.common.net.RpcServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Basalt node: the range store (RocksDB + Ratis), the Netty listener that serves range requests
 * and admin calls, membership, and (on the meta leader) the placement driver.
 *
 * <p>Membership. Nodes find each other by gossip: every {@link #HEARTBEAT_MS} a node sends the
 * table of nodes it knows (persisted in its RocksDB) to every other node and to its {@code --join}
 * addresses. The meta group is the authority once the cluster is initialized: its leader records
 * every node it hears of under {@code node/<id>} and, every {@link #LIVENESS_EVERY_ROUNDS}
 * heartbeats, extends the liveness deadline {@code liveness/<id>} of each node that called it
 * recently to now + {@code --node-timeout-ms}, all in one meta entry. A node whose deadline passed
 * is down for everyone (status, placement), and a new meta leader inherits the deadlines. Before
 * the meta group holds a node's record, "called within the timeout" stands in.
 *
 * <p>Range map. The meta group holds every range's descriptor under {@code range/<id>}: written
 * by {@code init}, and by a range's leader after each replica change, leadership preference or
 * split (both halves in one entry). Each node keeps a {@link MetaView} (read from its meta
 * replica, or fetched from a node that has one, every heartbeat); status and routing use it. Every
 * few heartbeats a node reconciles: a range it leads whose descriptor is newer than meta's is
 * written again (repairing a lost meta write), and a replica that meta shows moved off this node
 * while it was down is deleted.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    static final long HEARTBEAT_MS = 500;
    /** Calls between nodes time out after this long. */
    static final long CALL_TIMEOUT_MS = 10_000;
    /** {@code init} waits at most this long for every range to elect a leader. */
    static final long INIT_LEADERS_WAIT_MS = 60_000;
    static final int REPLICATION_FACTOR = 3;
    static final int RANGES_MAX = 1024;

    private final NodeConfig config;
    private final NodeInfo self;
    private final RangeStore store;
    private final RpcClient rpc;
    private final Map<Integer, NodeInfo> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastHeardNanos = new ConcurrentHashMap<>();
    private final ExecutorService admin;
    private final ScheduledExecutorService heartbeats;
    private final ScheduledExecutorService driverTimer;
    /** Runs {@link #metaRound} every heartbeat, apart from admin calls that may take minutes. */
    private final ScheduledExecutorService metaUpkeep;
    private final RpcServer server;
    private final ClusterTimestamps timestamps;
    private final TimestampOracle oracle;
    private final ExecutorService timestampWorkers;
    private final ExecutorService statusWorkers;
    private volatile MetaStateMachine meta;
    /** The cached meta view (see {@link MetaView}); empty until the cluster is initialized. */
    private volatile MetaView metaView = MetaView.EMPTY;
    /** A node that answered META_VIEW last time (-1: none yet); non-meta nodes ask it first. */
    private volatile int metaHostHint = -1;
    private long metaRounds;

    private Node(NodeConfig config) throws IOException {
        this.config = config;
        this.self = new NodeInfo(config.nodeId(), config.listen(), config.raftListen());
        this.rpc = new RpcClient("node" + config.nodeId());
        this.timestamps = new ClusterTimestamps(rpc, id -> {
            NodeInfo n = nodes.get(id);
            return n == null ? null : n.address();
        }, () -> nodes.values().stream().map(NodeInfo::address).toList(), config.nodeId(), count -> oracle().allocate(count));
        RangeStoreConfig storeConfig = RangeStoreConfig.defaults(config.nodeId(), config.dataDir(), config.raftListen().host(),
                        config.raftListen().port(), this::raftAddressOf, new LocalTimestampSource())
                .withSnapshots(config.snapshotEveryEntries(), config.logPurgeGap())
                .withOtherGroups(gid -> {
                    if (!MetaGroup.GROUP_ID.equals(gid)) {
                        return null;
                    }
                    meta = new MetaStateMachine();
                    return meta;
                });
        // Ranges still take timestamps from the node-local clock (DESIGN section 4 stand-in): moving
        // the data path onto the oracle cost about a quarter of the 64-writer commit throughput in
        // the demo benchmark, and is done together with the rest of placement.
        this.store = RangeStore.open(storeConfig);
        this.oracle = new TimestampOracle(store.raftServer(), () -> meta, store.clientId(), store::nextCallId, System::currentTimeMillis);
        this.timestampWorkers = new java.util.concurrent.ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(10_000), r -> daemon(r, "node" + config.nodeId() + "-timestamps"));
        loadNodes();
        nodes.put(self.id(), self);
        saveNode(self);
        this.admin = Executors.newSingleThreadExecutor(r -> daemon(r, "node" + config.nodeId() + "-admin"));
        this.statusWorkers = new java.util.concurrent.ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(1_000), r -> daemon(r, "node" + config.nodeId() + "-status"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "node" + config.nodeId() + "-heartbeat"));
        this.driverTimer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "node" + config.nodeId() + "-placement"));
        this.metaUpkeep = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "node" + config.nodeId() + "-meta"));
        this.server = RpcServer.start("node" + config.nodeId(), config.listen(), this::handle);
    }

    private TimestampOracle oracle() {
        return oracle;
    }

    /**
     * A cluster client embedded in this node: requests for ranges this node leads run in-process,
     * others go over Netty to their leaders. The caller closes it.
     */
    public dev.basalt.server.client.ClusterClient client() {
        RangeStore local = store;
        int id = config.nodeId();
        return new dev.basalt.server.client.ClusterClient(List.of(server.address())).withLocal(
                new dev.basalt.server.client.ClusterClient.LocalRanges() {
                    @Override
                    public int nodeId() {
                        return id;
                    }

                    @Override
                    public CompletableFuture<dev.basalt.range.RangeResponse> execute(long rangeId, RangeRequest request) {
                        return local.execute(rangeId, request);
                    }
                });
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts a node: opens its store, listens, greets the join addresses and starts heartbeats. */
    public static Node start(NodeConfig config) throws IOException {
        Node node = new Node(config);
        node.heartbeats.scheduleWithFixedDelay(node::heartbeat, 0, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        node.metaUpkeep.scheduleWithFixedDelay(node::metaRound, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        PlacementDriver driver = new PlacementDriver(node, config.rebalance());
        node.driverTimer.scheduleWithFixedDelay(driver::round, PlacementDriver.ROUND_MS, PlacementDriver.ROUND_MS, TimeUnit.MILLISECONDS);
        LOG.info("node {}: listening on {} (Raft on {}), data in {}", config.nodeId(), node.server.address(),
                config.raftListen(), config.dataDir());
        return node;
    }

    public HostPort address() {
        return server.address();
    }

    public RangeStore store() {
        return store;
    }

    private String raftAddressOf(int nodeId) {
        NodeInfo n = nodes.get(nodeId);
        if (n == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + config.nodeId() + " does not know node " + nodeId);
        }
        return n.raftAddress().toString();
    }

    // ---------------------------------------------------------------- membership

    private void loadNodes() {
        store.scanMeta("nodes/").values().forEach(bytes -> {
            NodeInfo n = NodeInfo.read(new ByteReader(bytes));
            nodes.put(n.id(), n);
        });
    }

    private void saveNode(NodeInfo n) {
        ByteWriter w = new ByteWriter();
        n.write(w);
        store.putMeta("nodes/" + n.id(), w.toByteArray());
    }

    private void learn(NodeInfo n) {
        NodeInfo known = nodes.get(n.id());
        if (!n.equals(known)) {
            if (known != null) {
                LOG.warn("node {}: node {} moved from {} to {}", config.nodeId(), n.id(), known.address(), n.address());
            } else {
                LOG.info("node {}: learned of node {} at {}", config.nodeId(), n.id(), n.address());
            }
            nodes.put(n.id(), n);
            saveNode(n);
        }
    }

    private byte[] nodeTable() {
        ByteWriter w = new ByteWriter();
        List<NodeInfo> all = new ArrayList<>(nodes.values());
        w.i32(all.size());
        all.forEach(n -> n.write(w));
        return w.toByteArray();
    }

    private void heartbeat() {
        try {
            ByteWriter w = new ByteWriter();
            self.write(w);
            byte[] table = nodeTable();
            w.raw(table, 0, table.length);
            byte[] payload = w.toByteArray();
            List<HostPort> targets = new ArrayList<>();
            for (NodeInfo n : nodes.values()) {
                if (n.id() != self.id()) {
                    targets.add(n.address());
                }
            }
            for (HostPort join : config.join()) {
                if (!targets.contains(join) && !join.equals(config.listen())) {
                    targets.add(join);
                }
            }
            for (HostPort target : targets) {
                rpc.call(target, NodeMethods.HELLO, payload, HEARTBEAT_MS * 4).whenComplete((reply, e) -> {
                    if (e == null) {
                        mergeTable(new ByteReader(reply), true);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("node {}: heartbeat round failed: {}", config.nodeId(), e.toString());
        }
    }

    /** Every {@link #LIVENESS_EVERY_ROUNDS} heartbeats the meta leader renews liveness records. */
    static final int LIVENESS_EVERY_ROUNDS = 2;
    /** Every this many heartbeats a node reconciles its ranges with the meta group's descriptors. */
    static final int RECONCILE_EVERY_ROUNDS = 4;

    /**
     * One round of meta upkeep, on the admin thread: the meta leader records the nodes it hears
     * from (node table, liveness deadlines); every node refreshes its meta view and reconciles its
     * replicas with it.
     */
    private void metaRound() {
        metaRounds++;
        try {
            if (isMetaLeader() && metaRounds % LIVENESS_EVERY_ROUNDS == 0) {
                recordMembership();
            }
            refreshMetaView();
            if (metaRounds % RECONCILE_EVERY_ROUNDS == 0) {
                reconcileRanges();
            }
        } catch (Exception e) {
            LOG.debug("node {}: meta round skipped: {}", config.nodeId(), e.toString());
        }
    }

    /**
     * On the meta leader: registers nodes missing from (or changed in) the meta node table, and
     * extends the liveness deadline of every node heard from within half the down-timeout to now
     * plus the timeout, all in one meta entry.
     */
    private void recordMembership() throws Exception {
        MetaStateMachine m = meta;
        if (m == null) {
            return;
        }
        Map<String, byte[]> writes = new java.util.TreeMap<>();
        long nowMs = System.currentTimeMillis();
        long until = nowMs + config.nodeDownAfterMs();
        for (NodeInfo n : nodes.values()) {
            ByteWriter info = new ByteWriter();
            n.write(info);
            byte[] stored = m.get(MetaStateMachine.NODE_PREFIX + n.id());
            if (stored == null || !java.util.Arrays.equals(stored, info.toByteArray())) {
                writes.put(MetaStateMachine.NODE_PREFIX + n.id(), info.toByteArray());
            }
            if (heardWithin(n.id(), config.nodeDownAfterMs() / 2)) {
                writes.put(MetaStateMachine.LIVENESS_PREFIX + n.id(), new ByteWriter(8).i64(until).toByteArray());
            }
        }
        metaWrite(MetaStateMachine.putAll(writes));
    }

    private boolean heardWithin(int nodeId, long ms) {
        if (nodeId == self.id()) {
            return true;
        }
        Long heard = lastHeardNanos.get(nodeId);
        return heard != null && System.nanoTime() - heard < TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** Reads the meta view from this node's meta replica, or fetches it from a node that has one. */
    private void refreshMetaView() throws Exception {
        MetaStateMachine m = meta;
        MetaView view = null;
        if (m != null && hostsMeta()) {
            view = MetaView.of(m, metaMembers(), oracle.leaderNodeId());
        } else {
            List<Integer> candidates = new ArrayList<>();
            if (metaHostHint >= 0) {
                candidates.add(metaHostHint);
            }
            nodes.keySet().stream().sorted().filter(id -> id != self.id() && !candidates.contains(id) && isLive(id)).forEach(candidates::add);
            for (int id : candidates) {
                try {
                    view = MetaView.read(new ByteReader(callNode(id, NodeMethods.META_VIEW, new byte[0], HEARTBEAT_MS * 2)));
                    metaHostHint = id;
                    break;
                } catch (Exception e) {
                    if (id == metaHostHint) {
                        metaHostHint = -1;
                    }
                }
            }
        }
        if (view == null) {
            return;
        }
        view.nodes().values().forEach(n -> {
            if (n.id() != self.id()) {
                learn(n);
            }
        });
        metaView = view;
    }

    private boolean hostsMeta() {
        for (org.apache.ratis.protocol.RaftGroupId id : store.raftServer().getGroupIds()) {
            if (id.equals(MetaGroup.GROUP_ID)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reconciles this node's replicas with the meta group's descriptors. A range this node leads
     * whose descriptor is newer here than in meta is written to meta (repairing a change whose
     * meta write was lost, for example by a crash right after a split). A replica that meta says
     * was moved off this node (newer generation, this node not a replica) is deleted: it was
     * removed while this node was down.
     */
    private void reconcileRanges() {
        MetaView view = metaView;
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
                } else if (known != null && known.generation() > local.generation()) {
                    if (known.replicas().contains(self.id())) {
                        store.updateDescriptor(known);
                    } else {
                        LOG.info("node {}: range {} moved off this node while it was away (generation {} > {}); deleting its replica",
                                config.nodeId(), local.rangeId(), known.generation(), local.generation());
                        store.removeReplica(local.rangeId());
                    }
                }
            } catch (Exception e) {
                LOG.debug("node {}: reconciling range {} failed: {}", config.nodeId(), local.rangeId(), e.toString());
            }
        }
        if (!newer.isEmpty()) {
            // In one entry: the two halves of a split whose meta write was lost arrive together.
            recordDescriptorQuietly(newer.toArray(RangeDescriptor[]::new));
        }
    }

    /** Records range descriptors in the meta group in one entry (each kept only if newer than the stored one). */
    void recordDescriptors(List<RangeDescriptor> ds) throws Exception {
        metaCommand(MetaStateMachine.descriptors(ds));
    }

    /** Records descriptors; a failure is logged and left to the reconcile round to repair. */
    private void recordDescriptorQuietly(RangeDescriptor... ds) {
        try {
            recordDescriptors(List.of(ds));
        } catch (Exception e) {
            LOG.info("node {}: could not record ranges {} in the meta group ({}); the reconcile round will",
                    config.nodeId(), java.util.Arrays.stream(ds).map(d -> d.rangeId() + "@" + d.generation()).toList(), e.toString());
        }
    }

    MetaView metaView() {
        return metaView;
    }

    /** Merges a node table; the first entry of a reply is the replying node itself. */
    private void mergeTable(ByteReader r, boolean fromReply) {
        int n = r.count(9);
        for (int i = 0; i < n; i++) {
            NodeInfo info = NodeInfo.read(r);
            if (info.id() != self.id()) {
                learn(info);
            }
        }
    }

    private byte[] onHello(ByteReader r) {
        NodeInfo sender = NodeInfo.read(r);
        learn(sender);
        lastHeardNanos.put(sender.id(), System.nanoTime());
        mergeTable(r, false);
        return nodeTable();
    }

    /**
     * Whether a node is live: once the meta group holds a liveness record for it, that record
     * decides (its deadline, renewed by the meta leader while the node heartbeats, has not passed);
     * before that (a cluster being formed) a node is live if it called this one within the timeout.
     */
    boolean isLive(int nodeId) {
        if (nodeId == self.id()) {
            return true;
        }
        MetaView view = metaView;
        if (view.knowsLiveness(nodeId)) {
            return view.liveAt(nodeId, System.currentTimeMillis());
        }
        return heardWithin(nodeId, config.nodeDownAfterMs());
    }

    // ---------------------------------------------------------------- dispatch

    private CompletableFuture<byte[]> handle(int method, byte[] payload) {
        ByteReader r = new ByteReader(payload);
        switch (method) {
            case NodeMethods.RANGE:
                return onRange(r);
            case NodeMethods.HELLO:
                return CompletableFuture.completedFuture(onHello(r));
            // Status reads Ratis division state, which blocks while a group is still starting after a
            // restart: never on the event loop, where it would stall every connection (heartbeats too).
            case NodeMethods.LOCAL_STATUS:
                return CompletableFuture.supplyAsync(this::localStatus, statusWorkers);
            case NodeMethods.CLUSTER_STATUS:
                return CompletableFuture.supplyAsync(this::clusterStatus, statusWorkers).thenCompose(f -> f).thenApply(s -> {
                    ByteWriter w = new ByteWriter();
                    s.write(w);
                    return w.toByteArray();
                });
            case NodeMethods.TIMESTAMPS:
                return onTimestamps(r.i32(), r.bool());
            case NodeMethods.CREATE_META:
                return onAdmin(() -> createMeta(r));
            case NodeMethods.INIT:
                return onAdmin(() -> init(r.i32()));
            case NodeMethods.CREATE_REPLICAS:
                return onAdmin(() -> createReplicas(r));
            case NodeMethods.CHECKSUM:
                return onAdmin(() -> {
                    RangeChecksum c = store.checksum(r.i64());
                    return new ByteWriter().i64(c.appliedIndex()).i64(c.records()).string(c.sha256()).toByteArray();
                });
            case NodeMethods.ADD_REPLICA:
                return onAdmin(() -> addReplica(r.i64(), r.i32()));
            case NodeMethods.SNAPSHOT:
                return onAdmin(() -> new ByteWriter().i64(store.snapshot(r.i64())).toByteArray());
            case NodeMethods.REMOVE_REPLICA:
                return onAdmin(() -> removeReplica(r.i64(), r.i32()));
            case NodeMethods.PREFER_LEADER:
                return onAdmin(() -> {
                    RangeDescriptor next = store.preferLeader(r.i64(), r.i32());
                    publishDescriptor(next);
                    return descriptorBytes(next);
                });
            case NodeMethods.DROP_META:
                return onAdmin(() -> {
                    store.removeGroup(MetaGroup.GROUP_ID);
                    meta = null;
                    LOG.info("node {}: removed its meta replica", config.nodeId());
                    return new byte[0];
                });
            case NodeMethods.DROP_REPLICA:
                return onAdmin(() -> {
                    store.removeReplica(r.i64());
                    return new byte[0];
                });
            case NodeMethods.SPLIT:
                return onTimestampWorker(() -> split(r.i64()));
            case NodeMethods.META_WRITE:
                return onTimestampWorker(() -> metaCommand(r.bytes(), r.u8()));
            case NodeMethods.META_VIEW:
                return onStatusWorker(() -> {
                    MetaStateMachine m = meta;
                    if (m == null || !hostsMeta()) {
                        throw new BasaltException(ErrorCode.NOT_LEADER, "node " + config.nodeId() + " hosts no meta replica");
                    }
                    ByteWriter w = new ByteWriter();
                    MetaView.of(m, metaMembers(), oracle.leaderNodeId()).write(w);
                    return w.toByteArray();
                });
            case NodeMethods.ALLOCATE_IDS:
                return onTimestampWorker(() -> new ByteWriter(8).i64(allocateIds(r.string(), r.i64())).toByteArray());
            case NodeMethods.DECOMMISSION:
                return onTimestampWorker(() -> decommission(r.i32(), r.bool()));
            case NodeMethods.UPDATE_DESCRIPTOR:
                return onAdmin(() -> {
                    store.updateDescriptor(RangeCodec.readDescriptor(r));
                    return new byte[0];
                });
            default:
                return CompletableFuture.failedFuture(new BasaltException(ErrorCode.INVALID_REQUEST,
                        "node " + config.nodeId() + ": unknown method " + method));
        }
    }

    private interface Call {
        byte[] run() throws Exception;
    }

    /** Runs a blocking admin call off the event loop, one at a time. */
    private CompletableFuture<byte[]> onAdmin(Call call) {
        return runOn(admin, call);
    }

    private CompletableFuture<byte[]> onStatusWorker(Call call) {
        return runOn(statusWorkers, call);
    }

    /** Runs a call that may wait on the meta group off the event loop. */
    private CompletableFuture<byte[]> onTimestampWorker(Call call) {
        return runOn(timestampWorkers, call);
    }

    /** Runs {@code call} on {@code executor}; failures arrive as BasaltExceptions, a full queue as SERVER_BUSY. */
    private CompletableFuture<byte[]> runOn(ExecutorService executor, Call call) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(call.run());
                } catch (BasaltException e) {
                    result.completeExceptionally(e);
                } catch (Exception e) {
                    result.completeExceptionally(new BasaltException(ErrorCode.INTERNAL_ERROR,
                            "node " + config.nodeId() + ": " + e.getMessage(), e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new BasaltException(ErrorCode.SERVER_BUSY, "node " + config.nodeId()
                    + " is overloaded or shutting down"));
        }
        return result;
    }

    private CompletableFuture<byte[]> onRange(ByteReader r) {
        long rangeId = r.i64();
        long generation = r.i64();
        RangeRequest request = RangeCodec.readRequest(r);
        r.expectEnd();
        RangeDescriptor known = store.findDescriptor(rangeId);
        if (known != null && generation > 0 && generation < known.generation()) {
            // The sender routed with an old map (the range split or its replicas changed): it refreshes and retries.
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.RANGE_MOVED, "range " + rangeId
                    + " was routed with generation " + generation + "; it is at generation " + known.generation()));
        }
        return store.execute(rangeId, request).thenApply(response -> {
            ByteWriter w = new ByteWriter(64);
            RangeCodec.writeResponse(w, response);
            return w.toByteArray();
        });
    }

    /**
     * Serves a batch of timestamps from the oracle when this node leads the meta group. Otherwise
     * it draws them from the leader ({@code forward}) or names the leader so the caller goes there.
     */
    private CompletableFuture<byte[]> onTimestamps(int count, boolean forward) {
        return onTimestampWorker(() -> {
            if (forward) {
                return new ByteWriter(9).bool(true).i64(timestamps.draw(count)).toByteArray();
            }
            if (!hostsMeta()) {
                // No oracle here: name the meta leader this node last heard of (or none, -1).
                return new ByteWriter(5).bool(false).i32(metaView.metaLeader()).toByteArray();
            }
            try {
                return new ByteWriter(9).bool(true).i64(oracle.allocate(count)).toByteArray();
            } catch (TimestampOracle.NotLeaderException e) {
                return new ByteWriter(5).bool(false).i32(e.leaderNodeId()).toByteArray();
            }
        });
    }

    // ---------------------------------------------------------------- admin

    private byte[] createMeta(ByteReader r) throws IOException {
        int n = r.count(9);
        for (int i = 0; i < n; i++) {
            NodeInfo info = NodeInfo.read(r);
            if (info.id() != self.id()) {
                learn(info);
            }
        }
        int m = r.count(4);
        List<org.apache.ratis.protocol.RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            int id = r.i32();
            peers.add(RangeStore.raftPeer(id, raftAddressOf(id)));
        }
        store.createGroup(org.apache.ratis.protocol.RaftGroup.valueOf(MetaGroup.GROUP_ID, peers));
        LOG.info("node {}: created replica of the meta group on nodes {}", config.nodeId(),
                peers.stream().map(p -> p.getId().toString()).toList());
        return new byte[0];
    }

    int nodeId() {
        return self.id();
    }

    /** On the meta leader: hands meta leadership to {@code nodeId} (a caught-up member). */
    void transferMetaLeadership(int nodeId) throws IOException {
        org.apache.ratis.protocol.RaftClientReply reply = store.raftServer().transferLeadership(
                new org.apache.ratis.protocol.TransferLeadershipRequest(store.clientId(), store.raftServer().getId(), MetaGroup.GROUP_ID,
                        store.nextCallId(), RangeStore.raftPeer(nodeId, raftAddressOf(nodeId)).getId(), CALL_TIMEOUT_MS));
        if (!reply.isSuccess()) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "meta leadership transfer to node " + nodeId + " failed: "
                    + reply.getException());
        }
    }

    /** The meta group's members (this node must host a meta replica). */
    List<Integer> metaMembers() throws IOException {
        return store.groupMembers(MetaGroup.GROUP_ID);
    }

    /**
     * On the meta leader: adds a meta replica on {@code nodeId}: the node creates its member with
     * the new configuration, then the configuration change commits once Ratis has caught it up.
     */
    void addMetaMember(int nodeId) throws Exception {
        List<Integer> members = new ArrayList<>(metaMembers());
        if (members.contains(nodeId)) {
            return;
        }
        members.add(nodeId);
        callNode(nodeId, NodeMethods.CREATE_META, createMetaPayload(members), PlacementDriver.MOVE_TIMEOUT_MS);
        store.setGroupMembers(MetaGroup.GROUP_ID, members);
    }

    /** On the meta leader: removes the meta replica on {@code nodeId} and asks that node (if live) to delete it. */
    void removeMetaMember(int nodeId) throws Exception {
        List<Integer> members = new ArrayList<>(metaMembers());
        if (!members.remove(Integer.valueOf(nodeId)) || nodeId == self.id()) {
            return;
        }
        store.setGroupMembers(MetaGroup.GROUP_ID, members);
        if (isLive(nodeId)) {
            callNode(nodeId, NodeMethods.DROP_META, new byte[0], CALL_TIMEOUT_MS);
        }
    }

    private byte[] createMetaPayload(List<Integer> metaNodes) {
        ByteWriter w = new ByteWriter().i32(metaNodes.size());
        metaNodes.forEach(id -> nodes.get(id).write(w));
        w.i32(metaNodes.size());
        metaNodes.forEach(w::i32);
        return w.toByteArray();
    }

    /** Creates the meta group on the first live nodes and waits until its oracle serves timestamps. */
    private void initMeta(List<Integer> live) throws Exception {
        List<Integer> metaNodes = live.subList(0, Math.min(MetaGroup.REPLICATION_FACTOR, live.size()));
        byte[] payload = createMetaPayload(metaNodes);
        for (int node : metaNodes) {
            if (node == self.id()) {
                createMeta(new ByteReader(payload));
            } else {
                rpc.call(nodes.get(node).address(), NodeMethods.CREATE_META, payload, CALL_TIMEOUT_MS * 3).get();
            }
        }
        long first = timestamps.draw(1);
        LOG.info("node {}: meta group on nodes {} serves timestamps (first {})", config.nodeId(), metaNodes, first);
    }

    private byte[] init(int rangeCount) throws Exception {
        if (rangeCount < 1 || rangeCount > RANGES_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "--ranges must be in [1, " + RANGES_MAX + "], got " + rangeCount);
        }
        if (!store.descriptors().isEmpty() || store.getMeta("cluster/initialized") != null) {
            throw new BasaltException(ErrorCode.DUPLICATE_OBJECT, "the cluster is already initialized with "
                    + store.descriptors().size() + " ranges on this node");
        }
        List<Integer> live = nodes.keySet().stream().filter(this::isLive).sorted().toList();
        int factor = Math.min(REPLICATION_FACTOR, live.size());
        initMeta(live);
        long firstId = allocateIds(RANGE_IDS_KEY, rangeCount);
        if (firstId != 1) {
            throw new BasaltException(ErrorCode.DUPLICATE_OBJECT, "the cluster's range ids were already allocated (first free: " + firstId + ")");
        }
        List<RangeDescriptor> layout = RangeDescriptor.evenLayout(rangeCount, live, factor);
        LOG.info("node {}: initializing {} ranges with {} replicas each over live nodes {}", config.nodeId(), rangeCount, factor, live);
        ByteWriter table = new ByteWriter();
        List<NodeInfo> infos = live.stream().map(nodes::get).toList();
        for (int node : live) {
            List<RangeDescriptor> mine = layout.stream().filter(d -> d.replicas().contains(node)).toList();
            byte[] payload = createReplicasPayload(infos, mine);
            if (node == self.id()) {
                createReplicas(new ByteReader(payload));
            } else {
                rpc.call(nodes.get(node).address(), NodeMethods.CREATE_REPLICAS, payload, CALL_TIMEOUT_MS * 3).get();
            }
        }
        recordDescriptors(layout);
        awaitLeaders(layout);
        ByteWriter w = new ByteWriter().i32(layout.size());
        layout.forEach(d -> RangeCodec.writeDescriptor(w, d));
        return w.toByteArray();
    }

    private static byte[] createReplicasPayload(List<NodeInfo> infos, List<RangeDescriptor> ranges) {
        ByteWriter w = new ByteWriter().i32(infos.size());
        infos.forEach(n -> n.write(w));
        w.i32(ranges.size());
        ranges.forEach(d -> RangeCodec.writeDescriptor(w, d));
        return w.toByteArray();
    }

    private byte[] createReplicas(ByteReader r) throws IOException {
        int n = r.count(9);
        for (int i = 0; i < n; i++) {
            NodeInfo info = NodeInfo.read(r);
            if (info.id() != self.id()) {
                learn(info);
            }
        }
        int m = r.count(28);
        for (int i = 0; i < m; i++) {
            store.createReplica(RangeCodec.readDescriptor(r));
        }
        store.putMeta("cluster/initialized", new byte[] {1});
        return new byte[0];
    }

    private void awaitLeaders(List<RangeDescriptor> layout) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INIT_LEADERS_WAIT_MS);
        while (true) {
            ClusterStatus status = clusterStatus().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long withLeader = status.ranges().stream().filter(r -> r.leader() >= 0).count();
            if (withLeader >= layout.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "only " + withLeader + " of " + layout.size()
                        + " ranges elected a leader within " + INIT_LEADERS_WAIT_MS + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval while elections run
        }
    }

    /** On the range's leader: creates a replica on {@code nodeId} and adds it to the Raft group. */
    private byte[] addReplica(long rangeId, int nodeId) throws Exception {
        RangeDescriptor current = store.descriptor(rangeId);
        List<Integer> configured = store.configuredReplicas(rangeId);
        NodeInfo target = nodes.get(nodeId);
        if (target == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "range " + rangeId + ": unknown node " + nodeId);
        }
        RangeDescriptor next = current;
        if (!configured.contains(nodeId)) {
            List<Integer> replicas = new ArrayList<>(configured);
            replicas.add(nodeId);
            RangeDescriptor planned = current.withReplicas(replicas);
            List<NodeInfo> infos = replicas.stream().map(nodes::get).toList();
            rpc.call(target.address(), NodeMethods.CREATE_REPLICAS, createReplicasPayload(infos, List.of(planned)), CALL_TIMEOUT_MS * 3).get();
            next = store.changeReplicas(rangeId, replicas);
            publishDescriptor(next);
        }
        return descriptorBytes(next);
    }

    /**
     * After a change on this range's leader: tells the other replicas at once (they keep the highest
     * generation, so a follower that becomes leader refuses stale routing) and records the
     * descriptor in the meta group, the range map everyone routes by.
     */
    private void publishDescriptor(RangeDescriptor next) {
        byte[] bytes = descriptorBytes(next);
        for (int replica : next.replicas()) {
            if (replica != self.id() && nodes.containsKey(replica)) {
                rpc.call(nodes.get(replica).address(), NodeMethods.UPDATE_DESCRIPTOR, bytes, CALL_TIMEOUT_MS);
            }
        }
        recordDescriptorQuietly(next);
    }

    private static byte[] descriptorBytes(RangeDescriptor d) {
        ByteWriter w = new ByteWriter();
        RangeCodec.writeDescriptor(w, d);
        return w.toByteArray();
    }

    /**
     * On the range's leader: removes the replica on {@code nodeId} from the Raft group, tells the
     * other replicas, and asks that node (if it answers) to delete its copy.
     */
    private byte[] removeReplica(long rangeId, int nodeId) throws Exception {
        RangeDescriptor current = store.descriptor(rangeId);
        List<Integer> configured = store.configuredReplicas(rangeId);
        if (!configured.contains(nodeId)) {
            return descriptorBytes(current);
        }
        if (configured.size() == 1) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": cannot remove its last replica");
        }
        if (nodeId == self.id()) {
            // A leader does not remove itself: hand leadership to another replica first.
            int other = configured.stream().filter(n -> n != nodeId).findFirst().orElseThrow();
            store.preferLeader(rangeId, other);
            throw new BasaltException(ErrorCode.NOT_LEADER, "range " + rangeId + ": node " + nodeId
                    + " is handing leadership to node " + other + " before its replica is removed");
        }
        List<Integer> replicas = new ArrayList<>(configured);
        replicas.remove(Integer.valueOf(nodeId));
        RangeDescriptor next = store.changeReplicas(rangeId, replicas);
        byte[] bytes = descriptorBytes(next);
        publishDescriptor(next);
        NodeInfo removed = nodes.get(nodeId);
        if (removed != null && isLive(nodeId)) {
            rpc.call(removed.address(), NodeMethods.DROP_REPLICA, new ByteWriter().i64(rangeId).toByteArray(), CALL_TIMEOUT_MS * 3);
        }
        return bytes;
    }

    /** Records in the meta group that a node is being drained (or no longer is). */
    private byte[] decommission(int nodeId, boolean drain) throws Exception {
        if (!nodes.containsKey(nodeId)) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "unknown node " + nodeId);
        }
        metaCommand(drain ? MetaStateMachine.put(MetaView.DECOMMISSION_PREFIX + nodeId, new byte[] {1})
                : MetaStateMachine.delete(MetaView.DECOMMISSION_PREFIX + nodeId));
        LOG.info("node {}: node {} {}", config.nodeId(), nodeId, drain ? "is being decommissioned" : "is a placement target again");
        return new byte[0];
    }

    static final String RANGE_IDS_KEY = "ids/range";
    /** A meta command is forwarded at most this many times (to a meta replica, then to its leader). */
    static final int META_FORWARDS_MAX = 2;

    /** Allocates {@code count} ids from the meta group's counter {@code key}; returns the first. */
    long allocateIds(String key, long count) throws Exception {
        if (count < 1 || count > 1_000_000) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "id count must be in [1, 1000000], got " + count);
        }
        return new ByteReader(metaCommand(MetaStateMachine.allocate(key, count))).i64();
    }

    /** Runs a command on the meta group: here when this node leads it, else forwarded towards the leader. */
    byte[] metaCommand(byte[] command) throws Exception {
        return metaCommand(command, 0);
    }

    private byte[] metaCommand(byte[] command, int forwards) throws Exception {
        if (isMetaLeader()) {
            return metaWrite(command);
        }
        int leader = oracle.leaderNodeId();
        int target = leader >= 0 && leader != self.id() ? leader : metaHostHint;
        if (target < 0 || target == self.id() || forwards >= META_FORWARDS_MAX || !nodes.containsKey(target)) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "the meta group has no reachable leader right now (node "
                    + config.nodeId() + " knows leader " + leader + ")");
        }
        return callNode(target, NodeMethods.META_WRITE, new ByteWriter().bytes(command).u8(forwards + 1).toByteArray(), CALL_TIMEOUT_MS);
    }

    /** On the range's leader: splits it with a fresh range id for the upper half. */
    byte[] split(long rangeId) throws Exception {
        long newRangeId = allocateIds(RANGE_IDS_KEY, 1);
        RangeDescriptor left = store.split(rangeId, newRangeId).get(PlacementDriver.MOVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        // Both halves in one meta entry: the range map never shows a slot in two ranges.
        recordDescriptorQuietly(left, store.descriptor(newRangeId));
        return descriptorBytes(left);
    }

    long splitAfterWrites() {
        return config.splitAfterWrites();
    }

    long gcRetentionMs() {
        return config.gcRetentionMs();
    }

    boolean isMetaLeader() {
        try {
            org.apache.ratis.server.DivisionInfo info = store.raftServer().getDivision(MetaGroup.GROUP_ID).getInfo();
            return info.isLeader() && info.isLeaderReady();
        } catch (IOException e) {
            return false;
        }
    }

    boolean isDecommissioning(int nodeId) {
        return metaView.decommissioning().contains(nodeId);
    }

    private byte[] metaWrite(byte[] command) throws Exception {
        org.apache.ratis.protocol.RaftClientRequest request = org.apache.ratis.protocol.RaftClientRequest.newBuilder()
                .setClientId(store.clientId()).setServerId(store.raftServer().getId()).setGroupId(MetaGroup.GROUP_ID)
                .setCallId(store.nextCallId())
                .setMessage(org.apache.ratis.protocol.Message.valueOf(
                        org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations.unsafeWrap(command)))
                .setType(org.apache.ratis.protocol.RaftClientRequest.writeRequestType()).build();
        org.apache.ratis.protocol.RaftClientReply reply = store.raftServer().submitClientRequestAsync(request)
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (!reply.isSuccess()) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "meta group write failed: " + reply.getException());
        }
        return reply.getMessage().getContent().toByteArray();
    }

    /** Calls a node; the reply, or the failure as a BasaltException. */
    byte[] callNode(int nodeId, int method, byte[] payload, long timeoutMs) throws Exception {
        NodeInfo n = nodes.get(nodeId);
        if (n == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "unknown node " + nodeId);
        }
        if (nodeId == self.id()) {
            return handle(method, payload).get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        return rpc.call(n.address(), method, payload, timeoutMs).get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
    }

    List<Integer> knownNodes() {
        return nodes.keySet().stream().sorted().toList();
    }

    // ---------------------------------------------------------------- status

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

    /** Asks every live node for its replicas and merges: the leader of a range is the replica that says so in the highest term. */
    public CompletableFuture<ClusterStatus> clusterStatus() {
        List<NodeInfo> all = new ArrayList<>(nodes.values());
        all.sort(Comparator.comparingInt(NodeInfo::id));
        Map<Integer, CompletableFuture<List<ReplicaStatus>>> replies = new HashMap<>();
        for (NodeInfo n : all) {
            if (n.id() == self.id()) {
                replies.put(n.id(), CompletableFuture.completedFuture(store.status()));
            } else if (isLive(n.id())) {
                replies.put(n.id(), rpc.call(n.address(), NodeMethods.LOCAL_STATUS, new byte[0], 3_000)
                        .thenApply(b -> readLocalStatus(new ByteReader(b)))
                        .exceptionally(e -> List.of()));
            }
        }
        return CompletableFuture.allOf(replies.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            // The meta group's descriptors are the range map; before it has any (a cluster being
            // formed) the replicas' own descriptors stand in, the newest generation winning.
            MetaView view = metaView;
            boolean fromMeta = !view.ranges().isEmpty();
            Map<Long, RangeDescriptor> descriptors = new HashMap<>();
            for (RangeDescriptor d : fromMeta ? view.ranges() : store.descriptors()) {
                descriptors.put(d.rangeId(), d);
            }
            Map<Long, ReplicaStatus> leaders = new HashMap<>();
            for (Map.Entry<Integer, CompletableFuture<List<ReplicaStatus>>> e : replies.entrySet()) {
                for (ReplicaStatus s : e.getValue().join()) {
                    if (!fromMeta) {
                        descriptors.merge(s.rangeId(), s.range(), (a, b) -> a.generation() >= b.generation() ? a : b);
                    }
                    if (s.role().equals("LEADER")) {
                        ReplicaStatus known = leaders.get(s.rangeId());
                        if (known == null || known.term() < s.term()) {
                            leaders.put(s.rangeId(), new ReplicaStatus(s.range(), s.role(), e.getKey(), s.term(),
                                    s.appliedIndex(), s.entries(), s.commands(), s.writesSinceSplit()));
                        }
                    }
                }
            }
            List<ClusterStatus.Node> nodeList = all.stream().map(n -> new ClusterStatus.Node(n, isLive(n.id()))).toList();
            List<ClusterStatus.Range> ranges = new ArrayList<>();
            descriptors.values().stream().sorted(Comparator.comparingLong(RangeDescriptor::rangeId)).forEach(d -> {
                ReplicaStatus leader = leaders.get(d.rangeId());
                ranges.add(leader == null ? new ClusterStatus.Range(d, -1, 0, 0, 0, 0, 0)
                        : new ClusterStatus.Range(d, leader.leaderNodeId(), leader.term(), leader.appliedIndex(), leader.entries(),
                        leader.commands(), leader.writesSinceSplit()));
            });
            List<Integer> metaMembers = List.of();
            int metaLeader = -1;
            if (hostsMeta()) {
                try {
                    metaMembers = metaMembers();
                    metaLeader = oracle.leaderNodeId();
                } catch (IOException e) {
                    // the meta replica is starting or being removed: no meta fields this time
                }
            } else {
                metaMembers = view.metaMembers();
                metaLeader = view.metaLeader();
            }
            return new ClusterStatus(nodeList, ranges, metaMembers, metaLeader);
        });
    }

    @Override
    public void close() {
        LOG.info("node {}: stopping", config.nodeId());
        heartbeats.shutdownNow();
        driverTimer.shutdownNow();
        metaUpkeep.shutdownNow();
        server.close();
        timestamps.close();
        timestampWorkers.shutdownNow();
        statusWorkers.shutdownNow();
        admin.shutdownNow();
        rpc.close();
        store.close();
    }
}
