package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.range.Mutation;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol of one transaction's write set (see the package documentation for the
 * timeline). It ends in exactly one of three ways:
 * <ul>
 *   <li>returns the commit timestamp: the writes are committed;</li>
 *   <li>throws a definite failure (40001, 40P01, 55P03, ...): the writes are not committed and
 *       never will be - any attempt still in flight is fenced off by rollback markers;</li>
 *   <li>throws COMMIT_OUTCOME_UNKNOWN (40003): a reply was lost and asking again did not settle the
 *       outcome within {@code commitOutcomeWaitMsMax}. The locks are left for others to resolve
 *       through the primary; the outcome is then whatever the primary records.</li>
 * </ul>
 */
final class Committer {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    /**
     * The current time a fence judges a one-phase commit's first key at: infinity, so that
     * {@code CheckTxnStatus(firstKey, startTs, FENCE_AT_TS, rollbackIfExpired=true)} either finds
     * the commit record or removes this transaction's own lock there and leaves a rollback marker,
     * which makes every later delivery of the same one-phase commit fail.
     */
    static final long FENCE_AT_TS = LockResolver.WOUND_AT_TS;
    /** First pause between attempts to learn a commit's outcome... */
    static final long ASK_BACKOFF_MS_MIN = 5;
    /** ...doubling up to this. */
    static final long ASK_BACKOFF_MS_MAX = 200;

    /** Thrown when the {@link CommitObserver} simulated a gateway crash; the transaction is abandoned as is. */
    static final class GatewayCrash extends RuntimeException {
        GatewayCrash(RuntimeException cause) {
            super(cause);
        }

        RuntimeException crash() {
            return (RuntimeException) getCause();
        }
    }

    private final RangeClient client;
    private final LockResolver resolver;
    private final Heartbeats heartbeats;
    private final Executor background;
    private final CommitObserver observer;
    private final TxnConfig config;

    Committer(RangeClient client, LockResolver resolver, Heartbeats heartbeats, Executor background, CommitObserver observer,
              TxnConfig config) {
        this.client = client;
        this.resolver = resolver;
        this.heartbeats = heartbeats;
        this.background = background;
        this.observer = observer;
        this.config = config;
    }

    /**
     * Commits {@code mutations} (non-empty, distinct keys) of {@code t}. {@code primary} is one of
     * their keys; {@code lockedKeys} are the keys {@code t} holds lock-for-update locks on.
     */
    long commit(Transaction t, List<Mutation> mutations, byte[] primary, List<byte[]> lockedKeys) {
        Map<RangeDescriptor, List<Mutation>> groups = client.group(mutations, Mutation::key);
        NavigableSet<byte[]> locked = new TreeSet<>(Arrays::compareUnsigned);
        locked.addAll(lockedKeys);
        if (groups.size() == 1) {
            return onePhase(t, mutations, primary, lockedKeys, locked);
        }
        return twoPhase(t, mutations, primary, locked);
    }

    /**
     * Bit i: mutation i's key is locked for update by the transaction. The range then requires the
     * lock to be there still (a leader holds such locks in memory and may lose them).
     */
    private static BitSet lockedBits(List<Mutation> mutations, NavigableSet<byte[]> locked) {
        BitSet bits = new BitSet(mutations.size());
        for (int i = 0; i < mutations.size(); i++) {
            if (locked.contains(mutations.get(i).key())) {
                bits.set(i);
            }
        }
        return bits;
    }

    // ---------------------------------------------------------------- one-phase commit

    /**
     * One Raft entry on the one range holding every key; the range picks the commit timestamp.
     * The range records the commit under the first mutation's key, which is where a retry finds
     * it and where {@link #fenceOnePhase} decides an attempt whose reply was lost.
     */
    private long onePhase(Transaction t, List<Mutation> mutations, byte[] primary, List<byte[]> lockedKeys,
                          NavigableSet<byte[]> locked) {
        RangeRequest request = new RangeRequest.OnePhaseCommit(mutations, t.startTs(), lockedBits(mutations, locked));
        byte[] first = Mutation.recordKey(mutations);
        LockResolver.Wait wait = resolver.newWait();
        Asking asking = null; // set once an attempt may have been carried out without our hearing of it
        int reroutes = 0;
        while (true) {
            boolean rangeSplit;
            try {
                RangeDescriptor range = client.rangeOf(first);
                rangeSplit = !allIn(range, mutations);
                if (!rangeSplit) {
                    RangeResponse r = client.execute(range.rangeId(), request);
                    if (r instanceof RangeResponse.Committed c) {
                        return c.commitTs();
                    }
                    if (r instanceof RangeResponse.Locked l) {
                        resolver.onLocked(t, LockResolver.Role.WRITER, l.locks(), wait);
                        continue;
                    }
                    throw unexpected("one-phase commit", range, r);
                }
            } catch (BasaltException e) {
                if (e.code() == ErrorCode.RANGE_MOVED && reroutes++ < config.reroutesMax()) {
                    continue;
                }
                if (RangeClient.transientFailure(e.code())) {
                    asking = asking == null ? new Asking(t, "one-phase commit") : asking;
                    asking.pauseOrGiveUp(e);
                    continue;
                }
                if (asking != null && !permanent(e.code())) {
                    return fenceOnePhase(t, first, asking, lockedKeys, e);
                }
                rollbackInBackground(t.startTs(), lockedKeys);
                throw e;
            }
            // The range split after the keys were grouped: they no longer fit one one-phase commit.
            if (asking == null) {
                return twoPhase(t, mutations, primary, locked);
            }
            return fenceOnePhase(t, first, asking, lockedKeys, new BasaltException(ErrorCode.SERIALIZATION_FAILURE,
                    "transaction " + t.startTs() + ": its range split during a one-phase commit whose reply was lost; retry"));
        }
    }

    private static boolean allIn(RangeDescriptor range, List<Mutation> mutations) {
        for (Mutation m : mutations) {
            if (!range.containsSlot(StorageKey.slot(m.key()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Failures that a later delivery of the same request would meet too: a newer commit on a key
     * stays (garbage collection keeps the newest version), and so do a rollback marker and the safe point.
     */
    private static boolean permanent(ErrorCode code) {
        return code == ErrorCode.SERIALIZATION_FAILURE || code == ErrorCode.TRANSACTION_ABORTED || code == ErrorCode.SNAPSHOT_TOO_OLD;
    }

    /**
     * Settles a one-phase commit that is about to be reported as failed although an earlier attempt
     * may still be carried out: judged at infinity on the first key, it is either found committed
     * (then it succeeded after all) or fenced off for good.
     */
    private long fenceOnePhase(Transaction t, byte[] first, Asking asking, List<byte[]> lockedKeys, BasaltException failure) {
        while (true) {
            RangeResponse r;
            try {
                r = client.send(first, new RangeRequest.CheckTxnStatus(first, t.startTs(), FENCE_AT_TS, true));
            } catch (BasaltException e) {
                if (RangeClient.transientFailure(e.code()) || e.code() == ErrorCode.RANGE_MOVED) {
                    asking.pauseOrGiveUp(e);
                    continue;
                }
                throw asking.unknown(e);
            }
            if (r instanceof RangeResponse.TxnStatus s && s.state() == RangeResponse.TxnStatus.State.COMMITTED) {
                return s.commitTs();
            }
            if (r instanceof RangeResponse.TxnStatus s && s.state() == RangeResponse.TxnStatus.State.ROLLED_BACK) {
                rollbackInBackground(t.startTs(), lockedKeys);
                throw failure;
            }
            throw asking.unknown(unexpected("fence of a one-phase commit", null, r));
        }
    }

    // ---------------------------------------------------------------- two-phase commit

    /**
     * Prewrites every key but the SHARED ones in parallel, then checks the SHARED ones (a foreign
     * key's parents): only then is each child row's lock in place, so a parent's remover that locks
     * the parent after a check passed meets the child's lock when it looks for children, and waits
     * for this commit; one that locked it before is met by the check. Checked in parallel with the
     * prewrites, a parent could be locked and its children looked for between the check and the
     * child's prewrite, and both would commit.
     */
    private long twoPhase(Transaction t, List<Mutation> mutations, byte[] primary, NavigableSet<byte[]> locked) {
        long ttl = heartbeats.ttlAfter(t.ageMs());
        t.primaryAliveUntil(Timestamp.physicalMs(t.startTs()) + ttl);
        List<Mutation> written = new ArrayList<>(mutations.size());
        List<Mutation> held = new ArrayList<>(0);
        for (Mutation m : mutations) {
            (m.op() == Mutation.Op.SHARED ? held : written).add(m);
        }
        try {
            client.forEachRange(written, Mutation::key, true, (range, part) -> prewrite(t, range, part, primary, ttl, locked));
            if (!held.isEmpty()) {
                client.forEachRange(held, Mutation::key, true, (range, part) -> prewrite(t, range, part, primary, ttl, locked));
            }
        } catch (RuntimeException e) {
            // Nothing can commit without the primary's Commit, which was never sent: a definite failure.
            rollbackInBackground(t.startTs(), keysOf(written));
            if (e instanceof BasaltException be && RangeClient.transientFailure(be.code())) {
                // Say so, lest a connection error at commit be taken for an unknown outcome.
                throw new BasaltException(be.code(), "transaction " + t.startTs() + " did not commit and is rolled back: "
                        + "its prewrite failed before the commit point: " + be.getMessage(), be);
            }
            throw e;
        }
        crashPoint(() -> observer.afterPrewrite(t));
        long commitTs;
        try {
            commitTs = client.timestamp();
        } catch (RuntimeException e) {
            rollbackInBackground(t.startTs(), keysOf(written));
            throw e;
        }
        commitPrimary(t, primary, commitTs, written);
        // Committed. Nothing from here on may turn into a failure reported to the client.
        heartbeats.unregister(t);
        crashPoint(() -> observer.afterPrimaryCommit(t));
        commitSecondariesInBackground(t.startTs(), written, primary, commitTs);
        return commitTs;
    }

    private void prewrite(Transaction t, RangeDescriptor range, List<Mutation> part, byte[] primary, long ttl,
                          NavigableSet<byte[]> locked) {
        RangeRequest request = new RangeRequest.Prewrite(part, primary, t.startTs(), ttl, t.priority(), lockedBits(part, locked));
        LockResolver.Wait wait = resolver.newWait();
        while (true) {
            RangeResponse r = client.execute(range.rangeId(), request);
            if (r instanceof RangeResponse.Ok) {
                if (part.stream().anyMatch(m -> Arrays.equals(m.key(), primary))) {
                    // The primary lock exists from now on: keep it alive while other ranges' prewrites
                    // still wait on locks, or it would expire under us and be rolled back by others.
                    heartbeats.register(t);
                }
                return;
            }
            if (r instanceof RangeResponse.Locked l) {
                resolver.onLocked(t, LockResolver.Role.WRITER, l.locks(), wait);
                continue;
            }
            throw unexpected("prewrite", range, r);
        }
    }

    /**
     * The commit point: the transaction is committed exactly when this Commit is applied. Commit is
     * idempotent and decisive (it commits our lock, finds our commit record, or fails because the
     * lock was rolled back), so after a lost reply the way to ask again is to send it again.
     */
    private void commitPrimary(Transaction t, byte[] primary, long commitTs, List<Mutation> mutations) {
        RangeRequest request = new RangeRequest.Commit(List.of(primary), t.startTs(), commitTs);
        Asking asking = new Asking(t, "commit of primary " + StorageKey.toString(primary));
        while (true) {
            try {
                client.send(primary, request);
                return;
            } catch (BasaltException e) {
                if (RangeClient.transientFailure(e.code()) || e.code() == ErrorCode.RANGE_MOVED) {
                    asking.pauseOrGiveUp(e);
                    continue;
                }
                if (e.code() == ErrorCode.TRANSACTION_ABORTED) {
                    // Someone rolled the primary back (its lock expired, or we were wounded): never committed.
                    rollbackInBackground(t.startTs(), keysOf(mutations));
                    throw e;
                }
                throw asking.unknown(e);
            }
        }
    }

    private void crashPoint(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            throw new GatewayCrash(e);
        }
    }

    // ---------------------------------------------------------------- background resolution

    /**
     * Commits the secondaries, one task per range, on the resolver pool (inline when its queue is
     * full). A failure is only logged: the transaction is already committed, and whoever meets a
     * leftover lock rolls it forward through the primary.
     */
    private void commitSecondariesInBackground(long startTs, List<Mutation> mutations, byte[] primary, long commitTs) {
        List<byte[]> secondaries = new ArrayList<>(mutations.size());
        for (Mutation m : mutations) {
            if (!Arrays.equals(m.key(), primary)) {
                secondaries.add(m.key());
            }
        }
        inBackground(startTs, "commit of secondaries at " + commitTs, secondaries,
                keys -> new RangeRequest.Commit(keys, startTs, commitTs));
    }

    /**
     * Rolls back this transaction's locks on {@code keys}; leftovers expire and are rolled back by
     * others. Never throws: it runs on failure paths whose error must reach the client.
     */
    void rollbackInBackground(long startTs, List<byte[]> keys) {
        inBackground(startTs, "rollback", keys, part -> new RangeRequest.Rollback(part, startTs));
    }

    private void inBackground(long startTs, String what, List<byte[]> keys,
                              java.util.function.Function<List<byte[]>, RangeRequest> requestOf) {
        if (keys.isEmpty()) {
            return;
        }
        Iterable<List<byte[]>> parts;
        try {
            parts = client.group(keys, k -> k).values();
        } catch (RuntimeException e) {
            LOG.info("transaction {}: {} of {} keys not attempted (cannot route them), left for lock resolution: {}", startTs, what,
                    keys.size(), e.toString());
            return;
        }
        for (List<byte[]> part : parts) {
            background.execute(() -> {
                try {
                    client.forEachRange(part, k -> k, false, (range, ks) -> client.execute(range.rangeId(), requestOf.apply(ks)));
                } catch (RuntimeException e) {
                    LOG.info("transaction {}: {} of {} keys failed, left for lock resolution: {}", startTs, what, part.size(),
                            e.toString());
                }
            });
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<byte[]> keysOf(List<Mutation> mutations) {
        List<byte[]> keys = new ArrayList<>(mutations.size());
        mutations.forEach(m -> keys.add(m.key()));
        return keys;
    }

    private static BasaltException unexpected(String what, RangeDescriptor range, RangeResponse r) {
        return new BasaltException(ErrorCode.INTERNAL_ERROR, what + (range == null ? "" : " on range " + range.rangeId())
                + " answered " + r);
    }

    /** Asking again after a lost reply, within {@code commitOutcomeWaitMsMax}. */
    private final class Asking {
        private final Transaction t;
        private final String what;
        private final long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.commitOutcomeWaitMsMax());
        private long backoffMs = ASK_BACKOFF_MS_MIN;

        Asking(Transaction t, String what) {
            this.t = t;
            this.what = what;
        }

        void pauseOrGiveUp(BasaltException cause) {
            long leftNanos = deadlineNanos - System.nanoTime();
            if (leftNanos <= 0) {
                throw unknown(cause);
            }
            long sleepMs = Math.min(backoffMs, Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos)));
            backoffMs = Math.min(backoffMs * 2, ASK_BACKOFF_MS_MAX);
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unknown(cause);
            }
        }

        BasaltException unknown(BasaltException cause) {
            return new BasaltException(ErrorCode.COMMIT_OUTCOME_UNKNOWN, "transaction " + t.startTs() + ": " + what
                    + " failed (" + cause.code() + ": " + cause.getMessage() + ") and its outcome could not be established within "
                    + config.commitOutcomeWaitMsMax() + " ms; it may or may not have committed", cause);
        }
    }
}
