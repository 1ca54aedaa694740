package dev.basalt.server.check.nemesis;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteWriter;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.check.history.Recorder;
import dev.basalt.server.internal.LocalCluster;
import java.io.IOException;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects faults into a local cluster on a seeded schedule, <b>one faulty node at a time</b>:
 * a quiet spell, one fault held for a few seconds, healed, a quiet spell, the next. Every fault and
 * heal is recorded in the history (process NEMESIS), so a failure can be read against them.
 *
 * <ul>
 *   <li>{@code kill}: SIGKILL a node, restart it later (its data stays).</li>
 *   <li>{@code pause}: SIGSTOP a node's JVM, SIGCONT later: it holds its sockets and leases and
 *       answers nothing.</li>
 *   <li>{@code partition}: cut a node off from every other node (Basalt's protocol and Raft); the
 *       checker's clients still reach it. Needs the cluster on network namespaces.</li>
 *   <li>{@code clock}: shift a node's clock by seconds (up to {@link #CLOCK_OFFSETS_MS} 30 s either
 *       way), then back.</li>
 *   <li>{@code leader}: for a few seconds, move the leadership of a random range every few
 *       hundred milliseconds.</li>
 *   <li>{@code split}: split a random range (at most {@link #RANGES_MAX} ranges).</li>
 *   <li>{@code meta}: SIGKILL the meta group's leader (the timestamp oracle), restart it later.</li>
 * </ul>
 * {@link #stop} ends the schedule and heals everything: resumes paused nodes, restarts killed
 * ones, removes partitions, sets every clock back.
 */
public final class Nemesis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

    public enum Fault {
        KILL, PAUSE, PARTITION, CLOCK, LEADER, SPLIT, META;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code kill,pause,...}; {@code none} or empty is no fault; {@code all} is every fault. */
        public static Set<Fault> parse(String list) {
            Set<Fault> out = EnumSet.noneOf(Fault.class);
            if (list.isBlank() || list.equals("none")) {
                return out;
            }
            if (list.equals("all")) {
                return EnumSet.allOf(Fault.class);
            }
            for (String part : list.split(",")) {
                try {
                    out.add(valueOf(part.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown nemesis '" + part.trim() + "'; known: kill, pause, partition, clock, "
                            + "leader, split, meta (or all, none)");
                }
            }
            return out;
        }

        public static String format(Set<Fault> faults) {
            return faults.isEmpty() ? "none" : String.join(",", faults.stream().map(Fault::label).toList());
        }
    }

    /** Quiet spell between faults, ms. */
    static final long QUIET_MS_MIN = 3_000;
    static final long QUIET_MS_MAX = 6_000;
    /** How long a fault is held, ms. */
    static final long HOLD_MS_MIN = 3_000;
    static final long HOLD_MS_MAX = 8_000;
    /** Leadership moves during a {@code leader} fault are this far apart, ms. */
    static final long LEADER_MOVE_MS_MIN = 200;
    static final long LEADER_MOVE_MS_MAX = 500;
    static final long[] CLOCK_OFFSETS_MS = {-30_000, -5_000, -1_000, 1_000, 5_000, 30_000};
    /** Splits stop once the cluster has this many ranges. */
    static final int RANGES_MAX = 32;
    static final long CALL_TIMEOUT_MS = 30_000;
    /**
     * After a heal the next quiet spell starts only once the cluster is whole again (every node
     * live, every range led with every replica caught up to within {@link #LAG_MAX} entries), or
     * after this long: a node still restarting or catching up is still a fault, and a second fault
     * on top of it would be two at a time.
     */
    static final long RECOVERY_MS_MAX = 60_000;
    static final long LAG_MAX = 50;
    static final long RECOVERY_POLL_MS = 250;

    private final LocalCluster cluster;
    private final ClusterClient client;
    private final List<Fault> faults;
    private final SplittableRandom random;
    private final Recorder recorder;
    private final Thread thread;
    private volatile boolean running = true;
    /** What is broken right now, for heal. */
    private final Set<Integer> killed = new TreeSet<>();
    private final Set<Integer> shifted = new TreeSet<>();
    private volatile String current = "quiet";

    public Nemesis(LocalCluster cluster, ClusterClient client, Set<Fault> faults, long seed, Recorder recorder) {
        if (faults.contains(Fault.PARTITION) && cluster.network() == null) {
            throw new IllegalArgumentException("the partition nemesis needs the cluster on network namespaces");
        }
        this.cluster = cluster;
        this.client = client;
        this.faults = new ArrayList<>(faults);
        this.random = new SplittableRandom(seed);
        this.recorder = recorder;
        this.thread = new Thread(this::schedule, "nemesis");
        this.thread.setDaemon(true);
    }

    public void start() {
        if (!faults.isEmpty()) {
            thread.start();
        }
    }

    /** What the nemesis is doing now (for progress lines). */
    public String current() {
        return current;
    }

    private void schedule() {
        try {
            while (running) {
                current = "quiet";
                hold(QUIET_MS_MIN, QUIET_MS_MAX);
                if (!running) {
                    return;
                }
                Fault fault = faults.get(random.nextInt(faults.size()));
                try {
                    inject(fault);
                } catch (IOException | BasaltException e) {
                    LOG.info("nemesis: {} did not go as planned: {}", fault.label(), e.toString());
                    recorder.nemesis(fault.label(), "failed: " + e.getMessage());
                } finally {
                    heal();
                }
                awaitRecovery();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int randomNode() {
        List<Integer> ids = cluster.nodeIds();
        return ids.get(random.nextInt(ids.size()));
    }

    private void note(String f, String what) {
        current = what;
        LOG.info("nemesis: {}", what);
        recorder.nemesis(f, what + " at " + wallClock());
    }

    private void inject(Fault fault) throws IOException, InterruptedException {
        switch (fault) {
            case KILL -> {
                int node = randomNode();
                note("kill", "kill node " + node);
                killed.add(node);
                cluster.kill(node);
                hold(HOLD_MS_MIN, HOLD_MS_MAX);
            }
            case META -> {
                int node = client.status().metaLeader();
                if (node < 0) {
                    note("meta-kill", "no meta leader known; skipped");
                    return;
                }
                note("meta-kill", "kill the meta leader, node " + node);
                killed.add(node);
                cluster.kill(node);
                hold(HOLD_MS_MIN, HOLD_MS_MAX);
            }
            case PAUSE -> {
                int node = randomNode();
                note("pause", "pause node " + node);
                cluster.pause(node);
                hold(HOLD_MS_MIN, HOLD_MS_MAX);
            }
            case PARTITION -> {
                int node = randomNode();
                note("partition", "isolate node " + node + " from the other nodes");
                cluster.network().isolate(node);
                hold(HOLD_MS_MIN, HOLD_MS_MAX);
            }
            case CLOCK -> {
                int node = randomNode();
                long offset = CLOCK_OFFSETS_MS[random.nextInt(CLOCK_OFFSETS_MS.length)];
                note("clock", "shift node " + node + "'s clock by " + offset + " ms");
                shifted.add(node);
                setClock(node, offset);
                hold(HOLD_MS_MIN * 2, HOLD_MS_MAX * 2);
            }
            case LEADER -> {
                note("leader", "move range leaders around");
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HOLD_MS_MIN + random.nextLong(HOLD_MS_MAX - HOLD_MS_MIN));
                while (running && System.nanoTime() < until) {
                    moveALeader();
                    hold(LEADER_MOVE_MS_MIN, LEADER_MOVE_MS_MAX);
                }
            }
            case SPLIT -> splitARange();
        }
    }

    private void moveALeader() {
        try {
            List<ClusterStatus.Range> ranges = client.status().ranges().stream().filter(r -> r.leader() >= 0).toList();
            if (ranges.isEmpty()) {
                return;
            }
            ClusterStatus.Range r = ranges.get(random.nextInt(ranges.size()));
            List<Integer> others = r.descriptor().replicas().stream().filter(n -> n != r.leader()).toList();
            if (others.isEmpty()) {
                return;
            }
            int to = others.get(random.nextInt(others.size()));
            recorder.nemesis("leader", "range " + r.descriptor().rangeId() + ": leadership from node " + r.leader() + " to node " + to);
            client.callNode(r.leader(), NodeMethods.TRANSFER_LEADER, new ByteWriter().i64(r.descriptor().rangeId()).i32(to).toByteArray(),
                    CALL_TIMEOUT_MS);
        } catch (BasaltException e) {
            LOG.debug("nemesis: a leadership move failed: {}", e.getMessage());
        }
    }

    private void splitARange() {
        List<ClusterStatus.Range> ranges = client.status().ranges();
        if (ranges.size() >= RANGES_MAX) {
            note("split", "already " + ranges.size() + " ranges; no split");
            return;
        }
        List<ClusterStatus.Range> splittable = ranges.stream()
                .filter(r -> r.leader() >= 0 && r.descriptor().slotEnd() - r.descriptor().slotStart() >= 2).toList();
        if (splittable.isEmpty()) {
            return;
        }
        ClusterStatus.Range r = splittable.get(random.nextInt(splittable.size()));
        note("split", "split range " + r.descriptor().rangeId());
        client.callNode(r.leader(), NodeMethods.SPLIT, new ByteWriter().i64(r.descriptor().rangeId()).toByteArray(), CALL_TIMEOUT_MS);
    }

    private void setClock(int node, long offsetMs) {
        client.call(cluster.address(node), NodeMethods.SET_CLOCK_OFFSET, new ByteWriter(8).i64(offsetMs).toByteArray(), CALL_TIMEOUT_MS);
    }

    /** The local wall-clock time, to find the event in the nodes' logs. */
    private static String wallClock() {
        return LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Waits (bounded) until the cluster is whole again; records how long that took. */
    private void awaitRecovery() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(RECOVERY_MS_MAX);
        String last = "no status yet";
        while (running && System.nanoTime() < deadline) {
            try {
                ClusterStatus status = client.status();
                String why = unhealthy(status);
                if (why != null && !sameReason(why, last)) {
                    recorder.nemesis("recovering", why + " at " + wallClock());
                }
                last = why;
                if (last == null) {
                    recorder.nemesis("recovered", "cluster whole again after "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
                    return;
                }
            } catch (BasaltException e) {
                last = e.getMessage();
            }
            TimeUnit.MILLISECONDS.sleep(RECOVERY_POLL_MS); // polling the cluster's status
        }
        if (running) {
            LOG.warn("nemesis: the cluster is not whole {} ms after the heal: {}", RECOVERY_MS_MAX, last);
            recorder.nemesis("recovered", "not whole after " + RECOVERY_MS_MAX + " ms: " + last);
        }
    }

    /** Whether two reasons name the same shortfall, however far behind the replica is now. */
    private static boolean sameReason(String a, String b) {
        return b != null && a.replaceAll(", lag \\d+$", "").equals(b.replaceAll(", lag \\d+$", ""));
    }

    /** Why the cluster is not whole, or null if it is. */
    private static String unhealthy(ClusterStatus status) {
        for (ClusterStatus.Node n : status.nodes()) {
            if (!n.live()) {
                return "node " + n.info().id() + " is not live";
            }
        }
        if (status.metaLeader() < 0) {
            return "the meta group has no leader";
        }
        for (ClusterStatus.Range r : status.ranges()) {
            if (!r.healthy(LAG_MAX)) {
                return "range " + r.descriptor().rangeId() + ": leader " + r.leader() + ", replicas " + r.descriptor().replicas()
                        + ", answering " + r.hosts() + ", lag " + r.lag();
            }
        }
        return null;
    }

    /** Sleeps a random time in [min, max) ms, waking early when the nemesis stops. */
    private void hold(long minMs, long maxMs) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(minMs + random.nextLong(Math.max(1, maxMs - minMs)));
        while (running) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))); // the fault's schedule
        }
    }

    /** Undoes every fault in place: resumes, restarts, reconnects, resets clocks. */
    public synchronized void heal() {
        for (int node : cluster.nodeIds()) {
            try {
                cluster.resume(node);
            } catch (IOException e) {
                LOG.warn("nemesis: could not resume node {}: {}", node, e.toString());
            }
        }
        if (cluster.network() != null) {
            try {
                cluster.network().heal();
            } catch (IOException e) {
                LOG.warn("nemesis: could not heal the network: {}", e.toString());
            }
        }
        for (int node : new ArrayList<>(killed)) {
            try {
                cluster.start(node);
                killed.remove(node);
            } catch (IOException e) {
                LOG.warn("nemesis: could not restart node {}: {}", node, e.toString());
            }
        }
        for (int node : new ArrayList<>(shifted)) {
            try {
                setClock(node, 0);
                shifted.remove(node);
            } catch (BasaltException e) {
                LOG.info("nemesis: could not reset node {}'s clock yet: {}", node, e.getMessage());
            }
        }
        if (!current.equals("quiet")) {
            recorder.nemesis("heal", "heal (" + current + ") at " + wallClock());
        }
        current = "quiet";
    }

    /** Ends the schedule and heals everything. */
    public void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.MINUTES.toMillis(2));
        heal();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
