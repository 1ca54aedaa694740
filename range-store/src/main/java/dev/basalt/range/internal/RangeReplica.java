package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.TimestampSource;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One range replica on this node, and, while this node leads the range, the leader's request
 * path:
 * <ol>
 *   <li>refuse unless leader (answer {@link RangeResponse.NotLeader} with the known leader) and
 *       ready (all entries of earlier terms applied);</li>
 *   <li>writes: take the keys' {@link Latches}, check with {@link Mvcc} against the applied state,
 *       hand the resulting writes to the {@link Proposer} (group commit), answer once applied,
 *       release the latches;</li>
 *   <li>reads: raise {@code maxReadTs}, wait for one-phase commits on the keys that may commit at
 *       or below the read timestamp, pass a Ratis ReadIndex/lease barrier, read RocksDB.</li>
 * </ol>
 *
 * <p><b>A read at {@code readTs} never misses a one-phase commit with {@code commitTs <= readTs}.</b>
 * A one-phase commit registers its keys as pending, then picks
 * {@code commitTs = max(maxReadTs + 1, startTs + 1)}; a read raises
 * {@code maxReadTs} first, then looks for pending keys. Either the commit sees the raised
 * {@code maxReadTs} and commits above the read, or the read sees the pending key and waits for it.
 * A new leader raises {@code maxReadTs} to a fresh timestamp before serving, because it cannot
 * know which reads its predecessor served.
 */
public final class RangeReplica {
    private static final Logger LOG = LoggerFactory.getLogger(RangeReplica.class);
    /** A command waits at most this long for its key latches. */
    static final long LATCH_WAIT_MS_MAX = 10_000;
    /** A read waits at most this long for a one-phase commit on its keys to apply. */
    static final long READ_WAIT_MS_MAX = 10_000;

    private final long rangeId;
    private final int nodeId;
    private final RaftServer server;
    private final RaftGroupId groupId;
    private final RangeStateMachine stateMachine;
    private final Storage storage;
    private final Supplier<RangeDescriptor> descriptor;
    private final TimestampSource timestamps;
    private final Executor executor;
    private final ClientId clientId;
    private final AtomicLong callIds;
    private final Latches latches = new Latches();
    private final Proposer proposer;
    private final AtomicLong maxReadTs = new AtomicLong();
    private final ConcurrentSkipListMap<byte[], PendingCommit> pendingCommits = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    private volatile long servedTerm = -1;

    /** A one-phase commit between picking its timestamp and being applied. */
    private static final class PendingCommit {
        volatile long commitTs;
        final CompletableFuture<Void> applied = new CompletableFuture<>();
    }

    public RangeReplica(long rangeId, int nodeId, RaftServer server, RaftGroupId groupId, Storage storage,
                 Supplier<RangeDescriptor> descriptor, TimestampSource timestamps, Executor executor,
                 ClientId clientId, AtomicLong callIds, int inFlightMax, RangeStateMachine.SplitListener splitListener) {
        this.rangeId = rangeId;
        this.nodeId = nodeId;
        this.server = server;
        this.groupId = groupId;
        this.storage = storage;
        this.descriptor = descriptor;
        this.timestamps = timestamps;
        this.executor = executor;
        this.clientId = clientId;
        this.callIds = callIds;
        this.stateMachine = new RangeStateMachine(rangeId, storage, descriptor, sm -> onLeaderChange(), splitListener);
        this.proposer = new Proposer(rangeId, server, groupId, clientId, callIds, inFlightMax, Proposer.LINGER_MICROS_MAX);
    }

    public RangeStateMachine stateMachine() {
        return stateMachine;
    }

    public long rangeId() {
        return rangeId;
    }

    private void onLeaderChange() {
        try {
            DivisionInfo info = server.getDivision(groupId).getInfo();
            if (info.isLeader()) {
                LOG.info("node {} range {}: became leader in term {}", nodeId, rangeId, info.getCurrentTerm());
            }
        } catch (IOException e) {
            LOG.debug("node {} range {}: leader change while the group is not open", nodeId, rangeId);
        }
    }

    DivisionInfo info() {
        try {
            return server.getDivision(groupId).getInfo();
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + " is not open on node " + nodeId + ": " + e.getMessage());
        }
    }

    /** The node id of the leader this replica knows of, or -1. */
    public int leaderNodeId() {
        RaftPeerId leader = info().getLeaderId();
        return leader == null ? -1 : RangeStoreRaft.nodeIdOf(leader);
    }

    // ---------------------------------------------------------------- entry point

    public CompletableFuture<RangeResponse> execute(RangeRequest request) {
        CompletableFuture<RangeResponse> result;
        try {
            validate(request);
            DivisionInfo info = info();
            if (!info.isLeader()) {
                return CompletableFuture.completedFuture(new RangeResponse.NotLeader(rangeId, leaderNodeId()));
            }
            if (!info.isLeaderReady()) {
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": leader of term "
                        + info.getCurrentTerm() + " on node " + nodeId + " is still applying earlier entries");
            }
            enterTerm(info.getCurrentTerm());
            if (request instanceof RangeRequest.Get g) {
                result = read(g.readTs(), g.key(), null, () -> stateMachine.mvcc().get(g.key(), g.readTs()));
            } else if (request instanceof RangeRequest.Scan s) {
                result = read(s.readTs(), s.startKey(), s.endKey(),
                        () -> stateMachine.mvcc().scan(s.startKey(), s.endKey(), s.readTs(), s.limit()));
            } else if (request instanceof RangeRequest.Gc gc) {
                result = proposer.proposeGc(info.getCurrentTerm(), gc.safePointTs()).thenApply(v -> new RangeResponse.Ok());
            } else {
                result = write(request, keysOf(request));
            }
        } catch (BasaltException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionallyCompose(this::notLeaderAnswer);
    }

    /** Turns a NOT_LEADER failure into a NotLeader answer, so the caller retries at the leader. */
    private CompletableFuture<RangeResponse> notLeaderAnswer(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof BasaltException be && be.code() == ErrorCode.NOT_LEADER) {
            int leader = -1;
            try {
                leader = leaderNodeId();
            } catch (BasaltException ignored) {
                // the group closed meanwhile: no hint
            }
            return CompletableFuture.completedFuture(new RangeResponse.NotLeader(rangeId, leader == nodeId ? -1 : leader));
        }
        return CompletableFuture.failedFuture(cause);
    }

    private void enterTerm(long term) {
        if (term > servedTerm) {
            synchronized (this) {
                if (term > servedTerm) {
                    // Our predecessor may have served reads we never heard of: commit above all of them.
                    maxReadTs.accumulateAndGet(timestamps.next(), Math::max);
                    servedTerm = term;
                }
            }
        }
    }

    // ---------------------------------------------------------------- validation

    private void validate(RangeRequest request) {
        RangeDescriptor d = descriptor.get();
        if (request instanceof RangeRequest.Get g) {
            StorageKey.checkInRange(g.key(), d);
        } else if (request instanceof RangeRequest.Scan s) {
                StorageKey.checkInRange(s.startKey(), d);
                if (s.endKey() == null || s.endKey().length < StorageKey.PREFIX_BYTES
                        || Arrays.compareUnsigned(s.startKey(), s.endKey()) >= 0) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": scan end "
                            + StorageKey.toString(s.endKey()) + " must be a full key after start " + StorageKey.toString(s.startKey()));
                }
                boolean toIndexEnd = d.slotEnd() == RangeDescriptor.SLOT_COUNT && StorageKey.isIndexEnd(s.endKey(), s.startKey());
                if (!toIndexEnd && (StorageKey.slot(s.endKey()) > d.slotEnd() || StorageKey.tableId(s.endKey()) != StorageKey.tableId(s.startKey())
                        || StorageKey.indexId(s.endKey()) != StorageKey.indexId(s.startKey()))) {
                    throw new BasaltException(ErrorCode.RANGE_MOVED, "range " + rangeId + ": scan end "
                            + StorageKey.toString(s.endKey()) + " lies beyond the range's slots [" + d.slotStart() + ", " + d.slotEnd() + ")");
                }
        } else if (request instanceof RangeRequest.Prewrite p) {
                checkMutations(p.mutations(), d);
                requirePositive("start ts", p.startTs());
                if (p.primary() == null || p.primary().length < StorageKey.PREFIX_BYTES) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": prewrite needs a primary key");
                }
        } else if (request instanceof RangeRequest.OnePhaseCommit c) {
                checkMutations(c.mutations(), d);
                requirePositive("start ts", c.startTs());
        } else if (request instanceof RangeRequest.Gc gc) {
            requirePositive("safe point", gc.safePointTs());
        } else {
            checkKeys(keysOf(request), d);
        }
    }

    private void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": " + what + " must be positive, got " + value);
        }
    }

    private void checkMutations(List<Mutation> mutations, RangeDescriptor d) {
        List<byte[]> keys = new ArrayList<>(mutations.size());
        for (Mutation m : mutations) {
            keys.add(m.key());
        }
        checkKeys(keys, d);
    }

    private void checkKeys(List<byte[]> keys, RangeDescriptor d) {
        if (keys.isEmpty()) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": request names no keys");
        }
        for (byte[] k : keys) {
            StorageKey.checkInRange(k, d);
        }
        if (keys.size() > 1) {
            List<byte[]> sorted = new ArrayList<>(keys);
            sorted.sort(Arrays::compareUnsigned);
            for (int i = 1; i < sorted.size(); i++) {
                if (Arrays.equals(sorted.get(i - 1), sorted.get(i))) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": key "
                            + StorageKey.toString(sorted.get(i)) + " appears twice in one request");
                }
            }
        }
    }

    private static List<byte[]> keysOf(RangeRequest request) {
        if (request instanceof RangeRequest.Prewrite p) {
            return p.mutations().stream().map(Mutation::key).toList();
        } else if (request instanceof RangeRequest.OnePhaseCommit c) {
            return c.mutations().stream().map(Mutation::key).toList();
        } else if (request instanceof RangeRequest.Commit c) {
            return c.keys();
        } else if (request instanceof RangeRequest.Rollback r) {
            return r.keys();
        } else if (request instanceof RangeRequest.AcquireLock a) {
            return a.keys();
        } else if (request instanceof RangeRequest.CheckTxnStatus c) {
            return List.of(c.primary());
        } else if (request instanceof RangeRequest.ResolveLock r) {
            return r.keys();
        } else if (request instanceof RangeRequest.TxnHeartbeat h) {
            return List.of(h.primary());
        } else if (request instanceof RangeRequest.Get g) {
            return List.of(g.key());
        } else if (request instanceof RangeRequest.Scan s) {
            return List.of(s.startKey());
        }
        return List.of();
    }

    // ---------------------------------------------------------------- writes

    private CompletableFuture<RangeResponse> write(RangeRequest request, List<byte[]> keys) {
        Latches.Guard guard = latches.acquire(keys);
        CompletableFuture<RangeResponse> result = new CompletableFuture<>();
        guard.acquired().orTimeout(LATCH_WAIT_MS_MAX, TimeUnit.MILLISECONDS).whenComplete((g, waitError) -> {
            if (waitError != null) {
                latches.release(guard);
                result.completeExceptionally(new BasaltException(ErrorCode.TIMEOUT, "range " + rangeId + ": waited "
                        + LATCH_WAIT_MS_MAX + " ms for the latches of " + keys.size() + " keys"));
                return;
            }
            try {
                executor.execute(() -> {
                    CompletableFuture<RangeResponse> done;
                    try {
                        done = checkAndPropose(request);
                    } catch (Throwable t) {
                        done = CompletableFuture.failedFuture(t);
                    }
                    done.whenComplete((r, e) -> {
                        latches.release(guard);
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(r);
                        }
                    });
                });
            } catch (RejectedExecutionException e) {
                latches.release(guard);
                result.completeExceptionally(busy());
            }
        });
        return result;
    }

    private BasaltException busy() {
        return new BasaltException(ErrorCode.SERVER_BUSY, "node " + nodeId + ": request queue of range " + rangeId + " is full");
    }

    private CompletableFuture<RangeResponse> checkAndPropose(RangeRequest request) {
        DivisionInfo info = info();
        if (!info.isLeader()) {
            throw new BasaltException(ErrorCode.NOT_LEADER, "range " + rangeId + ": no longer leader");
        }
        long term = info.getCurrentTerm();
        Mvcc mvcc = stateMachine.mvcc();
        Mvcc.Effects effects;
        if (request instanceof RangeRequest.OnePhaseCommit c) {
            return onePhaseCommit(c, term);
        } else if (request instanceof RangeRequest.Prewrite p) {
            effects = mvcc.prewrite(p);
        } else if (request instanceof RangeRequest.Commit c) {
            effects = mvcc.commit(c);
        } else if (request instanceof RangeRequest.Rollback r) {
            effects = mvcc.rollback(r);
        } else if (request instanceof RangeRequest.AcquireLock a) {
            effects = mvcc.acquireLock(a);
        } else if (request instanceof RangeRequest.CheckTxnStatus c) {
            effects = mvcc.checkTxnStatus(c);
        } else if (request instanceof RangeRequest.ResolveLock r) {
            effects = mvcc.resolveLock(r);
        } else if (request instanceof RangeRequest.TxnHeartbeat h) {
            effects = mvcc.heartbeat(h);
        } else {
            throw new IllegalStateException("not a write: " + request);
        }
        if (effects.writes().isEmpty()) {
            return CompletableFuture.completedFuture(effects.response());
        }
        return proposer.propose(term, effects.writes()).thenApply(v -> effects.response());
    }

    private CompletableFuture<RangeResponse> onePhaseCommit(RangeRequest.OnePhaseCommit c, long term) {
        Mvcc mvcc = stateMachine.mvcc();
        boolean[] ownLocks = new boolean[c.mutations().size()];
        RangeResponse early = mvcc.checkOnePhase(c, ownLocks);
        if (early != null) {
            return CompletableFuture.completedFuture(early);
        }
        PendingCommit pending = new PendingCommit();
        for (Mutation m : c.mutations()) {
            pendingCommits.put(m.key(), pending);
        }
        // Both inputs are timestamps the oracle already issued, so the commit lands at most one
        // above an issued timestamp: every timestamp drawn after this commit is acknowledged is at
        // least as large, and a transaction that starts then sees it. No oracle round trip here.
        long commitTs = Math.max(maxReadTs.get() + 1, c.startTs() + 1);
        pending.commitTs = commitTs;
        CompletableFuture<Void> applied;
        try {
            applied = proposer.propose(term, mvcc.onePhaseWrites(c, commitTs, ownLocks));
        } catch (RuntimeException e) {
            applied = CompletableFuture.failedFuture(e);
        }
        return applied.whenComplete((v, e) -> {
            for (Mutation m : c.mutations()) {
                pendingCommits.remove(m.key(), pending);
            }
            pending.applied.complete(null);
        }).thenApply(v -> new RangeResponse.Committed(commitTs));
    }

    // ---------------------------------------------------------------- reads

    private CompletableFuture<RangeResponse> read(long readTs, byte[] key, byte[] endKey, Supplier<RangeResponse> body) {
        if (readTs <= 0) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": read ts must be positive, got " + readTs);
        }
        long gcSafePoint = stateMachine.gcSafePoint();
        if (readTs < gcSafePoint) {
            throw new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "range " + rangeId + ": snapshot too old: read at "
                    + readTs + " is below the garbage-collection safe point " + gcSafePoint + "; retry the transaction");
        }
        maxReadTs.accumulateAndGet(readTs, Math::max);
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        Iterable<PendingCommit> candidates = endKey == null
                ? (pendingCommits.get(key) == null ? List.of() : List.of(pendingCommits.get(key)))
                : pendingCommits.subMap(key, endKey).values();
        for (PendingCommit p : candidates) {
            long ts = p.commitTs;
            if (ts == 0 || ts <= readTs) {
                waits.add(p.applied);
            }
        }
        CompletableFuture<Void> ready = waits.isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).orTimeout(READ_WAIT_MS_MAX, TimeUnit.MILLISECONDS);
        return ready.handle((v, e) -> {
                    if (e != null && (e instanceof TimeoutException || e.getCause() instanceof TimeoutException)) {
                        throw new BasaltException(ErrorCode.TIMEOUT, "range " + rangeId + ": read at " + readTs
                                + " waited " + READ_WAIT_MS_MAX + " ms for a commit on its keys");
                    }
                    return v;
                })
                .thenCompose(v -> readBarrier())
                .thenApplyAsync(v -> body.get(), executor);
    }

    /** Completes when this node may serve a linearizable read: it holds the lease or passed ReadIndex. */
    private CompletableFuture<Void> readBarrier() {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(server.getId())
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.EMPTY)
                .setType(RaftClientRequest.readRequestType())
                .build();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = server.submitClientRequestAsync(request);
        } catch (IOException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((r, e) -> {
            if (e != null || !r.isSuccess()) {
                throw new BasaltException(ErrorCode.NOT_LEADER, "range " + rangeId + ": read barrier failed on node "
                        + nodeId + ": " + (e != null ? e : r.getException()));
            }
            return null;
        });
    }

    /**
     * On the leader: splits the range at the middle of its slot interval; the upper half becomes
     * range {@code newRangeId} on the same replicas. Completes once the split is applied here.
     */
    public CompletableFuture<RangeDescriptor> split(long newRangeId) {
        DivisionInfo info = info();
        RangeDescriptor d = descriptor.get();
        if (!info.isLeader() || !info.isLeaderReady()) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.NOT_LEADER, "range " + rangeId
                    + ": node " + nodeId + " does not lead it (leader: node " + leaderNodeId() + ")"));
        }
        if (d.slotEnd() - d.slotStart() < 2) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId
                    + " holds a single slot " + d.slotStart() + " and cannot split"));
        }
        int splitSlot = d.slotStart() + (d.slotEnd() - d.slotStart()) / 2;
        return proposer.proposeSplit(info.getCurrentTerm(), newRangeId, splitSlot).thenApply(v -> descriptor.get());
    }

    // ---------------------------------------------------------------- inspection

    /** Entries sent and commands carried by this replica's proposer while it led. */
    public long[] groupCommitCounters() {
        return proposer.counters();
    }

}
