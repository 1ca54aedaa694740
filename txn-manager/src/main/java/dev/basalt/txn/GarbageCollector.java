package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.placement.routing.RangeRouter;
import dev.basalt.range.LockInfo;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection across the cluster (DESIGN.md section 4): deletes versions no transaction can
 * read any more, without ever undoing a committed one.
 *
 * <p><b>A transaction's commit or rollback record is kept until none of its locks can remain
 * anywhere.</b> A primary's commit record lives in one range, its secondary locks in others; if the
 * record were collected while a secondary lock elsewhere is unresolved, whoever met that lock would
 * find no record and roll the committed secondary back. So one collection below a safe point
 * {@code S} runs in three steps over every range:
 * <ol>
 *   <li><b>Fence</b> ({@code SetSafePoint(S)}, taken with every key latch of the range, persisted and
 *       replicated): from now on no read, prewrite, one-phase commit or lock of a transaction that
 *       started below {@code S} is accepted, so no new lock below {@code S} can appear.</li>
 *   <li><b>Resolve</b> every lock left below {@code S} ({@code ScanLocks}) through its primary,
 *       whose record is still intact: committed, roll it forward; otherwise roll the transaction
 *       back (judged at infinity: a transaction older than the retention window is past its
 *       lifetime, and its gateway did not report it active).</li>
 *   <li><b>Collect</b> ({@code Gc(S)}): only now may versions below {@code S} go, rollback
 *       markers and commit records included.</li>
 * </ol>
 * The safe point is {@code min(oldest active start timestamp reported by every gateway, now -
 * retention)}; retention is never shorter than a transaction's lifetime. A step that fails stops
 * the round; the next round starts again (every step is idempotent, and a fence only ever rises).
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    /** Locks fetched per ScanLocks request. */
    static final int LOCKS_PER_SCAN_MAX = 1_000;
    /** Scan-and-resolve passes per range at most in one round; a range still holding old locks after them stops the round. */
    static final int RESOLVE_PASSES_MAX = 20;

    private final RangeRouter router;
    private final RangeClient client;

    public GarbageCollector(RangeRouter router, int reroutesMax) {
        this.router = router;
        this.client = new RangeClient(router, reroutesMax, Runnable::run);
    }

    /** What one round did. */
    public record Round(long safePointTs, int ranges, int locksResolved) {
    }

    /**
     * The safe point for a collection now: {@code retentionMs} before a fresh oracle timestamp, and
     * below every transaction a gateway reports active ({@code oldestActiveStartTs}, MAX if none).
     */
    public long safePoint(long retentionMs, long oldestActiveStartTs) {
        long now = client.timestamp();
        long byRetention = Timestamp.of(Math.max(0, Timestamp.physicalMs(now) - retentionMs), 0);
        return Math.min(byRetention, oldestActiveStartTs);
    }

    /**
     * One collection as the meta leader runs it: the safe point from the retention window and the
     * gateways' unexpired reports ({@code gateway id -> [oldest active start ts, expires at ms on
     * the oracle's clock]}), then {@link #collect}.
     */
    public Round runOnce(long retentionMs, java.util.Map<String, long[]> gatewayReports) {
        long nowMs = Timestamp.physicalMs(client.timestamp());
        long oldest = Long.MAX_VALUE;
        for (long[] report : gatewayReports.values()) {
            if (report[1] > nowMs) {
                oldest = Math.min(oldest, report[0]);
            }
        }
        return collect(safePoint(retentionMs, oldest));
    }

    /** Fences, resolves and collects below {@code safePointTs} on every range; throws if a step fails. */
    public Round collect(long safePointTs) {
        if (safePointTs <= 0) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "a safe point must be positive, got " + safePointTs);
        }
        List<RangeDescriptor> ranges = router.ranges();
        for (RangeDescriptor r : ranges) {
            onRange(r, new RangeRequest.SetSafePoint(safePointTs));
        }
        int resolved = 0;
        for (RangeDescriptor r : ranges) {
            resolved += resolveLocksBelow(r, safePointTs);
        }
        for (RangeDescriptor r : ranges) {
            onRange(r, new RangeRequest.Gc(safePointTs));
        }
        LOG.info("gc: collected below {} on {} ranges ({} leftover locks resolved first)", Timestamp.format(safePointTs), ranges.size(),
                resolved);
        return new Round(safePointTs, ranges.size(), resolved);
    }

    /** Sends a range-wide request; a range that split meanwhile is handled by the next round (its halves inherit the fence). */
    private RangeResponse onRange(RangeDescriptor range, RangeRequest request) {
        return client.execute(range.rangeId(), request);
    }

    private int resolveLocksBelow(RangeDescriptor range, long safePointTs) {
        int resolved = 0;
        for (int pass = 0; pass < RESOLVE_PASSES_MAX; pass++) {
            RangeResponse r = onRange(range, new RangeRequest.ScanLocks(safePointTs, LOCKS_PER_SCAN_MAX));
            if (!(r instanceof RangeResponse.Locked locked)) {
                throw new BasaltException(ErrorCode.INTERNAL_ERROR, "lock scan of range " + range.rangeId() + " answered " + r);
            }
            if (locked.locks().isEmpty()) {
                return resolved;
            }
            for (LockInfo lock : locked.locks()) {
                resolve(lock);
                resolved++;
            }
        }
        throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "gc: range " + range.rangeId() + " still holds locks below "
                + Timestamp.format(safePointTs) + " after " + RESOLVE_PASSES_MAX + " passes; collection postponed");
    }

    /** Decides the lock's transaction at its primary (at infinity) and rolls the lock forward or back to match. */
    private void resolve(LockInfo lock) {
        RangeResponse status = client.send(lock.primary(),
                new RangeRequest.CheckTxnStatus(lock.primary(), lock.startTs(), LockResolver.WOUND_AT_TS, true));
        if (!(status instanceof RangeResponse.TxnStatus s) || s.state() == RangeResponse.TxnStatus.State.LOCKED) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "gc: transaction " + lock.startTs() + " at primary "
                    + StorageKey.toString(lock.primary()) + " could not be decided: " + status);
        }
        long commitTs = s.state() == RangeResponse.TxnStatus.State.COMMITTED ? s.commitTs() : 0;
        client.send(lock.key(), new RangeRequest.ResolveLock(List.of(lock.key()), lock.startTs(), commitTs));
    }
}
