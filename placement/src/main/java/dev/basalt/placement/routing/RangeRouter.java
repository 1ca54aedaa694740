package dev.basalt.placement.routing;

import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import java.util.List;

/**
 * What the transaction layer needs from the cluster: where a key lives, a way to send a request to
 * a range's leader, and timestamps from the cluster's oracle. {@link ClusterRouter} implements it
 * over the node protocol (in-process for ranges the local node leads); tests implement it over
 * range stores in one JVM.
 */
public interface RangeRouter {

    /** The range that holds {@code key}'s slot, from the cached range map (refreshed when stale). */
    RangeDescriptor rangeOf(byte[] key);

    /** Every range of the cluster, sorted by id, from the cached range map. */
    List<RangeDescriptor> ranges();

    /**
     * Sends {@code request} to the leader of range {@code rangeId}, following redirects and retrying
     * failures that allow it within a bounded deadline. Failures arrive as
     * {@link dev.basalt.common.BasaltException}: {@code RANGE_MOVED} means the range split or moved
     * after it was routed, and the caller routes its keys again; a code whose
     * {@link dev.basalt.common.ErrorCode#outcomeUnknown()} holds means the request may or may not
     * have taken effect.
     */
    RangeResponse execute(long rangeId, RangeRequest request);

    /**
     * A timestamp from the cluster's oracle: larger than every timestamp issued before this call
     * began, on any node.
     */
    long timestamp();

    /**
     * Milliseconds on a clock that advances at the rate of the oracle's physical time, so that how
     * long ago a timestamp was drawn can be measured without asking the oracle again (a lock's
     * time to live is sized that way). Real routers use this JVM's monotonic clock; a test whose
     * oracle's time only moves when the test says so returns that time.
     */
    default long monotonicMs() {
        return System.nanoTime() / 1_000_000;
    }
}
