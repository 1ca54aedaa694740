package dev.basalt.placement.routing;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.TimestampSource;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.meta.MetaView;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import dev.basalt.range.store.RangeService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Routes range requests by the range map of the meta group (DESIGN.md section 5): finds the range
 * of a key, sends a request to the range's leader (in-process when this node leads it), follows
 * "not leader" answers, refreshes the map when it is stale, and retries what may be retried within
 * a deadline. Thread-safe.
 *
 * <ul>
 *   <li>A leader hint names the node Raft says leads: it is followed even when the cached map does
 *       not list that node as a replica (the replicas moved); the map is refreshed first, so the
 *       request goes out with the range's current generation.</li>
 *   <li>"Range moved" (the request's generation is older than the range's) refreshes the map until
 *       it shows the change, polling for at most {@link #MAP_REFRESH_WAIT_MS}; if the range still
 *       owns the same slots the request goes again, otherwise (a split) the caller routes its keys
 *       again.</li>
 *   <li>Refreshing reads the meta view (one call to one node), never a cluster-wide status
 *       fan-out.</li>
 *   <li>Failures that leave the outcome unknown (a reply lost, a leader that stepped down after
 *       appending the entry) are asked again; every range request is idempotent. If the deadline
 *       passes first, that failure is thrown as it is: only the transaction layer decides what an
 *       unknown outcome means for a commit.</li>
 * </ul>
 */
public final class ClusterRouter implements RangeRouter {
    /** A request, with all its retries, gives up after this long. */
    public static final long REQUEST_DEADLINE_MS = 30_000;
    /** One attempt waits at most this long for its reply (a silent node is noticed within 2 s by the transport). */
    static final long ATTEMPT_TIMEOUT_MS = 10_000;
    static final long BACKOFF_MS_MIN = 5;
    /** Small, so that a request finds a newly elected leader soon after the election ends. */
    static final long BACKOFF_MS_MAX = 100;
    /** After "range moved", the map is refreshed for at most this long until it shows the change. */
    static final long MAP_REFRESH_WAIT_MS = 5_000;
    /** A request follows at most this many map refreshes. */
    static final int REFRESHES_MAX = 10;

    /** Where the range map comes from. */
    public interface Views {
        /** The cached view (may be stale or empty). */
        MetaView current();

        /** Fetches a fresh view and caches it; returns the cached one if none could be had. */
        MetaView refresh();
    }

    /** Runs a range request on this node's range store, without a network hop. */
    public interface LocalRanges {
        int nodeId();

        CompletableFuture<RangeResponse> execute(long rangeId, RangeRequest request);
    }

    private final RpcClient rpc;
    private final Views views;
    private final TimestampSource timestamps;
    private final LocalRanges local;
    private final IntFunction<HostPort> addressOf;
    private final Map<Long, Integer> leaderHints = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong localCalls = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param local     this node's ranges, or null in a client outside the cluster
     * @param addressOf where a node listens (null if unknown)
     */
    public ClusterRouter(RpcClient rpc, Views views, TimestampSource timestamps, LocalRanges local, IntFunction<HostPort> addressOf) {
        this.rpc = rpc;
        this.views = views;
        this.timestamps = timestamps;
        this.local = local;
        this.addressOf = addressOf;
    }

    @Override
    public long timestamp() {
        return timestamps.next();
    }

    /** Requests that ran in-process on this node's range store (no network hop). */
    public long localCalls() {
        return localCalls.get();
    }

    private MetaView view() {
        MetaView v = views.current();
        return v.ranges().isEmpty() ? views.refresh() : v;
    }

    @Override
    public RangeDescriptor rangeOf(byte[] key) {
        return rangeOfSlot(StorageKey.slot(key));
    }

    /** The range holding {@code slot}. */
    public RangeDescriptor rangeOfSlot(int slot) {
        RangeDescriptor d = view().rangeOfSlot(slot);
        if (d == null) {
            d = views.refresh().rangeOfSlot(slot);
        }
        if (d == null) {
            throw new BasaltException(ErrorCode.INVALID_STATE, "no range holds slot " + slot + ": is the cluster initialized?");
        }
        return d;
    }

    @Override
    public List<RangeDescriptor> ranges() {
        return view().ranges();
    }

    private RangeDescriptor descriptorOf(long rangeId) {
        RangeDescriptor d = view().range(rangeId);
        if (d == null) {
            d = views.refresh().range(rangeId);
        }
        if (d == null) {
            throw new BasaltException(ErrorCode.RANGE_MOVED, "range " + rangeId + " is not in the range map; route the keys again");
        }
        return d;
    }

    @Override
    public RangeResponse execute(long rangeId, RangeRequest request) {
        RangeDescriptor routedWith = descriptorOf(rangeId);
        byte[] payload = RangeService.encodeRequest(routedWith, request);
        int refreshes = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_DEADLINE_MS);
        BasaltException lastFailure = null;
        long backoff = BACKOFF_MS_MIN;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw gaveUp(rangeId, lastFailure);
            }
            int target = leaderHints.getOrDefault(rangeId, routedWith.replicas().get(0));
            try {
                RangeResponse response = send(target, rangeId, request, payload);
                if (response instanceof RangeResponse.NotLeader notLeader) {
                    int hint = notLeader.leaderNodeId();
                    lastFailure = new BasaltException(ErrorCode.NOT_LEADER, "node " + target + " does not lead range " + rangeId
                            + (hint >= 0 ? " (it names node " + hint + ")" : ""));
                    if (hint >= 0 && hint != target) {
                        if (!routedWith.replicas().contains(hint) && refreshes++ < REFRESHES_MAX) {
                            // The replicas moved since the map was read: take the current descriptor along.
                            RangeDescriptor fresh = views.refresh().range(rangeId);
                            if (fresh != null && fresh.generation() > routedWith.generation() && sameSlots(fresh, routedWith)) {
                                routedWith = fresh;
                                payload = RangeService.encodeRequest(fresh, request);
                            }
                        }
                        leaderHints.put(rangeId, hint);
                        continue; // redirect at once
                    }
                    leaderHints.put(rangeId, nextReplica(routedWith, target));
                } else {
                    leaderHints.put(rangeId, target);
                    return response;
                }
            } catch (BasaltException e) {
                if (!e.code().requestRetryable()) {
                    throw e;
                }
                lastFailure = e;
                if (e.code() == ErrorCode.CONNECTION_FAILURE || e.code() == ErrorCode.TIMEOUT) {
                    leaderHints.put(rangeId, nextReplica(routedWith, target));
                }
                if (e.code() == ErrorCode.RANGE_MOVED) {
                    RangeDescriptor fresh = awaitNewerDescriptor(rangeId, routedWith.generation());
                    if (fresh == null || !sameSlots(fresh, routedWith) || ++refreshes > REFRESHES_MAX) {
                        throw e;
                    }
                    routedWith = fresh;
                    payload = RangeService.encodeRequest(fresh, request);
                    continue;
                }
            }
            sleepQuietly(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
            backoff = Math.min(BACKOFF_MS_MAX, backoff * 2);
        }
    }

    private static boolean sameSlots(RangeDescriptor a, RangeDescriptor b) {
        return a.slotStart() == b.slotStart() && a.slotEnd() == b.slotEnd();
    }

    /** The failure to report when the deadline passed: one whose outcome is unknown keeps its code. */
    private static BasaltException gaveUp(long rangeId, BasaltException last) {
        if (last != null && last.code().outcomeUnknown()) {
            return new BasaltException(last.code(), "range " + rangeId + ": no answer settled the request within "
                    + REQUEST_DEADLINE_MS + " ms; it may or may not have taken effect (last failure: " + last.getMessage() + ")", last);
        }
        return new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + ": no leader answered within "
                + REQUEST_DEADLINE_MS + " ms" + (last == null ? "" : " (last failure: " + last.getMessage() + ")"), last);
    }

    private RangeResponse send(int target, long rangeId, RangeRequest request, byte[] payload) {
        LocalRanges here = local;
        if (here != null && here.nodeId() == target) {
            localCalls.incrementAndGet();
            return await(here.execute(rangeId, request), "node " + target);
        }
        HostPort address = addressOf.apply(target);
        if (address == null) {
            views.refresh();
            address = addressOf.apply(target);
        }
        if (address == null) {
            throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "the address of node " + target + " is unknown");
        }
        return RangeService.decodeResponse(await(rpc.call(address, NodeMethods.RANGE, payload, ATTEMPT_TIMEOUT_MS), address.toString()));
    }

    /**
     * Refreshes the range map until it shows range {@code rangeId} at a generation above
     * {@code generation} (or no longer shows it), polling with backoff for at most
     * {@link #MAP_REFRESH_WAIT_MS}: the meta group records a change moments after the range applies
     * it, and nodes' views follow within a heartbeat. Returns the newest descriptor seen.
     */
    private RangeDescriptor awaitNewerDescriptor(long rangeId, long generation) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAP_REFRESH_WAIT_MS);
        long backoff = BACKOFF_MS_MIN * 4;
        while (true) {
            RangeDescriptor fresh = views.refresh().range(rangeId);
            if (fresh == null || fresh.generation() > generation || System.nanoTime() > deadline) {
                return fresh;
            }
            sleepQuietly(backoff);
            backoff = Math.min(BACKOFF_MS_MAX, backoff * 2);
        }
    }

    private static int nextReplica(RangeDescriptor range, int current) {
        List<Integer> replicas = range.replicas();
        int i = replicas.indexOf(current);
        return replicas.get((i + 1) % replicas.size());
    }

    static <T> T await(CompletableFuture<T> future, String node) {
        try {
            return future.get(ATTEMPT_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BasaltException be) {
                throw be;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "call to " + node + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BasaltException(ErrorCode.TIMEOUT, "call to " + node + " got no reply within " + ATTEMPT_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "interrupted while calling " + node);
        }
    }

    static void sleepQuietly(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms); // retry backoff
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "interrupted during retry backoff");
        }
    }
}
