package dev.basalt.tpcc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of {@code tpcc run}: the measurement and the consistency check after it, as the one
 * line a run ends with and as the JSON document of {@code --report}.
 * <pre>
 *   tpcc: warehouses=W terminals=T seconds=S neworder_per_min=X tpmc=X p50_ms=X p99_ms=X aborts=X retries=X errors=X consistency=OK|FAIL
 * </pre>
 * neworder_per_min counts committed New-Orders; tpmc counts completed ones, including those rolled
 * back on purpose, as the spec counts them. Both are per minute of the measurement window (the
 * warm-up excluded); in no-wait mode tpmc is a throughput, not a TPC-C result. p50/p99 are over
 * every transaction type together. aborts and retries count the window; errors count the whole
 * run, warm-up included, so no error goes unreported.
 */
record RunReport(Driver.Measurement measurement, Consistency.Result consistency, String consistencyError) {
    /** The percentiles of each type the JSON report and the picture show. */
    static final double[] PERCENTILES = {50, 90, 95, 99, 99.9};

    boolean consistent() {
        return consistency != null && consistency.ok();
    }

    double perMinute(long count) {
        return measurement.measuredSeconds() == 0 ? 0 : count * 60.0 / measurement.measuredSeconds();
    }

    double newOrderPerMinute() {
        Stats.Totals t = measurement.totals();
        return perMinute(t.completed(TxnType.NEW_ORDER) - t.aborts(TxnType.NEW_ORDER));
    }

    double tpmc() {
        return perMinute(measurement.totals().completed(TxnType.NEW_ORDER));
    }

    String line() {
        Driver.Settings s = measurement.settings();
        Stats.Totals t = measurement.totals();
        Histogram all = t.allLatencies();
        return String.format(Locale.ROOT, "tpcc: warehouses=%d terminals=%d seconds=%d neworder_per_min=%.1f tpmc=%.1f p50_ms=%.2f "
                        + "p99_ms=%.2f aborts=%d retries=%d errors=%d consistency=%s",
                s.warehouses(), s.terminals(), measurement.measuredSeconds(), newOrderPerMinute(), tpmc(),
                Stats.percentileMs(all, 50), Stats.percentileMs(all, 99), t.sum(1), t.sum(2), measurement.errorsWholeRun(),
                consistent() ? "OK" : "FAIL");
    }

    /** The JSON document: settings, results, each type's figures, the timeline, the conditions, the errors. */
    Map<String, Object> toJson(String databaseProduct) {
        Driver.Settings s = measurement.settings();
        Stats.Totals t = measurement.totals();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", s.url());
        settings.put("database", databaseProduct);
        settings.put("warehouses", s.warehouses());
        settings.put("terminals", s.terminals());
        settings.put("seconds", s.seconds());
        settings.put("warmup_seconds", s.warmupSeconds());
        settings.put("mode", s.specMode() ? "spec" : "no-wait");
        settings.put("isolation", s.isolation().option());
        settings.put("seed", s.seed());
        root.put("settings", settings);

        Map<String, Object> results = new LinkedHashMap<>();
        Histogram all = t.allLatencies();
        results.put("measured_seconds", measurement.measuredSeconds());
        results.put("neworder_per_min", newOrderPerMinute());
        results.put("tpmc", tpmc());
        results.put("transactions", t.sum(0));
        results.put("p50_ms", Stats.percentileMs(all, 50));
        results.put("p99_ms", Stats.percentileMs(all, 99));
        results.put("aborts", t.sum(1));
        results.put("retries", t.sum(2));
        results.put("errors", measurement.errorsWholeRun());
        results.put("consistency", consistent() ? "OK" : "FAIL");
        root.put("results", results);

        Map<String, Object> types = new LinkedHashMap<>();
        for (TxnType type : TxnType.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Histogram h = t.latency.get(type);
            m.put("completed", t.completed(type));
            m.put("completed_whole_run", measurement.completedWholeRun().getOrDefault(type, 0L));
            m.put("per_second", measurement.measuredSeconds() == 0 ? 0.0 : t.completed(type) / (double) measurement.measuredSeconds());
            m.put("share_percent", t.sum(0) == 0 ? 0.0 : 100.0 * t.completed(type) / t.sum(0));
            m.put("aborts", t.aborts(type));
            m.put("retries", t.retries(type));
            m.put("errors_in_window", t.errors(type));
            if (type == TxnType.DELIVERY) {
                m.put("skipped_districts", t.skipped(type));
            }
            m.put("mean_ms", h.getTotalCount() == 0 ? 0.0 : h.getMean() / 1000.0);
            for (double p : PERCENTILES) {
                m.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p).replace('.', '_')) + "_ms", Stats.percentileMs(h, p));
            }
            m.put("max_ms", h.getTotalCount() == 0 ? 0.0 : h.getMaxValue() / 1000.0);
            types.put(type.key(), m);
        }
        root.put("transactions", types);

        List<Object> timeline = new ArrayList<>();
        for (Driver.Tick tick : measurement.timeline()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("second", tick.second());
            m.put("warmup", tick.warmup());
            for (Map.Entry<TxnType, Stats.TypeTick> e : tick.types().entrySet()) {
                Stats.TypeTick tt = e.getValue();
                m.put(e.getKey().key(), List.of(tt.completed(), tt.p50Ms(), tt.p99Ms()));
            }
            timeline.add(m);
        }
        root.put("timeline_legend", "per second and type: [completed, p50_ms, p99_ms]");
        root.put("timeline", timeline);

        List<Object> conditions = new ArrayList<>();
        if (consistency != null) {
            for (Consistency.Condition c : consistency.conditions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("condition", c.number());
                m.put("title", c.title());
                m.put("ok", c.ok());
                m.put("violations", c.violations());
                m.put("examples", c.examples());
                conditions.add(m);
            }
        }
        root.put("consistency", conditions);
        if (consistencyError != null) {
            root.put("consistency_error", consistencyError);
        }
        Map<String, Object> errors = new LinkedHashMap<>();
        for (Map.Entry<String, Object[]> e : measurement.errorKinds().entrySet()) {
            Map<String, Object> kind = new LinkedHashMap<>();
            kind.put("count", e.getValue()[0]);
            kind.put("first", e.getValue()[1]);
            errors.put(e.getKey(), kind);
        }
        root.put("errors", errors);
        root.put("terminal_failures", measurement.terminalFailures());
        root.put("line", line());
        return root;
    }
}
