package dev.basalt.range;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The state of a replicated group that is not a range (the meta group): a deterministic machine
 * fed with commands in log order. The range store runs it on its Raft server beside the ranges
 * (see {@link ReplicatedGroup}), persists it through the Raft log and snapshots, and reloads it on
 * start; an implementation knows nothing about Raft.
 *
 * <p>{@link #apply} and the snapshot calls run on one thread per group, one at a time, in log
 * order; reads of the state from other threads (caches, status) must be safe against a concurrent
 * {@code apply}.
 */
public interface ReplicatedState {
    /** Refuses a malformed command (by throwing a BasaltException) before it enters the log. */
    void validate(byte[] command);

    /** Applies one committed command and returns the reply for its proposer. Same log, same state, same replies. */
    byte[] apply(byte[] command);

    /** Writes the whole state; the range store writes it to a snapshot file at the applied index. */
    void writeSnapshot(DataOutputStream out) throws IOException;

    /** Replaces the whole state with what {@link #writeSnapshot} wrote. */
    void readSnapshot(DataInputStream in) throws IOException;
}
