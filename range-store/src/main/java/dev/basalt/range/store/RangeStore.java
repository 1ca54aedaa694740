package dev.basalt.range.store;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.RangeChecksum;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.RangeStoreConfig;
import dev.basalt.range.ReplicaStatus;
import dev.basalt.range.ReplicatedGroup;
import dev.basalt.range.internal.HostedGroup;
import dev.basalt.range.internal.RangeReplicas;
import dev.basalt.range.internal.RangeStoreRaft;
import dev.basalt.range.internal.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.statemachine.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's range store: one RocksDB and one Raft server hosting every range replica of the node
 * (multi-raft) and the replicated groups that are not ranges (the meta group). See the package
 * documentation for how a range works. Its API speaks of ranges, descriptors and node ids; the
 * Raft library stays inside.
 */
public final class RangeStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RangeStore.class);
    /** Requests waiting for a worker thread; beyond this a request fails with SERVER_BUSY. */
    static final int WORKER_QUEUE_MAX = 20_000;
    /** Threads that take new leaders' read floors from the oracle (a blocking call, once per term). */
    static final int FLOOR_THREADS = 2;
    /** Read-floor draws waiting for a thread; beyond this the leader is not ready and says so. */
    static final int FLOOR_QUEUE_MAX = 4_096;
    private static final String NODE_META_PREFIX = "meta/";

    private final RangeStoreConfig config;
    private final Storage storage;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor floorWorkers;
    private volatile RaftServer server;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final RangeReplicas ranges;
    private final Map<String, HostedGroup> groups = new java.util.concurrent.ConcurrentHashMap<>();

    private RangeStore(RangeStoreConfig config) throws IOException {
        this.config = config;
        this.storage = new Storage(config.dataDir().resolve("rocksdb"));
        this.workers = pool("range-worker", config.workerThreads(), WORKER_QUEUE_MAX);
        this.floorWorkers = pool("range-floor", FLOOR_THREADS, FLOOR_QUEUE_MAX);
        // Ratis builds the state machines of the groups it reloads on other threads while build()
        // runs: everything they need exists first, and they reach the server through a supplier.
        this.ranges = new RangeReplicas(config, storage, this::server, clientId, callIds, workers, floorWorkers);
        this.server = RaftServer.newBuilder()
                .setServerId(RangeStoreRaft.peerIdOf(config.nodeId()))
                .setProperties(RangeStoreRaft.properties(config))
                .setStateMachineRegistry(this::newStateMachine)
                .build();
    }

    private ThreadPoolExecutor pool(String name, int threads, int queueMax) {
        AtomicInteger threadIds = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueMax), r -> {
            Thread t = new Thread(r, "node" + config.nodeId() + "-" + name + "-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the node's RocksDB, starts its Raft server and reopens the replicas and groups it held. */
    public static RangeStore open(RangeStoreConfig config) throws IOException {
        RangeStore store = new RangeStore(config);
        try {
            store.server.start();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info("node {}: range store open with {} replicas, Raft on {}:{}", config.nodeId(), store.ranges.count(),
                config.raftHost(), config.raftPort());
        return store;
    }

    private RaftServer server() {
        RaftServer s = server;
        if (s == null) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "node " + config.nodeId() + ": the range store is still starting");
        }
        return s;
    }

    private StateMachine newStateMachine(RaftGroupId groupId) {
        String name = RangeStoreRaft.groupNameOf(groupId, config.groups().keySet());
        if (name != null) {
            groups.put(name, new HostedGroup(name, this::server, groupId, clientId, callIds, config.raftAddressOf()));
            return RangeStoreRaft.stateMachineOf(name, config.groups().get(name).get());
        }
        return ranges.newStateMachine(groupId);
    }

    public int nodeId() {
        return config.nodeId();
    }

    /**
     * Creates the Raft groups of ranges whose persisted metadata says this node holds them but
     * that have none (a crash between a split's apply and the new range's group creation). Called
     * by the owner once the Raft address book ({@code raftAddressOf}) knows the peers.
     */
    public void recoverMissingReplicas() {
        ranges.createMissingGroups();
    }

    // ---------------------------------------------------------------- range replicas

    /**
     * Creates this node's replica of a <em>new</em> range (at {@code init}): every replica starts
     * from the same descriptor and an empty log. A no-op if the replica exists.
     */
    public void createRange(RangeDescriptor range) throws IOException {
        ranges.createNew(range);
    }

    /**
     * Writes a snapshot of this node's replica of a range (its data, replicated metadata and
     * applied index, of one moment) to {@code target}, for a replica that is about to join. Any
     * replica may export; a leader's is the freshest.
     */
    public RangeDescriptor exportSnapshot(long rangeId, Path target) throws IOException {
        return ranges.export(rangeId, target);
    }

    /**
     * Creates this node's replica of an existing range from a snapshot another replica exported:
     * installs it (data, metadata, applied index) and starts the range's Raft group with
     * {@code peers}; the leader then brings it up to date from the log after the snapshot. A no-op
     * if the replica exists. Returns the range's descriptor as of the snapshot.
     */
    public RangeDescriptor importReplica(Path snapshot, List<Integer> peers) throws IOException {
        return ranges.importReplica(snapshot, peers);
    }

    /** Removes this node's replica of a range and deletes its data. */
    public void removeReplica(long rangeId) throws IOException {
        ranges.remove(rangeId);
    }

    /** On the range's leader: splits it in the middle of its slots into itself and {@code newRangeId}. */
    public CompletableFuture<RangeDescriptor> split(long rangeId, long newRangeId) {
        return ranges.split(rangeId, newRangeId);
    }

    /**
     * On the range's leader: changes the replica set to {@code newReplicas} by a Raft
     * configuration change, and returns the descriptor (replicas in node id order) once this node
     * applied it. New replicas must already exist ({@link #importReplica}).
     */
    public RangeDescriptor changeReplicas(long rangeId, List<Integer> newReplicas) throws IOException {
        return ranges.changeReplicas(rangeId, newReplicas);
    }

    /** On the range's leader: hands leadership to {@code nodeId}'s replica, once it is caught up. */
    public RangeDescriptor transferLeader(long rangeId, int nodeId) throws IOException {
        return ranges.transferLeader(rangeId, nodeId);
    }

    /** Tests: holds the latches of {@code keys} on this node's replica until closed (see the replica's documentation). */
    AutoCloseable holdLatches(long rangeId, List<byte[]> keys) throws Exception {
        return ranges.holdLatches(rangeId, keys);
    }

    /** On the range's leader: its replicas as its Raft configuration has them, in node id order. */
    public List<Integer> configuredReplicas(long rangeId) throws IOException {
        return ranges.configuredReplicas(rangeId);
    }

    /** Asks the range's Raft group on this node to take a snapshot now (and purge its log up to it). */
    public long snapshot(long rangeId) throws IOException {
        return ranges.snapshot(rangeId);
    }

    /** Data writes the range applied on this node since it started or last split (the automatic-split load). */
    public long writesSinceSplit(long rangeId) {
        return ranges.writesSinceSplit(rangeId);
    }

    /**
     * Runs a request on this node's replica of the range. A replica that does not lead answers
     * {@link RangeResponse.NotLeader}; a node without a replica answers NotLeader with no hint.
     */
    public CompletableFuture<RangeResponse> execute(long rangeId, RangeRequest request) {
        return ranges.execute(rangeId, request);
    }

    public RangeDescriptor descriptor(long rangeId) {
        RangeDescriptor d = findDescriptor(rangeId);
        if (d == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + config.nodeId() + " has no range " + rangeId);
        }
        return d;
    }

    /** This node's descriptor of a range (its replicated state as applied here), or null if it holds none. */
    public RangeDescriptor findDescriptor(long rangeId) {
        return ranges.descriptor(rangeId);
    }

    /** The descriptors of this node's replicas, sorted by range id. */
    public List<RangeDescriptor> descriptors() {
        return ranges.descriptors();
    }

    public List<ReplicaStatus> status() {
        return ranges.status();
    }

    /** A digest of this replica's data for the range, consistent with the applied index it reports. */
    public RangeChecksum checksum(long rangeId) {
        return ranges.checksum(rangeId);
    }

    // ---------------------------------------------------------------- other replicated groups

    /**
     * Creates this node's member of the replicated group {@code name} (one of the config's
     * groups) with {@code members} as its initial configuration. A no-op if it exists.
     */
    public synchronized void createGroup(String name, List<Integer> members) throws IOException {
        if (!config.groups().containsKey(name)) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "node " + config.nodeId() + " knows no replicated group '" + name + "'");
        }
        if (group(name) != null) {
            return;
        }
        List<RaftPeer> peers = new java.util.ArrayList<>();
        for (int node : members) {
            peers.add(RangeStoreRaft.peer(node, config.raftAddressOf().apply(node)));
        }
        RaftGroup group = RaftGroup.valueOf(RangeStoreRaft.groupIdOf(name), peers);
        RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(clientId, server.getId(),
                callIds.incrementAndGet(), group, true));
        if (!reply.isSuccess()) {
            throw new IOException("node " + config.nodeId() + ": cannot create group " + name + ": " + reply.getException());
        }
        LOG.info("node {}: created its member of group {} with members {}", config.nodeId(), name, members);
    }

    /** This node's member of group {@code name}, or null if it hosts none. */
    public ReplicatedGroup group(String name) {
        RaftGroupId id = RangeStoreRaft.groupIdOf(name);
        for (RaftGroupId hosted : server.getGroupIds()) {
            if (hosted.equals(id)) {
                return groups.get(name);
            }
        }
        return null;
    }

    /** Removes this node's member of group {@code name} (after it was configured out) and deletes its files. */
    public synchronized void removeGroup(String name) throws IOException {
        if (group(name) == null) {
            return;
        }
        RaftClientReply reply = server.groupManagement(GroupManagementRequest.newRemove(clientId, server.getId(),
                callIds.incrementAndGet(), RangeStoreRaft.groupIdOf(name), true, false));
        if (!reply.isSuccess()) {
            throw new IOException("node " + config.nodeId() + ": cannot remove group " + name + ": " + reply.getException());
        }
        groups.remove(name);
        LOG.info("node {}: removed its member of group {}", config.nodeId(), name);
    }

    // ---------------------------------------------------------------- node metadata

    /** Node-level metadata (membership, cluster state) kept in the node's RocksDB beside the ranges. */
    public byte[] getMeta(String key) {
        return storage.get(Storage.CF_DEFAULT, (NODE_META_PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    public void putMeta(String key, byte[] value) {
        storage.put(Storage.CF_DEFAULT, (NODE_META_PREFIX + key).getBytes(StandardCharsets.UTF_8), value);
    }

    /** Metadata entries whose key starts with {@code prefix}, keyed without the prefix. */
    public SortedMap<String, byte[]> scanMeta(String prefix) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        byte[] p = (NODE_META_PREFIX + prefix).getBytes(StandardCharsets.UTF_8);
        try (var it = storage.db().newIterator(storage.cf(Storage.CF_DEFAULT))) {
            for (it.seek(p); it.isValid() && startsWith(it.key(), p); it.next()) {
                out.put(new String(it.key(), p.length, it.key().length - p.length, StandardCharsets.UTF_8), it.value());
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && java.util.Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("node {}: Raft server did not close cleanly: {}", config.nodeId(), e.toString());
        }
        for (ThreadPoolExecutor pool : List.of(workers, floorWorkers)) {
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        storage.close();
        LOG.info("node {}: range store closed", config.nodeId());
    }
}
