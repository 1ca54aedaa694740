package dev.basalt.placement.plan;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;

/**
 * One step of a plan, carried out by the placement driver's executor as a Raft membership change
 * or a leadership transfer of one range.
 *
 * <p>Moves of the same range must be carried out in plan order, each after the previous one
 * finished; moves of different ranges are independent. What each move does to a view (and what
 * the tests' model of it does) is stated on the move.
 */
public sealed interface Move permits Move.AddReplica, Move.RemoveReplica, Move.TransferLeader {

    long rangeId();

    /**
     * Add a replica on node {@code to}: as a learner, caught up by snapshot and log, then promoted
     * to voter. Only then, if {@code replacing} names a replica, remove that one. The range never
     * has fewer replicas than before. If the removed replica was the leader, the range's leader
     * becomes unknown: the Raft group elects a new one.
     *
     * @param replacing the replica this one replaces, or {@link NodeView#NO_NODE} for a pure
     *     addition to an under-replicated range
     */
    record AddReplica(long rangeId, int to, int replacing) implements Move {
        public AddReplica {
            if (to < 0 || replacing < NodeView.NO_NODE || replacing == to) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST,
                        "range " + rangeId + ": cannot add a replica on node " + to + " replacing " + replacing);
            }
        }
    }

    /**
     * Remove the replica on node {@code from}. The planner emits it only to trim a range that has
     * more replicas than the replication factor. If it was the leader, the leader becomes unknown.
     */
    record RemoveReplica(long rangeId, int from) implements Move {
        public RemoveReplica {
            if (from < 0) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST,
                        "range " + rangeId + ": cannot remove a replica from node " + from);
            }
        }
    }

    /** Hand the range's leadership from its leader on {@code from} to its replica on {@code to}. */
    record TransferLeader(long rangeId, int from, int to) implements Move {
        public TransferLeader {
            if (from < 0 || to < 0 || from == to) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST,
                        "range " + rangeId + ": cannot transfer leadership from node " + from + " to node " + to);
            }
        }
    }
}
