package dev.basalt.common;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's wall clock in milliseconds. Everything on a node that reads the time of day (the
 * timestamp oracle, liveness deadlines, garbage-collection retention) reads it through one of
 * these, so that a test or the fault injector can run a node on a clock that is off by a known
 * amount ({@link #setOffsetMs}) and clock bugs become visible. Monotonic durations (timeouts,
 * waits) use {@link System#nanoTime()} and are not affected.
 */
public final class WallClock {
    private final AtomicLong offsetMs;

    private WallClock(long offsetMs) {
        this.offsetMs = new AtomicLong(offsetMs);
    }

    /** The machine's clock. */
    public static WallClock system() {
        return new WallClock(0);
    }

    /** The machine's clock shifted by {@code offsetMs} (positive: ahead). */
    public static WallClock offset(long offsetMs) {
        return new WallClock(offsetMs);
    }

    public long nowMs() {
        return System.currentTimeMillis() + offsetMs.get();
    }

    public long offsetMs() {
        return offsetMs.get();
    }

    /** Shifts this clock (fault injection): later readings jump by the difference. */
    public void setOffsetMs(long ms) {
        offsetMs.set(ms);
    }
}
