package dev.basalt.placement.tso;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.TimestampSource;
import dev.basalt.placement.NodeMethods;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

/**
 * Timestamps from the cluster's timestamp oracle. Callers that ask at the same time share one
 * request (one batch of n timestamps for n callers), and a batch is only ever handed to callers
 * that were already waiting when it was requested, so <b>a timestamp drawn after another draw
 * returned is larger</b>: nothing is cached across time. Up to {@link #DRAWS_IN_FLIGHT_MAX}
 * requests are in flight at once, so a caller that arrives while one is on its way is served by
 * the next free drawer at once instead of waiting for that round trip to end first (which made a
 * draw cost about one and a half round trips). Concurrent requests keep the rule: whatever a
 * caller gets was requested after it asked, and the oracle issues increasing numbers. Follows
 * "not leader" answers to the meta leader; {@code local}, when set, serves the request in-process
 * on the node that leads.
 */
public final class TimestampClient implements TimestampSource, AutoCloseable {
    /** Callers waiting at once; beyond this {@link #next} fails with SERVER_BUSY. */
    static final int WAITERS_MAX = 65_536;
    /** A draw fails after this long without an answer from an oracle leader. */
    public static final long DRAW_DEADLINE_MS = 20_000;
    /**
     * One call waits at most this long; a paused or cut-off oracle is noticed sooner, by the
     * transport's silence limit (2 s), and the draw turns to another node.
     */
    static final long CALL_TIMEOUT_MS = 5_000;
    /** Retries during a meta leader change back off up to this; small, so a new leader is found soon. */
    static final long BACKOFF_MS_MAX = 100;
    /** Oracle requests in flight at once (one drawing thread each). */
    static final int DRAWS_IN_FLIGHT_MAX = 4;

    private final RpcClient rpc;
    private final IntFunction<HostPort> addressOf;
    private final Supplier<List<HostPort>> allNodes;
    private final int selfNodeId;
    private final IntToLongFunction local;
    private final BlockingQueue<CompletableFuture<Long>> waiting = new ArrayBlockingQueue<>(WAITERS_MAX);
    private final List<Thread> drawers = new ArrayList<>(DRAWS_IN_FLIGHT_MAX);
    private volatile boolean running = true;
    private volatile int leaderHint = -1;

    /**
     * @param addressOf  node id to address (null if unknown)
     * @param allNodes   addresses to try when no leader is known
     * @param selfNodeId this node's id, or -1 in a client
     * @param local      in-process allocation on this node (count -> first), used when it leads; may be null
     */
    public TimestampClient(RpcClient rpc, IntFunction<HostPort> addressOf, Supplier<List<HostPort>> allNodes,
                             int selfNodeId, IntToLongFunction local) {
        this.rpc = rpc;
        this.addressOf = addressOf;
        this.allNodes = allNodes;
        this.selfNodeId = selfNodeId;
        this.local = local;
        for (int i = 0; i < DRAWS_IN_FLIGHT_MAX; i++) {
            Thread drawer = new Thread(this::batchLoop, "timestamps-" + (selfNodeId < 0 ? "client" : "node" + selfNodeId) + "-" + i);
            drawer.setDaemon(true);
            drawers.add(drawer);
        }
        drawers.forEach(Thread::start);
    }

    @Override
    public long next() {
        CompletableFuture<Long> mine = new CompletableFuture<>();
        if (!waiting.offer(mine)) {
            throw new BasaltException(ErrorCode.SERVER_BUSY, WAITERS_MAX + " callers already wait for timestamps");
        }
        try {
            return mine.get(DRAW_DEADLINE_MS + CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BasaltException be ? be
                    : new BasaltException(ErrorCode.INTERNAL_ERROR, "timestamp draw failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BasaltException(ErrorCode.TIMEOUT, "no timestamp within " + (DRAW_DEADLINE_MS + CALL_TIMEOUT_MS) + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.TIMEOUT, "interrupted while waiting for a timestamp");
        }
    }

    private void batchLoop() {
        List<CompletableFuture<Long>> batch = new ArrayList<>();
        while (running) {
            try {
                CompletableFuture<Long> first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                waiting.drainTo(batch, TimestampOracle.BATCH_MAX - 1);
                try {
                    long ts = draw(batch.size());
                    for (CompletableFuture<Long> f : batch) {
                        f.complete(ts++);
                    }
                } catch (BasaltException e) {
                    batch.forEach(f -> f.completeExceptionally(e));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                batch.forEach(f -> f.completeExceptionally(e));
            }
        }
    }

    /** Draws {@code count} timestamps from the oracle leader, following redirects, within the deadline. */
    public long draw(int count) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAW_DEADLINE_MS);
        long backoffMs = 10;
        BasaltException last = null;
        boolean localHasNoOracle = false;
        while (System.nanoTime() < deadline) {
            int target = leaderHint;
            try {
                // A node asks its own oracle first: it serves when this node leads, and otherwise
                // names the leader. Only clients (no local oracle) pick a node at random.
                if (local != null && !localHasNoOracle && (target < 0 || target == selfNodeId)) {
                    return local.applyAsLong(count);
                }
                HostPort address = target >= 0 ? addressOf.apply(target) : null;
                if (address == null) {
                    List<HostPort> nodes = allNodes.get();
                    address = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
                }
                ByteReader r = new ByteReader(rpc.call(address, NodeMethods.TIMESTAMPS, new ByteWriter().i32(count).bool(false).toByteArray(),
                        CALL_TIMEOUT_MS).get(CALL_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS));
                if (r.bool()) {
                    return r.i64();
                }
                int hint = r.i32();
                leaderHint = hint;
                if (hint >= 0 && hint != target && addressOf.apply(hint) != null) {
                    continue; // redirect at once
                }
                leaderHint = -1;
                last = new BasaltException(ErrorCode.NOT_LEADER, "no meta leader known to " + address);
            } catch (TimestampOracle.NotLeaderException e) {
                leaderHint = e.leaderNodeId() == selfNodeId ? -1 : e.leaderNodeId();
                // This node hosts no meta replica: ask other nodes from now on in this draw.
                localHasNoOracle |= e.leaderNodeId() < 0;
                last = e;
            } catch (BasaltException e) {
                if (!e.code().requestRetryable()) {
                    throw e;
                }
                leaderHint = -1;
                last = e;
            } catch (ExecutionException e) {
                leaderHint = -1;
                last = e.getCause() instanceof BasaltException be ? be
                        : new BasaltException(ErrorCode.CONNECTION_FAILURE, String.valueOf(e.getCause()));
                if (!last.code().requestRetryable()) {
                    throw last;
                }
            } catch (TimeoutException e) {
                leaderHint = -1;
                last = new BasaltException(ErrorCode.TIMEOUT, "timestamp request timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BasaltException(ErrorCode.TIMEOUT, "interrupted while drawing timestamps");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(backoffMs); // retry backoff during a meta leader change
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BasaltException(ErrorCode.TIMEOUT, "interrupted while drawing timestamps");
            }
            backoffMs = Math.min(BACKOFF_MS_MAX, backoffMs * 2);
        }
        throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "no timestamp oracle answered within " + DRAW_DEADLINE_MS + " ms"
                + (last == null ? "" : ": " + last.getMessage()));
    }

    @Override
    public void close() {
        running = false;
        drawers.forEach(Thread::interrupt);
        CompletableFuture<Long> f;
        while ((f = waiting.poll()) != null) {
            f.completeExceptionally(new BasaltException(ErrorCode.CONNECTION_FAILURE, "timestamp source closed"));
        }
    }
}
