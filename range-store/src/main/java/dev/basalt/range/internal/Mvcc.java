package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.range.KeyValue;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.ScanFilter;
import dev.basalt.range.RangeResponse.TxnStatus.State;
import dev.basalt.range.StorageKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * The MVCC rules of a range, in one place. Reads look at the latest applied state of the node's
 * RocksDB; checks turn a request into either an answer that changes nothing (a conflict, a lock
 * met, an idempotent repeat) or the list of {@link RawWrite}s that carry it out. The checks run on
 * the leader under the request's key latches, so no other in-flight command touches those keys
 * between the check and the apply of its writes.
 *
 * <p>Rules (Percolator, as TiKV applies them):
 * <ul>
 *   <li>A read at {@code readTs} sees the newest PUT/DELETE with {@code commitTs <= readTs}; a
 *       PUT/DELETE lock of a transaction with {@code startTs <= readTs} blocks it (that transaction
 *       may still commit below {@code readTs}); LOCK-only locks never block reads.</li>
 *   <li>Prewrite and one-phase commit fail with a serialization error if the key has a PUT/DELETE
 *       committed at or after the transaction's start, and report a {@code Locked} answer if another
 *       transaction holds the key.</li>
 *   <li>A rollback leaves a marker at {@code (key, startTs)} so that a prewrite arriving late
 *       cannot resurrect the transaction.</li>
 *   <li>A SHARED mutation (a foreign key's hold on its parent row) writes nothing: it checks, under
 *       the key's latch, that the key exists in what is committed now and that no other
 *       transaction holds a DELETE or LOCK lock on it (a parent's remover locks the parent before
 *       it looks for children); a PUT lock does not stop it (an update keeps the row).</li>
 *   <li>A lock for update is held in the leader's memory ({@link PessimisticLocks}) when there is
 *       room, else replicated. Others meet it like a replicated LOCK lock. Its owner's prewrite or
 *       one-phase commit turns it into a replicated lock or a version; a key the owner names as
 *       locked for update whose lock is gone fails that commit with 40001, so a lost lock never
 *       lets its owner commit over someone who took the key meanwhile.</li>
 * </ul>
 */
final class Mvcc {
    /** Scans never return more rows than this, whatever limit the caller asks for. */
    static final int SCAN_ROWS_MAX = 10_000;
    /** A filtered scan looks at most this many visible rows per page. */
    static final int SCAN_VISITS_MAX = 50_000;
    /** A Locked answer lists at most this many locks. */
    static final int LOCKS_REPORTED_MAX = 64;

    private final Storage storage;
    /** The leader's in-memory locks for update; empty on followers. */
    private final PessimisticLocks pessimistic = new PessimisticLocks();

    Mvcc(Storage storage) {
        this.storage = storage;
    }

    PessimisticLocks pessimistic() {
        return pessimistic;
    }

    /** The outcome of a checked request: writes to replicate (maybe none) and the answer to give. */
    record Effects(List<RawWrite> writes, RangeResponse response) {
        static Effects answer(RangeResponse response) {
            return new Effects(List.of(), response);
        }
    }

    // ---------------------------------------------------------------- reads

    /** The lock on {@code key}: replicated, or else held in the leader's memory; null if none. */
    private LockInfo persistentLockOf(byte[] key) {
        byte[] record = storage.get(Storage.CF_LOCK, key);
        return record == null ? null : Records.decodeLock(key, record);
    }

    LockInfo lockOf(byte[] key) {
        return find(key).met();
    }

    private static boolean blocksRead(LockInfo lock, long readTs) {
        return lock != null && lock.op() != Mutation.Op.LOCK && lock.startTs() <= readTs;
    }

    RangeResponse get(byte[] key, long readTs) {
        LockInfo lock = lockOf(key);
        if (blocksRead(lock, readTs)) {
            return new RangeResponse.Locked(List.of(lock));
        }
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            return new RangeResponse.Value(visibleValue(it, key, readTs));
        }
    }

    /** The value of {@code key} visible at {@code readTs}, or null. */
    private static byte[] visibleValue(RocksIterator it, byte[] key, long readTs) {
        byte[] first = MvccKeys.first(key);
        it.seek(MvccKeys.version(key, readTs));
        for (; it.isValid() && MvccKeys.belongsTo(it.key(), first); it.next()) {
            Records.Write w = Records.decodeWrite(it.value());
            if (w.op() == Mutation.Op.PUT) {
                return w.value();
            }
            if (w.op() == Mutation.Op.DELETE) {
                return null;
            }
        }
        return null;
    }

    RangeResponse scan(byte[] startKey, byte[] endKey, long readTs, int limit) {
        return scan(startKey, endKey, readTs, limit, null);
    }

    /**
     * Like {@link #scan(byte[], byte[], long, int)}, each visible row passed through {@code filter}
     * (null: none). A page ends after {@code limit} rows or {@link #SCAN_VISITS_MAX} visible rows
     * looked at, whichever comes first, so a filter that drops almost everything still answers
     * in bounded time (with a resume key).
     */
    RangeResponse scan(byte[] startKey, byte[] endKey, long readTs, int limit, ScanFilter filter) {
        int rowsMax = Math.max(1, Math.min(limit, SCAN_ROWS_MAX));
        int visits = 0;
        List<LockInfo> locks = new ArrayList<>();
        try (Slice upper = new Slice(endKey);
             ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
             RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_LOCK), bounded)) {
            for (it.seek(startKey); it.isValid() && locks.size() < LOCKS_REPORTED_MAX; it.next()) {
                LockInfo lock = Records.decodeLock(it.key(), it.value());
                if (blocksRead(lock, readTs)) {
                    locks.add(lock);
                }
            }
        }
        if (!locks.isEmpty()) {
            return new RangeResponse.Locked(locks);
        }
        List<KeyValue> rows = new ArrayList<>();
        byte[] upperEncoded = MvccKeys.first(endKey);
        byte[] lastVisited = null;
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            it.seek(MvccKeys.first(startKey));
            while (it.isValid() && Arrays.compareUnsigned(it.key(), upperEncoded) < 0) {
                byte[] userKey = MvccKeys.userKey(it.key());
                if (rows.size() == rowsMax || visits == SCAN_VISITS_MAX) {
                    flush(filter, lastVisited, rows);
                    return new RangeResponse.Rows(rows, userKey);
                }
                byte[] value = visibleValue(it, userKey, readTs);
                if (value != null && filter != null) {
                    visits++;
                    lastVisited = userKey;
                    value = filter.apply(userKey, value);
                }
                if (value != null) {
                    rows.add(new KeyValue(userKey, value));
                }
                // Skip the remaining (older) versions of this key.
                it.seek(MvccKeys.version(userKey, Long.MIN_VALUE));
                if (it.isValid() && MvccKeys.belongsTo(it.key(), MvccKeys.first(userKey))) {
                    it.next();
                }
            }
        }
        flush(filter, lastVisited, rows);
        return new RangeResponse.Rows(rows, null);
    }

    /** Adds what an absorbing filter still holds as the page's last row (see {@link ScanFilter#flush}). */
    private static void flush(ScanFilter filter, byte[] lastVisited, List<KeyValue> rows) {
        byte[] held = filter == null ? null : filter.flush();
        if (held != null) {
            rows.add(new KeyValue(lastVisited, held));
        }
    }

    // ---------------------------------------------------------------- version lookups

    /** The newest PUT/DELETE of {@code key} with its commit timestamp, or null. */
    private long newestDataCommitTs(RocksIterator it, byte[] key) {
        byte[] first = MvccKeys.first(key);
        it.seek(MvccKeys.version(key, Long.MAX_VALUE));
        for (; it.isValid() && MvccKeys.belongsTo(it.key(), first); it.next()) {
            Records.Write w = Records.decodeWrite(it.value());
            if (w.op() != Mutation.Op.LOCK) {
                return MvccKeys.commitTs(it.key());
            }
        }
        return Timestamp.NONE;
    }

    /** The commit timestamp of transaction {@code startTs} on {@code key}, or NONE if it has none. */
    private long commitOf(RocksIterator it, byte[] key, long startTs) {
        byte[] first = MvccKeys.first(key);
        it.seek(MvccKeys.version(key, Long.MAX_VALUE));
        for (; it.isValid() && MvccKeys.belongsTo(it.key(), first); it.next()) {
            long commitTs = MvccKeys.commitTs(it.key());
            if (commitTs < startTs) {
                break;
            }
            if (Records.decodeWrite(it.value()).startTs() == startTs) {
                return commitTs;
            }
        }
        return Timestamp.NONE;
    }

    /** The newest PUT/DELETE of {@code key} is a PUT: the key exists in what is committed now. */
    private static boolean existsNow(RocksIterator it, byte[] key) {
        byte[] first = MvccKeys.first(key);
        it.seek(MvccKeys.version(key, Long.MAX_VALUE));
        for (; it.isValid() && MvccKeys.belongsTo(it.key(), first); it.next()) {
            Records.Write w = Records.decodeWrite(it.value());
            if (w.op() != Mutation.Op.LOCK) {
                return w.op() == Mutation.Op.PUT;
            }
        }
        return false;
    }

    /** A lock of another transaction that a SHARED mutation must wait for: one that may remove the key. */
    private static boolean blocksShared(LockInfo lock) {
        return lock.op() == Mutation.Op.DELETE || lock.op() == Mutation.Op.LOCK;
    }

    private static BasaltException parentGone(byte[] key, long startTs) {
        return new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "key " + StorageKey.toString(key)
                + ", which transaction " + startTs + " references, was deleted by a concurrent transaction; retry the transaction");
    }

    /**
     * Checks a SHARED mutation of transaction {@code startTs}: a lock that must be waited for goes
     * into {@code blocking}; a key that is gone throws 40001. Our own lock on the key covers it.
     */
    private void checkShared(RocksIterator writes, byte[] key, long startTs, List<LockInfo> blocking) {
        LockInfo lock = lockOf(key);
        if (lock != null && lock.startTs() == startTs) {
            return;
        }
        if (lock != null && blocksShared(lock)) {
            blocking.add(lock);
            return;
        }
        if (!existsNow(writes, key)) {
            throw parentGone(key, startTs);
        }
    }

    private boolean rolledBack(byte[] key, long startTs) {
        return storage.get(Storage.CF_ROLLBACK, MvccKeys.marker(key, startTs)) != null;
    }

    private static BasaltException aborted(byte[] key, long startTs) {
        return new BasaltException(ErrorCode.TRANSACTION_ABORTED, "transaction " + startTs + " was rolled back on key "
                + StorageKey.toString(key));
    }

    private static BasaltException lockLost(byte[] key, long startTs) {
        return new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "transaction " + startTs + " lost its lock for update on key "
                + StorageKey.toString(key) + " (the range changed leader or split); retry the transaction");
    }

    private static BasaltException writeConflict(byte[] key, long startTs, long commitTs) {
        return new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "write conflict on key " + StorageKey.toString(key)
                + ": committed at " + commitTs + ", after transaction start " + startTs);
    }

    // ---------------------------------------------------------------- writes

    /** What a write finds on a key: the replicated lock (its record too), else an in-memory lock; or nothing. */
    private record Found(byte[] record, LockInfo replicated, PessimisticLocks.Entry inMemory) {
        LockInfo met() {
            return replicated != null ? replicated : inMemory == null ? null : inMemory.lock();
        }

        boolean heldByOther(long startTs) {
            LockInfo met = met();
            return met != null && met.startTs() != startTs;
        }
    }

    private Found find(byte[] key) {
        byte[] record = storage.get(Storage.CF_LOCK, key);
        if (record != null) {
            return new Found(record, Records.decodeLock(key, record), null);
        }
        return new Found(null, null, pessimistic.get(key));
    }

    Effects prewrite(RangeRequest.Prewrite p) {
        List<RawWrite> writes = new ArrayList<>();
        List<LockInfo> blocking = new ArrayList<>();
        List<byte[]> fromMemory = new ArrayList<>();
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            for (int i = 0; i < p.mutations().size(); i++) {
                Mutation m = p.mutations().get(i);
                if (m.op() == Mutation.Op.SHARED) {
                    checkShared(it, m.key(), p.startTs(), blocking);
                    continue;
                }
                Found found = find(m.key());
                byte[] record = found.record();
                LockInfo lock = found.replicated();
                PessimisticLocks.Entry inMemory = found.inMemory();
                if (found.heldByOther(p.startTs())) {
                    blocking.add(found.met());
                    continue;
                }
                if (lock != null && lock.op() != Mutation.Op.LOCK) {
                    continue; // already prewritten by this transaction: a retry
                }
                long minCommitTs;
                if (lock != null) {
                    minCommitTs = Records.lockMinCommitTs(record);
                } else if (inMemory != null) {
                    minCommitTs = inMemory.minCommitTs();
                    fromMemory.add(m.key());
                } else {
                    if (rolledBack(m.key(), p.startTs())) {
                        throw aborted(m.key(), p.startTs());
                    }
                    long newest = newestDataCommitTs(it, m.key());
                    if (newest >= p.startTs()) {
                        if (commitOf(it, m.key(), p.startTs()) != Timestamp.NONE) {
                            continue; // this transaction already committed here: a late retry
                        }
                        throw writeConflict(m.key(), p.startTs(), newest);
                    }
                    if (p.lockedForUpdate().get(i)) {
                        throw lockLost(m.key(), p.startTs());
                    }
                    minCommitTs = 0;
                }
                // A LOCK-only lock of this transaction (lock-for-update) already passed its conflict
                // check when it was taken; the prewrite turns it into a provisional write.
                LockInfo newLock = new LockInfo(m.key(), p.primary(), p.startTs(), p.ttlMs(), m.op(), p.priority());
                writes.add(RawWrite.put(Storage.CF_LOCK, m.key(), Records.encodeLock(newLock, minCommitTs, m.value())));
            }
        }
        if (!blocking.isEmpty()) {
            return Effects.answer(new RangeResponse.Locked(blocking));
        }
        // The replicated locks replace the in-memory ones; the latches keep others out until they apply.
        for (byte[] key : fromMemory) {
            pessimistic.remove(key, p.startTs());
        }
        return new Effects(writes, new RangeResponse.Ok());
    }

    Effects commit(RangeRequest.Commit c) {
        if (c.commitTs() <= c.startTs()) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "commit ts " + c.commitTs()
                    + " must be greater than start ts " + c.startTs());
        }
        List<RawWrite> writes = new ArrayList<>();
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            for (byte[] key : c.keys()) {
                byte[] record = storage.get(Storage.CF_LOCK, key);
                LockInfo lock = record == null ? null : Records.decodeLock(key, record);
                if (lock != null && lock.startTs() == c.startTs()) {
                    requireAboveMinCommit(lock, record, c.commitTs());
                    writes.addAll(commitLock(lock, Records.lockValue(record), c.commitTs()));
                    continue;
                }
                long committed = commitOf(it, key, c.startTs());
                if (committed == Timestamp.NONE) {
                    throw aborted(key, c.startTs());
                }
            }
        }
        return new Effects(writes, new RangeResponse.Ok());
    }

    /**
     * A lock taken for update at {@code forUpdateTs} was checked against the versions up to that
     * timestamp; committing it lower would slip the write under a version it never saw.
     */
    private static void requireAboveMinCommit(LockInfo lock, byte[] record, long commitTs) {
        long min = Records.lockMinCommitTs(record);
        if (commitTs < min) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "commit of transaction " + lock.startTs() + " at " + commitTs
                    + " on key " + StorageKey.toString(lock.key()) + " is below the key's minimum commit timestamp " + min
                    + " (it was locked for update at " + (min - 1) + ")");
        }
    }

    private static List<RawWrite> commitLock(LockInfo lock, byte[] value, long commitTs) {
        return List.of(
                RawWrite.put(Storage.CF_WRITE, MvccKeys.version(lock.key(), commitTs),
                        Records.encodeWrite(lock.op(), lock.startTs(), value)),
                RawWrite.delete(Storage.CF_LOCK, lock.key()));
    }

    private static List<RawWrite> rollbackLock(byte[] key, long startTs, boolean hasLock) {
        RawWrite marker = RawWrite.put(Storage.CF_ROLLBACK, MvccKeys.marker(key, startTs), new byte[0]);
        return hasLock ? List.of(RawWrite.delete(Storage.CF_LOCK, key), marker) : List.of(marker);
    }

    Effects rollback(RangeRequest.Rollback r) {
        List<RawWrite> writes = new ArrayList<>();
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            for (byte[] key : r.keys()) {
                if (pessimistic.remove(key, r.startTs())) {
                    continue; // an in-memory lock leaves nothing behind: its owner gave up
                }
                LockInfo lock = persistentLockOf(key);
                boolean ours = lock != null && lock.startTs() == r.startTs();
                if (!ours) {
                    long committed = commitOf(it, key, r.startTs());
                    if (committed != Timestamp.NONE) {
                        throw new BasaltException(ErrorCode.INVALID_STATE, "cannot roll back transaction " + r.startTs()
                                + ": it committed at " + committed + " on key " + StorageKey.toString(key));
                    }
                    if (rolledBack(key, r.startTs())) {
                        continue;
                    }
                }
                writes.addAll(rollbackLock(key, r.startTs(), ours));
            }
        }
        return new Effects(writes, new RangeResponse.Ok());
    }

    /**
     * The outcome of checking a one-phase commit: {@code early} is an answer when the commit must
     * not proceed (conflict, locks met) or has already happened (a retry), else null and the caller
     * picks a commit timestamp of at least {@code minCommitTs} and calls {@link #onePhaseWrites}.
     * {@code ownLocks[i]}: the check found this transaction's own lock on mutation i's key.
     */
    record OnePhaseCheck(RangeResponse early, boolean[] ownLocks, long minCommitTs) {
    }


    OnePhaseCheck checkOnePhase(RangeRequest.OnePhaseCommit c) {
        boolean[] ownLocks = new boolean[c.mutations().size()];
        long minCommitTs = 0;
        List<LockInfo> blocking = new ArrayList<>();
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            long alreadyCommitted = commitOf(it, Mutation.recordKey(c.mutations()), c.startTs());
            if (alreadyCommitted != Timestamp.NONE) {
                return new OnePhaseCheck(new RangeResponse.Committed(alreadyCommitted), ownLocks, 0);
            }
            for (int i = 0; i < c.mutations().size(); i++) {
                Mutation m = c.mutations().get(i);
                if (m.op() == Mutation.Op.SHARED) {
                    checkShared(it, m.key(), c.startTs(), blocking); // under the latches of this very commit
                    continue;
                }
                Found found = find(m.key());
                byte[] record = found.record();
                LockInfo lock = found.replicated();
                PessimisticLocks.Entry inMemory = found.inMemory();
                if (found.heldByOther(c.startTs())) {
                    blocking.add(found.met());
                    continue;
                }
                ownLocks[i] = lock != null;
                if (lock != null) {
                    minCommitTs = Math.max(minCommitTs, Records.lockMinCommitTs(record));
                } else if (inMemory != null) {
                    minCommitTs = Math.max(minCommitTs, inMemory.minCommitTs());
                }
                if (rolledBack(m.key(), c.startTs())) {
                    throw aborted(m.key(), c.startTs());
                }
                if (found.met() == null) {
                    long newest = newestDataCommitTs(it, m.key());
                    if (newest >= c.startTs()) {
                        throw writeConflict(m.key(), c.startTs(), newest);
                    }
                    if (c.lockedForUpdate().get(i)) {
                        throw lockLost(m.key(), c.startTs());
                    }
                }
            }
        }
        return new OnePhaseCheck(blocking.isEmpty() ? null : new RangeResponse.Locked(blocking), ownLocks, minCommitTs);
    }

    /** The writes of a checked one-phase commit; its in-memory locks go now (the latches keep others out until it applies). */
    List<RawWrite> onePhaseWrites(RangeRequest.OnePhaseCommit c, long commitTs, boolean[] ownLocks) {
        List<RawWrite> writes = new ArrayList<>(c.mutations().size() * 2);
        for (int i = 0; i < c.mutations().size(); i++) {
            Mutation m = c.mutations().get(i);
            if (m.op() == Mutation.Op.SHARED) {
                continue;
            }
            pessimistic.remove(m.key(), c.startTs());
            writes.add(RawWrite.put(Storage.CF_WRITE, MvccKeys.version(m.key(), commitTs),
                    Records.encodeWrite(m.op(), c.startTs(), m.value())));
            // A lock-for-update lock of this transaction is released by its commit.
            if (ownLocks[i]) {
                writes.add(RawWrite.delete(Storage.CF_LOCK, m.key()));
            }
        }
        return writes;
    }

    Effects acquireLock(RangeRequest.AcquireLock a) {
        List<LockInfo> toLock = new ArrayList<>();
        List<LockInfo> blocking = new ArrayList<>();
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            for (byte[] key : a.keys()) {
                LockInfo lock = lockOf(key);
                if (lock != null) {
                    if (lock.startTs() != a.startTs()) {
                        blocking.add(lock);
                    }
                    continue;
                }
                if (rolledBack(key, a.startTs())) {
                    throw aborted(key, a.startTs());
                }
                long newest = newestDataCommitTs(it, key);
                if (newest > a.forUpdateTs()) {
                    throw writeConflict(key, a.forUpdateTs(), newest);
                }
                toLock.add(new LockInfo(key, a.primary(), a.startTs(), a.ttlMs(), Mutation.Op.LOCK, a.priority()));
            }
        }
        if (!blocking.isEmpty()) {
            return Effects.answer(new RangeResponse.Locked(blocking));
        }
        if (pessimistic.room(toLock.size())) {
            for (LockInfo lock : toLock) {
                pessimistic.put(lock, a.forUpdateTs() + 1);
            }
            return Effects.answer(new RangeResponse.Ok());
        }
        List<RawWrite> writes = new ArrayList<>(toLock.size());
        for (LockInfo lock : toLock) {
            writes.add(RawWrite.put(Storage.CF_LOCK, lock.key(), Records.encodeLock(lock, a.forUpdateTs() + 1, null)));
        }
        return new Effects(writes, new RangeResponse.Ok());
    }

    Effects checkTxnStatus(RangeRequest.CheckTxnStatus c, long collectedTs) {
        PessimisticLocks.Entry inMemory = pessimistic.own(c.primary(), c.startTs());
        if (inMemory != null) {
            if (c.rollbackIfExpired() && inMemory.lock().expiredAt(c.currentTs())) {
                pessimistic.remove(c.primary(), c.startTs());
                return new Effects(rollbackLock(c.primary(), c.startTs(), false),
                        new RangeResponse.TxnStatus(State.ROLLED_BACK, Timestamp.NONE, 0));
            }
            return Effects.answer(new RangeResponse.TxnStatus(State.LOCKED, Timestamp.NONE, inMemory.lock().ttlMs()));
        }
        LockInfo lock = persistentLockOf(c.primary());
        if (lock != null && lock.startTs() == c.startTs()) {
            if (c.rollbackIfExpired() && lock.expiredAt(c.currentTs())) {
                return new Effects(rollbackLock(c.primary(), c.startTs(), true),
                        new RangeResponse.TxnStatus(State.ROLLED_BACK, Timestamp.NONE, 0));
            }
            return Effects.answer(new RangeResponse.TxnStatus(State.LOCKED, Timestamp.NONE, lock.ttlMs()));
        }
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            long committed = commitOf(it, c.primary(), c.startTs());
            if (committed != Timestamp.NONE) {
                return Effects.answer(new RangeResponse.TxnStatus(State.COMMITTED, committed, 0));
            }
        }
        RangeResponse rolledBack = new RangeResponse.TxnStatus(State.ROLLED_BACK, Timestamp.NONE, 0);
        if (rolledBack(c.primary(), c.startTs())) {
            return Effects.answer(rolledBack);
        }
        // No lock, no commit, no marker: the primary's prewrite never arrived (or is still in
        // flight). A caller that may decide (rollbackIfExpired) leaves a marker so that it cannot
        // succeed later: the transaction is decided. A mere look (a reader asking whether a
        // secondary lock's owner committed) must not kill a transaction that is still prewriting.
        if (!c.rollbackIfExpired()) {
            return Effects.answer(new RangeResponse.TxnStatus(State.LOCKED, Timestamp.NONE, 0));
        }
        if (c.startTs() < collectedTs) {
            // Every lock below a collected point was resolved before garbage collection could remove
            // the record that decides it, and no lock below it can be written since: whoever asks
            // about such a transaction holds a lock that cannot exist. Deciding "rolled back" now
            // could undo a commit whose record was collected; refuse instead.
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "transaction " + c.startTs() + " is below the point "
                    + collectedTs + " garbage collection ran to, and its primary " + StorageKey.toString(c.primary())
                    + " holds no record of it; a lock of it should not exist any more");
        }
        return new Effects(rollbackLock(c.primary(), c.startTs(), false), rolledBack);
    }

    Effects resolveLock(RangeRequest.ResolveLock r) {
        List<RawWrite> writes = new ArrayList<>();
        for (byte[] key : r.keys()) {
            // An in-memory lock goes either way: it never commits (its owner's prewrite would have
            // replaced it), and its owner's decision is recorded at its primary.
            pessimistic.remove(key, r.startTs());
            byte[] record = storage.get(Storage.CF_LOCK, key);
            if (record == null) {
                continue;
            }
            LockInfo lock = Records.decodeLock(key, record);
            if (lock.startTs() != r.startTs()) {
                continue;
            }
            if (r.commitTs() > 0) {
                requireAboveMinCommit(lock, record, r.commitTs());
            }
            writes.addAll(r.commitTs() > 0
                    ? commitLock(lock, Records.lockValue(record), r.commitTs())
                    : rollbackLock(key, r.startTs(), true));
        }
        return new Effects(writes, new RangeResponse.Ok());
    }

    Effects heartbeat(RangeRequest.TxnHeartbeat h) {
        PessimisticLocks.Entry inMemory = pessimistic.extend(h.primary(), h.startTs(), h.ttlMs());
        if (inMemory != null) {
            return Effects.answer(new RangeResponse.TxnStatus(State.LOCKED, Timestamp.NONE, inMemory.lock().ttlMs()));
        }
        byte[] record = storage.get(Storage.CF_LOCK, h.primary());
        LockInfo lock = record == null ? null : Records.decodeLock(h.primary(), record);
        if (lock == null || lock.startTs() != h.startTs()) {
            if (!rolledBack(h.primary(), h.startTs())) {
                // Gone without a rollback: an in-memory lock lost with its leader.
                throw lockLost(h.primary(), h.startTs());
            }
            throw new BasaltException(ErrorCode.TRANSACTION_ABORTED, "transaction " + h.startTs()
                    + " holds no lock on its primary " + StorageKey.toString(h.primary()) + " any more");
        }
        if (h.ttlMs() <= lock.ttlMs()) {
            return Effects.answer(new RangeResponse.TxnStatus(State.LOCKED, Timestamp.NONE, lock.ttlMs()));
        }
        LockInfo extended = lock.withTtlMs(h.ttlMs());
        return new Effects(List.of(RawWrite.put(Storage.CF_LOCK, h.primary(),
                        Records.encodeLock(extended, Records.lockMinCommitTs(record), Records.lockValue(record)))),
                new RangeResponse.TxnStatus(State.LOCKED, Timestamp.NONE, h.ttlMs()));
    }

    /** Locks in the range's slots of transactions that started below {@code maxStartTs}, at most {@code limit}. */
    List<LockInfo> locksBelow(int slotStart, int slotEnd, long maxStartTs, int limit) {
        List<LockInfo> out = new ArrayList<>();
        try (RocksIterator locks = storage.db().newIterator(storage.cf(Storage.CF_LOCK))) {
            RangeSpans.walk(locks, slotStart, slotEnd, (key, value) -> {
                LockInfo lock = Records.decodeLock(key, value);
                if (lock.startTs() < maxStartTs) {
                    out.add(lock);
                }
                return out.size() < limit;
            });
        }
        return out;
    }

    // ---------------------------------------------------------------- garbage collection

    /**
     * Deletes, inside the range's slots, every version that no read at or above
     * {@code safePointTs} can see: for each key, all versions older than the newest PUT/DELETE at
     * or below the safe point, that version too when it is a DELETE, LOCK records below the safe
     * point, and rollback markers below it. Runs during apply on every replica, so it must be
     * deterministic: it reads only the replicated state. The safe point is clamped below the
     * oldest lock in the range, so a transaction whose locks are still being resolved keeps the
     * records that decide it. Returns the number of records deleted.
     */
    int collectGarbage(int slotStart, int slotEnd, long safePointTs, WriteBatch batch) throws org.rocksdb.RocksDBException {
        long[] safe = {safePointTs};
        try (RocksIterator locks = storage.db().newIterator(storage.cf(Storage.CF_LOCK))) {
            RangeSpans.walk(locks, slotStart, slotEnd, (key, value) -> {
                safe[0] = Math.min(safe[0], Records.decodeLock(key, value).startTs() - 1);
                return true;
            });
        }
        int[] deleted = {0};
        byte[][] current = {null};
        boolean[] keptVisible = {false};
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_WRITE))) {
            RangeSpans.walk(it, slotStart, slotEnd, (key, value) -> {
                byte[] userKey = MvccKeys.userKey(key);
                if (current[0] == null || !Arrays.equals(current[0], userKey)) {
                    current[0] = userKey;
                    keptVisible[0] = false;
                }
                if (MvccKeys.commitTs(key) > safe[0]) {
                    return true;
                }
                Records.Write w = Records.decodeWrite(value);
                boolean keep = !keptVisible[0] && w.op() == Mutation.Op.PUT;
                if (w.op() != Mutation.Op.LOCK) {
                    keptVisible[0] = true;
                }
                if (!keep) {
                    deleteQuietly(batch, Storage.CF_WRITE, key);
                    deleted[0]++;
                }
                return true;
            });
        }
        try (RocksIterator it = storage.db().newIterator(storage.cf(Storage.CF_ROLLBACK))) {
            RangeSpans.walk(it, slotStart, slotEnd, (key, value) -> {
                if (MvccKeys.suffix(key) <= safe[0]) {
                    deleteQuietly(batch, Storage.CF_ROLLBACK, key);
                    deleted[0]++;
                }
                return true;
            });
        }
        return deleted[0];
    }

    private void deleteQuietly(WriteBatch batch, int cf, byte[] key) {
        try {
            batch.delete(storage.cf(cf), key);
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException("cannot add a delete to a write batch", e);
        }
    }
}
