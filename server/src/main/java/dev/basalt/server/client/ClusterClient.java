package dev.basalt.server.client;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.TimestampSource;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import dev.basalt.server.internal.NodeMethods;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to a Basalt cluster at the range level: finds the range of a key, sends requests to the
 * range's leader over Netty, follows NotLeader answers, retries retryable failures within a
 * deadline, and resolves other transactions' locks that reads meet (DESIGN.md section 4). Every
 * range request is idempotent, so retrying one whose reply was lost is safe; a one-phase commit
 * whose outcome could not be learned before the deadline fails with COMMIT_OUTCOME_UNKNOWN.
 * Thread-safe.
 */
public final class ClusterClient implements dev.basalt.txn.RangeRouter, AutoCloseable {
    /** A request, with all its retries, gives up after this long. */
    public static final long REQUEST_DEADLINE_MS = 30_000;
    /** One attempt waits at most this long for its reply. */
    static final long ATTEMPT_TIMEOUT_MS = 10_000;
    static final long BACKOFF_MS_MIN = 10;
    static final long BACKOFF_MS_MAX = 500;
    /** A read waits at most this long for other transactions' live locks before failing. */
    public static final long LOCK_WAIT_MS_MAX = 10_000;

    /** Runs a range request on the local node's range store, without a network hop. */
    public interface LocalRanges {
        int nodeId();

        java.util.concurrent.CompletableFuture<RangeResponse> execute(long rangeId, RangeRequest request);
    }

    private final List<HostPort> seeds;
    private final RpcClient rpc;
    private volatile LocalRanges local;
    private final java.util.concurrent.atomic.AtomicLong localCalls = new java.util.concurrent.atomic.AtomicLong();
    private final TimestampSource timestamps;
    private volatile ClusterStatus layout;
    private final Map<Long, Integer> leaderHints = new ConcurrentHashMap<>();

    /**
     * A client that draws timestamps from the cluster's oracle (concurrent draws share one request),
     * as transactions across ranges and nodes need.
     */
    public ClusterClient(List<HostPort> seeds) {
        this(seeds, null);
    }

    /** A client with its own timestamp source (tests); null means the cluster's oracle. */
    public ClusterClient(List<HostPort> seeds, TimestampSource timestamps) {
        if (seeds.isEmpty()) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "at least one node address is needed");
        }
        this.seeds = List.copyOf(seeds);
        this.rpc = new RpcClient("client");
        this.timestamps = timestamps != null ? timestamps
                : new ClusterTimestamps(rpc, this::knownAddress, this::knownAddresses, -1, null);
    }

    private HostPort knownAddress(int nodeId) {
        ClusterStatus l = layout;
        if (l == null) {
            try {
                l = status(); // the oracle's leader named by a seed: learn where it listens
            } catch (BasaltException e) {
                return null;
            }
        }
        for (ClusterStatus.Node n : l.nodes()) {
            if (n.info().id() == nodeId) {
                return n.info().address();
            }
        }
        return null;
    }

    private List<HostPort> knownAddresses() {
        ClusterStatus l = layout;
        return l == null ? seeds : l.nodes().stream().map(n -> n.info().address()).toList();
    }

    /** Makes requests whose leader is {@code local}'s node run in-process (a client embedded in a node). */
    public ClusterClient withLocal(LocalRanges ranges) {
        this.local = ranges;
        return this;
    }

    /** Requests that ran in-process on the local node. */
    public long localCalls() {
        return localCalls.get();
    }

    public long nextTimestamp() {
        return timestamps.next();
    }

    @Override
    public long timestamp() {
        return timestamps.next();
    }

    // ---------------------------------------------------------------- cluster view

    /** The cluster's status as the first reachable node (seeds, then known nodes) reports it. */
    public ClusterStatus status() {
        List<HostPort> candidates = new ArrayList<>(seeds);
        ClusterStatus known = layout;
        if (known != null) {
            known.nodes().stream().map(n -> n.info().address()).filter(a -> !candidates.contains(a)).forEach(candidates::add);
        }
        BasaltException last = null;
        for (HostPort node : candidates) {
            try {
                ClusterStatus s = ClusterStatus.read(new ByteReader(call(node, NodeMethods.CLUSTER_STATUS, new byte[0], ATTEMPT_TIMEOUT_MS)));
                if (!s.ranges().isEmpty() || layout == null) {
                    layout = s;
                    s.ranges().forEach(r -> {
                        if (r.leader() >= 0) {
                            leaderHints.put(r.descriptor().rangeId(), r.leader());
                        }
                    });
                }
                return s;
            } catch (BasaltException e) {
                last = e;
            }
        }
        throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "no node answered at " + candidates
                + (last == null ? "" : ": " + last.getMessage()));
    }

    private ClusterStatus layout() {
        ClusterStatus l = layout;
        return l != null && !l.ranges().isEmpty() ? l : status();
    }

    /** The range holding {@code slot}. */
    public RangeDescriptor rangeOfSlot(int slot) {
        for (ClusterStatus.Range r : layout().ranges()) {
            if (r.descriptor().containsSlot(slot)) {
                return r.descriptor();
            }
        }
        throw new BasaltException(ErrorCode.INVALID_STATE, "no range holds slot " + slot + ": is the cluster initialized?");
    }

    @Override
    public RangeDescriptor rangeOf(byte[] key) {
        return rangeOfSlot(StorageKey.slot(key));
    }

    HostPort addressOf(int nodeId) {
        for (ClusterStatus.Node n : layout().nodes()) {
            if (n.info().id() == nodeId) {
                return n.info().address();
            }
        }
        throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "unknown node " + nodeId);
    }

    // ---------------------------------------------------------------- requests

    /** Sends one request to a range's leader, with redirects and retries, and returns its answer. */
    @Override
    public RangeResponse execute(long rangeId, RangeRequest request) {
        RangeDescriptor routedWith = descriptorOf(rangeId);
        byte[] payload = encodeRangeRequest(routedWith, request);
        int refreshes = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_DEADLINE_MS);
        boolean mayHaveApplied = false;
        BasaltException lastFailure = null;
        long backoff = BACKOFF_MS_MIN;
        for (int attempt = 0; ; attempt++) {
            if (System.nanoTime() > deadline) {
                if (mayHaveApplied && (request instanceof RangeRequest.OnePhaseCommit || request instanceof RangeRequest.Commit)) {
                    throw new BasaltException(ErrorCode.COMMIT_OUTCOME_UNKNOWN, "range " + rangeId
                            + ": the commit's outcome is unknown; no leader confirmed it within " + REQUEST_DEADLINE_MS + " ms"
                            + (lastFailure == null ? "" : " (last failure: " + lastFailure.getMessage() + ")"));
                }
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": no leader answered within "
                        + REQUEST_DEADLINE_MS + " ms" + (lastFailure == null ? "" : " (last failure: " + lastFailure.getMessage() + ")"));
            }
            RangeDescriptor range = descriptorOf(rangeId);
            int target = leaderHints.getOrDefault(rangeId, range.replicas().get(0));
            try {
                LocalRanges here = local;
                RangeResponse response;
                if (here != null && here.nodeId() == target) {
                    localCalls.incrementAndGet();
                    response = await(here.execute(rangeId, request), "node " + target);
                } else {
                    response = RangeCodec.readResponse(new ByteReader(call(addressOf(target), NodeMethods.RANGE, payload, ATTEMPT_TIMEOUT_MS)));
                }
                if (response instanceof RangeResponse.NotLeader notLeader) {
                    int hint = notLeader.leaderNodeId();
                    if (hint >= 0 && hint != target && range.replicas().contains(hint)) {
                        leaderHints.put(rangeId, hint);
                        continue; // redirect at once
                    }
                    leaderHints.put(rangeId, nextReplica(range, target));
                    lastFailure = new BasaltException(ErrorCode.NOT_LEADER, "node " + target + " does not lead range " + rangeId);
                } else {
                    leaderHints.put(rangeId, target);
                    return response;
                }
            } catch (BasaltException e) {
                if (!e.retryable() || e.code() == ErrorCode.SERIALIZATION_FAILURE || e.code() == ErrorCode.TRANSACTION_ABORTED
                        || e.code() == ErrorCode.DEADLOCK) {
                    throw e;
                }
                lastFailure = e;
                // A write whose reply was lost may have been applied; reads and definite refusals were not.
                mayHaveApplied |= e.code() != ErrorCode.SERVER_BUSY && e.code() != ErrorCode.NOT_LEADER;
                if (e.code() == ErrorCode.CONNECTION_FAILURE || e.code() == ErrorCode.TIMEOUT) {
                    leaderHints.put(rangeId, nextReplica(range, target));
                }
                if (e.code() == ErrorCode.RANGE_MOVED) {
                    // Our map is old. If the range still owns the same slots (its replicas moved), go
                    // again with the fresh map; if its slots changed (a split), callers that route by
                    // key go again from the key.
                    RangeDescriptor fresh = awaitNewerDescriptor(rangeId, routedWith.generation());
                    if (fresh == null || fresh.slotStart() != routedWith.slotStart() || fresh.slotEnd() != routedWith.slotEnd()
                            || ++refreshes > REROUTES_MAX) {
                        throw e;
                    }
                    routedWith = fresh;
                    payload = encodeRangeRequest(fresh, request);
                    continue;
                }
            }
            sleepQuietly(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
            backoff = Math.min(BACKOFF_MS_MAX, backoff * 2);
        }
    }

    private static byte[] encodeRangeRequest(RangeDescriptor routedWith, RangeRequest request) {
        ByteWriter w = new ByteWriter(64).i64(routedWith.rangeId()).i64(routedWith.generation());
        RangeCodec.writeRequest(w, request);
        return w.toByteArray();
    }

    private RangeDescriptor findDescriptor(long rangeId) {
        for (ClusterStatus.Range r : layout().ranges()) {
            if (r.descriptor().rangeId() == rangeId) {
                return r.descriptor();
            }
        }
        return null;
    }

    /** After "range moved", the range map is refreshed for at most this long until it shows the change. */
    static final long MAP_REFRESH_WAIT_MS = 5_000;

    /**
     * Refreshes the range map until it shows range {@code rangeId} at a generation above
     * {@code generation} (or no longer shows it), polling with backoff for at most
     * {@link #MAP_REFRESH_WAIT_MS}: the meta group records a change moments after the range
     * applies it, and nodes' cached maps follow within a heartbeat. Returns the newest descriptor seen.
     */
    private RangeDescriptor awaitNewerDescriptor(long rangeId, long generation) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAP_REFRESH_WAIT_MS);
        long backoff = BACKOFF_MS_MIN;
        while (true) {
            layout = null;
            RangeDescriptor fresh = findDescriptor(rangeId);
            if (fresh == null || fresh.generation() > generation || System.nanoTime() > deadline) {
                return fresh;
            }
            sleepQuietly(backoff);
            backoff = Math.min(BACKOFF_MS_MAX, backoff * 2);
        }
    }

    private RangeDescriptor descriptorOf(long rangeId) {
        for (ClusterStatus.Range r : layout().ranges()) {
            if (r.descriptor().rangeId() == rangeId) {
                return r.descriptor();
            }
        }
        throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "unknown range " + rangeId);
    }

    private static int nextReplica(RangeDescriptor range, int current) {
        List<Integer> replicas = range.replicas();
        int i = replicas.indexOf(current);
        return replicas.get((i + 1) % replicas.size());
    }

    private byte[] call(HostPort node, int method, byte[] payload, long timeoutMs) {
        return await(rpc.call(node, method, payload, timeoutMs), node.toString());
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String node) {
        long timeoutMs = ATTEMPT_TIMEOUT_MS;
        try {
            return future.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BasaltException be) {
                throw be;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "call to " + node + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BasaltException(ErrorCode.TIMEOUT, "call to " + node + " got no reply within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "interrupted while calling " + node);
        }
    }

    /** Calls one node directly (admin calls: checksums, snapshots, replica changes). */
    public byte[] callNode(int nodeId, int method, byte[] payload, long timeoutMs) {
        return call(addressOf(nodeId), method, payload, timeoutMs);
    }

    private static void sleepQuietly(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms); // retry backoff
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "interrupted during retry backoff");
        }
    }

    // ---------------------------------------------------------------- key-level helpers

    /** Commits a write set that lies in one range, in one Raft entry; returns the commit timestamp. */
    public long onePhaseCommit(List<Mutation> mutations, long startTs) {
        for (int attempt = 1; ; attempt++) {
            try {
                return onePhaseCommitOnce(mutations, startTs);
            } catch (BasaltException e) {
                if (e.code() != ErrorCode.RANGE_MOVED || attempt == REROUTES_MAX) {
                    throw e;
                }
            }
        }
    }

    /** A request routed by key is sent again after a split at most this many times. */
    static final int REROUTES_MAX = 10;

    private long onePhaseCommitOnce(List<Mutation> mutations, long startTs) {
        RangeDescriptor range = rangeOf(mutations.get(0).key());
        for (Mutation m : mutations) {
            if (!range.containsSlot(StorageKey.slot(m.key()))) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "key " + StorageKey.toString(m.key())
                        + " is not in range " + range.rangeId() + " with the first key; use two-phase commit");
            }
        }
        RangeResponse response = execute(range.rangeId(), new RangeRequest.OnePhaseCommit(mutations, startTs));
        if (response instanceof RangeResponse.Committed c) {
            return c.commitTs();
        }
        if (response instanceof RangeResponse.Locked l) {
            throw new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "commit of transaction " + startTs
                    + " met a lock of transaction " + l.locks().get(0).startTs() + " on " + StorageKey.toString(l.locks().get(0).key()));
        }
        throw new BasaltException(ErrorCode.INTERNAL_ERROR, "unexpected answer to a commit: " + response);
    }

    /**
     * Reads a key at {@code readTs}. A lock of another transaction that started at or below
     * {@code readTs} is waited for while it lives, and once expired is resolved through its
     * primary: rolled forward if the primary committed, rolled back otherwise.
     */
    public byte[] get(byte[] key, long readTs) {
        long waitDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_WAIT_MS_MAX);
        long backoff = BACKOFF_MS_MIN;
        int reroutes = 0;
        while (true) {
            RangeResponse response;
            try {
                response = execute(rangeOf(key).rangeId(), new RangeRequest.Get(key, readTs));
            } catch (BasaltException e) {
                if (e.code() != ErrorCode.RANGE_MOVED || ++reroutes == REROUTES_MAX) {
                    throw e;
                }
                continue;
            }
            if (response instanceof RangeResponse.Value v) {
                return v.value();
            }
            if (!(response instanceof RangeResponse.Locked locked)) {
                throw new BasaltException(ErrorCode.INTERNAL_ERROR, "unexpected answer to a read: " + response);
            }
            boolean resolvedAny = false;
            for (LockInfo lock : locked.locks()) {
                resolvedAny |= resolveIfExpired(lock);
            }
            if (!resolvedAny) {
                if (System.nanoTime() > waitDeadline) {
                    throw new BasaltException(ErrorCode.LOCK_WAIT_TIMEOUT, "read of " + StorageKey.toString(key) + " at " + readTs
                            + " waited " + LOCK_WAIT_MS_MAX + " ms for " + locked.locks().get(0));
                }
                sleepQuietly(backoff);
                backoff = Math.min(BACKOFF_MS_MAX, backoff * 2);
            }
        }
    }

    /** Resolves a lock through its primary if it has expired; returns true if it is gone. */
    public boolean resolveIfExpired(LockInfo lock) {
        long now = timestamps.next();
        if (!lock.expiredAt(now)) {
            return false;
        }
        RangeResponse status = execute(rangeOf(lock.primary()).rangeId(),
                new RangeRequest.CheckTxnStatus(lock.primary(), lock.startTs(), now, true));
        if (!(status instanceof RangeResponse.TxnStatus s)) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "unexpected answer to a status check: " + status);
        }
        if (s.state() == RangeResponse.TxnStatus.State.LOCKED) {
            return false; // its coordinator extended the lock: still alive
        }
        long commitTs = s.state() == RangeResponse.TxnStatus.State.COMMITTED ? s.commitTs() : 0;
        execute(rangeOf(lock.key()).rangeId(), new RangeRequest.ResolveLock(List.of(lock.key()), lock.startTs(), commitTs));
        return true;
    }

    /** Ranges sorted by id, as last seen. */
    public List<RangeDescriptor> ranges() {
        List<RangeDescriptor> out = new ArrayList<>();
        layout().ranges().forEach(r -> out.add(r.descriptor()));
        out.sort(Comparator.comparingLong(RangeDescriptor::rangeId));
        return out;
    }

    @Override
    public void close() {
        if (timestamps instanceof ClusterTimestamps own) {
            own.close();
        }
        rpc.close();
    }
}
