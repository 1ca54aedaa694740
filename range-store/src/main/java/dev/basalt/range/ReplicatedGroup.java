package dev.basalt.range;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * This node's member of a replicated group that is not a range (the meta group), as the range
 * store hosts it on its one Raft server. Members are node ids; the group's Raft configuration is
 * the truth about them.
 */
public interface ReplicatedGroup {
    /** The group's name (for example {@code "meta"}). */
    String name();

    /**
     * Replicates {@code command} and completes with its {@link ReplicatedState#apply} reply once
     * applied here. Fails with NOT_LEADER (this node does not lead: nothing was appended) or
     * REQUEST_OUTCOME_UNKNOWN (appended, then leadership was lost before the outcome was known).
     */
    CompletableFuture<byte[]> propose(byte[] command);

    /**
     * Completes once this member may serve a linearizable read of its state: it leads, holds the
     * leader lease or passed a ReadIndex round, and has applied everything committed before the call.
     */
    CompletableFuture<Void> readBarrier();

    /** Whether this member leads and has applied its term's first entry (every earlier entry is applied). */
    boolean isLeaderReady();

    /** The current Raft term as this member knows it. */
    long term();

    /** The node that leads the group as this member knows it, or -1. */
    int leaderNodeId();

    /** The members of the group's current configuration, sorted. */
    List<Integer> members();

    /**
     * On the leader: changes the members to {@code nodeIds}. New members must already host the
     * group ({@link dev.basalt.range.store.RangeStore#createGroup}); the change commits once they have caught up.
     */
    void setMembers(List<Integer> nodeIds);

    /** On the leader: hands leadership to member {@code nodeId}, waiting at most {@code timeoutMs}. */
    void transferLeadership(int nodeId, long timeoutMs);
}
