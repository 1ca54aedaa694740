package dev.basalt.common;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A node-local hybrid clock: strictly increasing within this process, following the wall clock.
 * It stands in for the cluster's timestamp oracle until the placement issue replaces it; across
 * nodes it is only as ordered as the machines' clocks.
 */
public final class LocalTimestampSource implements TimestampSource {
    private final LongSupplier clockMs;
    private final AtomicLong last = new AtomicLong();

    public LocalTimestampSource() {
        this(System::currentTimeMillis);
    }

    public LocalTimestampSource(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    @Override
    public long next() {
        long wall = Timestamp.of(clockMs.getAsLong(), 0);
        return last.updateAndGet(prev -> Math.max(prev + 1, wall));
    }

    /** Makes every later timestamp greater than {@code ts} (used when a node sees a newer one). */
    public void observe(long ts) {
        last.accumulateAndGet(ts, Math::max);
    }
}
