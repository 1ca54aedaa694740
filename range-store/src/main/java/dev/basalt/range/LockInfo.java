package dev.basalt.range;

/**
 * A transaction's lock on a key, as a reader or writer that meets it sees it: which transaction
 * ({@code startTs}), where its commit is decided ({@code primary}), until when it may be
 * considered alive ({@code ttlMs} after the physical part of {@code startTs}), and its
 * wound-wait {@code priority}: the start timestamp of the first attempt of the work it does, so
 * that a transaction retried after losing a conflict keeps its age (never above {@code startTs}).
 */
public record LockInfo(byte[] key, byte[] primary, long startTs, long ttlMs, Mutation.Op op, long priority) {
    /** A lock of a transaction that is its work's first attempt: its priority is its start. */
    public LockInfo(byte[] key, byte[] primary, long startTs, long ttlMs, Mutation.Op op) {
        this(key, primary, startTs, ttlMs, op, startTs);
    }

    /** The same lock with a new time to live (a heartbeat extended it). */
    public LockInfo withTtlMs(long newTtlMs) {
        return new LockInfo(key, primary, startTs, newTtlMs, op, priority);
    }

    /** True when the lock's time to live has run out at {@code nowTs}. */
    public boolean expiredAt(long nowTs) {
        return dev.basalt.common.Timestamp.physicalMs(startTs) + ttlMs < dev.basalt.common.Timestamp.physicalMs(nowTs);
    }

    @Override
    public String toString() {
        return "lock{key=" + StorageKey.toString(key) + ", primary=" + StorageKey.toString(primary)
                + ", startTs=" + startTs + (priority == startTs ? "" : ", priority=" + priority) + ", ttlMs=" + ttlMs + ", op=" + op + "}";
    }
}
