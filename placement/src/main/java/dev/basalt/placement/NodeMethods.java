package dev.basalt.placement;

/**
 * Method numbers of the node protocol (on top of {@link dev.basalt.common.net} frames), in one
 * place so that no two handlers share a number. Each handler lives with the component that owns
 * the work and documents its payload there; a node's dispatch table maps these numbers to them.
 * A number is never reused: a removed method leaves a gap (10 was UPDATE_DESCRIPTOR, 4 was
 * CREATE_REPLICAS).
 */
public final class NodeMethods {
    /** A range request ({@link dev.basalt.range.store.RangeService}). */
    public static final int RANGE = 1;
    /** Membership gossip ({@code membership.Membership}). */
    public static final int HELLO = 2;
    /** Create the cluster's ranges, once ({@code replica.ClusterBootstrap}). */
    public static final int INIT = 3;
    /** This node's replicas ({@code replica.StatusService}). */
    public static final int LOCAL_STATUS = 5;
    /** The cluster as this node sees it ({@code replica.StatusService}). */
    public static final int CLUSTER_STATUS = 6;
    /** A digest of this node's replica of a range ({@code replica.ReplicaAdmin}). */
    public static final int CHECKSUM = 7;
    /** On a range's leader: add a replica on a node ({@code replica.ReplicaAdmin}). */
    public static final int ADD_REPLICA = 8;
    /** Snapshot this node's replica now and purge its log ({@code replica.ReplicaAdmin}). */
    public static final int SNAPSHOT = 9;
    /** Timestamps from the oracle ({@code tso.TimestampService}). */
    public static final int TIMESTAMPS = 11;
    /** Create this node's member of the meta group ({@code meta.MetaService}). */
    public static final int CREATE_META = 12;
    /** On a range's leader: remove the replica on a node ({@code replica.ReplicaAdmin}). */
    public static final int REMOVE_REPLICA = 13;
    /** On a range's leader: hand leadership to another replica ({@code replica.ReplicaAdmin}). */
    public static final int TRANSFER_LEADER = 14;
    /** Delete this node's replica of a range it no longer belongs to ({@code replica.ReplicaAdmin}). */
    public static final int DROP_REPLICA = 15;
    /** Mark a node to be drained, or a target again ({@code meta.MetaService}). */
    public static final int DECOMMISSION = 16;
    /** On a range's leader: split it in the middle of its slots ({@code replica.ReplicaAdmin}). */
    public static final int SPLIT = 17;
    /** Allocate ids from a meta-group counter ({@code meta.MetaService}). */
    public static final int ALLOCATE_IDS = 18;
    /** Run a command on the meta group, forwarded to its leader ({@code meta.MetaService}). */
    public static final int META_WRITE = 19;
    /** The placement part of the meta group as this node sees it ({@code meta.MetaService}). */
    public static final int META_VIEW = 20;
    /** Delete this node's meta member (configured out) ({@code meta.MetaService}). */
    public static final int DROP_META = 21;
    /** Create this node's replicas of new ranges at init ({@code replica.ReplicaAdmin}). */
    public static final int CREATE_RANGES = 22;
    /** Join a range: fetch a snapshot from a replica and start from it ({@code replica.ReplicaAdmin}). */
    public static final int JOIN_RANGE = 23;
    /** Export a snapshot of a range for a joining replica ({@code replica.SnapshotShipping}). */
    public static final int EXPORT_SNAPSHOT = 24;
    /** Read a chunk of an exported snapshot ({@code replica.SnapshotShipping}). */
    public static final int SNAPSHOT_CHUNK = 25;
    /** Shift this node's clock (fault injection; refused unless the node allows it). */
    public static final int SET_CLOCK_OFFSET = 26;
    /** A linearizable read of one meta key, at (or forwarded to) the meta leader ({@code meta.MetaService}). */
    public static final int META_READ = 27;

    private NodeMethods() {
    }
}
