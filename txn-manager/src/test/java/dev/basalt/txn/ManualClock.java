package dev.basalt.txn;

import dev.basalt.common.LocalTimestampSource;
import dev.basalt.common.TimestampSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A timestamp oracle whose physical time moves only when a test says so, so that lock TTLs expire
 * exactly when the test advances it. Every part of a test cluster (transactions, and the range
 * stores' new leaders taking their read floors) draws from it, as a real cluster draws from its one
 * oracle.
 */
public final class ManualClock implements TimestampSource {
    private final AtomicLong physicalMs = new AtomicLong(System.currentTimeMillis());
    private final LocalTimestampSource timestamps = new LocalTimestampSource(physicalMs::get);

    @Override
    public long next() {
        return timestamps.next();
    }

    /** The physical time the oracle is at: what a test's router gives as its clock for ages. */
    public long physicalMs() {
        return physicalMs.get();
    }

    public void advanceMs(long ms) {
        physicalMs.addAndGet(ms);
    }
}
