package dev.basalt.range;

/**
 * One replica as its node sees it.
 *
 * @param range         the range's descriptor as this node knows it (its generation tells how recent)
 * @param role          LEADER, FOLLOWER, CANDIDATE or LISTENER
 * @param leaderNodeId  the leader this replica knows of, or -1
 * @param entries       Raft entries this replica proposed while leading
 * @param commands      commands those entries carried (commands / entries is the group-commit ratio)
 * @param writesSinceSplit data writes this replica applied since it started or the range last split
 */
public record ReplicaStatus(RangeDescriptor range, String role, int leaderNodeId, long term, long appliedIndex,
                            long entries, long commands, long writesSinceSplit) {
    public long rangeId() {
        return range.rangeId();
    }
}
