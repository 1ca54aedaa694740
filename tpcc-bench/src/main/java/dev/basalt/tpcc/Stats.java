package dev.basalt.tpcc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the terminals report, per transaction type: latencies into HdrHistogram recorders (so the
 * progress thread takes one second's histogram without stopping the terminals) and counters
 * that only grow. {@link #tick} turns them into one interval's figures; the driver adds the
 * intervals of the measurement window into {@link Totals}.
 *
 * <p>Words: a transaction <b>completes</b> when its last attempt committed or was rolled back on
 * purpose (New-Order's unused item: an <b>abort</b>); each attempt run again after a conflict is
 * a <b>retry</b>; a transaction that failed for good (an error that is not a conflict, or
 * {@link SqlErrors#ATTEMPTS_MAX} conflicts in a row) is an <b>error</b>. The latency of a
 * completed transaction runs from its first attempt's first statement to its commit, retries
 * included.
 */
final class Stats {
    /** Latencies above this are recorded as this (an hour, in microseconds). */
    static final long LATENCY_US_MAX = TimeUnit.HOURS.toMicros(1);
    static final int LATENCY_DIGITS = 3;
    /** Distinct error kinds (type and SQLState) whose first message is kept for the report. */
    static final int ERROR_KINDS_MAX = 50;

    private final Map<TxnType, PerType> types = new EnumMap<>(TxnType.class);
    private final Map<String, ErrorKind> errors = new ConcurrentHashMap<>();
    private final AtomicLong errorKindsDropped = new AtomicLong();

    private static final class PerType {
        final Recorder latency = new Recorder(LATENCY_US_MAX, LATENCY_DIGITS);
        final AtomicLong completed = new AtomicLong();
        final AtomicLong aborts = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        /** The counters as the last tick read them. */
        long[] seen = new long[5];
    }

    /** An error kind: how often, and the first message. */
    record ErrorKind(String key, String firstMessage, AtomicLong count) {
    }

    Stats() {
        for (TxnType t : TxnType.values()) {
            types.put(t, new PerType());
        }
    }

    void completed(TxnType type, long latencyNanos, boolean aborted) {
        PerType p = types.get(type);
        p.latency.recordValue(Math.min(LATENCY_US_MAX, Math.max(1, TimeUnit.NANOSECONDS.toMicros(latencyNanos))));
        p.completed.incrementAndGet();
        if (aborted) {
            p.aborts.incrementAndGet();
        }
    }

    void retried(TxnType type) {
        types.get(type).retries.incrementAndGet();
    }

    /** Delivery found a district without an undelivered order. */
    void skipped(TxnType type, int districts) {
        types.get(type).skipped.addAndGet(districts);
    }

    /** Counts an error; returns true the first time this kind (type and SQLState) is seen, so the caller may print it. */
    boolean failed(TxnType type, Throwable error) {
        types.get(type).errors.incrementAndGet();
        String key = type.key() + " " + SqlErrors.state(error);
        ErrorKind kind = errors.get(key);
        if (kind == null) {
            if (errors.size() >= ERROR_KINDS_MAX) {
                errorKindsDropped.incrementAndGet();
                return false;
            }
            ErrorKind fresh = new ErrorKind(key, SqlErrors.describe(error), new AtomicLong());
            kind = errors.putIfAbsent(key, fresh);
            if (kind == null) {
                fresh.count().incrementAndGet();
                return true;
            }
        }
        kind.count().incrementAndGet();
        return false;
    }

    /** Transactions of a type completed since the start, warm-up and the end's stragglers included. */
    Map<TxnType, Long> completedWholeRun() {
        Map<TxnType, Long> out = new EnumMap<>(TxnType.class);
        types.forEach((t, p) -> out.put(t, p.completed.get()));
        return out;
    }

    List<ErrorKind> errorKinds() {
        return new ArrayList<>(errors.values());
    }

    /** One interval of one type, with its latency histogram (a few hundred KB: added into the totals, then dropped). */
    record Interval(long completed, long aborts, long retries, long errors, long skipped, Histogram latency) {
    }

    /** What the timeline keeps of an interval of one type. */
    record TypeTick(long completed, long aborts, long retries, long errors, double p50Ms, double p99Ms) {
        static TypeTick of(Interval i) {
            return new TypeTick(i.completed(), i.aborts(), i.retries(), i.errors(), percentileMs(i.latency(), 50),
                    percentileMs(i.latency(), 99));
        }
    }

    /** The figures since the previous tick; called by one thread only. */
    Map<TxnType, Interval> tick() {
        Map<TxnType, Interval> out = new EnumMap<>(TxnType.class);
        for (Map.Entry<TxnType, PerType> e : types.entrySet()) {
            PerType p = e.getValue();
            Histogram h = p.latency.getIntervalHistogram();
            long[] now = {p.completed.get(), p.aborts.get(), p.retries.get(), p.errors.get(), p.skipped.get()};
            long[] d = new long[now.length];
            for (int i = 0; i < now.length; i++) {
                d[i] = now[i] - p.seen[i];
            }
            p.seen = now;
            out.put(e.getKey(), new Interval(d[0], d[1], d[2], d[3], d[4], h));
        }
        return out;
    }

    /** The sum of the intervals of the measurement window. */
    static final class Totals {
        final Map<TxnType, Histogram> latency = new EnumMap<>(TxnType.class);
        final Map<TxnType, long[]> counts = new EnumMap<>(TxnType.class);

        Totals() {
            for (TxnType t : TxnType.values()) {
                latency.put(t, new Histogram(LATENCY_US_MAX, LATENCY_DIGITS));
                counts.put(t, new long[5]);
            }
        }

        void add(Map<TxnType, Interval> tick) {
            for (Map.Entry<TxnType, Interval> e : tick.entrySet()) {
                Interval t = e.getValue();
                latency.get(e.getKey()).add(t.latency());
                long[] c = counts.get(e.getKey());
                c[0] += t.completed();
                c[1] += t.aborts();
                c[2] += t.retries();
                c[3] += t.errors();
                c[4] += t.skipped();
            }
        }

        long completed(TxnType t) {
            return counts.get(t)[0];
        }

        long aborts(TxnType t) {
            return counts.get(t)[1];
        }

        long retries(TxnType t) {
            return counts.get(t)[2];
        }

        long errors(TxnType t) {
            return counts.get(t)[3];
        }

        long skipped(TxnType t) {
            return counts.get(t)[4];
        }

        long sum(int counter) {
            long s = 0;
            for (long[] c : counts.values()) {
                s += c[counter];
            }
            return s;
        }

        Histogram allLatencies() {
            Histogram all = new Histogram(LATENCY_US_MAX, LATENCY_DIGITS);
            latency.values().forEach(all::add);
            return all;
        }
    }

    /** Milliseconds of a histogram's percentile (microsecond values); 0 for an empty histogram. */
    static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The error kinds sorted by count, largest first, as key → [count, first message]. */
    Map<String, Object[]> errorSummary() {
        Map<String, Object[]> out = new LinkedHashMap<>();
        errors.values().stream().sorted((a, b) -> Long.compare(b.count().get(), a.count().get()))
                .forEach(k -> out.put(k.key(), new Object[] {k.count().get(), k.firstMessage()}));
        if (errorKindsDropped.get() > 0) {
            out.put("other kinds", new Object[] {errorKindsDropped.get(), "more than " + ERROR_KINDS_MAX + " kinds of error"});
        }
        return out;
    }
}
