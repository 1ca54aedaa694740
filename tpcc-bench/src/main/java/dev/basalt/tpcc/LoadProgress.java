package dev.basalt.tpcc;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows loaded so far, per table, against what a load of this many warehouses writes; printed
 * as one line every {@link #PRINT_EVERY_MS}: overall percentage, rows, rows per second, and each
 * table's percentage.
 */
final class LoadProgress {
    static final long PRINT_EVERY_MS = 2_000;

    private final Map<Schema.Table, AtomicLong> rows = new EnumMap<>(Schema.Table.class);
    private final Map<Schema.Table, Long> expected = new EnumMap<>(Schema.Table.class);
    private final long expectedTotal;
    private final long startNanos = System.nanoTime();

    LoadProgress(int warehouses) {
        long total = 0;
        for (Schema.Table t : Schema.Table.values()) {
            rows.put(t, new AtomicLong());
            long e = Scale.expectedRows(t, warehouses);
            expected.put(t, e);
            total += e;
        }
        expectedTotal = total;
    }

    void add(Schema.Table table, int n) {
        rows.get(table).addAndGet(n);
    }

    long rows(Schema.Table table) {
        return rows.get(table).get();
    }

    long total() {
        return rows.values().stream().mapToLong(AtomicLong::get).sum();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** {@code load: 42% 254,000/605,000 rows 8,100 rows/s 31 s | ITEM 100% WAREHOUSE 100% STOCK 80% ...} */
    String line() {
        long done = total();
        double seconds = elapsedSeconds();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "load: %3d%% %,d/%,d rows %,.0f rows/s %.0f s |",
                percent(done, expectedTotal), done, expectedTotal, seconds > 0 ? done / seconds : 0, seconds));
        for (Schema.Table t : Schema.Table.values()) {
            sb.append(' ').append(t.name()).append(' ').append(percent(rows.get(t).get(), expected.get(t))).append('%');
        }
        return sb.toString();
    }

    void print(PrintStream out) {
        out.println(line());
        out.flush();
    }

    /** Rounded down and capped at 100 (ORDER_LINE's expectation is an average). */
    private static int percent(long done, long of) {
        return of == 0 ? 100 : (int) Math.min(100, done * 100 / of);
    }
}
