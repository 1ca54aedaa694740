package dev.basalt.range.internal;

import dev.basalt.common.Timestamp;
import dev.basalt.range.LockInfo;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock-for-update locks a range's leader holds in memory instead of replicating them (TiKV's
 * in-memory pessimistic locks). Taking a lock for update is then a check under the key's latch and
 * no Raft round; a NewOrder that locks a district and ten stock rows saves eleven rounds.
 *
 * <p><b>Such a lock can be lost</b> - the leader changes, the range splits, the table is full and
 * swept - and losing one must never let a transaction commit what the lock was protecting. So a
 * transaction's prewrite or one-phase commit names the keys it locked for update, and a named key
 * whose lock is gone fails the commit with 40001 ({@link Mvcc}). Until then others may have taken
 * the key, which is why losing is safe: the owner cannot commit over them. What is lost is only
 * the guarantee that the owner, having got the lock, will be able to commit.
 *
 * <p>Entries are read and changed only by checks on the leader, under the key's latch. The table
 * belongs to one leadership term: the first check of a new term empties it, so a node that leads
 * again never trusts locks from before (others may have resolved them meanwhile). Bounded by
 * {@link #LOCKS_MAX}; when full, a lock is replicated as before.
 */
final class PessimisticLocks {
    /** At most this many locks per range are held in memory; beyond, locks are replicated. */
    static final int LOCKS_MAX = 16_384;
    /** When the table is full, entries whose lock expired this long ago (by this node's clock) are dropped. */
    static final long SWEEP_AFTER_EXPIRY_MS = 60_000;

    /** A lock and the lowest timestamp its owner may commit the key at (its forUpdateTs + 1). */
    record Entry(LockInfo lock, long minCommitTs) {
    }

    /** By key (a wrapped array: equal by content). A hash map, so that {@link #room} counts in constant time. */
    private final ConcurrentHashMap<ByteBuffer, Entry> locks = new ConcurrentHashMap<>();
    private volatile long term = -1;

    /** Called by every check with the term it was admitted in: a new term starts with no locks. */
    void enterTerm(long admittedTerm) {
        if (admittedTerm == term) {
            return;
        }
        synchronized (this) {
            if (admittedTerm != term) {
                locks.clear();
                term = admittedTerm;
            }
        }
    }

    /** Forgets every lock (the range split: keys left it, and its owners must re-check their commits). */
    void clear() {
        locks.clear();
    }

    Entry get(byte[] key) {
        return locks.get(ByteBuffer.wrap(key));
    }

    /** This transaction's lock on {@code key}, or null. */
    Entry own(byte[] key, long startTs) {
        Entry e = locks.get(ByteBuffer.wrap(key));
        return e != null && e.lock().startTs() == startTs ? e : null;
    }

    /** Whether {@code count} more locks fit, after dropping long-expired ones if needed. */
    boolean room(int count) {
        if (locks.size() + count <= LOCKS_MAX) {
            return true;
        }
        long now = System.currentTimeMillis();
        locks.values().removeIf(e -> Timestamp.physicalMs(e.lock().startTs()) + e.lock().ttlMs() + SWEEP_AFTER_EXPIRY_MS < now);
        return locks.size() + count <= LOCKS_MAX;
    }

    void put(LockInfo lock, long minCommitTs) {
        locks.put(ByteBuffer.wrap(lock.key()), new Entry(lock, minCommitTs));
    }

    /** Removes transaction {@code startTs}'s lock on {@code key}; true if there was one. */
    boolean remove(byte[] key, long startTs) {
        Entry e = own(key, startTs);
        return e != null && locks.remove(ByteBuffer.wrap(key), e);
    }

    /** Extends transaction {@code startTs}'s lock on {@code key} to {@code ttlMs} (never shortens it). */
    Entry extend(byte[] key, long startTs, long ttlMs) {
        Entry e = own(key, startTs);
        if (e == null || ttlMs <= e.lock().ttlMs()) {
            return e;
        }
        Entry extended = new Entry(e.lock().withTtlMs(ttlMs), e.minCommitTs());
        locks.put(ByteBuffer.wrap(key), extended);
        return extended;
    }
}
