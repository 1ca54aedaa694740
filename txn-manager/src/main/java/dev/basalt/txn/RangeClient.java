package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.routing.RangeRouter;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The transaction layer's way of talking to ranges: it routes keys with the {@link RangeRouter},
 * routes them again when a range answers RANGE_MOVED (it split or moved after the router's map
 * was read), at most {@code reroutesMax} times per request, and fans requests for several ranges
 * out in parallel. It knows nothing about transactions.
 */
final class RangeClient {
    private final RangeRouter router;
    private final int reroutesMax;
    private final Executor requests;

    RangeClient(RangeRouter router, int reroutesMax, Executor requests) {
        this.router = router;
        this.reroutesMax = reroutesMax;
        this.requests = requests;
    }

    long timestamp() {
        return router.timestamp();
    }

    /** The router's clock for ages (see {@link RangeRouter#monotonicMs}). */
    long monotonicMs() {
        return router.monotonicMs();
    }

    RangeDescriptor rangeOf(byte[] key) {
        return router.rangeOf(key);
    }

    /**
     * Failures after which asking again is the way forward: the same (idempotent) request may
     * succeed, and if the failure left the outcome unknown ({@link ErrorCode#outcomeUnknown()}),
     * asking again is the only way to learn it. RANGE_MOVED is not one of them: the keys must be
     * routed again first.
     */
    static boolean transientFailure(ErrorCode code) {
        return code.requestRetryable() && code != ErrorCode.RANGE_MOVED;
    }

    /** Sends {@code request} to the range as routed; a NotLeader answer the router did not follow becomes NOT_LEADER. */
    RangeResponse execute(long rangeId, RangeRequest request) {
        RangeResponse response = router.execute(rangeId, request);
        if (response instanceof RangeResponse.NotLeader n) {
            throw new BasaltException(ErrorCode.NOT_LEADER, "range " + rangeId + ": no leader answered (last hint: node "
                    + n.leaderNodeId() + ")");
        }
        return response;
    }

    /** {@link #execute} on the request pool (or on the caller's thread when the pool's queue is full). */
    CompletableFuture<RangeResponse> executeAsync(long rangeId, RangeRequest request) {
        return CompletableFuture.supplyAsync(() -> execute(rangeId, request), requests);
    }

    /** Sends a request about one key to the range holding it, routing again after RANGE_MOVED. */
    RangeResponse send(byte[] key, RangeRequest request) {
        for (int attempt = 0; ; attempt++) {
            RangeDescriptor range = router.rangeOf(key);
            try {
                return execute(range.rangeId(), request);
            } catch (BasaltException e) {
                if (e.code() != ErrorCode.RANGE_MOVED || attempt >= reroutesMax) {
                    throw rerouteLimit(e, attempt, key);
                }
            }
        }
    }

    private BasaltException rerouteLimit(BasaltException e, int attempts, byte[] key) {
        if (e.code() != ErrorCode.RANGE_MOVED) {
            return e;
        }
        return new BasaltException(ErrorCode.RANGE_MOVED, "key " + StorageKey.toString(key) + " was routed " + (attempts + 1)
                + " times (limit " + (reroutesMax + 1) + ") and its range still moved: " + e.getMessage(), e);
    }

    /** The items grouped by the range holding their keys, ranges in the order their first item appears. */
    <E> Map<RangeDescriptor, List<E>> group(List<E> items, Function<E, byte[]> keyOf) {
        Map<Long, RangeDescriptor> ranges = new LinkedHashMap<>();
        Map<RangeDescriptor, List<E>> groups = new LinkedHashMap<>();
        for (E item : items) {
            RangeDescriptor d = router.rangeOf(keyOf.apply(item));
            RangeDescriptor known = ranges.computeIfAbsent(d.rangeId(), id -> d);
            groups.computeIfAbsent(known, k -> new ArrayList<>()).add(item);
        }
        return groups;
    }

    /**
     * Runs {@code op} once per range for the items that range holds; a range answering RANGE_MOVED
     * has its items grouped and sent again. With {@code parallel}, ranges are handled concurrently
     * and the first failure (in range order) is thrown once all have finished, so that the caller
     * knows nothing is still in flight.
     */
    <E> void forEachRange(List<E> items, Function<E, byte[]> keyOf, boolean parallel, BiConsumer<RangeDescriptor, List<E>> op) {
        forEachRange(items, keyOf, parallel, op, 0);
    }

    private <E> void forEachRange(List<E> items, Function<E, byte[]> keyOf, boolean parallel,
                                  BiConsumer<RangeDescriptor, List<E>> op, int reroutes) {
        Map<RangeDescriptor, List<E>> groups = group(items, keyOf);
        List<Runnable> tasks = new ArrayList<>(groups.size());
        for (Map.Entry<RangeDescriptor, List<E>> g : groups.entrySet()) {
            tasks.add(() -> {
                try {
                    op.accept(g.getKey(), g.getValue());
                } catch (BasaltException e) {
                    if (e.code() != ErrorCode.RANGE_MOVED || reroutes >= reroutesMax) {
                        throw rerouteLimit(e, reroutes, keyOf.apply(g.getValue().get(0)));
                    }
                    forEachRange(g.getValue(), keyOf, parallel, op, reroutes + 1);
                }
            });
        }
        if (parallel) {
            runAll(tasks);
        } else {
            tasks.forEach(Runnable::run);
        }
    }

    /** Runs the tasks concurrently (the last one on the calling thread) and waits for all of them. */
    void runAll(List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size() - 1; i++) {
            futures.add(CompletableFuture.runAsync(tasks.get(i), requests));
        }
        RuntimeException inline = null;
        try {
            tasks.get(tasks.size() - 1).run();
        } catch (RuntimeException e) {
            inline = e;
        }
        RuntimeException first = null;
        for (CompletableFuture<Void> f : futures) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (first == null) {
            first = inline;
        }
        if (first != null) {
            throw first;
        }
    }
}
