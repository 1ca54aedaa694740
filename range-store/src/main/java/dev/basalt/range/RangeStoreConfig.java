package dev.basalt.range;

import dev.basalt.common.TimestampSource;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * How a node's range store runs.
 *
 * @param nodeId               this node's id (its Raft peer id is {@code n<nodeId>})
 * @param dataDir              RocksDB lives in {@code dataDir/rocksdb}, Raft logs and snapshots in {@code dataDir/raft}
 * @param raftHost             the address Ratis's gRPC transport binds
 * @param raftPort             its port (must be free; Ratis does not report an ephemeral port back)
 * @param raftAddressOf        node id to that node's {@code host:port} of Ratis
 * @param timestamps           where one-phase commits and new leaders take timestamps
 * @param electionTimeoutMs    minimum Raft election timeout; the maximum is twice it
 * @param snapshotEveryEntries a range snapshots itself after this many entries (then its log is purged)
 * @param logPurgeGap          the log is purged in steps of at least this many entries
 * @param inFlightEntriesMax   Raft entries a range leader keeps in flight; later commands wait and are batched
 * @param workerThreads        threads that check requests and read RocksDB
 * @param otherGroups          state machines of Raft groups that are not ranges (the meta group), or null for
 *                             an unknown group; the node's one Raft server hosts them beside the ranges
 */
public record RangeStoreConfig(int nodeId, Path dataDir, String raftHost, int raftPort, IntFunction<String> raftAddressOf,
                               TimestampSource timestamps, long electionTimeoutMs, long snapshotEveryEntries,
                               int logPurgeGap, int inFlightEntriesMax, int workerThreads,
                               java.util.function.Function<org.apache.ratis.protocol.RaftGroupId, org.apache.ratis.statemachine.StateMachine> otherGroups) {
    public static final long ELECTION_TIMEOUT_MS_DEFAULT = 1000;
    public static final long SNAPSHOT_EVERY_ENTRIES_DEFAULT = 10_000;
    public static final int LOG_PURGE_GAP_DEFAULT = 1024;
    public static final int IN_FLIGHT_ENTRIES_DEFAULT = 1;
    public static final int WORKER_THREADS_DEFAULT = 8;

    public static RangeStoreConfig defaults(int nodeId, Path dataDir, String raftHost, int raftPort,
                                            IntFunction<String> raftAddressOf, TimestampSource timestamps) {
        return new RangeStoreConfig(nodeId, dataDir, raftHost, raftPort, raftAddressOf, timestamps,
                ELECTION_TIMEOUT_MS_DEFAULT, SNAPSHOT_EVERY_ENTRIES_DEFAULT, LOG_PURGE_GAP_DEFAULT,
                IN_FLIGHT_ENTRIES_DEFAULT, WORKER_THREADS_DEFAULT, gid -> null);
    }

    public RangeStoreConfig withSnapshots(long everyEntries, int purgeGap) {
        return new RangeStoreConfig(nodeId, dataDir, raftHost, raftPort, raftAddressOf, timestamps, electionTimeoutMs,
                everyEntries, purgeGap, inFlightEntriesMax, workerThreads, otherGroups);
    }

    public RangeStoreConfig withOtherGroups(java.util.function.Function<org.apache.ratis.protocol.RaftGroupId,
            org.apache.ratis.statemachine.StateMachine> factory) {
        return new RangeStoreConfig(nodeId, dataDir, raftHost, raftPort, raftAddressOf, timestamps, electionTimeoutMs,
                snapshotEveryEntries, logPurgeGap, inFlightEntriesMax, workerThreads, factory);
    }
}
