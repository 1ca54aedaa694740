package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.CancelSignal;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.range.KeyValue;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction, driven by one client session (calls are serialized; the manager's heartbeat and
 * other transactions only touch its volatile flags). Writes are buffered here until
 * {@link #commit()}; reads see them (read-your-writes). Keys are storage keys
 * ({@link StorageKey#of}).
 *
 * <p>States: {@code ACTIVE -> COMMITTING -> COMMITTED | ABORTED | OUTCOME_UNKNOWN}, and
 * {@code ACTIVE -> ABORTED} by {@link #rollback()} or by any failed call: as in PostgreSQL, an
 * error ends the transaction (its locks are released) and every later call but
 * {@code rollback()}/{@code close()} fails with INVALID_TRANSACTION_STATE (25000). Rolling back an
 * aborted transaction is a no-op, so a client can always roll back after an error.
 */
public final class Transaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Transaction.class);
    /** A scan returns at most this many rows whatever limit is asked; callers continue after the last key. */
    public static final int SCAN_ROWS_MAX = 10_000;
    /** Rows asked of one range per scan request at most. */
    static final int SCAN_PAGE_ROWS_MAX = 1_000;

    public enum State { ACTIVE, COMMITTING, COMMITTED, ABORTED, OUTCOME_UNKNOWN }

    /**
     * A transaction older than this fails its next call with 40001. The cluster garbage-collects
     * versions older than its retention window ({@code --gc-retention-ms}, 10 minutes by default);
     * staying well inside it means no live transaction ever needs a collected version (reads below
     * the collection point are refused by the ranges too, and a write's conflict check must still
     * find the versions committed after the transaction started).
     */
    public static final long LIFETIME_MS_MAX = 300_000;

    private final TransactionManager manager;
    private final long startTs;
    /** Wound-wait priority: the start timestamp of the first attempt of this work (see {@link #priority}). */
    private final long priority;
    private final IsolationLevel isolation;
    private final boolean readOnly;
    private volatile long readTs;
    private volatile State state = State.ACTIVE;
    private final long beganNanos = System.nanoTime();
    /** When the start timestamp was asked for, on the router's clock for ages ({@code RangeRouter.monotonicMs}). */
    private final long askedMs;
    /** Buffered writes by key; the value's op is PUT or DELETE. */
    private final NavigableMap<byte[], Mutation> writes = new TreeMap<>(Arrays::compareUnsigned);
    private byte[] firstWritten;
    /** Keys this transaction holds lock-for-update locks on. */
    private final NavigableSet<byte[]> lockedForUpdate = new TreeSet<>(Arrays::compareUnsigned);
    /** At most this many values read ahead by {@link #prefetch} are kept; more are not read ahead. */
    static final int PREFETCHED_MAX = 4_096;
    /** Marks a key {@link #prefetch} found absent (compared by identity: a stored empty value is another array). */
    private static final byte[] ABSENT = new byte[0];
    /** Values {@link #prefetch} read at {@link #prefetchedAt}; {@link #get} answers from them while the read timestamp stays. */
    private final NavigableMap<byte[], byte[]> prefetched = new TreeMap<>(Arrays::compareUnsigned);
    private long prefetchedAt;
    /** Keys held shared for the commit ({@link #holdShared}); at most one per row written. */
    private final NavigableSet<byte[]> heldShared = new TreeSet<>(Arrays::compareUnsigned);
    /** The key that decides the transaction: the first key locked for update, else chosen at commit. */
    private volatile byte[] primary;
    /** Physical ms until which the primary lock is alive as far as we last extended it (0: none yet). */
    private volatile long primaryAliveUntilMs;
    /** Another transaction of this gateway wounded us (wound-wait). */
    private volatile boolean wounded;
    /** A heartbeat found our primary lock gone; {@code woundedRemotely}: it was still alive then, so a wound did it. */
    private volatile boolean abortedByOthers;
    private volatile boolean woundedRemotely;
    /** A heartbeat found our primary's in-memory lock for update gone without a rollback (its leader changed). */
    private volatile BasaltException primaryLost;
    /** The cancel flag of the session that drives this transaction (none until one is given). */
    private volatile CancelSignal cancelSignal;

    Transaction(TransactionManager manager, long startTs, long priority, long askedMs, IsolationLevel isolation, boolean readOnly) {
        this.manager = manager;
        this.startTs = startTs;
        this.priority = priority;
        this.askedMs = askedMs;
        this.readTs = startTs;
        this.isolation = isolation;
        this.readOnly = readOnly;
    }

    public long startTs() {
        return startTs;
    }

    /**
     * This transaction's age for wound-wait: its start timestamp, or, for a retry of work whose
     * earlier attempt lost a conflict, that attempt's priority ({@link TransactionManager#begin(
     * IsolationLevel, boolean, long)}). Never above {@link #startTs}. A retried transaction keeps
     * growing older than the transactions that keep beating it, so it cannot be wounded forever.
     */
    public long priority() {
        return priority;
    }

    /**
     * True when this transaction goes before {@code lock}'s owner in wound-wait: it is older by
     * priority, ties (which only a caller-chosen priority can make) broken by start timestamp.
     */
    boolean outranks(LockInfo lock) {
        return priority != lock.priority() ? priority < lock.priority() : startTs < lock.startTs();
    }

    /** The timestamp reads see: the start timestamp, or under READ_COMMITTED the current statement's. */
    public long readTs() {
        return readTs;
    }

    public IsolationLevel isolation() {
        return isolation;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public State state() {
        return state;
    }

    /**
     * The cancel flag of the session driving this transaction: reads, scans (between pages) and lock
     * waits check it and fail with QUERY_CANCELED (57014), which aborts the transaction like any
     * failed call. A commit is cancelled only while it waits for another transaction's lock
     * ({@link #checkCancelledInLockWait}); otherwise, once COMMITTING, it runs to its outcome.
     */
    public void cancelSignal(CancelSignal signal) {
        this.cancelSignal = signal;
    }

    /** Throws QUERY_CANCELED if the session's running request was cancelled or timed out (only while ACTIVE). */
    public void checkCancelled() {
        CancelSignal signal = cancelSignal;
        if (signal != null && state == State.ACTIVE) {
            signal.check();
        }
    }

    /**
     * Throws QUERY_CANCELED if the session's request was cancelled or timed out, while ACTIVE or
     * COMMITTING: called where a request waits for another transaction's lock. A commit waits for
     * locks only before its commit point (prewrites, a one-phase commit that met a lock), where
     * giving up is a definite failure that leaves nothing behind; a one-phase commit whose earlier
     * attempt may have been carried out is settled first by the committer.
     */
    void checkCancelledInLockWait() {
        CancelSignal signal = cancelSignal;
        State s = state;
        if (signal != null && (s == State.ACTIVE || s == State.COMMITTING)) {
            signal.check();
        }
    }

    /** Starts a statement: under READ_COMMITTED, later reads see everything committed before now. */
    public synchronized void newStatement() {
        requireActive("start a statement");
        if (isolation == IsolationLevel.READ_COMMITTED) {
            readTs = manager.client().timestamp();
        }
    }

    // ---------------------------------------------------------------- reads

    /** The value of {@code key}, or null if absent. */
    public synchronized byte[] get(byte[] key) {
        return run("get", () -> {
            checkKey(key);
            Mutation buffered = writes.get(key);
            if (buffered != null) {
                return valueOf(buffered);
            }
            byte[] ahead = prefetchedAt == readTs ? prefetched.get(key) : null;
            if (ahead != null) {
                return ahead == ABSENT ? null : ahead.clone();
            }
            return read(key);
        });
    }

    /**
     * Reads {@code keys} ahead, all at once (one request per key, in parallel), so that the
     * {@link #get}s that follow at the same read timestamp need no round trip: a batch of inserts
     * checks every row's key and parents in one wave instead of one after another. Keys this
     * transaction wrote, and keys beyond {@link #PREFETCHED_MAX} kept, are not read. A new read
     * timestamp (a READ COMMITTED statement) forgets what was read ahead.
     */
    public synchronized void prefetch(List<byte[]> keys) {
        run("prefetch", () -> {
            if (prefetchedAt != readTs) {
                prefetched.clear();
                prefetchedAt = readTs;
            }
            NavigableSet<byte[]> wanted = new TreeSet<>(Arrays::compareUnsigned);
            for (byte[] key : keys) {
                checkKey(key);
                if (prefetched.size() + wanted.size() >= PREFETCHED_MAX) {
                    break;
                }
                if (!writes.containsKey(key) && !prefetched.containsKey(key)) {
                    wanted.add(key.clone());
                }
            }
            List<byte[]> ordered = new ArrayList<>(wanted);
            byte[][] values = new byte[ordered.size()][];
            List<Runnable> reads = new ArrayList<>(ordered.size());
            for (int i = 0; i < ordered.size(); i++) {
                int slot = i;
                reads.add(() -> values[slot] = read(ordered.get(slot)));
            }
            if (!reads.isEmpty()) {
                manager.client().runAll(reads);
            }
            for (int i = 0; i < ordered.size(); i++) {
                prefetched.put(ordered.get(i), values[i] == null ? ABSENT : values[i]);
            }
            return null;
        });
    }

    /** The values of {@code keys} in their order (null where absent); one request per key, sent in parallel. */
    public synchronized List<byte[]> getAll(List<byte[]> keys) {
        return run("getAll", () -> {
            byte[][] values = new byte[keys.size()][];
            List<Runnable> reads = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                byte[] key = keys.get(i);
                checkKey(key);
                Mutation buffered = writes.get(key);
                if (buffered != null) {
                    values[i] = valueOf(buffered);
                } else {
                    int slot = i;
                    reads.add(() -> values[slot] = read(key));
                }
            }
            if (!reads.isEmpty()) {
                manager.client().runAll(reads);
            }
            return new ArrayList<>(Arrays.asList(values));
        });
    }

    /**
     * The rows of {@code [startKey, endKey)} in key order, at most {@code min(limit, SCAN_ROWS_MAX)}
     * of them, with this transaction's buffered writes merged in (a buffered delete hides a row).
     * Both keys must be storage keys of the same table and index, or {@code endKey} is
     * {@link StorageKey#indexEnd} of the start's (to the end of the index); the span may cross ranges.
     */
    public synchronized List<KeyValue> scan(byte[] startKey, byte[] endKey, int limit) {
        return scan(startKey, endKey, limit, RangeRequest.Scan.NO_FILTER, null);
    }

    /**
     * Like {@link #scan(byte[], byte[], int)}, with the stored rows passed through a
     * {@link dev.basalt.range.ScanFilter} in the ranges ({@code filterKind}, {@code filter}): rows it
     * drops are not returned, rows it shortens come shortened. This transaction's own writes are
     * merged in unfiltered and whole — the caller filters again.
     */
    public synchronized List<KeyValue> scan(byte[] startKey, byte[] endKey, int limit, int filterKind, byte[] filter) {
        if (limit <= 0) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "scan limit must be positive, got " + limit);
        }
        return openScan(startKey, endKey, filterKind, filter).next(limit);
    }

    /**
     * A scan of {@code [startKey, endKey)} read in pages by {@link KeyScan#next}: the same rows
     * {@link #scan(byte[], byte[], int, int, byte[])} returns, but one cursor for the whole span, so
     * that while one range's page is consumed the first pages of the next
     * {@link SpanCursor#RANGES_AHEAD} ranges are already on their way. This transaction's own
     * writes are merged in as they were when the scan opened (a later write in the transaction is
     * not seen by an open scan, as with a SQL cursor).
     */
    public synchronized KeyScan openScan(byte[] startKey, byte[] endKey, int filterKind, byte[] filter) {
        return openScanAt(false, startKey, endKey, filterKind, filter);
    }

    /**
     * Like {@link #openScan}, but reading what is committed now (at a fresh timestamp) rather than
     * at this transaction's snapshot, merged with its own writes. For constraint checks that must
     * see rows other transactions committed since this one started (a parent row's children, once
     * the parent is locked), as PostgreSQL's referential checks do; never for what a query returns.
     */
    public synchronized KeyScan openLatestScan(byte[] startKey, byte[] endKey) {
        return openScanAt(true, startKey, endKey, RangeRequest.Scan.NO_FILTER, null);
    }

    private KeyScan openScanAt(boolean latest, byte[] startKey, byte[] endKey, int filterKind, byte[] filter) {
        return run("scan", () -> {
            checkKey(startKey);
            checkKey(endKey);
            if (!StorageKey.isIndexEnd(endKey, startKey)
                    && (StorageKey.tableId(startKey) != StorageKey.tableId(endKey) || StorageKey.indexId(startKey) != StorageKey.indexId(endKey))) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "scan from " + StorageKey.toString(startKey) + " to "
                        + StorageKey.toString(endKey) + " must stay inside one table and index");
            }
            boolean empty = Arrays.compareUnsigned(startKey, endKey) >= 0;
            List<Mutation> buffered = empty ? List.of() : new ArrayList<>(writes.subMap(startKey, true, endKey, false).values());
            long at = latest ? Math.max(readTs, manager.client().timestamp()) : readTs;
            SpanCursor stored = empty ? null : new SpanCursor(this, manager.client(), manager.resolver(), at, startKey, endKey,
                    SCAN_PAGE_ROWS_MAX, manager.config().reroutesMax(), filterKind, filter);
            return new KeyScan(stored, buffered);
        });
    }

    /**
     * Whether this transaction has buffered a write (PUT or DELETE) to a key of
     * {@code [startKey, endKey)}: a reader that cannot merge its own writes into what a range
     * answers (a range's partial aggregate, for one) must then read the rows instead.
     */
    public synchronized boolean hasWritesIn(byte[] startKey, byte[] endKey) {
        return Arrays.compareUnsigned(startKey, endKey) < 0 && !writes.subMap(startKey, true, endKey, false).isEmpty();
    }

    /** An open scan of this transaction (see {@link #openScan}). Not thread-safe. */
    public final class KeyScan {
        private final SpanCursor stored;
        private final Iterator<Mutation> mine;
        private Mutation ownNext;

        private KeyScan(SpanCursor stored, List<Mutation> buffered) {
            this.stored = stored;
            this.mine = buffered.iterator();
            this.ownNext = mine.hasNext() ? mine.next() : null;
        }

        /** The next rows in key order, at most {@code min(limit, SCAN_ROWS_MAX)}; fewer only at the end of the span. */
        public List<KeyValue> next(int limit) {
            synchronized (Transaction.this) {
                return run("scan", () -> {
                    List<KeyValue> out = new ArrayList<>();
                    int rowsMax = Math.min(limit, SCAN_ROWS_MAX);
                    while (stored != null && out.size() < rowsMax) {
                        KeyValue row = stored.peek();
                        if (row == null && ownNext == null) {
                            break;
                        }
                        int order = row == null ? 1 : ownNext == null ? -1 : Arrays.compareUnsigned(row.key(), ownNext.key());
                        if (order < 0) {
                            out.add(row);
                            stored.pop();
                            continue;
                        }
                        if (order == 0) {
                            stored.pop(); // our own write replaces the stored row
                        }
                        if (ownNext.op() == Mutation.Op.PUT) {
                            out.add(new KeyValue(ownNext.key(), ownNext.value().clone()));
                        }
                        ownNext = mine.hasNext() ? mine.next() : null;
                    }
                    return out;
                });
            }
        }
    }

    /**
     * Locks {@code key} for update (SELECT ... FOR UPDATE), then reads it. Fails with 40001 if the
     * key was committed after this transaction's read timestamp. The first key locked becomes the
     * transaction's primary, kept alive by heartbeats from then on.
     */
    public synchronized byte[] getForUpdate(byte[] key) {
        return run("getForUpdate", () -> {
            checkKey(key);
            requireWritable("lock a row for update");
            if (!lockedForUpdate.contains(key)) {
                lockForUpdate(key.clone());
            }
            Mutation buffered = writes.get(key);
            return buffered != null ? valueOf(buffered) : read(key);
        });
    }

    /**
     * Locks {@code keys} for update without reading them (SELECT ... FOR UPDATE, which reads the
     * rows itself afterwards): one AcquireLock per range, the ranges in parallel. Fails with 40001
     * if a key was committed after this transaction's read timestamp, as {@link #getForUpdate}
     * does. A transaction without a primary yet locks its first key alone first, so that the
     * other locks never name a primary that is not locked (whoever met them could roll the
     * transaction back through it).
     */
    public synchronized void lockForUpdate(List<byte[]> keys) {
        run("lockForUpdate", () -> {
            requireWritable("lock a row for update");
            NavigableSet<byte[]> todo = new TreeSet<>(Arrays::compareUnsigned);
            for (byte[] key : keys) {
                checkKey(key);
                if (!lockedForUpdate.contains(key)) {
                    todo.add(key.clone());
                }
            }
            if (!todo.isEmpty() && primary == null) {
                lockForUpdate(todo.pollFirst());
            }
            if (todo.isEmpty()) {
                return null;
            }
            List<byte[]> rest = new ArrayList<>(todo);
            // Recorded before the requests, so that an abort also rolls back locks whose replies were lost.
            lockedForUpdate.addAll(rest);
            manager.client().forEachRange(rest, k -> k, true, (range, part) -> acquireLocks(range.rangeId(), part));
            return null;
        });
    }

    /** Locks {@code keys} of one range (none of them the primary), resolving the locks met, within the lock-wait bound. */
    private void acquireLocks(long rangeId, List<byte[]> keys) {
        LockResolver.Wait wait = manager.resolver().newWait();
        while (true) {
            long ttl = manager.heartbeats().ttlAfter(ageMs());
            RangeResponse r = manager.client().execute(rangeId, new RangeRequest.AcquireLock(keys, primary, startTs, readTs, ttl, priority));
            if (r instanceof RangeResponse.Ok) {
                return;
            }
            if (r instanceof RangeResponse.Locked l) {
                manager.resolver().onLocked(this, LockResolver.Role.WRITER, l.locks(), wait);
                continue;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "lock-for-update of " + keys.size() + " keys in range " + rangeId
                    + " answered " + r);
        }
    }

    /**
     * Holds {@code key} shared for this transaction's commit: once the commit's writes are locked
     * (prewritten), or together with them in a one-phase commit, the key must exist in what is
     * committed then and no other transaction may hold a DELETE or lock-for-update lock on it, else
     * the commit waits for that transaction or fails with 40001. A transaction that removes the key
     * locks it for update and only then looks for what refers to it (committed now), meeting this
     * transaction's locks. So a foreign key's child and the removal of its parent never both
     * commit, while children of one parent, and updates of it, do not wait for each other (what
     * PostgreSQL's {@code FOR KEY SHARE} is for). Nothing is sent now; a key this transaction
     * writes or locks for update needs no hold.
     */
    public synchronized void holdShared(byte[] key) {
        run("holdShared", () -> {
            checkKey(key);
            requireWritable("hold a row");
            if (!holds(key)) {
                heldShared.add(key.clone());
            }
            return null;
        });
    }

    /**
     * Whether this transaction holds {@code key} shared ({@link #holdShared}) and has not written it
     * since: a caller that checked the key exists before holding it need not read it again, as the
     * commit checks it still exists.
     */
    public synchronized boolean holdsShared(byte[] key) {
        return heldShared.contains(key) && !writes.containsKey(key);
    }

    /** Whether this transaction holds {@code key} exclusively: locked for update, or written (locked when it commits). */
    public synchronized boolean holds(byte[] key) {
        return lockedForUpdate.contains(key) || writes.containsKey(key);
    }

    /** Whether this transaction holds {@code key} locked for update now. */
    public synchronized boolean lockedForUpdate(byte[] key) {
        return lockedForUpdate.contains(key);
    }

    private void lockForUpdate(byte[] key) {
        if (primary == null) {
            primary = key;
        }
        byte[] primaryKey = primary;
        // Recorded before the request, so that an abort also rolls back a lock whose reply was lost.
        lockedForUpdate.add(key);
        LockResolver.Wait wait = manager.resolver().newWait();
        while (true) {
            long ttl = manager.heartbeats().ttlAfter(ageMs());
            RangeResponse r = manager.client().send(key, new RangeRequest.AcquireLock(List.of(key), primaryKey, startTs, readTs, ttl, priority));
            if (r instanceof RangeResponse.Ok) {
                if (Arrays.equals(key, primaryKey)) {
                    primaryAliveUntil(Timestamp.physicalMs(startTs) + ttl);
                    manager.heartbeats().register(this);
                }
                return;
            }
            if (r instanceof RangeResponse.Locked l) {
                manager.resolver().onLocked(this, LockResolver.Role.WRITER, l.locks(), wait);
                continue;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "lock-for-update of " + StorageKey.toString(key) + " answered " + r);
        }
    }

    private byte[] read(byte[] key) {
        LockResolver.Wait wait = manager.resolver().newWait();
        while (true) {
            RangeResponse r = manager.client().send(key, new RangeRequest.Get(key, readTs));
            if (r instanceof RangeResponse.Value v) {
                return v.value();
            }
            if (r instanceof RangeResponse.Locked l) {
                manager.resolver().onLocked(this, LockResolver.Role.READER, l.locks(), wait);
                continue;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "get of " + StorageKey.toString(key) + " answered " + r);
        }
    }

    private static byte[] valueOf(Mutation buffered) {
        return buffered.op() == Mutation.Op.PUT ? buffered.value().clone() : null;
    }

    // ---------------------------------------------------------------- writes

    /** Buffers a write of {@code value} to {@code key}; it reaches the ranges at commit. */
    public synchronized void put(byte[] key, byte[] value) {
        run("put", () -> {
            checkKey(key);
            requireWritable("write");
            if (value == null) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "put of " + StorageKey.toString(key) + " needs a value; use delete");
            }
            buffer(Mutation.put(key.clone(), value.clone()));
            return null;
        });
    }

    /** Buffers a delete of {@code key}. */
    public synchronized void delete(byte[] key) {
        run("delete", () -> {
            checkKey(key);
            requireWritable("delete");
            buffer(Mutation.delete(key.clone()));
            return null;
        });
    }

    private void buffer(Mutation m) {
        if (firstWritten == null) {
            firstWritten = m.key();
        }
        writes.put(m.key(), m);
    }

    // ---------------------------------------------------------------- end

    /**
     * Commits and returns the commit timestamp. A transaction that wrote nothing returns its read
     * timestamp (its lock-for-update locks, if any, are released). Failures: 40001/40P01/55P03 and
     * others mean the transaction did not commit and never will; COMMIT_OUTCOME_UNKNOWN (40003)
     * means it may or may not have.
     */
    public synchronized long commit() {
        requireActive("commit");
        try {
            checkNotTooOld();
            checkNotAbortedByOthers();
            if (writes.isEmpty()) {
                releaseLocks(false);
                finish(State.COMMITTED);
                return readTs;
            }
            state = State.COMMITTING;
            if (primary == null) {
                primary = firstWritten;
            }
            long commitTs = manager.committer().commit(this, mutations(), primary, new ArrayList<>(lockedForUpdate));
            finish(State.COMMITTED);
            return commitTs;
        } catch (Committer.GatewayCrash crash) {
            // Simulated death of the gateway: leave every lock as it is.
            finish(State.ABORTED);
            throw crash.crash();
        } catch (BasaltException e) {
            if (e.code() == ErrorCode.COMMIT_OUTCOME_UNKNOWN) {
                finish(State.OUTCOME_UNKNOWN);
                throw e;
            }
            BasaltException reported = abortedByOthers(e) ? abortedByOthersError(e) : e;
            finish(State.ABORTED); // the committer rolled back whatever it had locked
            throw reported;
        } catch (RuntimeException e) {
            finish(State.OUTCOME_UNKNOWN);
            throw new BasaltException(ErrorCode.COMMIT_OUTCOME_UNKNOWN, "transaction " + startTs + ": commit failed unexpectedly: " + e, e);
        }
    }

    /**
     * The write set: buffered writes, plus a LOCK for each key locked for update but not written,
     * plus a SHARED hold for each key held shared and neither.
     */
    private List<Mutation> mutations() {
        NavigableMap<byte[], Mutation> all = new TreeMap<>(writes);
        for (byte[] key : lockedForUpdate) {
            all.putIfAbsent(key, Mutation.lock(key));
        }
        for (byte[] key : heldShared) {
            all.putIfAbsent(key, Mutation.shared(key));
        }
        return new ArrayList<>(all.values());
    }

    /** Rolls back: discards the buffered writes and releases locks. A no-op on an aborted transaction. */
    public synchronized void rollback() {
        if (state == State.ABORTED) {
            return;
        }
        requireActive("roll back");
        releaseLocks(false);
        finish(State.ABORTED);
    }

    /** Rolls back if still active; never throws for a finished transaction. */
    @Override
    public synchronized void close() {
        if (state == State.ACTIVE) {
            rollback();
        }
    }

    private void releaseLocks(boolean inBackground) {
        if (lockedForUpdate.isEmpty()) {
            return;
        }
        manager.heartbeats().unregister(this);
        List<byte[]> keys = new ArrayList<>(lockedForUpdate);
        if (inBackground) {
            manager.committer().rollbackInBackground(startTs, keys);
            return;
        }
        try {
            manager.client().forEachRange(keys, k -> k, true,
                    (range, part) -> manager.client().execute(range.rangeId(), new RangeRequest.Rollback(part, startTs)));
        } catch (RuntimeException e) {
            LOG.info("transaction {}: releasing {} locks failed, they expire: {}", startTs, keys.size(), e.toString());
        }
    }

    private void finish(State end) {
        state = end;
        manager.heartbeats().unregister(this);
        manager.finished(this);
    }

    // ---------------------------------------------------------------- failure handling

    /** Runs one call: any failure ends the transaction (locks released in the background) and is rethrown. */
    private <T> T run(String what, Supplier<T> call) {
        requireActive(what);
        try {
            checkNotTooOld();
            checkNotAbortedByOthers();
            checkCancelled();
            return call.get();
        } catch (BasaltException e) {
            BasaltException reported = abortedByOthers(e) ? abortedByOthersError(e) : e;
            releaseLocks(true);
            finish(State.ABORTED);
            throw reported;
        } catch (RuntimeException e) {
            releaseLocks(true);
            finish(State.ABORTED);
            throw e;
        }
    }

    /** Milliseconds since this transaction asked for its start timestamp, on the router's clock for ages. */
    long ageMs() {
        return manager.client().monotonicMs() - askedMs;
    }

    private void checkNotTooOld() {
        long ageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beganNanos);
        if (ageMs > LIFETIME_MS_MAX) {
            throw new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "transaction " + startTs + " is " + ageMs
                    + " ms old, beyond the " + LIFETIME_MS_MAX + " ms a transaction may live; retry it");
        }
    }

    private void requireActive(String what) {
        State s = state;
        if (s != State.ACTIVE) {
            throw new BasaltException(ErrorCode.INVALID_TRANSACTION_STATE, "cannot " + what + ": transaction " + startTs
                    + " is " + s.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void requireWritable(String what) {
        if (readOnly) {
            throw new BasaltException(ErrorCode.READ_ONLY_TRANSACTION, "cannot " + what + " in read-only transaction " + startTs);
        }
    }

    private static void checkKey(byte[] key) {
        if (key == null || key.length < StorageKey.PREFIX_BYTES) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "a key must be a storage key of at least "
                    + StorageKey.PREFIX_BYTES + " bytes (table, index, slot), got " + (key == null ? "null" : key.length + " bytes"));
        }
    }

    /** Throws the transaction's abort if another transaction rolled it back meanwhile. */
    void checkNotAbortedByOthers() {
        if (wounded || abortedByOthers) {
            throw abortedByOthersError(null);
        }
    }

    /**
     * Whether a failure is the consequence of another transaction rolling this one back: the range
     * says so (TRANSACTION_ABORTED), or this gateway wounded us and the failure is the conflict
     * with the wounder's commit that a request sent after the wound ran into.
     */
    private boolean abortedByOthers(BasaltException e) {
        return e.code() == ErrorCode.TRANSACTION_ABORTED || (wounded && e.code() == ErrorCode.SERIALIZATION_FAILURE);
    }

    /**
     * The error for "another transaction rolled us back". Only a wound rolls back a transaction whose
     * primary lock is still alive (everyone else rolls back expired locks only), so: wounded by
     * this gateway, or rolled back while our lock was alive, is a deadlock victim (40P01);
     * otherwise our locks had expired (40001). A primary lock for update lost with its range's
     * leader is 40001 too, saying so. All are retryable.
     */
    private BasaltException abortedByOthersError(BasaltException cause) {
        BasaltException lost = primaryLost;
        if (lost != null && !wounded) {
            return new BasaltException(ErrorCode.SERIALIZATION_FAILURE, lost.getMessage(), cause);
        }
        boolean victim = wounded || woundedRemotely || (cause != null && aliveNow());
        String detail = cause == null ? "" : " (" + cause.getMessage() + ")";
        if (victim) {
            return new BasaltException(ErrorCode.DEADLOCK, "transaction " + startTs
                    + " was rolled back by an older transaction to prevent a deadlock (wound-wait); retry it" + detail, cause);
        }
        return new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "transaction " + startTs
                + " was rolled back by another transaction after its locks expired; retry it" + detail, cause);
    }

    private boolean aliveNow() {
        try {
            return aliveAt(manager.client().timestamp());
        } catch (RuntimeException e) {
            return false; // cannot tell: report the plain, equally retryable 40001
        }
    }

    private boolean aliveAt(long nowTs) {
        long until = primaryAliveUntilMs;
        return until > 0 && Timestamp.physicalMs(nowTs) <= until;
    }

    // ---------------------------------------------------------------- for the manager

    byte[] primaryKey() {
        return primary;
    }

    void primaryAliveUntil(long physicalMs) {
        if (physicalMs > primaryAliveUntilMs) {
            primaryAliveUntilMs = physicalMs;
        }
    }

    void markWounded() {
        wounded = true;
    }

    /**
     * A heartbeat at {@code nowTs} found no primary lock: rolled back by another transaction
     * ({@code lost} null), or an in-memory lock lost with its leader ({@code lost}: the range's
     * error). Ignored once committing: the commit itself finds out.
     */
    void onPrimaryLockLost(long nowTs, BasaltException lost) {
        if (state == State.ACTIVE) {
            if (lost != null) {
                primaryLost = lost;
            } else {
                woundedRemotely = aliveAt(nowTs);
            }
            abortedByOthers = true;
        }
    }
}
