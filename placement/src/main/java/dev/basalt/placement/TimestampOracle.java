package dev.basalt.placement;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The cluster's timestamp oracle, served by the leader of the meta group (DESIGN.md section 4).
 *
 * <p><b>No timestamp is ever issued twice, and a timestamp issued after another one was returned
 * is larger.</b> The leader hands out timestamps from memory below a high-water mark that it first
 * persists through the meta group's log ({@link #WINDOW_MS} ahead of the clock). A new leader
 * starts above the persisted mark, which is above everything any earlier leader issued; and every
 * batch is served only after a linearizable-read barrier (leader lease), so a deposed leader cannot
 * issue after its successor started.
 */
public final class TimestampOracle {
    /** The persisted high-water mark runs this far ahead of the clock, so persisting is rare. */
    public static final long WINDOW_MS = 3_000;
    /** One request may take at most this many timestamps. */
    public static final int BATCH_MAX = 1 << 16;
    static final String HIGH_WATER_KEY = "tso/high-water";
    static final long RAFT_WAIT_MS = 10_000;

    private final RaftServer server;
    private final Supplier<MetaStateMachine> stateMachine;
    private final ClientId clientId;
    private final LongSupplier callIds;
    private final LongSupplier clockMs;
    private long servedTerm = -1;
    private long last;
    private long highWater;

    public TimestampOracle(RaftServer server, Supplier<MetaStateMachine> stateMachine, ClientId clientId, LongSupplier callIds,
                           LongSupplier clockMs) {
        this.server = server;
        this.stateMachine = stateMachine;
        this.clientId = clientId;
        this.callIds = callIds;
        this.clockMs = clockMs;
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

    /** The node id of the meta group's leader as this node knows it, or -1. */
    public int leaderNodeId() {
        try {
            RaftPeerId leader = server.getDivision(MetaGroup.GROUP_ID).getInfo().getLeaderId();
            return leader == null ? -1 : Integer.parseInt(leader.toString().substring(1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Issues {@code count} consecutive timestamps and returns the first. */
    public synchronized long allocate(int count) {
        if (count < 1 || count > BATCH_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "timestamp batch must be in [1, " + BATCH_MAX + "], got " + count);
        }
        DivisionInfo info;
        try {
            info = server.getDivision(MetaGroup.GROUP_ID).getInfo();
        } catch (IOException e) {
            // No meta replica here (not initialized yet, or the meta group lives on other nodes).
            throw new NotLeaderException(-1);
        }
        if (!info.isLeader() || !info.isLeaderReady()) {
            throw new NotLeaderException(leaderNodeId());
        }
        long term = info.getCurrentTerm();
        readBarrier();
        if (term != servedTerm) {
            // Everything earlier leaders issued lies below the mark they persisted.
            last = Math.max(last, stateMachine.get().number(HIGH_WATER_KEY, 0));
            highWater = 0;
            servedTerm = term;
        }
        long now = Timestamp.of(clockMs.getAsLong(), 0);
        long first = Math.max(last + 1, now);
        long end = first + count;
        if (end > highWater) {
            highWater = persistHighWater(Math.max(end, Timestamp.plusMs(now, WINDOW_MS)));
        }
        last = end - 1;
        return first;
    }

    private long persistHighWater(long mark) {
        RaftClientReply reply = submit(RaftClientRequest.writeRequestType(), MetaStateMachine.advance(HIGH_WATER_KEY, mark));
        long persisted = new dev.basalt.common.ByteReader(reply.getMessage().getContent().toByteArray()).i64();
        if (persisted < mark) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "meta: high-water mark " + persisted + " below requested " + mark);
        }
        return persisted;
    }

    private void readBarrier() {
        submit(RaftClientRequest.readRequestType(), new byte[0]);
    }

    private RaftClientReply submit(RaftClientRequest.Type type, byte[] payload) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(server.getId())
                .setGroupId(MetaGroup.GROUP_ID)
                .setCallId(callIds.getAsLong())
                .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(payload)))
                .setType(type)
                .build();
        try {
            CompletableFuture<RaftClientReply> f = server.submitClientRequestAsync(request);
            RaftClientReply reply = f.get(RAFT_WAIT_MS, TimeUnit.MILLISECONDS);
            if (!reply.isSuccess()) {
                servedTerm = -1;
                throw new NotLeaderException(leaderNodeId());
            }
            return reply;
        } catch (IOException | ExecutionException | TimeoutException e) {
            servedTerm = -1;
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "meta group did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "interrupted waiting for the meta group");
        }
    }
}
