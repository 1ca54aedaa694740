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

    private final Node node;

    PlacementDriver(Node node) {
        this.node = node;
    }

    void round() {
        if (!node.isMetaLeader()) {
            return;
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
