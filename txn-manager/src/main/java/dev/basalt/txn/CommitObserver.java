package dev.basalt.txn;

/**
 * A fault-injection seam into the commit protocol, public so that cluster tests in other modules
 * can use it: it is called at the two points where a gateway crash leaves the most interesting
 * state behind. A callback that throws simulates the gateway dying
 * right there: the manager stops at once - no rollback, no further commit, no more heartbeats -
 * leaving the locks exactly as a crashed gateway would, and rethrows the callback's exception.
 * Other transactions must then resolve those locks through the primary. Production code passes
 * {@link #NONE}.
 */
public interface CommitObserver {
    CommitObserver NONE = new CommitObserver() {
    };

    /** Every key is prewritten (locked with its provisional value); the commit timestamp is not taken yet. */
    default void afterPrewrite(Transaction txn) {
    }

    /** The primary is committed (the transaction is committed); the secondaries still hold locks. */
    default void afterPrimaryCommit(Transaction txn) {
    }
}
