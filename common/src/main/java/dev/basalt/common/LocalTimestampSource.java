package dev.basalt.common;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A process-local hybrid clock: strictly increasing within this process, following a wall clock.
 * Tests use it as a stand-in for the cluster's timestamp oracle (one instance shared by every
 * store of a test plays the oracle); across processes it is only as ordered as their clocks, so
 * nothing in a running cluster takes timestamps from it.
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
