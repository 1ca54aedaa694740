package dev.basalt.server.check.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects a checker's findings as it goes, keeping at most {@link
 * Verdict#EXAMPLES_PER_ANOMALY_MAX} examples per name but counting them all, so the verdict can
 * say "G1a: 37 found, 8 shown".
 */
final class Findings {
    private final Map<String, List<String>> anomalies = new LinkedHashMap<>();
    private final Map<String, List<String>> allowed = new LinkedHashMap<>();
    private final Map<String, Long> found = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private long lost;

    /** Records a forbidden anomaly. */
    void anomaly(String name, String example) {
        add(anomalies, name, () -> example);
    }

    /** Records a forbidden anomaly, building its example only if it will be kept. */
    void anomaly(String name, Supplier<String> example) {
        add(anomalies, name, example);
    }

    /** Records an anomaly the claimed isolation allows. */
    void allowed(String name, String example) {
        add(allowed, name, () -> example);
    }

    private void add(Map<String, List<String>> into, String name, Supplier<String> example) {
        found.merge(name, 1L, Long::sum);
        List<String> examples = into.computeIfAbsent(name, n -> new ArrayList<>());
        if (examples.size() < Verdict.EXAMPLES_PER_ANOMALY_MAX) {
            examples.add(example.get());
        }
    }

    /** True once {@code name} has all the examples it will keep: further searching is wasted. */
    boolean full(String name) {
        List<String> examples = anomalies.containsKey(name) ? anomalies.get(name) : allowed.get(name);
        return examples != null && examples.size() >= Verdict.EXAMPLES_PER_ANOMALY_MAX;
    }

    void lost(long count) {
        lost += count;
    }

    void note(String note) {
        notes.add(note);
    }

    Verdict verdict() {
        List<String> allNotes = new ArrayList<>(notes);
        found.forEach((name, count) -> {
            if (count > Verdict.EXAMPLES_PER_ANOMALY_MAX) {
                allNotes.add(name + ": " + count + " found, " + Verdict.EXAMPLES_PER_ANOMALY_MAX + " shown");
            }
        });
        return Verdict.of(anomalies, allowed, lost, allNotes);
    }
}
