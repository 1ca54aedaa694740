package dev.basalt.range;

import java.util.BitSet;
import java.util.List;

/**
 * The operations a range offers the transaction layer (DESIGN.md section 4). Reads are served by
 * the leader from its RocksDB after a lease/ReadIndex check; every other request is checked on the
 * leader under key latches and, when it changes anything, replicated as part of one Raft entry.
 *
 * <p>Every request is idempotent when retried with the same arguments, including
 * {@link OnePhaseCommit}: a retry that finds its own commit answers with that commit's timestamp.
 * This is what lets a client resolve a reply lost in a failover by asking again.
 */
public sealed interface RangeRequest {

    /** Read one key at {@code readTs}. Answers {@link RangeResponse.Value} or {@link RangeResponse.Locked}. */
    record Get(byte[] key, long readTs) implements RangeRequest {
    }

    /**
     * Read keys in {@code [startKey, endKey)} at {@code readTs}, at most {@code limit} of them,
     * passed through the {@link ScanFilter} of {@code filterKind} and {@code filter} unless the kind is
     * {@link #NO_FILTER}. Answers {@link RangeResponse.Rows} (with a resume key if cut short) or {@link RangeResponse.Locked}.
     */
    record Scan(byte[] startKey, byte[] endKey, long readTs, int limit, int filterKind, byte[] filter) implements RangeRequest {
        /** Filter kind of a scan without a filter. */
        public static final int NO_FILTER = 0;

        public Scan(byte[] startKey, byte[] endKey, long readTs, int limit) {
            this(startKey, endKey, readTs, limit, NO_FILTER, null);
        }
    }

    /**
     * First phase of 2PC: lock every key with a provisional value. The locks carry the
     * transaction's wound-wait {@code priority} (see {@link LockInfo}). Bit {@code i} of
     * {@code lockedForUpdate}: the transaction holds a lock-for-update on mutation {@code i}'s key,
     * and the prewrite fails with 40001 if that lock is gone (a leader held it in memory and lost
     * it). Answers {@link RangeResponse.Ok}.
     */
    record Prewrite(List<Mutation> mutations, byte[] primary, long startTs, long ttlMs, long priority, BitSet lockedForUpdate)
            implements RangeRequest {
        /** A prewrite of a transaction whose priority is its start and that locked nothing for update. */
        public Prewrite(List<Mutation> mutations, byte[] primary, long startTs, long ttlMs) {
            this(mutations, primary, startTs, ttlMs, startTs, new BitSet());
        }
    }

    /** Second phase: turn this transaction's locks on {@code keys} into versions at {@code commitTs}. */
    record Commit(List<byte[]> keys, long startTs, long commitTs) implements RangeRequest {
    }

    /** Remove this transaction's locks on {@code keys} and leave rollback markers. */
    record Rollback(List<byte[]> keys, long startTs) implements RangeRequest {
    }

    /**
     * Commit a write set that lies entirely in this range in one Raft entry. The leader picks the
     * commit timestamp above every read it has served. {@code lockedForUpdate} as for
     * {@link Prewrite}. Answers {@link RangeResponse.Committed}.
     */
    record OnePhaseCommit(List<Mutation> mutations, long startTs, BitSet lockedForUpdate) implements RangeRequest {
        /** A one-phase commit of a transaction that locked nothing for update. */
        public OnePhaseCommit(List<Mutation> mutations, long startTs) {
            this(mutations, startTs, new BitSet());
        }
    }

    /**
     * Lock {@code keys} for update (SELECT ... FOR UPDATE) without a value; fails with a
     * serialization error if a key was committed after {@code forUpdateTs}. The leader holds the
     * locks in memory when it can (no Raft round); see {@link Prewrite} for what a lost one means.
     */
    record AcquireLock(List<byte[]> keys, byte[] primary, long startTs, long forUpdateTs, long ttlMs, long priority)
            implements RangeRequest {
        /** Locks of a transaction whose priority is its start. */
        public AcquireLock(List<byte[]> keys, byte[] primary, long startTs, long forUpdateTs, long ttlMs) {
            this(keys, primary, startTs, forUpdateTs, ttlMs, startTs);
        }
    }

    /**
     * Decide the fate of transaction {@code startTs} through its primary key: committed, rolled back,
     * or still locked. When {@code rollbackIfExpired} and the primary lock has expired at
     * {@code currentTs}, rolls it back first; and when the primary was never prewritten, leaves a
     * rollback marker so that it never will be (the transaction is decided). Without
     * {@code rollbackIfExpired} the check only looks: a missing primary answers LOCKED (undecided).
     * Answers {@link RangeResponse.TxnStatus}.
     */
    record CheckTxnStatus(byte[] primary, long startTs, long currentTs, boolean rollbackIfExpired) implements RangeRequest {
    }

    /** Commit ({@code commitTs > 0}) or roll back ({@code commitTs == 0}) the locks of {@code startTs} on {@code keys}. */
    record ResolveLock(List<byte[]> keys, long startTs, long commitTs) implements RangeRequest {
    }

    /** Extend the time to live of the primary lock of a long-running transaction. */
    record TxnHeartbeat(byte[] primary, long startTs, long ttlMs) implements RangeRequest {
    }

    /**
     * Raise the range's safe point to {@code safePointTs} (it never goes down): from then on reads
     * below it fail with SNAPSHOT_TOO_OLD, and so do prewrites, one-phase commits and locks of
     * transactions that started below it. Taken with every key latch of the range, so no write
     * checked before it can be applied after it. Persisted and replicated. Answers {@link RangeResponse.Ok}.
     */
    record SetSafePoint(long safePointTs) implements RangeRequest {
    }

    /**
     * The locks in the range of transactions that started below {@code maxStartTs}, at most
     * {@code limit}: what garbage collection must resolve before it may collect below that
     * timestamp. Answers {@link RangeResponse.Locked} (possibly with no locks).
     */
    record ScanLocks(long maxStartTs, int limit) implements RangeRequest {
    }

    /**
     * Delete versions no read at or above {@code safePointTs} can see. The safe point must already
     * have been set ({@link SetSafePoint}) at or above it, and every lock below it resolved; the
     * range also keeps what its own remaining locks need.
     */
    record Gc(long safePointTs) implements RangeRequest {
    }
}
