package dev.basalt.range.internal;

import dev.basalt.range.RangeStoreConfig;
import java.util.List;
import java.util.UUID;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** How Basalt names and configures its Ratis groups (settings and their reasons: notes/RATIS.md). */
public final class RangeStoreRaft {
    /** The high half of every range group's UUID: "BASALT" in ASCII. */
    private static final long GROUP_ID_HIGH = 0x0000_4241_5341_4C54L;

    private RangeStoreRaft() {
    }

    public static RaftGroupId groupIdOf(long rangeId) {
        return RaftGroupId.valueOf(new UUID(GROUP_ID_HIGH, rangeId));
    }

    /** The range id of a group id, or -1 if the group is not a Basalt range. */
    public static long rangeIdOf(RaftGroupId groupId) {
        UUID uuid = groupId.getUuid();
        return uuid.getMostSignificantBits() == GROUP_ID_HIGH ? uuid.getLeastSignificantBits() : -1;
    }

    /** The group id of a replicated group that is not a range, derived from its name. */
    public static RaftGroupId groupIdOf(String name) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("basalt-group:" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The name among {@code names} whose group id is {@code groupId}, or null (a range, or unknown). */
    public static String groupNameOf(RaftGroupId groupId, java.util.Collection<String> names) {
        for (String name : names) {
            if (groupIdOf(name).equals(groupId)) {
                return name;
            }
        }
        return null;
    }

    /** The Ratis state machine that runs a replicated state. */
    public static org.apache.ratis.statemachine.StateMachine stateMachineOf(String name, dev.basalt.range.ReplicatedState state) {
        return new GroupStateMachine(name, state);
    }

    /**
     * Node {@code nodeId}'s Raft peer at {@code address}. Every peer has the same priority: see
     * {@link RangeReplicas#transferLeader} for why leadership preferences stay out of Raft.
     */
    public static org.apache.ratis.protocol.RaftPeer peer(int nodeId, String address) {
        return org.apache.ratis.protocol.RaftPeer.newBuilder().setId(peerIdOf(nodeId)).setAddress(address).build();
    }

    public static RaftPeerId peerIdOf(int nodeId) {
        return RaftPeerId.valueOf("n" + nodeId);
    }

    public static int nodeIdOf(RaftPeerId peerId) {
        String s = peerId.toString();
        return s.startsWith("n") ? Integer.parseInt(s.substring(1)) : -1;
    }

    /** Sleep before a leader retries a failing follower: 1 ms ten times, 50 ms twenty times, then 200 ms. */
    static final String APPENDER_RETRY_POLICY = "1ms,10, 50ms,20, 200ms,1000000000";

    public static RaftProperties properties(RangeStoreConfig config) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(p, config.raftHost());
        GrpcConfigKeys.Server.setPort(p, config.raftPort());
        RaftServerConfigKeys.setStorageDir(p, List.of(config.dataDir().resolve("raft").toFile()));
        // 150/300 ms elections churn leaders on a loaded 2-core machine; 1 s / 2 s is stable.
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(config.electionTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2L * config.electionTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotEveryEntries());
        // The log worker keeps writing while the previous batch is fsynced; an entry still counts
        // as persisted (for commit and for acks) only once its fsync completed.
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, true);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, config.logPurgeGap());
        // Every group costs memory; these bounds keep a node with dozens of groups small.
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("1MB"));
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(1024 * 1024 + 64));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("8MB"));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf("1MB"));
        // A leader's appender backs off after failures to reach a follower: by default 1 s after
        // 10 failures and 5 s after 30 (a restarting node collects that many in seconds), and every
        // INCONSISTENCY reply on the way to catching up counts as one more. A restarted node then
        // took 10-25 s to catch up, with its ranges one failure from unavailable all that time.
        // Back off 200 ms at most instead.
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, APPENDER_RETRY_POLICY);
        return p;
    }
}
