package dev.basalt.server.check.history;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The first line of a history file: how the run was set up, so that a history can be checked,
 * and a failure reproduced, from the file alone.
 *
 * @param workload {@code "list-append"}, {@code "bank"}, {@code "register"}, ...
 * @param nemesis the faults injected, e.g. {@code "kill,partition"} or {@code "none"}
 * @param nodes cluster size
 * @param seed the seed of the run's generator and nemesis schedule
 * @param seconds how long the workload ran
 * @param extra any other settings, by name (sorted, immutable)
 */
public record Header(String workload, String nemesis, int nodes, long seed, long seconds, Map<String, String> extra) {
    public Header {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(nemesis, "nemesis");
        extra = Collections.unmodifiableMap(new TreeMap<>(extra));
    }
}
