package dev.basalt.range;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.internal.RangeReplica;
import dev.basalt.range.internal.RangeStoreRaft;
import dev.basalt.range.internal.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.statemachine.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's range store: one RocksDB and one Ratis {@link RaftServer} hosting every range replica
 * of the node (multi-raft). See the package documentation for how a range works.
 *
 * <p>Range descriptors are persisted in the node's RocksDB, so that a restarted node reopens the
 * same replicas; Ratis reloads each group's log from {@code dataDir/raft}.
 */
public final class RangeStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RangeStore.class);
    private static final String DESCRIPTOR_PREFIX = "range/";
    /** Requests waiting for a worker thread; beyond this a request fails with SERVER_BUSY. */
    static final int WORKER_QUEUE_MAX = 20_000;
    /** Admin operations on Ratis (group add, configuration change) wait at most this long. */
    static final long ADMIN_TIMEOUT_MS = 30_000;

    private final RangeStoreConfig config;
    private final Storage storage;
    private final ThreadPoolExecutor workers;
    private final RaftServer server;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final Map<Long, RangeDescriptor> descriptors = new ConcurrentHashMap<>();
    private final Map<Long, RangeReplica> replicas = new ConcurrentHashMap<>();

    private RangeStore(RangeStoreConfig config) throws IOException {
        this.config = config;
        this.storage = new Storage(config.dataDir().resolve("rocksdb"));
        loadDescriptors();
        AtomicInteger threadIds = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE_MAX), r -> {
                    Thread t = new Thread(r, "node" + config.nodeId() + "-range-worker-" + threadIds.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.server = RaftServer.newBuilder()
                .setServerId(RangeStoreRaft.peerIdOf(config.nodeId()))
                .setProperties(RangeStoreRaft.properties(config))
                .setStateMachineRegistry(this::newStateMachine)
                .build();
    }

    /** Opens the node's RocksDB, starts its Raft server and reopens the replicas it held. */
    public static RangeStore open(RangeStoreConfig config) throws IOException {
        RangeStore store = new RangeStore(config);
        try {
            store.server.start();
            store.createMissingGroups();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info("node {}: range store open with {} replicas, Raft on {}:{}", config.nodeId(), store.replicas.size(),
                config.raftHost(), config.raftPort());
        return store;
    }

    private void loadDescriptors() {
        try (var it = storage.db().newIterator(storage.cf(Storage.CF_DEFAULT))) {
            byte[] prefix = DESCRIPTOR_PREFIX.getBytes(StandardCharsets.UTF_8);
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                RangeDescriptor d = decodeDescriptor(it.value());
                descriptors.put(d.rangeId(), d);
            }
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && java.util.Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    private StateMachine newStateMachine(RaftGroupId groupId) {
        StateMachine other = config.otherGroups().apply(groupId);
        if (other != null) {
            return other;
        }
        long rangeId = RangeStoreRaft.rangeIdOf(groupId);
        if (rangeId < 0 || !descriptors.containsKey(rangeId)) {
            throw new IllegalStateException("node " + config.nodeId() + ": Raft group " + groupId + " is not a known range");
        }
        RangeReplica replica = new RangeReplica(rangeId, config.nodeId(), server, groupId, storage,
                () -> descriptors.get(rangeId), config.timestamps(), workers, clientId, callIds, config.inFlightEntriesMax(),
                this::onSplit);
        replicas.put(rangeId, replica);
        return replica.stateMachine();
    }

    // ---------------------------------------------------------------- replicas

    /**
     * Applied (in the left range's log order) when a range splits: both descriptors are already
     * persisted with the split entry; the new range's Raft group is created here, over data this
     * node already holds, off the apply thread.
     */
    private void onSplit(RangeDescriptor left, RangeDescriptor right) {
        descriptors.put(left.rangeId(), left);
        descriptors.put(right.rangeId(), right);
        CompletableFuture.runAsync(() -> {
            try {
                createReplica(right);
            } catch (IOException | RuntimeException e) {
                LOG.warn("node {}: could not create range {} after a split (will retry on restart): {}",
                        config.nodeId(), right.rangeId(), e.toString());
            }
        }, workers);
    }

    /** Creates groups for persisted descriptors that have none (a crash between a split's apply and its group creation). */
    private void createMissingGroups() {
        for (RangeDescriptor d : descriptors()) {
            if (!replicas.containsKey(d.rangeId()) && d.replicas().contains(config.nodeId())) {
                try {
                    createReplica(d);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("node {}: could not create range {} on start: {}", config.nodeId(), d.rangeId(), e.toString());
                }
            }
        }
    }

    /** On the range's leader: splits it in the middle of its slots into itself and {@code newRangeId}. */
    public CompletableFuture<RangeDescriptor> split(long rangeId, long newRangeId) {
        RangeReplica replica = replicas.get(rangeId);
        if (replica == null) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.NOT_LEADER, "node " + config.nodeId()
                    + " holds no replica of range " + rangeId));
        }
        if (descriptors.containsKey(newRangeId)) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.DUPLICATE_OBJECT, "range " + newRangeId + " already exists"));
        }
        return replica.split(newRangeId);
    }

    /** Data writes the range applied on this node since it started or last split (the automatic-split load). */
    public long writesSinceSplit(long rangeId) {
        RangeReplica replica = replicas.get(rangeId);
        return replica == null ? 0 : replica.stateMachine().writesSinceSplit();
    }

    /**
     * Creates this node's replica of {@code range} (a no-op if it exists). On every replica of a
     * new range this starts the group with the full peer list; a replica joining an existing range
     * starts empty and receives a snapshot once the leader adds it to the configuration.
     */
    public synchronized void createReplica(RangeDescriptor range) throws IOException {
        if (!range.replicas().contains(config.nodeId())) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "node " + config.nodeId() + " is not a replica of range "
                    + range.rangeId() + " " + range.replicas());
        }
        saveDescriptor(range);
        if (replicas.containsKey(range.rangeId())) {
            return;
        }
        RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(clientId, server.getId(),
                callIds.incrementAndGet(), raftGroup(range), true));
        if (!reply.isSuccess()) {
            throw new IOException("node " + config.nodeId() + ": cannot create range " + range.rangeId() + ": " + reply.getException());
        }
        LOG.info("node {}: created replica of range {} slots [{}, {}) on nodes {}", config.nodeId(), range.rangeId(),
                range.slotStart(), range.slotEnd(), range.replicas());
    }

    /**
     * Creates a Raft group that is not a range (its state machine comes from the config's
     * {@code otherGroups}); a no-op if this node already hosts it.
     */
    public synchronized void createGroup(RaftGroup group) throws IOException {
        for (RaftGroupId id : server.getGroupIds()) {
            if (id.equals(group.getGroupId())) {
                return;
            }
        }
        RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(clientId, server.getId(),
                callIds.incrementAndGet(), group, true));
        if (!reply.isSuccess()) {
            throw new IOException("node " + config.nodeId() + ": cannot create group " + group.getGroupId() + ": " + reply.getException());
        }
    }

    /** The node ids of a non-range group's current Raft configuration, sorted. */
    public List<Integer> groupMembers(RaftGroupId groupId) throws IOException {
        List<Integer> out = new ArrayList<>();
        server.getDivision(groupId).getRaftConf().getCurrentPeers().forEach(p -> out.add(RangeStoreRaft.nodeIdOf(p.getId())));
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * On the leader of a non-range group: changes its members to {@code nodeIds} by a Raft
     * configuration change. New members must already host the group ({@link #createGroup}); Ratis
     * catches them up before the new configuration commits.
     */
    public void setGroupMembers(RaftGroupId groupId, List<Integer> nodeIds) throws IOException {
        List<RaftPeer> peers = new ArrayList<>();
        for (int node : nodeIds) {
            peers.add(raftPeer(node, config.raftAddressOf().apply(node)));
        }
        RaftClientReply reply = server.setConfiguration(new SetConfigurationRequest(clientId, server.getId(), groupId,
                callIds.incrementAndGet(), peers, List.of()));
        if (!reply.isSuccess()) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "group " + groupId + ": configuration change to "
                    + nodeIds + " failed: " + reply.getException());
        }
        LOG.info("node {}: group {} members are now {}", config.nodeId(), groupId, nodeIds);
    }

    /** Removes this node's member of a non-range group (after it was configured out) and deletes its files. */
    public synchronized void removeGroup(RaftGroupId groupId) throws IOException {
        for (RaftGroupId id : server.getGroupIds()) {
            if (id.equals(groupId)) {
                RaftClientReply reply = server.groupManagement(GroupManagementRequest.newRemove(clientId, server.getId(),
                        callIds.incrementAndGet(), groupId, true, false));
                if (!reply.isSuccess()) {
                    throw new IOException("node " + config.nodeId() + ": cannot remove group " + groupId + ": " + reply.getException());
                }
                return;
            }
        }
    }

    /** The Raft peer of node {@code nodeId} whose Raft transport listens at {@code address}. */
    public static RaftPeer raftPeer(int nodeId, String address) {
        return RaftPeer.newBuilder().setId(RangeStoreRaft.peerIdOf(nodeId)).setAddress(address).build();
    }

    /** The node's Raft server, for groups that are not ranges (the meta group). */
    public RaftServer raftServer() {
        return server;
    }

    /** Client id and call ids for requests this node submits in-process to its own Raft server. */
    public ClientId clientId() {
        return clientId;
    }

    public long nextCallId() {
        return callIds.incrementAndGet();
    }

    /** Removes this node's replica of a range and deletes its data. */
    public synchronized void removeReplica(long rangeId) throws IOException {
        RangeDescriptor d = descriptors.get(rangeId);
        if (d == null) {
            return;
        }
        if (replicas.remove(rangeId) != null) {
            RaftClientReply reply = server.groupManagement(GroupManagementRequest.newRemove(clientId, server.getId(),
                    callIds.incrementAndGet(), RangeStoreRaft.groupIdOf(rangeId), true, false));
            if (!reply.isSuccess()) {
                throw new IOException("node " + config.nodeId() + ": cannot remove range " + rangeId + ": " + reply.getException());
            }
        }
        dev.basalt.range.internal.RangeData.delete(storage, rangeId, d.slotStart(), d.slotEnd());
        storage.delete(Storage.CF_DEFAULT, descriptorKey(rangeId));
        descriptors.remove(rangeId);
        LOG.info("node {}: removed replica of range {}", config.nodeId(), rangeId);
    }

    /**
     * On the range's leader: changes the replica set to {@code newReplicas} by a Raft
     * configuration change. New replicas must already exist (see {@link #createReplica}); they
     * catch up by snapshot and log. Returns the new descriptor.
     */
    public RangeDescriptor changeReplicas(long rangeId, List<Integer> newReplicas) throws IOException {
        RangeDescriptor current = descriptor(rangeId);
        RaftClientReply reply = server.setConfiguration(new SetConfigurationRequest(clientId, server.getId(),
                RangeStoreRaft.groupIdOf(rangeId), callIds.incrementAndGet(), peers(current.withReplicas(newReplicas)), List.of()));
        if (!reply.isSuccess()) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": configuration change to "
                    + newReplicas + " failed: " + reply.getException());
        }
        // The generation follows the configuration's log index, so every node that learns of this
        // change agrees on it, whatever descriptor it held before.
        long confIndex = server.getDivision(RangeStoreRaft.groupIdOf(rangeId)).getRaftConf().getLogEntryIndex();
        RangeDescriptor next = new RangeDescriptor(rangeId, current.slotStart(), current.slotEnd(), newReplicas,
                Math.max(current.generation() + 1, confIndex));
        saveDescriptor(next);
        LOG.info("node {}: range {} replicas changed {} -> {}", config.nodeId(), rangeId, current.replicas(), newReplicas);
        return next;
    }

    /**
     * On the range's leader: makes {@code nodeId} the preferred leader by moving it to the front of
     * the replica list; the Raft configuration's priorities follow, and Ratis hands leadership to
     * the caught-up replica with the highest priority.
     */
    public RangeDescriptor preferLeader(long rangeId, int nodeId) throws IOException {
        List<Integer> configured = configuredReplicas(rangeId);
        if (!configured.contains(nodeId)) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": node " + nodeId + " holds no replica "
                    + configured);
        }
        List<Integer> reordered = new ArrayList<>();
        reordered.add(nodeId);
        configured.stream().filter(n -> n != nodeId).forEach(reordered::add);
        RangeDescriptor next = reordered.equals(configured) ? descriptor(rangeId) : changeReplicas(rangeId, reordered);
        if (nodeId != config.nodeId()) {
            // The new priorities keep leadership there once moved; the transfer moves it now.
            RaftClientReply reply = server.transferLeadership(new org.apache.ratis.protocol.TransferLeadershipRequest(clientId,
                    server.getId(), RangeStoreRaft.groupIdOf(rangeId), callIds.incrementAndGet(),
                    RangeStoreRaft.peerIdOf(nodeId), LEADER_TRANSFER_TIMEOUT_MS));
            if (!reply.isSuccess()) {
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": leadership transfer to node "
                        + nodeId + " failed: " + reply.getException());
            }
            LOG.info("node {}: range {} leadership moved to node {}", config.nodeId(), rangeId, nodeId);
        }
        return next;
    }

    /**
     * On the range's leader: its replicas as its Raft configuration has them, the preferred leader
     * (highest priority) first. Replica changes start from this, never from a descriptor that may
     * be stale on this node, so a change can never drop or resurrect a replica by accident.
     */
    public List<Integer> configuredReplicas(long rangeId) throws IOException {
        List<RaftPeer> peers = new ArrayList<>(server.getDivision(RangeStoreRaft.groupIdOf(rangeId)).getRaftConf().getCurrentPeers());
        peers.sort(Comparator.comparingInt(RaftPeer::getPriority).reversed()
                .thenComparingInt(p -> RangeStoreRaft.nodeIdOf(p.getId())));
        List<Integer> out = new ArrayList<>(peers.size());
        peers.forEach(p -> out.add(RangeStoreRaft.nodeIdOf(p.getId())));
        return out;
    }

    /** A leadership transfer waits at most this long for the target to catch up and win. */
    static final long LEADER_TRANSFER_TIMEOUT_MS = 5_000;

    /** Records a descriptor learned from elsewhere (for example a replica change led by another node). */
    public void updateDescriptor(RangeDescriptor range) {
        RangeDescriptor current = descriptors.get(range.rangeId());
        if (current == null || current.generation() < range.generation()) {
            saveDescriptor(range);
        }
    }

    /** Asks the range's Raft group on this node to take a snapshot now (and purge its log up to it). */
    public long snapshot(long rangeId) throws IOException {
        RaftClientReply reply = server.snapshotManagement(SnapshotManagementRequest.newCreate(clientId, server.getId(),
                RangeStoreRaft.groupIdOf(rangeId), callIds.incrementAndGet(), ADMIN_TIMEOUT_MS));
        if (!reply.isSuccess()) {
            throw new IOException("range " + rangeId + ": snapshot failed: " + reply.getException());
        }
        return reply.getLogIndex();
    }

    private RaftGroup raftGroup(RangeDescriptor d) {
        return RaftGroup.valueOf(RangeStoreRaft.groupIdOf(d.rangeId()), peers(d));
    }

    /** The range's peers; the first replica gets a higher priority, so leaders spread as the layout says. */
    private List<RaftPeer> peers(RangeDescriptor d) {
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < d.replicas().size(); i++) {
            int node = d.replicas().get(i);
            peers.add(RaftPeer.newBuilder().setId(RangeStoreRaft.peerIdOf(node))
                    .setAddress(config.raftAddressOf().apply(node)).setPriority(i == 0 ? 1 : 0).build());
        }
        return peers;
    }

    private void saveDescriptor(RangeDescriptor d) {
        storage.put(Storage.CF_DEFAULT, descriptorKey(d.rangeId()), encodeDescriptor(d));
        descriptors.put(d.rangeId(), d);
    }

    /** The node-metadata key of a range's persisted descriptor. */
    public static byte[] descriptorKey(long rangeId) {
        return (DESCRIPTOR_PREFIX + rangeId).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encodeDescriptor(RangeDescriptor d) {
        ByteWriter w = new ByteWriter();
        RangeCodec.writeDescriptor(w, d);
        return w.toByteArray();
    }

    static RangeDescriptor decodeDescriptor(byte[] bytes) {
        return RangeCodec.readDescriptor(new ByteReader(bytes));
    }

    // ---------------------------------------------------------------- requests

    /**
     * Runs a request on this node's replica of the range. A replica that does not lead answers
     * {@link RangeResponse.NotLeader}; a node without a replica answers NotLeader with no hint.
     */
    public CompletableFuture<RangeResponse> execute(long rangeId, RangeRequest request) {
        RangeReplica replica = replicas.get(rangeId);
        if (replica == null) {
            return CompletableFuture.completedFuture(new RangeResponse.NotLeader(rangeId, -1));
        }
        return replica.execute(request);
    }

    public RangeDescriptor descriptor(long rangeId) {
        RangeDescriptor d = findDescriptor(rangeId);
        if (d == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + config.nodeId() + " has no range " + rangeId);
        }
        return d;
    }

    /** This node's descriptor of a range, or null if it holds no replica of it. */
    public RangeDescriptor findDescriptor(long rangeId) {
        return descriptors.get(rangeId);
    }

    public List<RangeDescriptor> descriptors() {
        List<RangeDescriptor> all = new ArrayList<>(descriptors.values());
        all.sort(Comparator.comparingLong(RangeDescriptor::rangeId));
        return all;
    }

    public List<ReplicaStatus> status() {
        List<ReplicaStatus> out = new ArrayList<>();
        for (RangeDescriptor d : descriptors()) {
            RangeReplica replica = replicas.get(d.rangeId());
            if (replica == null) {
                continue;
            }
            try {
                DivisionInfo info = server.getDivision(RangeStoreRaft.groupIdOf(d.rangeId())).getInfo();
                RaftPeerRole role = info.getCurrentRole();
                long[] gc = replica.groupCommitCounters();
                out.add(new ReplicaStatus(d, role.name(), replica.leaderNodeId(), info.getCurrentTerm(),
                        info.getLastAppliedIndex(), gc[0], gc[1], replica.stateMachine().writesSinceSplit()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("node {}: range {} has no open group: {}", config.nodeId(), d.rangeId(), e.toString());
            }
        }
        return out;
    }

    /** A digest of this replica's data for the range, consistent with the applied index it reports. */
    public RangeChecksum checksum(long rangeId) {
        RangeDescriptor d = descriptor(rangeId);
        return dev.basalt.range.internal.RangeData.checksum(storage, config.nodeId(), d);
    }

    /** Node-level metadata (membership, cluster state) kept in the node's RocksDB beside the ranges. */
    public byte[] getMeta(String key) {
        return storage.get(Storage.CF_DEFAULT, ("meta/" + key).getBytes(StandardCharsets.UTF_8));
    }

    public void putMeta(String key, byte[] value) {
        storage.put(Storage.CF_DEFAULT, ("meta/" + key).getBytes(StandardCharsets.UTF_8), value);
    }

    /** Metadata entries whose key starts with {@code prefix}, keyed without the prefix. */
    public java.util.SortedMap<String, byte[]> scanMeta(String prefix) {
        java.util.SortedMap<String, byte[]> out = new java.util.TreeMap<>();
        byte[] p = ("meta/" + prefix).getBytes(StandardCharsets.UTF_8);
        try (var it = storage.db().newIterator(storage.cf(Storage.CF_DEFAULT))) {
            for (it.seek(p); it.isValid() && startsWith(it.key(), p); it.next()) {
                out.put(new String(it.key(), p.length, it.key().length - p.length, StandardCharsets.UTF_8), it.value());
            }
        }
        return out;
    }

    public int nodeId() {
        return config.nodeId();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("node {}: Raft server did not close cleanly: {}", config.nodeId(), e.toString());
        }
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.close();
        LOG.info("node {}: range store closed", config.nodeId());
    }
}
