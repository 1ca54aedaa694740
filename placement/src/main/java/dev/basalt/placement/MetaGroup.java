package dev.basalt.placement;

import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/** The meta group: the Raft group that holds the cluster's durable metadata (DESIGN.md section 5). */
public final class MetaGroup {
    /** "BASMETA" in ASCII: distinct from every range group id. */
    public static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(new UUID(0x0042_4153_4D45_5441L, 0));
    /** The meta group has this many replicas once that many nodes exist. */
    public static final int REPLICATION_FACTOR = 3;

    private MetaGroup() {
    }
}
