package dev.basalt.server.internal;

/**
 * Method numbers of the node protocol (on top of {@link dev.basalt.common.net} frames).
 * Payload formats are written next to each handler in {@link Node} and each call in
 * {@link dev.basalt.server.client.ClusterClient}; both use {@link dev.basalt.common.ByteWriter}.
 */
public final class NodeMethods {
    /** [i64 rangeId][i64 generation][range request] -> [range response]. */
    public static final int RANGE = 1;
    /** Membership gossip: [sender NodeInfo][i32 n][NodeInfo...] -> [i32 n][NodeInfo...]. */
    public static final int HELLO = 2;
    /** [i32 ranges] -> [i32 n][descriptor...]: create the cluster's ranges (once). */
    public static final int INIT = 3;
    /** [i32 n][NodeInfo...][i32 m][descriptor...] -> []: create this node's replicas of these ranges. */
    public static final int CREATE_REPLICAS = 4;
    /** [] -> [i32 n][replica status...] of this node. */
    public static final int LOCAL_STATUS = 5;
    /** [] -> ClusterStatus as this node sees the cluster. */
    public static final int CLUSTER_STATUS = 6;
    /** [i64 rangeId] -> [i64 appliedIndex][i64 records][string sha256] of this node's replica. */
    public static final int CHECKSUM = 7;
    /** [i64 rangeId][i32 nodeId] -> [descriptor]: on the range's leader, add a replica on that node. */
    public static final int ADD_REPLICA = 8;
    /** [i64 rangeId] -> [i64 snapshot index]: snapshot this node's replica now and purge its log. */
    public static final int SNAPSHOT = 9;
    /** [descriptor] -> []: record a range's new descriptor. */
    public static final int UPDATE_DESCRIPTOR = 10;

    /**
     * [i32 count][bool forward] -> [bool ok][i64 first timestamp], or [false][i32 meta leader hint]
     * when this node does not lead the meta group and {@code forward} is false.
     */
    public static final int TIMESTAMPS = 11;
    /** [i32 n][NodeInfo...][i32 m][i32 nodeId...] -> []: create this node's replica of the meta group with these peers. */
    public static final int CREATE_META = 12;

    /** [i64 rangeId][i32 nodeId] -> [descriptor]: on the range's leader, remove the replica on that node. */
    public static final int REMOVE_REPLICA = 13;
    /** [i64 rangeId][i32 nodeId] -> [descriptor]: on the range's leader, make that replica the preferred leader. */
    public static final int PREFER_LEADER = 14;
    /** [i64 rangeId] -> []: delete this node's replica of a range it no longer belongs to. */
    public static final int DROP_REPLICA = 15;
    /** [i32 nodeId][bool decommission] -> []: mark a node to be drained (true) or a target again (false). */
    public static final int DECOMMISSION = 16;

    /** [i64 rangeId] -> [descriptor of the left half]: on the range's leader, split it in the middle of its slots. */
    public static final int SPLIT = 17;
    /** [string key][i64 count] -> [i64 first]: allocate ids from a meta-group counter (forwarded to the meta leader). */
    public static final int ALLOCATE_IDS = 18;
    /** [u8 hops][meta command] -> [reply]: run a command on the meta group (forwarded to its leader). */
    public static final int META_WRITE = 19;
    /** [] -> [MetaView]: the placement part of the meta group, from a node that hosts a meta replica. */
    public static final int META_VIEW = 20;
    /** [] -> []: delete this node's meta replica (it was configured out of the meta group). */
    public static final int DROP_META = 21;

    private NodeMethods() {
    }
}
