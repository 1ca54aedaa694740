package dev.basalt.range;

/**
 * A transaction's lock on a key, as a reader or writer that meets it sees it: which transaction
 * ({@code startTs}), where its commit is decided ({@code primary}), and until when it may be
 * considered alive ({@code ttlMs} after the physical part of {@code startTs}).
 */
public record LockInfo(byte[] key, byte[] primary, long startTs, long ttlMs, Mutation.Op op) {
    /** True when the lock's time to live has run out at {@code nowTs}. */
    public boolean expiredAt(long nowTs) {
        return dev.basalt.common.Timestamp.physicalMs(startTs) + ttlMs < dev.basalt.common.Timestamp.physicalMs(nowTs);
    }

    @Override
    public String toString() {
        return "lock{key=" + StorageKey.toString(key) + ", primary=" + StorageKey.toString(primary)
                + ", startTs=" + startTs + ", ttlMs=" + ttlMs + ", op=" + op + "}";
    }
}
