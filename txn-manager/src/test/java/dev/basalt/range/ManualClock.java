package dev.basalt.range;

import dev.basalt.common.LocalTimestampSource;
import dev.basalt.common.TimestampSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A timestamp oracle whose physical time moves only when a test says so, so that lock TTLs expire
 * exactly when the test advances it. It starts a day ahead of the wall clock: the range stores
 * draw timestamps from their own wall-clock source when a leader takes over, and those must stay
 * below everything this oracle hands out.
 */
public final class ManualClock implements TimestampSource {
    /** How far ahead of the wall clock the manual clock starts. */
    static final long AHEAD_OF_WALL_CLOCK_MS = 24L * 3600 * 1000;

    private final AtomicLong physicalMs = new AtomicLong(System.currentTimeMillis() + AHEAD_OF_WALL_CLOCK_MS);
    private final LocalTimestampSource timestamps = new LocalTimestampSource(physicalMs::get);

    @Override
    public long next() {
        return timestamps.next();
    }

    public void advanceMs(long ms) {
        physicalMs.addAndGet(ms);
    }
}
