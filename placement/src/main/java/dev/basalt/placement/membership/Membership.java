package dev.basalt.placement.membership;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.WallClock;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.common.net.RpcHandler;
import dev.basalt.placement.NodeDirectory;
import dev.basalt.placement.NodeInfo;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.meta.MetaView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in the cluster, where they listen, whether they are live, and what time they think it is.
 *
 * <p><b>Gossip.</b> Every {@link #HEARTBEAT_MS} a node sends HELLO (its own info, the table of nodes
 * it knows, its clock) to every other node and to its {@code --join} addresses, and merges the
 * table each reply carries, so a node that joined through node 1 soon knows every other node. The
 * table is persisted, so a restarted node knows where its peers are before anyone calls it.
 *
 * <p><b>Liveness.</b> Once the cluster is initialized the meta group decides: its leader renews
 * the liveness deadline of every node that greeted it recently ({@code liveness/<id>}), and a node
 * is live while its deadline has not passed. Before the meta group holds a node's record (a
 * cluster being formed), "greeted this node within the timeout" stands in.
 *
 * <p><b>Clocks.</b> Each HELLO reply carries the replier's clock; from it and the round trip a node
 * estimates every peer's clock (error: half the round trip), kept as the peer's reading at a
 * moment of this node's monotonic clock, so that a jump of this node's own wall clock does not
 * move its estimates of the others. {@link #clusterNowMs()} is the
 * median of this node's clock and the estimated clocks of its recently heard peers: a single node
 * whose clock is far off cannot move it. Liveness deadlines are judged against it, and the timestamp
 * oracle bounds its clock by it (see {@code tso.TimestampOracle}).
 *
 * <pre>
 *   HELLO [sender NodeInfo][i32 n][NodeInfo...][i64 sender clock ms] -> [i32 n][NodeInfo...][i64 replier clock ms]
 * </pre>
 */
public final class Membership implements NodeDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    public static final long HEARTBEAT_MS = 500;
    /** A clock sample older than this is not used for the cluster clock. */
    static final long CLOCK_SAMPLE_AGE_MS_MAX = 10_000;

    private final NodeInfo self;
    private final List<HostPort> join;
    private final RpcClient rpc;
    private final WallClock clock;
    private final long downAfterMs;
    private final Supplier<MetaView> view;
    private final BiConsumer<Integer, byte[]> persist;
    private final Map<Integer, NodeInfo> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastHeardNanos = new ConcurrentHashMap<>();
    /** Peer id -> {the peer's clock (ms) estimated at the sample, System.nanoTime() of the sample}. */
    private final Map<Integer, long[]> peerClocks = new ConcurrentHashMap<>();
    private volatile boolean restored;

    /**
     * @param persist stores a learned node (id, encoded NodeInfo) so that a restart knows it; not
     *                called before {@link #restore}
     */
    public Membership(NodeInfo self, List<HostPort> join, RpcClient rpc, WallClock clock, long downAfterMs, Supplier<MetaView> view,
                      BiConsumer<Integer, byte[]> persist) {
        this.self = self;
        this.join = List.copyOf(join);
        this.rpc = rpc;
        this.clock = clock;
        this.downAfterMs = downAfterMs;
        this.view = view;
        this.persist = persist;
        nodes.put(self.id(), self);
    }

    /** Loads the node table an earlier run persisted (encoded NodeInfos) and persists this node's own entry. */
    public void restore(java.util.Collection<byte[]> persisted) {
        for (byte[] bytes : persisted) {
            NodeInfo n = NodeInfo.read(new ByteReader(bytes));
            if (n.id() != self.id()) {
                nodes.putIfAbsent(n.id(), n);
            }
        }
        restored = true;
        nodes.values().forEach(this::persistNode);
    }

    public NodeInfo self() {
        return self;
    }

    @Override
    public int selfId() {
        return self.id();
    }

    public WallClock clock() {
        return clock;
    }

    @Override
    public NodeInfo info(int nodeId) {
        return nodes.get(nodeId);
    }

    @Override
    public List<Integer> knownNodes() {
        List<Integer> ids = new ArrayList<>(nodes.keySet());
        Collections.sort(ids);
        return ids;
    }

    public List<NodeInfo> all() {
        List<NodeInfo> out = new ArrayList<>(nodes.values());
        out.sort(java.util.Comparator.comparingInt(NodeInfo::id));
        return out;
    }

    /** The {@code host:port} of a node's Raft transport (the range store's address book). */
    public String raftAddressOf(int nodeId) {
        NodeInfo n = nodes.get(nodeId);
        if (n == null) {
            throw new dev.basalt.common.BasaltException(dev.basalt.common.ErrorCode.UNDEFINED_OBJECT,
                    "node " + self.id() + " does not know node " + nodeId);
        }
        return n.raftAddress().toString();
    }

    @Override
    public void learn(NodeInfo n) {
        NodeInfo known = nodes.get(n.id());
        if (!n.equals(known)) {
            if (known != null) {
                LOG.warn("node {}: node {} moved from {} to {}", self.id(), n.id(), known.address(), n.address());
            } else {
                LOG.info("node {}: learned of node {} at {}", self.id(), n.id(), n.address());
            }
            nodes.put(n.id(), n);
            persistNode(n);
        }
    }

    private void persistNode(NodeInfo n) {
        if (!restored) {
            return;
        }
        ByteWriter w = new ByteWriter();
        n.write(w);
        persist.accept(n.id(), w.toByteArray());
    }

    // ---------------------------------------------------------------- gossip

    private byte[] table() {
        ByteWriter w = new ByteWriter();
        List<NodeInfo> all = all();
        w.i32(all.size());
        all.forEach(n -> n.write(w));
        return w.toByteArray();
    }

    /** One gossip round: HELLO to every known node and every join address. */
    public void heartbeat() {
        try {
            ByteWriter w = new ByteWriter();
            self.write(w);
            byte[] table = table();
            w.raw(table, 0, table.length);
            List<Integer> targets = new ArrayList<>();
            List<HostPort> addresses = new ArrayList<>();
            for (NodeInfo n : nodes.values()) {
                if (n.id() != self.id()) {
                    targets.add(n.id());
                    addresses.add(n.address());
                }
            }
            for (HostPort address : join) {
                if (!addresses.contains(address) && !address.equals(self.address())) {
                    targets.add(-1);
                    addresses.add(address);
                }
            }
            for (int i = 0; i < addresses.size(); i++) {
                long sentNanos = System.nanoTime();
                long sentMs = clock.nowMs();
                byte[] payload = new ByteWriter().raw(w.toByteArray(), 0, w.length()).i64(sentMs).toByteArray();
                rpc.call(addresses.get(i), NodeMethods.HELLO, payload, HEARTBEAT_MS * 4).whenComplete((reply, e) -> {
                    if (e == null) {
                        onReply(new ByteReader(reply), sentNanos);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("node {}: heartbeat round failed: {}", self.id(), e.toString());
        }
    }

    private void onReply(ByteReader r, long sentNanos) {
        int n = r.count(9);
        int replier = -1;
        for (int i = 0; i < n; i++) {
            NodeInfo info = NodeInfo.read(r);
            if (i == 0) {
                replier = info.id(); // a reply's table starts with the replier
            }
            if (info.id() != self.id()) {
                learn(info);
            }
        }
        if (r.remaining() >= 8 && replier >= 0 && replier != self.id()) {
            long peerMs = r.i64();
            long receivedNanos = System.nanoTime();
            long rttMs = TimeUnit.NANOSECONDS.toMillis(receivedNanos - sentNanos);
            peerClocks.put(replier, new long[] {peerMs + rttMs / 2, receivedNanos});
        }
    }

    private byte[] onHello(ByteReader r) {
        NodeInfo sender = NodeInfo.read(r);
        learn(sender);
        lastHeardNanos.put(sender.id(), System.nanoTime());
        int n = r.count(9);
        for (int i = 0; i < n; i++) {
            NodeInfo info = NodeInfo.read(r);
            if (info.id() != self.id()) {
                learn(info);
            }
        }
        // The reply's table starts with this node, so the caller knows who answered.
        ByteWriter w = new ByteWriter();
        List<NodeInfo> all = new ArrayList<>();
        all.add(self);
        all().stream().filter(x -> x.id() != self.id()).forEach(all::add);
        w.i32(all.size());
        all.forEach(x -> x.write(w));
        w.i64(clock.nowMs());
        return w.toByteArray();
    }

    /**
     * HELLO, and SET_CLOCK_OFFSET ([i64 offset ms] -> []): shifts this node's clock, for fault
     * injection; refused unless {@code clockShiftAllowed} (the node was started with fault
     * injection on).
     */
    public Map<Integer, RpcHandler> handlers(boolean clockShiftAllowed) {
        return Map.of(
                NodeMethods.HELLO, (m, p) -> CompletableFuture.completedFuture(onHello(new ByteReader(p))),
                NodeMethods.SET_CLOCK_OFFSET, (m, p) -> {
                    if (!clockShiftAllowed) {
                        return CompletableFuture.failedFuture(new dev.basalt.common.BasaltException(dev.basalt.common.ErrorCode.INVALID_STATE,
                                "node " + self.id() + " does not allow its clock to be shifted (start it with --fault-injection on)"));
                    }
                    long offsetMs = new ByteReader(p).i64();
                    LOG.warn("node {}: clock shifted by {} ms (fault injection)", self.id(), offsetMs);
                    clock.setOffsetMs(offsetMs);
                    return CompletableFuture.completedFuture(new byte[0]);
                });
    }

    // ---------------------------------------------------------------- liveness

    /** Whether the node greeted this one within {@code ms} (this node always counts). */
    public boolean heardWithin(int nodeId, long ms) {
        if (nodeId == self.id()) {
            return true;
        }
        Long heard = lastHeardNanos.get(nodeId);
        return heard != null && System.nanoTime() - heard < TimeUnit.MILLISECONDS.toNanos(ms);
    }

    public long downAfterMs() {
        return downAfterMs;
    }

    /**
     * Whether a node is live: once the meta group holds a liveness record for it, that record
     * decides (its deadline has not passed on the cluster clock); before that, whether it greeted
     * this node within the timeout.
     */
    @Override
    public boolean isLive(int nodeId) {
        if (nodeId == self.id()) {
            return true;
        }
        MetaView v = view.get();
        if (v.knowsLiveness(nodeId)) {
            return v.liveAt(nodeId, clusterNowMs());
        }
        return heardWithin(nodeId, downAfterMs);
    }

    // ---------------------------------------------------------------- clocks

    /**
     * The median of this node's clock and the clocks of its recently heard peers as estimated from
     * gossip: a single node whose clock is far off, this one included, cannot move it far.
     */
    public long clusterNowMs() {
        List<Long> readings = new ArrayList<>();
        readings.add(clock.nowMs());
        long nowNanos = System.nanoTime();
        long freshNanos = nowNanos - TimeUnit.MILLISECONDS.toNanos(CLOCK_SAMPLE_AGE_MS_MAX);
        peerClocks.forEach((id, sample) -> {
            if (sample[1] > freshNanos) {
                readings.add(sample[0] + TimeUnit.NANOSECONDS.toMillis(nowNanos - sample[1]));
            }
        });
        Collections.sort(readings);
        return readings.get(readings.size() / 2);
    }
}
