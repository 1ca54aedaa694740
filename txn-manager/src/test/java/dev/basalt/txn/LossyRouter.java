package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.routing.RangeRouter;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import java.util.Random;

/**
 * A router that loses commit-path requests (prewrite, commit, rollback, one-phase commit) as a
 * flaky network would, decided by a seeded {@link Random}: some are dropped before they reach the
 * range, some are carried out and then their reply is lost. Both surface as CONNECTION_FAILURE,
 * so the caller cannot tell which happened. A <em>blackout</em>, once armed, lets a given number
 * of commit-path requests pass, then cuts the gateway off from the cluster - just before or just
 * after the next commit-path request is carried out - and fails every request until lifted.
 */
final class LossyRouter implements RangeRouter {
    private final RangeRouter inner;
    private final Random random;
    private final double dropBefore;
    private final double loseAfter;
    private boolean blackoutArmed;
    private int passesBeforeBlackout;
    private boolean executeLastBeforeBlackout;
    private boolean dark;

    LossyRouter(RangeRouter inner, long seed, double dropBefore, double loseAfter) {
        this.inner = inner;
        this.random = new Random(seed);
        this.dropBefore = dropBefore;
        this.loseAfter = loseAfter;
    }

    /**
     * After {@code passes} more commit-path requests, the next one is carried out (if
     * {@code executeLast}) or not, and from then on every request fails until {@link #lift()}.
     */
    synchronized void armBlackout(int passes, boolean executeLast) {
        blackoutArmed = true;
        passesBeforeBlackout = passes;
        executeLastBeforeBlackout = executeLast;
    }

    synchronized void lift() {
        blackoutArmed = false;
        dark = false;
    }

    @Override
    public RangeDescriptor rangeOf(byte[] key) {
        return inner.rangeOf(key);
    }

    @Override
    public java.util.List<RangeDescriptor> ranges() {
        return inner.ranges();
    }

    @Override
    public long timestamp() {
        return inner.timestamp();
    }

    @Override
    public long monotonicMs() {
        return inner.monotonicMs();
    }

    @Override
    public RangeResponse execute(long rangeId, RangeRequest request) {
        boolean commitPath = request instanceof RangeRequest.Prewrite || request instanceof RangeRequest.Commit
                || request instanceof RangeRequest.Rollback || request instanceof RangeRequest.OnePhaseCommit;
        boolean drop;
        boolean lose;
        synchronized (this) {
            if (dark) {
                throw lost(rangeId, request, "before it was sent (blackout)");
            }
            drop = commitPath && random.nextDouble() < dropBefore;
            lose = commitPath && random.nextDouble() < loseAfter;
            if (commitPath && blackoutArmed && passesBeforeBlackout-- == 0) {
                dark = true;
                drop = !executeLastBeforeBlackout;
                lose = true;
            }
        }
        if (drop) {
            throw lost(rangeId, request, "before it was sent");
        }
        RangeResponse response = inner.execute(rangeId, request);
        if (lose) {
            throw lost(rangeId, request, "after it was carried out");
        }
        return response;
    }

    private static BasaltException lost(long rangeId, RangeRequest request, String when) {
        return new BasaltException(ErrorCode.CONNECTION_FAILURE, "range " + rangeId + ": "
                + request.getClass().getSimpleName() + " lost " + when);
    }
}
