package dev.basalt.tpcc;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the terminals for the warm-up and the measurement, prints a progress line every second
 * and collects the measurement window's figures. Terminal {@code i} has home warehouse
 * {@code i mod W + 1} and Stock-Level district {@code (i div W) mod 10 + 1}, so terminals spread
 * evenly over warehouses first, then districts.
 */
final class Driver {
    /** A terminal still inside a transaction when time is up gets this long to finish before its connection is closed. */
    static final long TERMINAL_STOP_WAIT_MS = 60_000;
    static final long TICK_MS = 1_000;
    /** A run keeps one timeline entry per second; a week of them is its limit. */
    static final long RUN_SECONDS_MAX = 7 * 86_400;

    /** What a run is asked to do. */
    record Settings(String url, int warehouses, int terminals, int seconds, int warmupSeconds, boolean specMode,
                    Connections.Isolation isolation, long seed) {
        Settings {
            if (warehouses < 1 || terminals < 1 || seconds < 1 || warmupSeconds < 0) {
                throw new IllegalArgumentException("warehouses, terminals and seconds must be at least 1, warm-up at least 0");
            }
            if ((long) seconds + warmupSeconds > RUN_SECONDS_MAX) {
                throw new IllegalArgumentException("warm-up plus measurement is at most " + RUN_SECONDS_MAX + " s (a week), not "
                        + ((long) seconds + warmupSeconds));
            }
        }
    }

    /** One second of the run. */
    record Tick(int second, boolean warmup, Map<TxnType, Stats.TypeTick> types) {
        long completed() {
            return types.values().stream().mapToLong(Stats.TypeTick::completed).sum();
        }
    }

    /** What the run measured (the consistency check comes after). */
    record Measurement(Settings settings, int measuredSeconds, Stats.Totals totals, List<Tick> timeline,
                       Map<String, Object[]> errorKinds, long errorsWholeRun, Map<TxnType, Long> completedWholeRun,
                       List<String> terminalFailures) {
    }

    private final Connections connections;
    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;

    Driver(Connections connections, Settings settings, PrintStream out, PrintStream err) {
        this.connections = connections;
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** Fails with a clear message unless the database holds at least the warehouses the run asks for. */
    static void requireLoaded(Connections connections, int warehouses) throws SQLException {
        try (Connection c = connections.open(true); Statement s = c.createStatement()) {
            long found;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM WAREHOUSE")) {
                rs.next();
                found = rs.getLong(1);
            } catch (SQLException e) {
                throw new SQLException("the TPC-C tables are not there (" + SqlErrors.describe(e) + "); run 'tpcc load' first or add --load",
                        e.getSQLState(), e);
            }
            if (found < warehouses) {
                throw new IllegalStateException("table WAREHOUSE holds " + found + " warehouse" + (found == 1 ? "" : "s")
                        + ", the run asks for " + warehouses + "; load with --warehouses " + warehouses + " (or add --load)");
            }
        }
    }

    Measurement run() throws InterruptedException {
        Settings s = settings;
        Stats stats = new Stats();
        CountDownLatch stop = new CountDownLatch(1);
        TpccRandom master = new TpccRandom(s.seed(), TpccRandom.Constants.forRun(s.seed()));
        TpccRandom.Constants constants = master.constants();
        out.printf(Locale.ROOT, "run: %d terminal%s on %d warehouse%s, %s mode, %s, %d s warm-up + %d s, seed %d (C_LAST %d, C_ID %d, OL_I_ID %d)%n",
                s.terminals(), s.terminals() == 1 ? "" : "s", s.warehouses(), s.warehouses() == 1 ? "" : "s",
                s.specMode() ? "spec (keying and think times)" : "no-wait", s.isolation().option(), s.warmupSeconds(), s.seconds(),
                s.seed(), constants.cLast(), constants.cId(), constants.olIId());
        List<Terminal> terminals = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < s.terminals(); i++) {
            TpccRandom r = new TpccRandom(master.split(), constants);
            TerminalContext context = new TerminalContext(s.warehouses(), i % s.warehouses() + 1,
                    (i / s.warehouses()) % Scale.DISTRICTS_PER_WAREHOUSE + 1, r);
            Terminal t = new Terminal(i + 1, connections, context, stats, s.specMode(), stop, err);
            terminals.add(t);
            Thread thread = new Thread(t, "tpcc-terminal-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Stats.Totals totals = new Stats.Totals();
        List<Tick> timeline = new ArrayList<>();
        int measured = 0;
        int total = s.warmupSeconds() + s.seconds();
        try {
            for (int second = 1; second <= total; second++) {
                long waitNanos = start + TimeUnit.MILLISECONDS.toNanos(TICK_MS * second) - System.nanoTime();
                if (waitNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(waitNanos); // the progress line's period
                }
                boolean warmup = second <= s.warmupSeconds();
                Map<TxnType, Stats.Interval> interval = stats.tick();
                if (!warmup) {
                    totals.add(interval);
                    measured++;
                }
                Map<TxnType, Stats.TypeTick> summary = new EnumMap<>(TxnType.class);
                interval.forEach((type, i) -> summary.put(type, Stats.TypeTick.of(i)));
                Tick tick = new Tick(second, warmup, summary);
                timeline.add(tick);
                out.println(progressLine(tick, total));
                out.flush();
                if (threads.stream().noneMatch(Thread::isAlive)) {
                    err.println("tpcc: every terminal has ended; stopping the run at " + second + " s");
                    break;
                }
            }
        } finally {
            stop.countDown();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERMINAL_STOP_WAIT_MS);
            for (int i = 0; i < threads.size(); i++) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                threads.get(i).join(Math.max(1, left));
                if (threads.get(i).isAlive()) {
                    err.println("tpcc: terminal " + (i + 1) + " did not finish its transaction within " + TERMINAL_STOP_WAIT_MS
                            + " ms of the end; closing its connection");
                    terminals.get(i).abort();
                }
            }
        }
        List<String> failures = terminals.stream().map(Terminal::failure).filter(f -> f != null).toList();
        long errors = 0;
        for (Object[] kind : stats.errorSummary().values()) {
            errors += (long) kind[0];
        }
        return new Measurement(s, measured, totals, timeline, stats.errorSummary(), errors, stats.completedWholeRun(), failures);
    }

    /**
     * {@code tpcc   12/70 s run      152 txn/s | NO 68/s 10.1/45.0 ms | PAY ... | aborts=1 retries=3 errors=0}: per type the
     * transactions completed in that second and their p50/p99 latency.
     */
    static String progressLine(Tick tick, int totalSeconds) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "tpcc %4d/%d s %-6s %5d txn/s", tick.second(), totalSeconds,
                tick.warmup() ? "warmup" : "run", tick.completed()));
        long aborts = 0;
        long retries = 0;
        long errors = 0;
        for (Map.Entry<TxnType, Stats.TypeTick> e : tick.types().entrySet()) {
            Stats.TypeTick t = e.getValue();
            if (t.completed() == 0) {
                sb.append(" | ").append(e.getKey().shortName()).append(" 0/s");
            } else {
                sb.append(String.format(Locale.ROOT, " | %s %d/s %s/%s ms", e.getKey().shortName(), t.completed(), ms(t.p50Ms()),
                        ms(t.p99Ms())));
            }
            aborts += t.aborts();
            retries += t.retries();
            errors += t.errors();
        }
        sb.append(" | aborts=").append(aborts).append(" retries=").append(retries).append(" errors=").append(errors);
        return sb.toString();
    }

    /** Milliseconds with two significant decimals for small values. */
    static String ms(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.2f", ms) : ms < 100 ? String.format(Locale.ROOT, "%.1f", ms)
                : String.format(Locale.ROOT, "%.0f", ms);
    }
}
