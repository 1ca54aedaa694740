package dev.basalt.placement.driver;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.net.RpcClient;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.membership.Membership;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.placement.plan.ClusterView;
import dev.basalt.placement.plan.Move;
import dev.basalt.placement.plan.NodeView;
import dev.basalt.placement.plan.Planner;
import dev.basalt.placement.plan.RangeView;
import dev.basalt.placement.replica.ClusterBootstrap;
import dev.basalt.placement.replica.ReplicaAdmin;
import dev.basalt.placement.replica.StatusService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement driver (DESIGN.md section 5): on the node that leads the meta group, every
 * {@link #ROUND_MS} it builds the cluster view (replicas and leaders from every live node, node
 * liveness, decommission marks from the meta group), asks the pure {@link Planner} for moves and
 * carries out at most {@link #MOVES_PER_ROUND_MAX} of them on each range's leader: add the new
 * replica (it joins from a snapshot and catches up before the configuration commits), then remove
 * the one it replaces; leadership moves by Raft leadership transfer. It also keeps the meta
 * group on three healthy nodes, splits busy ranges, and re-creates a replica that a configured
 * member lost (it missed the split that made the range, or its files were lost). A failed move is
 * logged and planned again next round from a fresh view.
 */
public final class PlacementDriver {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementDriver.class);
    public static final long ROUND_MS = 1_000;
    static final int MOVES_PER_ROUND_MAX = 4;
    /**
     * A move only ever goes to a node that greeted this one within this long (gossip runs every
     * 500 ms). A node whose liveness record has not expired yet may be dead or paused right now;
     * handing it a range's leadership would stop that range until the transfer times out.
     */
    static final long TARGET_HEARD_MS_MAX = 1_500;
    /** A configured replica missing from its node for this many rounds in a row is re-created. */
    static final int MISSING_ROUNDS_BEFORE_REPAIR = 3;
    static final long CALL_TIMEOUT_MS = 10_000;

    private final Membership membership;
    private final MetaService meta;
    private final StatusService status;
    private final RpcClient rpc;
    private final boolean rebalance;
    private final long splitAfterWrites;
    /** (range id, node id) -> consecutive rounds the replica was missing. */
    private final Map<List<Long>, Integer> missing = new HashMap<>();

    /** With {@code rebalance} false the driver makes no moves and no splits. */
    public PlacementDriver(Membership membership, MetaService meta, StatusService status, RpcClient rpc, boolean rebalance,
                           long splitAfterWrites) {
        this.membership = membership;
        this.meta = meta;
        this.status = status;
        this.rpc = rpc;
        this.rebalance = rebalance;
        this.splitAfterWrites = splitAfterWrites;
    }

    public void round() {
        if (!meta.isLeader() || !rebalance) {
            return;
        }
        try {
            maintainMetaGroup();
        } catch (Exception e) {
            LOG.info("placement: meta group change did not complete ({}); trying again next round", e.toString());
        }
        try {
            ClusterStatus cluster = status.clusterStatus().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (cluster.ranges().isEmpty()) {
                return;
            }
            if (repairMissingReplicas(cluster) || splitBusiest(cluster)) {
                return; // the next round plans with a fresh view
            }
            Map<Long, ClusterStatus.Range> ranges = new TreeMap<>();
            cluster.ranges().forEach(r -> ranges.put(r.descriptor().rangeId(), r));
            List<NodeView> nodes = new ArrayList<>();
            Set<Integer> decommissioning = meta.view().decommissioning();
            for (int id : membership.knownNodes()) {
                nodes.add(new NodeView(id, membership.isLive(id), decommissioning.contains(id)));
            }
            List<RangeView> views = new ArrayList<>();
            for (ClusterStatus.Range r : ranges.values()) {
                int leader = r.leader() >= 0 && r.descriptor().replicas().contains(r.leader()) ? r.leader() : NodeView.NO_NODE;
                views.add(new RangeView(r.descriptor().rangeId(), r.descriptor().replicas(), leader));
            }
            List<Move> moves = Planner.plan(new ClusterView(nodes, views, ClusterBootstrap.REPLICATION_FACTOR));
            Set<Long> failed = new HashSet<>();
            int done = 0;
            for (Move move : moves) {
                if (done == MOVES_PER_ROUND_MAX) {
                    break;
                }
                if (failed.contains(move.rangeId())) {
                    continue;
                }
                ClusterStatus.Range range = ranges.get(move.rangeId());
                if (range == null || range.leader() < 0 || !reachable(targetOf(move))) {
                    failed.add(move.rangeId());
                    continue;
                }
                try {
                    execute(move, range.leader());
                    done++;
                } catch (Exception e) {
                    failed.add(move.rangeId());
                    LOG.info("placement: {} did not complete ({}); planning again next round", move,
                            e instanceof BasaltException ? e.getMessage() : e.toString());
                }
            }
        } catch (Exception e) {
            LOG.debug("placement: round skipped: {}", e.toString());
        }
    }

    /**
     * Keeps the meta group on three healthy nodes once three exist (one on a smaller cluster): adds
     * a member on the lowest-id live node without one while fewer than three members are healthy
     * (live, not decommissioning), and removes an unhealthy member only once three healthy ones
     * are in place, so a down node never shrinks the group below three. The leader never removes
     * itself. One change per round.
     */
    private void maintainMetaGroup() throws Exception {
        List<Integer> members = meta.members();
        Set<Integer> decommissioning = meta.view().decommissioning();
        List<Integer> healthyNodes = membership.knownNodes().stream()
                .filter(id -> membership.isLive(id) && !decommissioning.contains(id)).toList();
        List<Integer> healthyMembers = members.stream().filter(healthyNodes::contains).toList();
        int want = MetaService.REPLICATION_FACTOR;
        if (healthyMembers.size() < want && healthyNodes.size() >= want) {
            int add = healthyNodes.stream().filter(id -> !members.contains(id) && reachable(id)).findFirst().orElse(-1);
            if (add >= 0) {
                LOG.info("placement: meta group {}: adding a member on node {}", members, add);
                meta.addMember(add, ReplicaAdmin.MOVE_TIMEOUT_MS);
                return;
            }
        }
        if (!healthyMembers.contains(membership.selfId()) && healthyMembers.size() >= want && reachable(healthyMembers.get(0))) {
            LOG.info("placement: meta group {}: its leader, node {}, is being decommissioned; handing leadership to node {}",
                    members, membership.selfId(), healthyMembers.get(0));
            meta.transferLeadership(healthyMembers.get(0));
            return;
        }
        if (healthyMembers.size() >= want && members.size() > want) {
            int remove = members.stream().filter(id -> !healthyMembers.contains(id) && id != membership.selfId()).findFirst().orElse(-1);
            if (remove >= 0) {
                LOG.info("placement: meta group {}: removing the member on node {} (down or decommissioning)", members, remove);
                meta.removeMember(remove);
            }
        }
    }

    /**
     * Re-creates a configured replica that its (live) node does not host, once it has been missing
     * for {@link #MISSING_ROUNDS_BEFORE_REPAIR} rounds: the node joins from a snapshot of the
     * leader's replica. True if one was repaired.
     */
    private boolean repairMissingReplicas(ClusterStatus cluster) {
        Set<List<Long>> seen = new HashSet<>();
        for (ClusterStatus.Range r : cluster.ranges()) {
            if (r.leader() < 0) {
                continue;
            }
            for (int node : r.descriptor().replicas()) {
                if (!membership.isLive(node) || !reachable(node) || r.hosts().contains(node)) {
                    continue;
                }
                List<Long> key = List.of(r.descriptor().rangeId(), (long) node);
                seen.add(key);
                int rounds = missing.merge(key, 1, Integer::sum);
                if (rounds >= MISSING_ROUNDS_BEFORE_REPAIR) {
                    missing.remove(key);
                    LOG.info("placement: range {}: node {} is configured as a replica but does not host it; re-creating it from a snapshot",
                            r.descriptor().rangeId(), node);
                    try {
                        call(r.leader(), NodeMethods.ADD_REPLICA, new ByteWriter().i64(r.descriptor().rangeId()).i32(node).toByteArray(),
                                ReplicaAdmin.MOVE_TIMEOUT_MS);
                        return true;
                    } catch (Exception e) {
                        LOG.info("placement: re-creating range {} on node {} did not complete ({}); trying again later",
                                r.descriptor().rangeId(), node, e.toString());
                    }
                }
            }
        }
        missing.keySet().retainAll(seen);
        return false;
    }

    /** Splits the range with the most writes since its last split, if over the threshold; true if one split. */
    private boolean splitBusiest(ClusterStatus cluster) {
        if (splitAfterWrites <= 0) {
            return false;
        }
        ClusterStatus.Range busiest = cluster.ranges().stream()
                .filter(r -> r.leader() >= 0 && r.writesSinceSplit() >= splitAfterWrites
                        && r.descriptor().slotEnd() - r.descriptor().slotStart() >= 2)
                .max(java.util.Comparator.comparingLong(ClusterStatus.Range::writesSinceSplit)).orElse(null);
        if (busiest == null) {
            return false;
        }
        long rangeId = busiest.descriptor().rangeId();
        LOG.info("placement: range {} took {} writes since its last split (threshold {}): splitting it", rangeId,
                busiest.writesSinceSplit(), splitAfterWrites);
        try {
            call(busiest.leader(), NodeMethods.SPLIT, new ByteWriter().i64(rangeId).toByteArray(), ReplicaAdmin.MOVE_TIMEOUT_MS);
            return true;
        } catch (Exception e) {
            LOG.info("placement: split of range {} did not complete ({}); trying again later", rangeId, e.toString());
            return false;
        }
    }

    /** The node a move adds a replica on or hands leadership to (-1 for a removal). */
    private static int targetOf(Move move) {
        if (move instanceof Move.AddReplica add) {
            return add.to();
        }
        if (move instanceof Move.TransferLeader transfer) {
            return transfer.to();
        }
        return -1;
    }

    private boolean reachable(int node) {
        return node < 0 || membership.heardWithin(node, TARGET_HEARD_MS_MAX);
    }

    private void execute(Move move, int leader) throws Exception {
        if (move instanceof Move.AddReplica add) {
            LOG.info("placement: range {}: adding a replica on node {}{}", add.rangeId(), add.to(),
                    add.replacing() >= 0 ? " to replace node " + add.replacing() : "");
            call(leader, NodeMethods.ADD_REPLICA, new ByteWriter().i64(add.rangeId()).i32(add.to()).toByteArray(), ReplicaAdmin.MOVE_TIMEOUT_MS);
            if (add.replacing() >= 0) {
                remove(add.rangeId(), add.replacing(), leader);
            }
        } else if (move instanceof Move.RemoveReplica remove) {
            LOG.info("placement: range {}: removing the replica on node {}", remove.rangeId(), remove.from());
            remove(remove.rangeId(), remove.from(), leader);
        } else if (move instanceof Move.TransferLeader transfer) {
            LOG.info("placement: range {}: moving leadership from node {} to node {}", transfer.rangeId(), transfer.from(), transfer.to());
            call(leader, NodeMethods.TRANSFER_LEADER, new ByteWriter().i64(transfer.rangeId()).i32(transfer.to()).toByteArray(),
                    CALL_TIMEOUT_MS);
        }
    }

    private void remove(long rangeId, int from, int leader) throws Exception {
        call(leader, NodeMethods.REMOVE_REPLICA, new ByteWriter().i64(rangeId).i32(from).toByteArray(), ReplicaAdmin.MOVE_TIMEOUT_MS);
    }

    private byte[] call(int nodeId, int method, byte[] payload, long timeoutMs) throws Exception {
        var address = membership.addressOf(nodeId);
        if (address == null) {
            throw new BasaltException(dev.basalt.common.ErrorCode.UNDEFINED_OBJECT, "unknown node " + nodeId);
        }
        return rpc.call(address, method, payload, timeoutMs).get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
    }
}
