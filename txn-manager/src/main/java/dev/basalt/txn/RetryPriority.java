package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.Set;

/**
 * The wound-wait age a client's next transaction keeps after its last one lost a conflict.
 *
 * <p>Wound-wait lets the older of two transactions roll the younger back. A transaction that lost
 * (40001, 40P01, 40002, 55P03) is retried by its client as a new transaction with a new start
 * timestamp: the youngest in the cluster again, and so the first to be wounded again. Under a hot
 * row (TPC-C's district row, say) the same work can lose on every attempt. Classic wound-wait
 * avoids this by restarting a victim with its original timestamp; Basalt cannot reuse a start
 * timestamp (it is the snapshot), so it keeps the first attempt's {@link Transaction#priority}
 * instead, and each retry outranks everyone who started after that first attempt.
 *
 * <p>One instance per client (a SQL session, a workload thread); not thread-safe. Begin each
 * transaction with {@link #priority()}, then report how it ended: {@link #ended(Transaction,
 * Throwable)}. The age is kept for at most {@link #LOSSES_KEPT_MAX} losses in a row; work that
 * keeps failing beyond that is failing for a reason age does not fix, and an ancient age would
 * only let it wound everyone it meets.
 */
public final class RetryPriority {
    /** A lost conflict keeps the age for at most this many retries in a row. */
    public static final int LOSSES_KEPT_MAX = 64;

    private static final Set<ErrorCode> LOST = Set.of(ErrorCode.SERIALIZATION_FAILURE, ErrorCode.DEADLOCK,
            ErrorCode.TRANSACTION_ABORTED, ErrorCode.LOCK_WAIT_TIMEOUT);

    private long priority = TransactionManager.NO_PRIORITY;
    private int losses;

    /** The priority to begin the next transaction with ({@link TransactionManager#begin(IsolationLevel, boolean, long)}). */
    public long priority() {
        return priority;
    }

    /**
     * Records how {@code t} ended: {@code failure} null if it committed or was rolled back by
     * choice. A read-only transaction holds no locks and changes nothing.
     */
    public void ended(Transaction t, Throwable failure) {
        if (t.readOnly()) {
            return;
        }
        if (failure != null && lostConflict(failure) && losses < LOSSES_KEPT_MAX) {
            priority = Math.min(priority, t.priority());
            losses++;
        } else {
            priority = TransactionManager.NO_PRIORITY;
            losses = 0;
        }
    }

    /** True for the errors that mean "another transaction won; retry". */
    public static boolean lostConflict(Throwable failure) {
        return failure instanceof BasaltException e && LOST.contains(e.code());
    }
}
