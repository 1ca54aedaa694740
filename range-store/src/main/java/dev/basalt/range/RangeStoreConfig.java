package dev.basalt.range;

import dev.basalt.common.TimestampSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * How a node's range store runs.
 *
 * @param nodeId               this node's id
 * @param dataDir              RocksDB lives in {@code dataDir/rocksdb}, Raft logs and snapshots in {@code dataDir/raft}
 * @param raftHost             the address the Raft transport binds
 * @param raftPort             its port (must be free: the Raft transport does not report an ephemeral port back)
 * @param raftAddressOf        node id to that node's {@code host:port} of the Raft transport
 * @param oracle               the cluster's timestamp oracle: a new range leader takes its read floor from it
 * @param electionTimeoutMs    minimum Raft election timeout; the maximum is twice it
 * @param snapshotEveryEntries a range snapshots itself after this many entries (then its log is purged)
 * @param logPurgeGap          the log is purged in steps of at least this many entries
 * @param inFlightEntriesMax   Raft entries a range leader keeps in flight; later commands wait and are batched
 * @param workerThreads        threads that check requests and read RocksDB
 * @param groups               replicated groups that are not ranges (the meta group), by name: the store hosts
 *                             them on its one Raft server beside the ranges and builds their state with these
 *                             factories when it creates or reopens one
 * @param scanFilters          makes the filters scans carry (supplied by the SQL layer)
 */
public record RangeStoreConfig(int nodeId, Path dataDir, String raftHost, int raftPort, IntFunction<String> raftAddressOf,
                               TimestampSource oracle, long electionTimeoutMs, long snapshotEveryEntries,
                               int logPurgeGap, int inFlightEntriesMax, int workerThreads,
                               Map<String, Supplier<ReplicatedState>> groups, ScanFilter.Factory scanFilters) {
    public static final long ELECTION_TIMEOUT_MS_DEFAULT = 1000;
    public static final long SNAPSHOT_EVERY_ENTRIES_DEFAULT = 10_000;
    public static final int LOG_PURGE_GAP_DEFAULT = 1024;
    public static final int IN_FLIGHT_ENTRIES_DEFAULT = 1;
    public static final int WORKER_THREADS_DEFAULT = 8;

    public RangeStoreConfig {
        groups = Map.copyOf(groups);
    }

    public static RangeStoreConfig defaults(int nodeId, Path dataDir, String raftHost, int raftPort,
                                            IntFunction<String> raftAddressOf, TimestampSource oracle) {
        return new RangeStoreConfig(nodeId, dataDir, raftHost, raftPort, raftAddressOf, oracle,
                ELECTION_TIMEOUT_MS_DEFAULT, SNAPSHOT_EVERY_ENTRIES_DEFAULT, LOG_PURGE_GAP_DEFAULT,
                IN_FLIGHT_ENTRIES_DEFAULT, WORKER_THREADS_DEFAULT, Map.of(), ScanFilter.Factory.NONE);
    }

    public RangeStoreConfig withSnapshots(long everyEntries, int purgeGap) {
        return new RangeStoreConfig(nodeId, dataDir, raftHost, raftPort, raftAddressOf, oracle, electionTimeoutMs,
                everyEntries, purgeGap, inFlightEntriesMax, workerThreads, groups, scanFilters);
    }

    public RangeStoreConfig withScanFilters(ScanFilter.Factory factory) {
        return new RangeStoreConfig(nodeId, dataDir, raftHost, raftPort, raftAddressOf, oracle, electionTimeoutMs,
                snapshotEveryEntries, logPurgeGap, inFlightEntriesMax, workerThreads, groups, factory);
    }

    public RangeStoreConfig withGroups(Map<String, Supplier<ReplicatedState>> replicatedGroups) {
        return new RangeStoreConfig(nodeId, dataDir, raftHost, raftPort, raftAddressOf, oracle, electionTimeoutMs,
                snapshotEveryEntries, logPurgeGap, inFlightEntriesMax, workerThreads, replicatedGroups, scanFilters);
    }
}
