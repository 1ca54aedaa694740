package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership transfers through Ratis, with a workaround for a Ratis behaviour the checker found.
 *
 * <p>While a transfer is pending, a Ratis leader refuses every write ("stepping down"). A transfer
 * that times out, or ends with an election, clears the pending transfer. But a transfer that Ratis
 * fails at once — the start-election call to the target failed before Ratis looked (its connection
 * was already known to be down: a node just killed), or the target has no log appender — answers
 * the caller and leaves the transfer marked pending: the leader then refuses writes until some
 * election happens, which, with its followers still hearing from it, may be never. A range stalled
 * 40 s that way in a checker run (seed 1130), until the nemesis killed its leader.
 *
 * <p>So after such a failure the leader steps down at once (a transfer to no one): an election
 * follows within an election timeout, and the new leader — possibly this node again — starts with
 * no pending transfer.
 */
final class LeaderTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderTransfers.class);
    /** Results of Ratis's transfer that are given before a timeout is armed, and so leave the transfer pending. */
    private static final String[] IMMEDIATE_FAILURES = {"COMPLETED_EXCEPTIONALLY", "NULL_FOLLOWER", "NULL_LOG_APPENDER"};
    /** How long the step-down that clears a stuck transfer may take. */
    static final long STEP_DOWN_TIMEOUT_MS = 3_000;

    private LeaderTransfers() {
    }

    /** Transfers {@code group}'s leadership to {@code peer}; throws RANGE_UNAVAILABLE naming {@code what} if it fails. */
    static void transfer(RaftServer server, ClientId clientId, AtomicLong callIds, RaftGroupId group, int nodeId, long timeoutMs,
                         String what) {
        RaftClientReply reply;
        try {
            reply = server.transferLeadership(new TransferLeadershipRequest(clientId, server.getId(), group, callIds.incrementAndGet(),
                    RangeStoreRaft.peerIdOf(nodeId), timeoutMs));
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, what + ": leadership transfer to node " + nodeId + " failed: "
                    + e.getMessage());
        }
        if (reply.isSuccess() || targetLeadsAlready(reply, nodeId)) {
            return;
        }
        String failure = String.valueOf(reply.getException());
        if (leavesTransferPending(failure)) {
            stepDown(server, clientId, callIds, group, what);
        }
        throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, what + ": leadership transfer to node " + nodeId + " failed: " + failure);
    }

    /**
     * Whether the transfer is done although Ratis answered "not leader": the target won before the
     * answer was sent (seen on a loaded machine: "n1 is not the leader, suggested leader is: n2" for
     * a transfer to n2).
     */
    private static boolean targetLeadsAlready(RaftClientReply reply, int nodeId) {
        NotLeaderException notLeader = reply.getNotLeaderException();
        return notLeader != null && notLeader.getSuggestedLeader() != null
                && notLeader.getSuggestedLeader().getId().equals(RangeStoreRaft.peerIdOf(nodeId));
    }

    /** Whether Ratis's answer is one that leaves its transfer pending (see the class comment). */
    static boolean leavesTransferPending(String ratisFailure) {
        for (String kind : IMMEDIATE_FAILURES) {
            if (ratisFailure.contains(kind)) {
                return true;
            }
        }
        return false;
    }

    private static void stepDown(RaftServer server, ClientId clientId, AtomicLong callIds, RaftGroupId group, String what) {
        try {
            RaftClientReply reply = server.transferLeadership(new TransferLeadershipRequest(clientId, server.getId(), group,
                    callIds.incrementAndGet(), null, STEP_DOWN_TIMEOUT_MS));
            LOG.info("{}: stepped down after a failed leadership transfer, so that writes are taken again ({})", what,
                    reply.isSuccess() ? "done" : reply.getException());
        } catch (IOException e) {
            LOG.warn("{}: could not step down after a failed leadership transfer: {}", what, e.toString());
        }
    }
}
