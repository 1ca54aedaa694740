package dev.basalt.server.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteWriter;
import dev.basalt.placement.plan.ClusterView;
import dev.basalt.placement.plan.Move;
import dev.basalt.placement.plan.NodeView;
import dev.basalt.placement.plan.Planner;
import dev.basalt.placement.plan.RangeView;
import dev.basalt.server.client.ClusterStatus;
import java.util.ArrayList;
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
 * carries out at most {@link #MOVES_PER_ROUND_MAX} of them as Raft membership changes on each
 * range's leader: add the new replica (it catches up by snapshot and log before the configuration
 * commits), then remove the one it replaces; leadership moves by reordering replica priorities.
 * A failed move is logged and planned again next round from a fresh view.
 */
final class PlacementDriver {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementDriver.class);
    static final long ROUND_MS = 1_000;
    static final int MOVES_PER_ROUND_MAX = 4;
    /** A replica change waits this long for the new replica to catch up (a snapshot may be sent). */
    static final long MOVE_TIMEOUT_MS = 120_000;

    /** Garbage collection runs every this many rounds. */
    static final int GC_EVERY_ROUNDS = 60;

    private final Node node;
    private final boolean rebalance;
    private long rounds;

    /** With {@code rebalance} false the driver only collects garbage: no moves, no splits. */
    PlacementDriver(Node node, boolean rebalance) {
        this.node = node;
        this.rebalance = rebalance;
    }

    void round() {
        if (!node.isMetaLeader()) {
            return;
        }
        if (++rounds % GC_EVERY_ROUNDS == 0) {
            collectGarbage();
        }
        if (!rebalance) {
            return;
        }
        try {
            maintainMetaGroup();
        } catch (Exception e) {
            LOG.info("placement: meta group change did not complete ({}); trying again next round", e.toString());
        }
        try {
            ClusterStatus status = node.clusterStatus().get(Node.CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (status.ranges().isEmpty()) {
                return;
            }
            if (splitBusiest(status)) {
                return; // the next round plans with the new range in view
            }
            Map<Long, ClusterStatus.Range> ranges = new TreeMap<>();
            status.ranges().forEach(r -> ranges.put(r.descriptor().rangeId(), r));
            List<NodeView> nodes = new ArrayList<>();
            for (int id : node.knownNodes()) {
                nodes.add(new NodeView(id, node.isLive(id), node.isDecommissioning(id)));
            }
            List<RangeView> views = new ArrayList<>();
            for (ClusterStatus.Range r : ranges.values()) {
                int leader = r.leader() >= 0 && r.descriptor().replicas().contains(r.leader()) ? r.leader() : NodeView.NO_NODE;
                views.add(new RangeView(r.descriptor().rangeId(), r.descriptor().replicas(), leader));
            }
            List<Move> moves = Planner.plan(new ClusterView(nodes, views, Node.REPLICATION_FACTOR));
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
                if (range == null || range.leader() < 0) {
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
        List<Integer> members = node.metaMembers();
        List<Integer> healthyNodes = node.knownNodes().stream().filter(id -> node.isLive(id) && !node.isDecommissioning(id)).toList();
        List<Integer> healthyMembers = members.stream().filter(healthyNodes::contains).toList();
        int want = dev.basalt.placement.MetaGroup.REPLICATION_FACTOR;
        if (healthyMembers.size() < want && healthyNodes.size() >= want) {
            int add = healthyNodes.stream().filter(id -> !members.contains(id)).findFirst().orElse(-1);
            if (add >= 0) {
                LOG.info("placement: meta group {}: adding a member on node {}", members, add);
                node.addMetaMember(add);
                return;
            }
        }
        if (!healthyMembers.contains(node.nodeId()) && healthyMembers.size() >= want) {
            LOG.info("placement: meta group {}: its leader, node {}, is being decommissioned; handing leadership to node {}",
                    members, node.nodeId(), healthyMembers.get(0));
            node.transferMetaLeadership(healthyMembers.get(0));
            return;
        }
        if (healthyMembers.size() >= want && members.size() > want) {
            int remove = members.stream().filter(id -> !healthyMembers.contains(id) && id != node.nodeId()).findFirst().orElse(-1);
            if (remove >= 0) {
                LOG.info("placement: meta group {}: removing the member on node {} (down or decommissioning)", members, remove);
                node.removeMetaMember(remove);
            }
        }
    }

    /**
     * Asks every range's leader to delete versions older than the retention window: the safe point
     * is now minus {@code --gc-retention-ms} on the meta leader's clock (the oracle's clock). Each
     * range clamps it below its oldest lock and from then on refuses reads below it (40001,
     * snapshot too old), so no transaction can read a half-collected history.
     */
    private void collectGarbage() {
        long safePoint = dev.basalt.common.Timestamp.of(System.currentTimeMillis() - node.gcRetentionMs(), 0);
        try {
            ClusterStatus status = node.clusterStatus().get(Node.CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            for (ClusterStatus.Range r : status.ranges()) {
                if (r.leader() < 0) {
                    continue;
                }
                ByteWriter w = new ByteWriter().i64(r.descriptor().rangeId()).i64(0);
                dev.basalt.range.RangeCodec.writeRequest(w, new dev.basalt.range.RangeRequest.Gc(safePoint));
                try {
                    node.callNode(r.leader(), NodeMethods.RANGE, w.toByteArray(), Node.CALL_TIMEOUT_MS);
                } catch (Exception e) {
                    LOG.info("gc: range {} skipped this time ({})", r.descriptor().rangeId(), e.toString());
                }
            }
            LOG.debug("gc: asked {} ranges to collect below {}", status.ranges().size(), dev.basalt.common.Timestamp.format(safePoint));
        } catch (Exception e) {
            LOG.info("gc: round skipped: {}", e.toString());
        }
    }

    /** Splits the range with the most writes since its last split, if over the threshold; true if one split. */
    private boolean splitBusiest(ClusterStatus status) {
        long threshold = node.splitAfterWrites();
        if (threshold <= 0) {
            return false;
        }
        ClusterStatus.Range busiest = status.ranges().stream()
                .filter(r -> r.leader() >= 0 && r.writesSinceSplit() >= threshold
                        && r.descriptor().slotEnd() - r.descriptor().slotStart() >= 2)
                .max(java.util.Comparator.comparingLong(ClusterStatus.Range::writesSinceSplit)).orElse(null);
        if (busiest == null) {
            return false;
        }
        long rangeId = busiest.descriptor().rangeId();
        LOG.info("placement: range {} took {} writes since its last split (threshold {}): splitting it", rangeId,
                busiest.writesSinceSplit(), threshold);
        try {
            node.callNode(busiest.leader(), NodeMethods.SPLIT, new ByteWriter().i64(rangeId).toByteArray(), MOVE_TIMEOUT_MS);
            return true;
        } catch (Exception e) {
            LOG.info("placement: split of range {} did not complete ({}); trying again later", rangeId, e.toString());
            return false;
        }
    }

    private void execute(Move move, int leader) throws Exception {
        if (move instanceof Move.AddReplica add) {
            LOG.info("placement: range {}: adding a replica on node {}{}", add.rangeId(), add.to(),
                    add.replacing() >= 0 ? " to replace node " + add.replacing() : "");
            node.callNode(leader, NodeMethods.ADD_REPLICA, new ByteWriter().i64(add.rangeId()).i32(add.to()).toByteArray(), MOVE_TIMEOUT_MS);
            if (add.replacing() >= 0) {
                remove(add.rangeId(), add.replacing(), leader);
            }
        } else if (move instanceof Move.RemoveReplica remove) {
            LOG.info("placement: range {}: removing the replica on node {}", remove.rangeId(), remove.from());
            remove(remove.rangeId(), remove.from(), leader);
        } else if (move instanceof Move.TransferLeader transfer) {
            LOG.info("placement: range {}: moving leadership from node {} to node {}", transfer.rangeId(), transfer.from(), transfer.to());
            node.callNode(leader, NodeMethods.PREFER_LEADER, new ByteWriter().i64(transfer.rangeId()).i32(transfer.to()).toByteArray(),
                    Node.CALL_TIMEOUT_MS);
        }
    }

    private void remove(long rangeId, int from, int leader) throws Exception {
        node.callNode(leader, NodeMethods.REMOVE_REPLICA, new ByteWriter().i64(rangeId).i32(from).toByteArray(), MOVE_TIMEOUT_MS);
    }
}
