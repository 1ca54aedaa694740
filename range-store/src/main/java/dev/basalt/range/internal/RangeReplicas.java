package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.RangeChecksum;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.RangeStoreConfig;
import dev.basalt.range.ReplicaStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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
 * The range replicas of one node: creating them (new, from a snapshot, or after a split), removing
 * them, membership changes, and the cache of their replicated metadata that routing and status
 * read. The metadata itself is written only by each range's state machine (and by creation), so
 * this cache never feeds apply.
 */
public final class RangeReplicas implements RangeReplica.StoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RangeReplicas.class);
    /** Admin operations on Raft (group add, configuration change, snapshot) wait at most this long. */
    static final long ADMIN_TIMEOUT_MS = 30_000;
    /**
     * A leadership transfer waits at most this long for the target to catch up and win (a caught-up
     * target takes tens of milliseconds). The range takes no writes while a transfer is pending, so
     * a target that does not answer costs at most this.
     */
    static final long LEADER_TRANSFER_TIMEOUT_MS = 1_000;
    /** After a configuration change commits, its apply on this node is awaited at most this long. */
    static final long CONF_APPLY_WAIT_MS_MAX = 10_000;

    private final RangeStoreConfig config;
    private final Storage storage;
    private final java.util.function.Supplier<RaftServer> servers;
    private final ClientId clientId;
    private final AtomicLong callIds;
    private final Executor workers;
    private final Executor floorWorkers;
    /** Replicated metadata of every range this node holds data or a replica of, as last applied. */
    private final Map<Long, RangeMeta> metas = new ConcurrentHashMap<>();
    private final Map<Long, RangeReplica> replicas = new ConcurrentHashMap<>();

    public RangeReplicas(RangeStoreConfig config, Storage storage, java.util.function.Supplier<RaftServer> servers, ClientId clientId, AtomicLong callIds,
                         Executor workers, Executor floorWorkers) {
        this.config = config;
        this.storage = storage;
        this.servers = servers;
        this.clientId = clientId;
        this.callIds = callIds;
        this.workers = workers;
        this.floorWorkers = floorWorkers;
        byte[] prefix = RangeMeta.keyPrefix();
        try (var it = storage.db().newIterator(storage.cf(Storage.CF_DEFAULT))) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                RangeMeta meta = RangeMeta.decode(it.value());
                metas.put(meta.rangeId(), meta);
            }
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && java.util.Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    private RaftServer server() {
        return servers.get();
    }

    public int count() {
        return replicas.size();
    }

    /** Ratis asks for the state machine of a range group it creates or reloads. */
    public StateMachine newStateMachine(RaftGroupId groupId) {
        long rangeId = RangeStoreRaft.rangeIdOf(groupId);
        RangeMeta meta = rangeId < 0 ? null : metas.get(rangeId);
        if (meta == null) {
            throw new IllegalStateException("node " + config.nodeId() + ": Raft group " + groupId + " is not a known range");
        }
        RangeReplica replica = new RangeReplica(rangeId, config.nodeId(), servers, groupId, storage, meta, config.oracle(), workers,
                floorWorkers, clientId, callIds, config.inFlightEntriesMax(), this, config.scanFilters());
        replicas.put(rangeId, replica);
        return replica.stateMachine();
    }

    /** Creates groups for ranges whose metadata says this node holds them but that have none (a crash between a split's apply and its group creation). */
    public void createMissingGroups() {
        for (RangeMeta meta : new ArrayList<>(metas.values())) {
            if (!replicas.containsKey(meta.rangeId()) && meta.current().replicas().contains(config.nodeId())) {
                try {
                    addGroup(meta.current(), meta.current().replicas());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("node {}: could not create range {} on start: {}", config.nodeId(), meta.rangeId(), e.toString());
                }
            }
        }
    }

    public synchronized void createNew(RangeDescriptor range) throws IOException {
        requireReplica(range, range.replicas());
        if (replicas.containsKey(range.rangeId())) {
            return;
        }
        if (!metas.containsKey(range.rangeId())) {
            RangeMeta meta = RangeMeta.created(range);
            storage.put(Storage.CF_DEFAULT, RangeMeta.key(range.rangeId()), meta.encode());
            metas.put(range.rangeId(), meta);
        }
        addGroup(range, range.replicas());
    }

    private void requireReplica(RangeDescriptor range, List<Integer> peers) {
        if (!peers.contains(config.nodeId())) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "node " + config.nodeId() + " is not a replica of range "
                    + range.rangeId() + " " + peers);
        }
    }

    /** Starts the range's Raft group on this node with {@code peers}; its state machine loads the persisted metadata. */
    private void addGroup(RangeDescriptor range, List<Integer> peers) throws IOException {
        RaftClientReply reply = server().groupManagement(GroupManagementRequest.newAdd(clientId, server().getId(),
                callIds.incrementAndGet(), RaftGroup.valueOf(RangeStoreRaft.groupIdOf(range.rangeId()), peers(peers)), true));
        if (!reply.isSuccess()) {
            throw new IOException("node " + config.nodeId() + ": cannot create range " + range.rangeId() + ": " + reply.getException());
        }
        LOG.info("node {}: created replica of range {} (slots [{}, {}), peers {})", config.nodeId(), range.rangeId(),
                range.slotStart(), range.slotEnd(), peers);
    }

    public RangeDescriptor export(long rangeId, Path target) throws IOException {
        if (!metas.containsKey(rangeId)) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + config.nodeId() + " has no range " + rangeId);
        }
        RangeSnapshots.Written written = RangeSnapshots.write(storage, rangeId, target.toFile());
        LOG.info("node {}: exported range {} at index {} ({} records) for a joining replica", config.nodeId(), rangeId,
                written.header().index(), written.records());
        return written.header().meta().current();
    }

    public synchronized RangeDescriptor importReplica(Path snapshot, List<Integer> peers) throws IOException {
        RangeSnapshots.verify(snapshot.toFile());
        RangeSnapshots.Header header = RangeSnapshots.readHeader(snapshot.toFile());
        RangeDescriptor range = header.meta().current();
        requireReplica(range, peers);
        if (replicas.containsKey(range.rangeId())) {
            return metas.get(range.rangeId()).current();
        }
        RangeSnapshots.install(storage, snapshot.toFile(), RangeStateMachine.appliedKey(range.rangeId()));
        metas.put(range.rangeId(), header.meta());
        LOG.info("node {}: installed range {} from a snapshot at index {}", config.nodeId(), range.rangeId(), header.index());
        addGroup(range, peers);
        return range;
    }

    public synchronized void remove(long rangeId) throws IOException {
        RangeMeta meta = metas.get(rangeId);
        if (meta == null) {
            return;
        }
        if (replicas.remove(rangeId) != null) {
            RaftClientReply reply = server().groupManagement(GroupManagementRequest.newRemove(clientId, server().getId(),
                    callIds.incrementAndGet(), RangeStoreRaft.groupIdOf(rangeId), true, false));
            if (!reply.isSuccess()) {
                throw new IOException("node " + config.nodeId() + ": cannot remove range " + rangeId + ": " + reply.getException());
            }
        }
        RangeData.delete(storage, rangeId, meta.current().slotStart(), meta.current().slotEnd());
        storage.delete(Storage.CF_DEFAULT, RangeMeta.key(rangeId));
        metas.remove(rangeId);
        LOG.info("node {}: removed replica of range {}", config.nodeId(), rangeId);
    }

    private RangeReplica replica(long rangeId) {
        RangeReplica replica = replicas.get(rangeId);
        if (replica == null) {
            throw new BasaltException(ErrorCode.NOT_LEADER, "node " + config.nodeId() + " holds no replica of range " + rangeId);
        }
        return replica;
    }

    public CompletableFuture<RangeDescriptor> split(long rangeId, long newRangeId) {
        RangeReplica replica;
        try {
            replica = replica(rangeId);
        } catch (BasaltException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (metas.containsKey(newRangeId)) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.DUPLICATE_OBJECT, "range " + newRangeId + " already exists"));
        }
        return replica.split(newRangeId);
    }

    public RangeDescriptor changeReplicas(long rangeId, List<Integer> newReplicas) throws IOException {
        RangeReplica replica = replica(rangeId);
        List<Integer> wanted = newReplicas.stream().sorted().distinct().toList();
        List<RaftPeer> peers = peers(wanted);
        RaftClientReply reply = server().setConfiguration(new SetConfigurationRequest(clientId, server().getId(),
                RangeStoreRaft.groupIdOf(rangeId), callIds.incrementAndGet(), peers, List.of()));
        if (!reply.isSuccess()) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": configuration change to "
                    + newReplicas + " failed: " + reply.getException());
        }
        // The new configuration is committed; the descriptor follows when this node applies it.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONF_APPLY_WAIT_MS_MAX);
        while (!replica.descriptor().replicas().equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": configuration " + wanted
                        + " committed but not applied here within " + CONF_APPLY_WAIT_MS_MAX + " ms (now " + replica.descriptor() + ")");
            }
            pause(5);
        }
        LOG.info("node {}: range {} replicas are now {}", config.nodeId(), rangeId, wanted);
        return replica.descriptor();
    }

    private static void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms); // polling the local apply of a committed configuration
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "interrupted while waiting for a configuration to apply");
        }
    }

    /** See {@link RangeReplica#holdLatches}. */
    public AutoCloseable holdLatches(long rangeId, List<byte[]> keys) throws Exception {
        return replica(rangeId).holdLatches(keys);
    }

    /**
     * On the leader: hands the range's leadership to {@code nodeId}'s replica (Ratis waits for it to
     * catch up, then has it start an election at once). Nothing in the configuration records where
     * leadership should be: Raft priorities would do that, but Ratis lets a replica that is up to
     * date refuse its vote to any candidate of lower priority, and with the preferred replica down
     * or paused an election then waits out whole timeouts for its answer (several seconds without
     * a leader, measured with the pause nemesis). The placement driver moves leaders back instead.
     */
    public RangeDescriptor transferLeader(long rangeId, int nodeId) throws IOException {
        List<Integer> configured = configuredReplicas(rangeId);
        if (!configured.contains(nodeId)) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": node " + nodeId + " holds no replica "
                    + configured);
        }
        RangeDescriptor next = replica(rangeId).descriptor();
        if (nodeId != config.nodeId()) {
            LeaderTransfers.transfer(server(), clientId, callIds, RangeStoreRaft.groupIdOf(rangeId), nodeId, LEADER_TRANSFER_TIMEOUT_MS,
                    "range " + rangeId);
            LOG.info("node {}: range {} leadership moved to node {}", config.nodeId(), rangeId, nodeId);
        }
        return next;
    }

    public List<Integer> configuredReplicas(long rangeId) throws IOException {
        List<RaftPeer> peers = new ArrayList<>(server().getDivision(RangeStoreRaft.groupIdOf(rangeId)).getRaftConf().getCurrentPeers());
        peers.sort(Comparator.comparingInt(p -> RangeStoreRaft.nodeIdOf(p.getId())));
        List<Integer> out = new ArrayList<>(peers.size());
        peers.forEach(p -> out.add(RangeStoreRaft.nodeIdOf(p.getId())));
        return out;
    }

    public long snapshot(long rangeId) throws IOException {
        RaftClientReply reply = server().snapshotManagement(SnapshotManagementRequest.newCreate(clientId, server().getId(),
                RangeStoreRaft.groupIdOf(rangeId), callIds.incrementAndGet(), ADMIN_TIMEOUT_MS));
        if (!reply.isSuccess()) {
            throw new IOException("range " + rangeId + ": snapshot failed: " + reply.getException());
        }
        return reply.getLogIndex();
    }

    public long writesSinceSplit(long rangeId) {
        RangeReplica replica = replicas.get(rangeId);
        return replica == null ? 0 : replica.stateMachine().writesSinceSplit();
    }

    public CompletableFuture<RangeResponse> execute(long rangeId, RangeRequest request) {
        RangeReplica replica = replicas.get(rangeId);
        if (replica == null) {
            return CompletableFuture.completedFuture(new RangeResponse.NotLeader(rangeId, -1));
        }
        return replica.execute(request);
    }

    public RangeDescriptor descriptor(long rangeId) {
        RangeMeta meta = metas.get(rangeId);
        return meta == null ? null : meta.current();
    }

    public List<RangeDescriptor> descriptors() {
        List<RangeDescriptor> all = new ArrayList<>();
        metas.values().forEach(m -> all.add(m.current()));
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
                DivisionInfo info = server().getDivision(RangeStoreRaft.groupIdOf(d.rangeId())).getInfo();
                RaftPeerRole role = info.getCurrentRole();
                long[] gc = replica.groupCommitCounters();
                out.add(new ReplicaStatus(replica.descriptor(), role.name(), replica.leaderNodeId(), info.getCurrentTerm(),
                        info.getLastAppliedIndex(), gc[0], gc[1], replica.stateMachine().writesSinceSplit()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("node {}: range {} has no open group: {}", config.nodeId(), d.rangeId(), e.toString());
            }
        }
        return out;
    }

    public RangeChecksum checksum(long rangeId) {
        RangeDescriptor d = descriptor(rangeId);
        if (d == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + config.nodeId() + " has no range " + rangeId);
        }
        return RangeData.checksum(storage, config.nodeId(), d);
    }

    private List<RaftPeer> peers(List<Integer> nodes) {
        List<RaftPeer> peers = new ArrayList<>();
        for (int node : nodes) {
            peers.add(RangeStoreRaft.peer(node, config.raftAddressOf().apply(node)));
        }
        return peers;
    }

    // ---------------------------------------------------------------- apply events

    @Override
    public void onMeta(long rangeId, RangeMeta meta) {
        metas.put(rangeId, meta);
    }

    /**
     * Applied (in the left range's log order) when a range splits: both halves' metadata is
     * already persisted with the split entry; the new range's Raft group is created here, over data
     * this node already holds, off the apply thread, and starts with the left half's read floor.
     */
    @Override
    public void onSplit(RangeReplica left, RangeMeta leftMeta, RangeMeta rightMeta) {
        metas.put(leftMeta.rangeId(), leftMeta);
        metas.put(rightMeta.rangeId(), rightMeta);
        long floor = left.maxReadTs();
        CompletableFuture.runAsync(() -> {
            try {
                synchronized (this) {
                    if (!replicas.containsKey(rightMeta.rangeId())) {
                        addGroup(rightMeta.current(), rightMeta.current().replicas());
                    }
                }
                RangeReplica right = replicas.get(rightMeta.rangeId());
                if (right != null) {
                    right.inheritReadFloor(floor);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("node {}: could not create range {} after a split (will retry on restart): {}",
                        config.nodeId(), rightMeta.rangeId(), e.toString());
            }
        }, workers);
    }
}
