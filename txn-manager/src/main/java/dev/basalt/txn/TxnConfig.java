package dev.basalt.txn;

/**
 * Every limit of the transaction layer, named. Times in milliseconds; lock times to live are
 * measured on the cluster's timestamp clock (from the physical part of a transaction's start
 * timestamp, see {@link dev.basalt.range.LockInfo#expiredAt}); waits and deadlines of the gateway
 * itself on its local monotonic clock.
 *
 * @param lockTtlMs              how long a lock outlives its last sign of life: a crashed gateway
 *                               blocks others for at most about this long
 * @param heartbeatIntervalMs    how often a live transaction extends its primary lock's time to
 *                               live; well below {@code lockTtlMs} so one lost heartbeat is harmless
 * @param lockWaitMsMax          how long one request waits for other transactions' live locks
 *                               before failing with LOCK_WAIT_TIMEOUT (55P03)
 * @param resolverQueueMax       asynchronous work (committing secondaries, rolling back after a
 *                               failed prewrite) queued at most; beyond it the work runs inline
 * @param resolverThreads        threads that run that asynchronous work
 * @param requestThreads         threads that send one request per range in parallel (prewrite,
 *                               multi-get); when all are busy the caller sends inline
 * @param reroutesMax            how often one request is routed again after RANGE_MOVED
 * @param commitOutcomeWaitMsMax how long a commit whose reply was lost keeps asking before it
 *                               gives up with COMMIT_OUTCOME_UNKNOWN (40003)
 */
public record TxnConfig(long lockTtlMs, long heartbeatIntervalMs, long lockWaitMsMax, int resolverQueueMax,
                        int resolverThreads, int requestThreads, int reroutesMax, long commitOutcomeWaitMsMax) {
    public static final long LOCK_TTL_MS_DEFAULT = 3_000;
    public static final long LOCK_WAIT_MS_MAX_DEFAULT = 10_000;
    public static final int RESOLVER_QUEUE_MAX_DEFAULT = 1_024;
    public static final int RESOLVER_THREADS_DEFAULT = 2;
    public static final int REQUEST_THREADS_DEFAULT = 8;
    public static final int REROUTES_MAX_DEFAULT = 10;
    public static final long COMMIT_OUTCOME_WAIT_MS_MAX_DEFAULT = 10_000;

    public TxnConfig {
        requirePositive("lockTtlMs", lockTtlMs);
        requirePositive("heartbeatIntervalMs", heartbeatIntervalMs);
        requirePositive("lockWaitMsMax", lockWaitMsMax);
        requirePositive("resolverQueueMax", resolverQueueMax);
        requirePositive("resolverThreads", resolverThreads);
        requirePositive("requestThreads", requestThreads);
        requirePositive("reroutesMax", reroutesMax);
        requirePositive("commitOutcomeWaitMsMax", commitOutcomeWaitMsMax);
        if (heartbeatIntervalMs >= lockTtlMs) {
            throw new IllegalArgumentException("heartbeat interval " + heartbeatIntervalMs
                    + " ms must be shorter than the lock TTL " + lockTtlMs + " ms, or live locks expire between heartbeats");
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public static TxnConfig defaults() {
        return new TxnConfig(LOCK_TTL_MS_DEFAULT, LOCK_TTL_MS_DEFAULT / 3, LOCK_WAIT_MS_MAX_DEFAULT, RESOLVER_QUEUE_MAX_DEFAULT,
                RESOLVER_THREADS_DEFAULT, REQUEST_THREADS_DEFAULT, REROUTES_MAX_DEFAULT, COMMIT_OUTCOME_WAIT_MS_MAX_DEFAULT);
    }

    /** The same limits with another lock TTL; the heartbeat interval follows at a third of it. */
    public TxnConfig withLockTtlMs(long ttlMs) {
        return new TxnConfig(ttlMs, Math.max(1, ttlMs / 3), lockWaitMsMax, resolverQueueMax, resolverThreads, requestThreads,
                reroutesMax, commitOutcomeWaitMsMax);
    }

    public TxnConfig withLockWaitMsMax(long waitMs) {
        return new TxnConfig(lockTtlMs, heartbeatIntervalMs, waitMs, resolverQueueMax, resolverThreads, requestThreads,
                reroutesMax, commitOutcomeWaitMsMax);
    }

    public TxnConfig withCommitOutcomeWaitMsMax(long waitMs) {
        return new TxnConfig(lockTtlMs, heartbeatIntervalMs, lockWaitMsMax, resolverQueueMax, resolverThreads, requestThreads,
                reroutesMax, waitMs);
    }
}
