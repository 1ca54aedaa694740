package dev.basalt.placement;

import dev.basalt.common.net.HostPort;
import java.util.List;

/** What this node knows of the others: where they listen and whether they are live. */
public interface NodeDirectory {
    /** This node's id. */
    int selfId();

    /** The node's info, or null if unknown. */
    NodeInfo info(int nodeId);

    /** Known node ids, sorted. */
    List<Integer> knownNodes();

    /** Whether the node counts as live (see the membership documentation). */
    boolean isLive(int nodeId);

    /** Records a node's addresses (learned from the meta group, an admin call or gossip). */
    void learn(NodeInfo node);

    /** Where the node listens for Basalt's protocol, or null if unknown. */
    default HostPort addressOf(int nodeId) {
        NodeInfo n = info(nodeId);
        return n == null ? null : n.address();
    }
}
