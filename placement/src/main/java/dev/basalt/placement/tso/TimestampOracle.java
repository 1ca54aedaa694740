package dev.basalt.placement.tso;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.placement.MetaKeys;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.placement.meta.MetaState;
import dev.basalt.range.ReplicatedGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's timestamp oracle, served by the leader of the meta group (DESIGN.md section 4).
 *
 * <p><b>No timestamp is ever issued twice, and a timestamp issued after another one was returned
 * is larger.</b> The leader hands out timestamps from memory below a high-water mark that it first
 * persists through the meta group's log ({@link #WINDOW_MS} ahead of its clock). A new leader
 * starts above the persisted mark, which is above everything any earlier leader issued. Every
 * batch is served only after a linearizable-read barrier (leader lease or ReadIndex), so a leader
 * that was deposed while paused learns it before it answers a request that arrived after its
 * successor took over: a request it answers was received, and so was concurrent with everything,
 * before the barrier confirmed it still led.
 *
 * <p><b>A fast clock cannot run the oracle away.</b> The oracle's clock is this node's wall clock,
 * but never more than {@link #CLOCK_AHEAD_MS_MAX} ahead of the cluster clock (the median of the
 * nodes' clocks as gossip estimates them). A meta leader whose clock jumps an hour ahead therefore
 * pushes the persisted high-water mark at most that bound plus the window beyond the cluster's
 * time, instead of an hour, and lock lifetimes and garbage-collection retention (measured on
 * timestamps) stay close to real time. A slow clock is harmless: timestamps only ever grow.
 */
public final class TimestampOracle {
    private static final Logger LOG = LoggerFactory.getLogger(TimestampOracle.class);
    /** The persisted high-water mark runs this far ahead of the clock, so persisting is rare. */
    public static final long WINDOW_MS = 3_000;
    /** The oracle's clock runs at most this far ahead of the cluster clock. */
    public static final long CLOCK_AHEAD_MS_MAX = 500;
    /** One request may take at most this many timestamps. */
    public static final int BATCH_MAX = 1 << 16;
    static final long RAFT_WAIT_MS = 5_000;

    private final MetaService meta;
    private final LongSupplier clockMs;
    private final LongSupplier clusterClockMs;
    private long servedTerm = -1;
    private long last;
    private long highWater;

    /**
     * @param clockMs        this node's wall clock
     * @param clusterClockMs the cluster's clock (median of the nodes' clocks), which bounds this one
     */
    public TimestampOracle(MetaService meta, LongSupplier clockMs, LongSupplier clusterClockMs) {
        this.meta = meta;
        this.clockMs = clockMs;
        this.clusterClockMs = clusterClockMs;
    }

    /** Thrown when this node does not lead the meta group; names the leader it knows (-1 if none). */
    public static final class NotLeaderException extends BasaltException {
        private final int leaderNodeId;

        NotLeaderException(int leaderNodeId) {
            super(ErrorCode.NOT_LEADER, "this node does not serve timestamps; the meta leader is node " + leaderNodeId);
            this.leaderNodeId = leaderNodeId;
        }

        public int leaderNodeId() {
            return leaderNodeId;
        }
    }

    /** The oracle's clock: this node's, bounded by the cluster's. */
    long clockNowMs() {
        long own = clockMs.getAsLong();
        long bound = clusterClockMs.getAsLong() + CLOCK_AHEAD_MS_MAX;
        if (own > bound) {
            LOG.debug("oracle: this node's clock is {} ms ahead of the cluster's; using the cluster's", own - bound + CLOCK_AHEAD_MS_MAX);
            return bound;
        }
        return own;
    }

    /** Issues {@code count} consecutive timestamps and returns the first. */
    public synchronized long allocate(int count) {
        if (count < 1 || count > BATCH_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "timestamp batch must be in [1, " + BATCH_MAX + "], got " + count);
        }
        ReplicatedGroup group = meta.group();
        MetaState state = meta.state();
        if (group == null || state == null) {
            // No meta member here (not initialized yet, or the meta group lives on other nodes).
            throw new NotLeaderException(meta.view().metaLeader());
        }
        if (!group.isLeaderReady()) {
            throw new NotLeaderException(group.leaderNodeId());
        }
        long term = group.term();
        await(group.readBarrier(), group);
        if (term != servedTerm) {
            // Everything earlier leaders issued lies below the mark they persisted.
            last = Math.max(last, state.number(MetaKeys.TSO_HIGH_WATER, 0));
            highWater = 0;
            servedTerm = term;
        }
        long now = Timestamp.of(clockNowMs(), 0);
        long first = Math.max(last + 1, now);
        long end = first + count;
        if (end > highWater) {
            long mark = Math.max(end, Timestamp.plusMs(now, WINDOW_MS));
            byte[] reply = await(group.propose(MetaState.advance(MetaKeys.TSO_HIGH_WATER, mark)), group);
            long persisted = new ByteReader(reply).i64();
            if (persisted < mark) {
                throw new BasaltException(ErrorCode.INTERNAL_ERROR, "meta: high-water mark " + persisted + " below requested " + mark);
            }
            highWater = persisted;
        }
        last = end - 1;
        return first;
    }

    private <T> T await(CompletableFuture<T> future, ReplicatedGroup group) {
        try {
            return future.get(RAFT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            servedTerm = -1;
            if (e.getCause() instanceof BasaltException be && be.code() == ErrorCode.NOT_LEADER) {
                throw new NotLeaderException(group.leaderNodeId());
            }
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "meta group did not answer: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            servedTerm = -1;
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "meta group did not answer within " + RAFT_WAIT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "interrupted waiting for the meta group");
        }
    }
}
