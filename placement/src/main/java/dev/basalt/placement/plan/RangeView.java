package dev.basalt.placement.plan;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A range as the planner sees it: the nodes that hold its replicas and the one that leads it.
 *
 * @param replicas node ids, distinct; may be fewer than the replication factor (the range is
 *     under-replicated) or more (a replacement was cut short after its addition)
 * @param leader one of {@code replicas}, or {@link NodeView#NO_NODE} when no leader is known
 */
public record RangeView(long rangeId, List<Integer> replicas, int leader) {

    public RangeView {
        Objects.requireNonNull(replicas, "replicas");
        replicas = List.copyOf(replicas);
        Set<Integer> seen = new HashSet<>();
        for (int node : replicas) {
            if (node < 0) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST,
                        "range " + rangeId + ": replica node id " + node + " is negative");
            }
            if (!seen.add(node)) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST,
                        "range " + rangeId + ": node " + node + " holds two replicas in " + replicas);
            }
        }
        if (leader != NodeView.NO_NODE && !seen.contains(leader)) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST,
                    "range " + rangeId + ": leader " + leader + " is not one of its replicas " + replicas);
        }
    }
}
