package dev.basalt.server.check.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a checker concluded.
 *
 * @param valid false iff {@code anomalies} is non-empty or {@code lost > 0}
 * @param anomalies forbidden anomalies found: name to at most {@link #EXAMPLES_PER_ANOMALY_MAX}
 *     human-readable examples (sorted by name, immutable)
 * @param allowed anomalies found that the claimed isolation level permits: reported, not failing
 * @param lost acknowledged writes that are missing
 * @param notes anything else a reader should know: counts, truncated example lists, searches cut
 *     short
 */
public record Verdict(boolean valid, Map<String, List<String>> anomalies, Map<String, List<String>> allowed, long lost, List<String> notes) {
    /** Examples kept per anomaly name; a few are enough to debug, thousands bury the report. */
    public static final int EXAMPLES_PER_ANOMALY_MAX = 8;

    public Verdict {
        anomalies = freeze(anomalies);
        allowed = freeze(allowed);
        notes = List.copyOf(notes);
        if (lost < 0) {
            throw new IllegalArgumentException("lost must be >= 0, was " + lost);
        }
        if (valid != (anomalies.isEmpty() && lost == 0)) {
            throw new IllegalArgumentException("valid=" + valid + " contradicts " + anomalies.size() + " anomalies and " + lost + " lost");
        }
    }

    /** A verdict whose validity follows from its findings. */
    public static Verdict of(Map<String, List<String>> anomalies, Map<String, List<String>> allowed, long lost, List<String> notes) {
        return new Verdict(anomalies.isEmpty() && lost == 0, anomalies, allowed, lost, notes);
    }

    private static Map<String, List<String>> freeze(Map<String, List<String>> byName) {
        Map<String, List<String>> copy = new TreeMap<>();
        byName.forEach((name, examples) -> copy.put(name, List.copyOf(examples)));
        return Collections.unmodifiableMap(copy);
    }

    /** A multi-line report for people: the verdict, then each anomaly with its examples. */
    public String summary() {
        List<String> lines = new ArrayList<>();
        lines.add(valid ? "valid" : "INVALID" + (lost > 0 ? " (" + lost + " lost)" : ""));
        anomalies.forEach((name, examples) -> {
            lines.add("  " + name + ":");
            examples.forEach(e -> lines.add("    " + e));
        });
        allowed.forEach((name, examples) -> {
            lines.add("  " + name + " (allowed):");
            examples.forEach(e -> lines.add("    " + e));
        });
        notes.forEach(n -> lines.add("  note: " + n));
        return String.join("\n", lines);
    }
}
