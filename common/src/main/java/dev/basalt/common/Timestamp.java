package dev.basalt.common;

/**
 * A hybrid timestamp packed into a {@code long}: {@code physicalMs << 18 | logical}. Timestamps
 * order transactions (MVCC versions, start and commit times); 2^18 logical ticks per
 * millisecond leave room for 262,144 timestamps per millisecond before the physical part must
 * advance. Zero means "no timestamp".
 */
public final class Timestamp {
    public static final int LOGICAL_BITS = 18;
    public static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;
    public static final long NONE = 0L;
    public static final long MAX = Long.MAX_VALUE;

    private Timestamp() {
    }

    public static long of(long physicalMs, long logical) {
        if (physicalMs < 0 || logical < 0 || logical > LOGICAL_MASK) {
            throw new IllegalArgumentException(
                    "timestamp parts out of range: physicalMs=" + physicalMs + " logical=" + logical);
        }
        return (physicalMs << LOGICAL_BITS) | logical;
    }

    public static long physicalMs(long ts) {
        return ts >>> LOGICAL_BITS;
    }

    public static long logical(long ts) {
        return ts & LOGICAL_MASK;
    }

    /** The timestamp {@code ms} milliseconds after {@code ts}, logical part reset. */
    public static long plusMs(long ts, long ms) {
        return of(physicalMs(ts) + ms, 0);
    }

    public static String format(long ts) {
        return physicalMs(ts) + "." + logical(ts);
    }
}
