package dev.basalt.placement.plan;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;

/**
 * A node as the planner sees it: its id and what the meta range last knew of its liveness.
 *
 * <p>A node is a <b>target</b>, a place the planner may put a replica or a leader, only if it is
 * live and not decommissioning. A down node still holds its replicas until they are replaced; a
 * decommissioning node is live and keeps serving until its replicas have moved away.
 *
 * @param nodeId non-negative; {@link #NO_NODE} stands for "no node" elsewhere in this package
 */
public record NodeView(int nodeId, boolean live, boolean decommissioning) {

    /** "No node": a range with no known leader, an addition that replaces nothing. */
    public static final int NO_NODE = -1;

    public NodeView {
        if (nodeId < 0) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "node id " + nodeId + " is negative");
        }
    }

    /** Whether the planner may place replicas and leaders here: live and not decommissioning. */
    public boolean isTarget() {
        return live && !decommissioning;
    }
}
