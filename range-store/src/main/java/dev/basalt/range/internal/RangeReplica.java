package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.TimestampSource;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.ScanFilter;
import dev.basalt.range.StorageKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentNavigableMap;
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
 *       ready: every entry of earlier terms applied, and the term's <b>read floor</b> taken from
 *       the oracle (below);</li>
 *   <li>writes: take the keys' {@link Latches}, check with {@link Mvcc} against the applied state
 *       <b>in the term the command was admitted in</b> (else refuse: the node may have lost and
 *       regained leadership without applying what happened in between), hand the resulting writes
 *       to the {@link Proposer} (group commit), answer once applied, release the latches;</li>
 *   <li>reads: raise {@code maxReadTs}, wait for one-phase commits on the keys that may commit at
 *       or below the read timestamp, pass a Ratis ReadIndex/lease barrier, read RocksDB.</li>
 * </ol>
 *
 * <p><b>A read at {@code readTs} never misses a one-phase commit with {@code commitTs <= readTs}.</b>
 * A one-phase commit registers its keys as pending, then picks
 * {@code commitTs = max(maxReadTs + 1, startTs + 1, minCommitTs of its own locks)}; a read raises
 * {@code maxReadTs} first, then looks for pending keys. Either the commit sees the raised
 * {@code maxReadTs} and commits above the read, or the read sees the pending key and waits for it.
 *
 * <p><b>The read floor.</b> A new leader cannot know which reads its predecessors served, nor at
 * what timestamps, and a node's clock may be behind timestamps the oracle already issued (clock
 * skew, or the oracle's persisted window). So on entering a term it takes a fresh timestamp from
 * the oracle and raises {@code maxReadTs} to it before it checks or commits anything: every read a
 * predecessor served used a timestamp issued before that one. The upper half of a split inherits
 * the lower half's {@code maxReadTs}.
 */
public final class RangeReplica implements RangeStateMachine.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RangeReplica.class);
    /** A command waits at most this long for its key latches. */
    static final long LATCH_WAIT_MS_MAX = 10_000;
    /** A read waits at most this long for a one-phase commit on its keys to apply. */
    static final long READ_WAIT_MS_MAX = 10_000;
    /** A request to a new leader waits at most this long for the term's read floor from the oracle. */
    static final long FLOOR_WAIT_MS_MAX = 5_000;
    /** ScanLocks returns at most this many locks per request. */
    static final int SCAN_LOCKS_MAX = 1_000;

    /** What the store learns from this replica (its descriptor cache, splits). */
    public interface StoreListener {
        void onMeta(long rangeId, RangeMeta meta);

        void onSplit(RangeReplica left, RangeMeta leftMeta, RangeMeta rightMeta);
    }

    private final long rangeId;
    private final int nodeId;
    private final Supplier<RaftServer> server;
    private final RaftGroupId groupId;
    private final RangeStateMachine stateMachine;
    private final TimestampSource oracle;
    private final Executor executor;
    private final Executor floorExecutor;
    private final ClientId clientId;
    private final AtomicLong callIds;
    private final StoreListener store;
    private final ScanFilter.Factory scanFilters;
    private final Latches latches = new Latches();
    private final Proposer proposer;
    private final AtomicLong maxReadTs = new AtomicLong();
    private final ConcurrentSkipListMap<byte[], PendingCommit> pendingCommits = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    /** The read floor of the latest term this replica led in. */
    private volatile Floor floor = new Floor(-1, CompletableFuture.failedFuture(new IllegalStateException("no term yet")));

    /** A one-phase commit between admission and apply; its timestamp is 0 until chosen. */
    static final class PendingCommit {
        volatile long commitTs;
        final CompletableFuture<Void> applied = new CompletableFuture<>();
    }

    /** Completes once {@code maxReadTs} holds an oracle timestamp taken in {@code term}. */
    private record Floor(long term, CompletableFuture<Void> ready) {
    }

    public RangeReplica(long rangeId, int nodeId, Supplier<RaftServer> server, RaftGroupId groupId, Storage storage, RangeMeta initial,
                        TimestampSource oracle, Executor executor, Executor floorExecutor, ClientId clientId, AtomicLong callIds,
                        int inFlightMax, StoreListener store, ScanFilter.Factory scanFilters) {
        this.rangeId = rangeId;
        this.nodeId = nodeId;
        this.server = server;
        this.groupId = groupId;
        this.oracle = oracle;
        this.executor = executor;
        this.floorExecutor = floorExecutor;
        this.clientId = clientId;
        this.callIds = callIds;
        this.store = store;
        this.scanFilters = scanFilters;
        this.stateMachine = new RangeStateMachine(rangeId, storage, initial, this);
        this.proposer = new Proposer(rangeId, server, groupId, clientId, callIds, inFlightMax, Proposer.LINGER_MICROS_MAX);
    }

    public RangeStateMachine stateMachine() {
        return stateMachine;
    }

    public long rangeId() {
        return rangeId;
    }

    public RangeDescriptor descriptor() {
        return stateMachine.descriptor();
    }

    /** The upper half of a split starts with the lower half's read floor (it served those reads). */
    void inheritReadFloor(long ts) {
        maxReadTs.accumulateAndGet(ts, Math::max);
    }

    long maxReadTs() {
        return maxReadTs.get();
    }

    // ---------------------------------------------------------------- state machine events

    @Override
    public void onMeta(RangeMeta meta) {
        store.onMeta(rangeId, meta);
    }

    @Override
    public void onSplit(RangeMeta left, RangeMeta right) {
        // Keys left this range; their in-memory locks go, and their owners' commits will say so.
        stateMachine.mvcc().pessimistic().clear();
        store.onSplit(this, left, right);
    }

    @Override
    public void onLeaderChanged() {
        try {
            DivisionInfo info = server.get().getDivision(groupId).getInfo();
            if (info.isLeader()) {
                LOG.info("node {} range {}: became leader in term {}", nodeId, rangeId, info.getCurrentTerm());
            }
        } catch (IOException e) {
            LOG.debug("node {} range {}: leader change while the group is not open", nodeId, rangeId);
        }
    }

    /** Takes the term's read floor as soon as the leader is ready, before the first request needs it. */
    @Override
    public void onLeaderReady() {
        try {
            DivisionInfo info = server.get().getDivision(groupId).getInfo();
            if (info.isLeader()) {
                floorFor(info.getCurrentTerm());
            }
        } catch (IOException e) {
            LOG.debug("node {} range {}: leader ready while the group is not open", nodeId, rangeId);
        }
    }

    /** The read floor of {@code term}: started once per term, on the floor executor (the oracle call blocks). */
    private CompletableFuture<Void> floorFor(long term) {
        Floor current = floor;
        if (current.term() == term) {
            return current.ready();
        }
        synchronized (this) {
            current = floor;
            if (current.term() >= term) {
                return current.term() == term ? current.ready()
                        : CompletableFuture.failedFuture(notLeader("term " + term + " is over"));
            }
            CompletableFuture<Void> ready = new CompletableFuture<>();
            floor = new Floor(term, ready);
            try {
                floorExecutor.execute(() -> {
                    try {
                        long ts = oracle.next();
                        maxReadTs.accumulateAndGet(ts, Math::max);
                        LOG.debug("node {} range {}: read floor of term {} is {}", nodeId, rangeId, term, ts);
                        ready.complete(null);
                    } catch (RuntimeException e) {
                        ready.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                ready.completeExceptionally(busy());
            }
            ready.whenComplete((v, e) -> {
                if (e != null) {
                    synchronized (this) {
                        if (floor.ready() == ready) {
                            // The next request of this term tries again.
                            floor = new Floor(-1, CompletableFuture.failedFuture(e));
                        }
                    }
                    LOG.info("node {} range {}: no read floor for term {} yet (the oracle did not answer: {})", nodeId, rangeId,
                            term, e.toString());
                }
            });
            return ready;
        }
    }

    DivisionInfo info() {
        try {
            return server.get().getDivision(groupId).getInfo();
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
            RangeDescriptor d = stateMachine.descriptor();
            RangeRequest checked = validate(request, d);
            DivisionInfo info = info();
            if (!info.isLeader()) {
                return CompletableFuture.completedFuture(new RangeResponse.NotLeader(rangeId, leaderNodeId()));
            }
            if (!info.isLeaderReady()) {
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": leader of term "
                        + info.getCurrentTerm() + " on node " + nodeId + " is still applying earlier entries");
            }
            long term = info.getCurrentTerm();
            CompletableFuture<Void> ready = floorFor(term);
            result = ready.isDone() && !ready.isCompletedExceptionally() ? admit(checked, term)
                    : ready.orTimeout(FLOOR_WAIT_MS_MAX, TimeUnit.MILLISECONDS)
                            .handle((v, e) -> {
                                if (e != null) {
                                    throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": the leader of term "
                                            + term + " on node " + nodeId + " has no read floor from the timestamp oracle yet ("
                                            + rootCause(e) + ")");
                                }
                                return term;
                            })
                            .thenCompose(t -> admit(checked, t));
        } catch (BasaltException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionallyCompose(this::notLeaderAnswer);
    }

    /** Runs a request admitted in {@code term} (the leader was ready and its floor taken). */
    private CompletableFuture<RangeResponse> admit(RangeRequest request, long term) {
        if (request instanceof RangeRequest.Get g) {
            return read(g.readTs(), g.key(), null, () -> stateMachine.mvcc().get(g.key(), g.readTs()));
        } else if (request instanceof RangeRequest.Scan s) {
            ScanFilter filter = s.filterKind() == RangeRequest.Scan.NO_FILTER ? null : scanFilters.create(s.filterKind(), s.filter());
            return read(s.readTs(), s.startKey(), s.endKey(),
                    () -> stateMachine.mvcc().scan(s.startKey(), s.endKey(), s.readTs(), s.limit(), filter));
        } else if (request instanceof RangeRequest.ScanLocks sl) {
            return readBarrier().thenApplyAsync(v -> {
                RangeDescriptor d = stateMachine.descriptor();
                return (RangeResponse) new RangeResponse.Locked(stateMachine.mvcc().locksBelow(d.slotStart(), d.slotEnd(),
                        sl.maxStartTs(), Math.min(sl.limit(), SCAN_LOCKS_MAX)));
            }, executor);
        } else if (request instanceof RangeRequest.Gc gc) {
            return proposer.proposeGc(term, gc.safePointTs()).thenApply(v -> new RangeResponse.Ok());
        } else if (request instanceof RangeRequest.SetSafePoint sp) {
            return underLatches(latches.acquireAll(), "every key", () -> {
                requireTerm(term);
                if (sp.safePointTs() <= stateMachine.safePointTs()) {
                    return CompletableFuture.completedFuture(new RangeResponse.Ok());
                }
                return proposer.proposeSafePoint(term, sp.safePointTs()).thenApply(v -> new RangeResponse.Ok());
            });
        }
        List<byte[]> keys = keysOf(request);
        return underLatches(latches.acquire(keys), keys.size() + " keys", () -> checkAndPropose(request, term));
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

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof TimeoutException ? "no answer within " + FLOOR_WAIT_MS_MAX + " ms" : c.getMessage();
    }

    private BasaltException notLeader(String why) {
        return new BasaltException(ErrorCode.NOT_LEADER, "range " + rangeId + " on node " + nodeId + ": " + why);
    }

    /**
     * Checks run only in the term the command was admitted in, on a leader that has applied that
     * term's first entry: a node that lost leadership and won it back may not yet have applied
     * what other leaders committed in between. Refused before anything is proposed, so the
     * refusal is definite.
     */
    private void requireTerm(long admittedTerm) {
        DivisionInfo info = info();
        if (!info.isLeader() || !info.isLeaderReady() || info.getCurrentTerm() != admittedTerm) {
            throw notLeader("admitted in term " + admittedTerm + ", now " + (info.isLeader() ? "leading" : "not leading")
                    + " in term " + info.getCurrentTerm() + "; nothing was done");
        }
    }

    // ---------------------------------------------------------------- validation

    /** Checks the request against the range; a scan that would read past the range's last key is refused (RANGE_MOVED). */
    private RangeRequest validate(RangeRequest request, RangeDescriptor d) {
        if (request instanceof RangeRequest.Get g) {
            StorageKey.checkInRange(g.key(), d);
            requirePositive("read ts", g.readTs());
        } else if (request instanceof RangeRequest.Scan s) {
            StorageKey.checkInRange(s.startKey(), d);
            requirePositive("read ts", s.readTs());
            if (s.endKey() == null || s.endKey().length < StorageKey.PREFIX_BYTES
                    || Arrays.compareUnsigned(s.startKey(), s.endKey()) >= 0) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": scan end "
                        + StorageKey.toString(s.endKey()) + " must be a full key after start " + StorageKey.toString(s.startKey()));
            }
            // The range owns [prefix(t, i, slotStart), prefix(t, i, slotEnd)) of the scanned index; a
            // scan may not read one byte past it (the next range's keys may sit right there).
            byte[] rangeEnd = d.slotEnd() == RangeDescriptor.SLOT_COUNT
                    ? StorageKey.indexEnd(StorageKey.tableId(s.startKey()), StorageKey.indexId(s.startKey()))
                    : StorageKey.prefix(StorageKey.tableId(s.startKey()), StorageKey.indexId(s.startKey()), d.slotEnd());
            if (Arrays.compareUnsigned(s.endKey(), rangeEnd) > 0) {
                throw new BasaltException(ErrorCode.RANGE_MOVED, "range " + rangeId + ": scan end "
                        + StorageKey.toString(s.endKey()) + " lies beyond the range's slots [" + d.slotStart() + ", " + d.slotEnd() + ")");
            }
        } else if (request instanceof RangeRequest.Prewrite p) {
            checkMutations(p.mutations(), d);
            requirePositive("start ts", p.startTs());
            checkLockedBits(p.lockedForUpdate(), p.mutations().size());
            if (p.primary() == null || p.primary().length < StorageKey.PREFIX_BYTES) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": prewrite needs a primary key");
            }
        } else if (request instanceof RangeRequest.OnePhaseCommit c) {
            checkMutations(c.mutations(), d);
            requirePositive("start ts", c.startTs());
            checkLockedBits(c.lockedForUpdate(), c.mutations().size());
        } else if (request instanceof RangeRequest.Gc gc) {
            requirePositive("safe point", gc.safePointTs());
        } else if (request instanceof RangeRequest.SetSafePoint sp) {
            requirePositive("safe point", sp.safePointTs());
        } else if (request instanceof RangeRequest.ScanLocks sl) {
            requirePositive("lock scan bound", sl.maxStartTs());
            requirePositive("lock scan limit", sl.limit());
        } else {
            checkKeys(keysOf(request), d);
        }
        return request;
    }

    private void checkLockedBits(java.util.BitSet lockedForUpdate, int mutations) {
        if (lockedForUpdate == null || lockedForUpdate.length() > mutations) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId + ": lock-for-update flags "
                    + lockedForUpdate + " name mutations beyond the " + mutations + " sent");
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
        }
        return List.of();
    }

    // ---------------------------------------------------------------- writes

    /** Runs {@code body} on a worker once {@code guard} holds its latches; releases them when its future completes. */
    private CompletableFuture<RangeResponse> underLatches(Latches.Guard guard, String what,
                                                          Supplier<CompletableFuture<RangeResponse>> body) {
        CompletableFuture<RangeResponse> result = new CompletableFuture<>();
        guard.acquired().orTimeout(LATCH_WAIT_MS_MAX, TimeUnit.MILLISECONDS).whenComplete((g, waitError) -> {
            if (waitError != null) {
                latches.release(guard);
                result.completeExceptionally(new BasaltException(ErrorCode.TIMEOUT, "range " + rangeId + ": waited "
                        + LATCH_WAIT_MS_MAX + " ms for the latches of " + what));
                return;
            }
            try {
                executor.execute(() -> {
                    CompletableFuture<RangeResponse> done;
                    try {
                        done = body.get();
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

    /** Requests that start (or lock for) a transaction below the safe point would write where history may be gone. */
    private void requireAboveSafePoint(long startTs, String what) {
        long safePoint = stateMachine.safePointTs();
        if (startTs < safePoint) {
            throw new BasaltException(ErrorCode.SNAPSHOT_TOO_OLD, "range " + rangeId + ": " + what + " of transaction " + startTs
                    + " is below the garbage-collection safe point " + safePoint + "; retry the transaction");
        }
    }

    private CompletableFuture<RangeResponse> checkAndPropose(RangeRequest request, long term) {
        requireTerm(term);
        Mvcc mvcc = stateMachine.mvcc();
        mvcc.pessimistic().enterTerm(term); // in-memory locks of an earlier term are gone
        Mvcc.Effects effects;
        if (request instanceof RangeRequest.OnePhaseCommit c) {
            requireAboveSafePoint(c.startTs(), "one-phase commit");
            return onePhaseCommit(c, term);
        } else if (request instanceof RangeRequest.Prewrite p) {
            requireAboveSafePoint(p.startTs(), "prewrite");
            effects = mvcc.prewrite(p);
        } else if (request instanceof RangeRequest.Commit c) {
            effects = mvcc.commit(c);
        } else if (request instanceof RangeRequest.Rollback r) {
            effects = mvcc.rollback(r);
        } else if (request instanceof RangeRequest.AcquireLock a) {
            requireAboveSafePoint(a.startTs(), "lock for update");
            effects = mvcc.acquireLock(a);
        } else if (request instanceof RangeRequest.CheckTxnStatus c) {
            effects = mvcc.checkTxnStatus(c, stateMachine.collectedTs());
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
        Mvcc.OnePhaseCheck check = mvcc.checkOnePhase(c);
        if (check.early() != null) {
            return CompletableFuture.completedFuture(check.early());
        }
        PendingCommit pending = new PendingCommit();
        for (Mutation m : c.mutations()) {
            if (m.op() != Mutation.Op.SHARED) { // writes no version: no read waits for it
                pendingCommits.put(m.key(), pending);
            }
        }
        // Every input is a timestamp the oracle already issued (plus one), so the commit lands at
        // most one above an issued timestamp: every timestamp drawn after this commit is
        // acknowledged is at least as large, and a transaction that starts then sees it. A key
        // this transaction locked for update commits above the versions the lock was checked over.
        long commitTs = Math.max(Math.max(maxReadTs.get() + 1, c.startTs() + 1), check.minCommitTs());
        pending.commitTs = commitTs;
        CompletableFuture<Void> applied;
        try {
            applied = proposer.propose(term, mvcc.onePhaseWrites(c, commitTs, check.ownLocks()));
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
        requireReadable(readTs);
        maxReadTs.accumulateAndGet(readTs, Math::max);
        List<CompletableFuture<Void>> waits = commitsToAwait(pendingCommits, key, endKey, readTs);
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
                .thenApplyAsync(v -> {
                    RangeResponse response = body.get();
                    // Garbage collection may have run while this read walked RocksDB; it only ever
                    // deletes below a safe point set before it ran, so this check catches it.
                    requireReadable(readTs);
                    return response;
                }, executor);
    }

    /**
     * The one-phase commits a read at {@code readTs} of {@code key} (or of {@code [key, endKey)})
     * must wait for: those on its keys whose timestamp is not chosen yet or is at or below it.
     * Commits finish concurrently and leave the map at any moment, so each entry is read once.
     */
    static List<CompletableFuture<Void>> commitsToAwait(ConcurrentNavigableMap<byte[], PendingCommit> pendingCommits,
                                                        byte[] key, byte[] endKey, long readTs) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        Iterable<PendingCommit> candidates;
        if (endKey == null) {
            PendingCommit onKey = pendingCommits.get(key);
            candidates = onKey == null ? List.of() : List.of(onKey);
        } else {
            candidates = pendingCommits.subMap(key, endKey).values();
        }
        for (PendingCommit p : candidates) {
            long ts = p.commitTs;
            if (ts == 0 || ts <= readTs) {
                waits.add(p.applied);
            }
        }
        return waits;
    }

    private void requireReadable(long readTs) {
        long safePoint = stateMachine.safePointTs();
        if (readTs < safePoint) {
            throw new BasaltException(ErrorCode.SNAPSHOT_TOO_OLD, "range " + rangeId + ": snapshot too old: read at "
                    + readTs + " is below the garbage-collection safe point " + safePoint + "; retry the transaction");
        }
    }

    /** Completes when this node may serve a linearizable read: it holds the lease or passed ReadIndex. */
    private CompletableFuture<Void> readBarrier() {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(server.get().getId())
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.EMPTY)
                .setType(RaftClientRequest.readRequestType())
                .build();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = server.get().submitClientRequestAsync(request);
        } catch (IOException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((r, e) -> {
            if (e != null || !r.isSuccess()) {
                // A read changes nothing: failing it is definite, and the caller asks the leader.
                throw notLeader("read barrier failed: " + (e != null ? e : r.getException()));
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
        RangeDescriptor d = stateMachine.descriptor();
        if (!info.isLeader() || !info.isLeaderReady()) {
            return CompletableFuture.failedFuture(notLeader("does not lead it (leader: node " + leaderNodeId() + ")"));
        }
        if (d.slotEnd() - d.slotStart() < 2) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.INVALID_REQUEST, "range " + rangeId
                    + " holds a single slot " + d.slotStart() + " and cannot split"));
        }
        int splitSlot = d.slotStart() + (d.slotEnd() - d.slotStart()) / 2;
        return proposer.proposeSplit(info.getCurrentTerm(), newRangeId, splitSlot).thenApply(v -> stateMachine.descriptor());
    }

    // ---------------------------------------------------------------- inspection

    /**
     * Takes the latches of {@code keys} (waiting for them) until the returned handle is closed:
     * commands on those keys are admitted but wait at their latches. For tests that need a command
     * to sit between admission and check, as a slow worker would make it.
     */
    public AutoCloseable holdLatches(List<byte[]> keys) throws Exception {
        Latches.Guard guard = latches.acquire(keys);
        guard.acquired().get(LATCH_WAIT_MS_MAX, TimeUnit.MILLISECONDS);
        return () -> latches.release(guard);
    }

    /** Entries sent and commands carried by this replica's proposer while it led. */
    public long[] groupCommitCounters() {
        return proposer.counters();
    }
}
