package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.RangeResponse.TxnStatus;
import dev.basalt.range.StorageKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a transaction does when a range answers {@link RangeResponse.Locked}: another transaction
 * holds a key it needs. For each lock met, in this order:
 * <ol>
 *   <li><b>Expired</b> (its time to live ran out on the oracle's clock): the owner's gateway is
 *       presumed dead. Its fate is decided at its primary key ({@code CheckTxnStatus} with
 *       {@code rollbackIfExpired}) and the lock is rolled forward or back to match. Anyone may do
 *       this, readers included.</li>
 *   <li><b>Wound</b>: a writer or locker that is <em>older</em> than the owner rolls the owner
 *       back through its primary and goes on. Age is {@link Transaction#priority}: the start
 *       timestamp, except that a retry of work that lost a conflict keeps its first attempt's, so
 *       it grows older than everyone who beat it and is not wounded for ever (starvation); ties go
 *       by start timestamp. Only younger transactions ever wait for older ones, so waits cannot
 *       form a cycle: deadlocks are broken before they form (wound-wait).</li>
 *   <li><b>Look</b>: a live secondary lock's owner may already have committed (secondaries are
 *       committed in the background): its primary is asked, without deciding anything, and a
 *       decided owner's lock is resolved at once.</li>
 *   <li><b>Give way</b>: a younger writer that meets an older owner's <em>write</em> lock (a
 *       prewritten PUT or DELETE) fails at once with 40001: the owner is committing that key, and
 *       if it commits, the younger transaction's write conflicts with it anyway (first committer
 *       wins). Waiting would only hold the younger one's own locks longer and queue others behind
 *       them. A lock-for-update lock is different: its owner may never write the key, so it is
 *       waited for.</li>
 *   <li><b>Wait</b>: otherwise (a reader, or a younger locker) the request sleeps one backoff step
 *       and is sent again, until the lock-wait bound runs out: LOCK_WAIT_TIMEOUT (55P03).</li>
 * </ol>
 * Readers never wound: a read cannot take part in a deadlock (reads hold no locks), and wounding
 * for a read would let long scans abort every writer they pass.
 */
final class LockResolver {
    private static final Logger LOG = LoggerFactory.getLogger(LockResolver.class);

    /**
     * The "current time" a wound judges the owner's primary lock at. Every lock has expired at
     * infinity, so {@code CheckTxnStatus(primary, owner, WOUND_AT_TS, rollbackIfExpired=true)} rolls
     * the owner back unless it has already committed - in which case it reports COMMITTED and the
     * lock is rolled forward instead. The decision is taken on the primary's range under its
     * latches, so it cannot race with the owner's own commit of the primary.
     */
    static final long WOUND_AT_TS = Timestamp.MAX;
    /** The first sleep of a lock wait; it doubles each round... */
    static final long WAIT_BACKOFF_MS_MIN = 2;
    /** ...up to this, so a released lock is noticed within this long. */
    static final long WAIT_BACKOFF_MS_MAX = 100;

    /** Whether the transaction meeting the locks only reads, or writes/locks (and so may wound). */
    enum Role { READER, WRITER }

    private final RangeClient client;
    private final long lockWaitMsMax;
    /** Told the start timestamp of every transaction this gateway wounds (so a local victim reports 40P01). */
    private final LongConsumer onWound;

    LockResolver(RangeClient client, long lockWaitMsMax, LongConsumer onWound) {
        this.client = client;
        this.lockWaitMsMax = lockWaitMsMax;
        this.onWound = onWound;
    }

    /** The wait state of one request: its deadline and current backoff. */
    final class Wait {
        private final long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lockWaitMsMax);
        private long backoffMs = WAIT_BACKOFF_MS_MIN;
    }

    Wait newWait() {
        return new Wait();
    }

    /**
     * Deals with the locks a request of {@code me} met, then returns so that the caller sends the
     * request again. Resolves or wounds what it can; if nothing could be cleared, sleeps one
     * backoff step. Throws LOCK_WAIT_TIMEOUT when the wait has run out, and the transaction's own
     * abort if it learns meanwhile that it was wounded.
     */
    void onLocked(Transaction me, Role role, List<LockInfo> locks, Wait wait) {
        long now = client.timestamp();
        Map<Long, TxnStatus> decided = new HashMap<>();
        Map<Long, List<byte[]>> toResolve = new LinkedHashMap<>();
        for (LockInfo lock : locks) {
            TxnStatus status = decided.get(lock.startTs());
            if (status == null) {
                if (lock.expiredAt(now)) {
                    status = checkStatus(lock, now);
                } else if (role == Role.WRITER && me.outranks(lock)) {
                    status = wound(me, lock);
                } else if (!java.util.Arrays.equals(lock.key(), lock.primary())) {
                    // A live secondary lock: its owner may have committed already (secondaries are
                    // committed in the background). Look at the primary without deciding anything.
                    status = peek(lock, now);
                } else {
                    continue;
                }
                decided.put(lock.startTs(), status);
            }
            if (status.state() == TxnStatus.State.LOCKED) {
                continue; // its heartbeat extended the primary meanwhile: the owner is alive
            }
            toResolve.computeIfAbsent(lock.startTs(), ts -> new ArrayList<>()).add(lock.key());
        }
        for (Map.Entry<Long, List<byte[]>> owner : toResolve.entrySet()) {
            resolve(owner.getKey(), owner.getValue(), decided.get(owner.getKey()));
        }
        if (toResolve.isEmpty()) {
            if (role == Role.WRITER) {
                giveWayToOlderWriters(me, locks);
            }
            sleep(me, locks, wait);
        }
    }

    /** Fails a younger writer that met an older transaction's live write lock (see the class comment). */
    private static void giveWayToOlderWriters(Transaction me, List<LockInfo> locks) {
        for (LockInfo lock : locks) {
            if (lock.startTs() < me.startTs() && lock.op() != Mutation.Op.LOCK) {
                throw new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "write conflict: key " + StorageKey.toString(lock.key())
                        + " is being committed by transaction " + lock.startTs() + ", which started before transaction "
                        + me.startTs() + "; retry the transaction");
            }
        }
    }

    private TxnStatus checkStatus(LockInfo lock, long now) {
        RangeResponse r = client.send(lock.primary(), new RangeRequest.CheckTxnStatus(lock.primary(), lock.startTs(), now, true));
        return expectStatus(r, lock);
    }

    private TxnStatus peek(LockInfo lock, long now) {
        RangeResponse r = client.send(lock.primary(), new RangeRequest.CheckTxnStatus(lock.primary(), lock.startTs(), now, false));
        return expectStatus(r, lock);
    }

    private TxnStatus wound(Transaction me, LockInfo lock) {
        // Recorded before the rollback, so that a local victim that sees its abort reports it as a deadlock.
        onWound.accept(lock.startTs());
        RangeResponse r = client.send(lock.primary(),
                new RangeRequest.CheckTxnStatus(lock.primary(), lock.startTs(), WOUND_AT_TS, true));
        TxnStatus status = expectStatus(r, lock);
        LOG.debug("transaction {} wounded transaction {} over key {}: {}", me.startTs(), lock.startTs(),
                StorageKey.toString(lock.key()), status.state());
        return status;
    }

    private static TxnStatus expectStatus(RangeResponse r, LockInfo lock) {
        if (r instanceof TxnStatus s) {
            return s;
        }
        throw new BasaltException(ErrorCode.INTERNAL_ERROR, "CheckTxnStatus of transaction " + lock.startTs() + " at primary "
                + StorageKey.toString(lock.primary()) + " answered " + r);
    }

    /**
     * Rolls the locks of one owner forward (it committed) or back (it rolled back), as its primary
     * decided: one ResolveLock per range, the ranges in parallel. A scan that met a page of one
     * committed transaction's secondaries clears them all in one round instead of one per key.
     */
    private void resolve(long ownerStartTs, List<byte[]> keys, TxnStatus status) {
        long commitTs = status.state() == TxnStatus.State.COMMITTED ? status.commitTs() : 0;
        client.forEachRange(keys, k -> k, true,
                (range, part) -> client.execute(range.rangeId(), new RangeRequest.ResolveLock(part, ownerStartTs, commitTs)));
    }

    private void sleep(Transaction me, List<LockInfo> locks, Wait wait) {
        me.checkCancelledInLockWait(); // a cancelled statement stops waiting for locks, also in its commit
        me.checkNotAbortedByOthers();
        long leftNanos = wait.deadlineNanos - System.nanoTime();
        if (leftNanos <= 0) {
            LockInfo first = locks.get(0);
            throw new BasaltException(ErrorCode.LOCK_WAIT_TIMEOUT, "transaction " + me.startTs() + " waited " + lockWaitMsMax
                    + " ms for the lock of transaction " + first.startTs() + " on key " + StorageKey.toString(first.key())
                    + (locks.size() > 1 ? " (and " + (locks.size() - 1) + " more locks)" : ""));
        }
        long sleepMs = Math.min(wait.backoffMs, Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos)));
        wait.backoffMs = Math.min(wait.backoffMs * 2, WAIT_BACKOFF_MS_MAX);
        try {
            Thread.sleep(sleepMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.LOCK_WAIT_TIMEOUT, "transaction " + me.startTs()
                    + " was interrupted while waiting for a lock on key " + StorageKey.toString(locks.get(0).key()));
        }
    }
}
