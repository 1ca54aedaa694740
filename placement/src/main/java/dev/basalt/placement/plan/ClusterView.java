package dev.basalt.placement.plan;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the planner reads: the nodes, the ranges and how many replicas a range should have.
 * The order of the lists carries no meaning; the planner orders nodes and ranges by id itself.
 *
 * <p>A view is consistent by construction: node ids and range ids are unique, every replica is on
 * a node of the view, and {@code replicationFactor >= 1}. Anything else is refused with
 * {@link ErrorCode#INVALID_REQUEST}.
 */
public record ClusterView(List<NodeView> nodes, List<RangeView> ranges, int replicationFactor) {

    public ClusterView {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(ranges, "ranges");
        nodes = List.copyOf(nodes);
        ranges = List.copyOf(ranges);
        if (replicationFactor < 1) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST,
                    "replication factor " + replicationFactor + " is below 1");
        }
        Set<Integer> nodeIds = new HashSet<>();
        for (NodeView node : nodes) {
            if (!nodeIds.add(node.nodeId())) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "node " + node.nodeId() + " appears twice");
            }
        }
        Set<Long> rangeIds = new HashSet<>();
        for (RangeView range : ranges) {
            if (!rangeIds.add(range.rangeId())) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + range.rangeId() + " appears twice");
            }
            for (int node : range.replicas()) {
                if (!nodeIds.contains(node)) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST,
                            "range " + range.rangeId() + ": replica on node " + node + ", which is not in the view");
                }
            }
        }
    }
}
