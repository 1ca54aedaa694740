package dev.basalt.range.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which failed transfers leave Ratis's transfer pending (and the leader refusing writes): the
 * failures Ratis answers before it arms the transfer's timeout. The texts are Ratis's own, as
 * logged in the checker run where a range stalled 40 s.
 */
class LeaderTransfersTest {
    @Test
    void anImmediateFailureLeavesTheTransferPendingATimeoutDoesNot() {
        assertTrue(LeaderTransfers.leavesTransferPending("org.apache.ratis.protocol.exceptions.TransferLeadershipException: "
                + "n2@group-000000000001: Failed to transfer leadership to n1 (the current leader is n2): COMPLETED_EXCEPTIONALLY: "
                + "java.util.concurrent.CompletionException: org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException: UNAVAILABLE: io exception"));
        assertTrue(LeaderTransfers.leavesTransferPending("... Failed to transfer leadership to n3 (the current leader is n2): NULL_FOLLOWER"));
        assertFalse(LeaderTransfers.leavesTransferPending("org.apache.ratis.protocol.exceptions.TransferLeadershipException: "
                + "n2@group-000000000001: Failed to transfer leadership to n1 (the current leader is n2): TIMED_OUT(1s)"));
        assertFalse(LeaderTransfers.leavesTransferPending("n2@group-1 refused to transfer leadership to peer n9 as it is not in conf"));
    }
}
