package dev.basalt.server.check;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.check.analysis.Verdict;
import dev.basalt.server.check.history.Header;
import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.HistoryFile;
import dev.basalt.server.check.history.Op;
import dev.basalt.server.check.history.OpType;
import dev.basalt.server.check.history.Recorder;
import dev.basalt.server.check.nemesis.Nemesis;
import dev.basalt.server.check.workload.BankWorkload;
import dev.basalt.server.check.workload.ListAppendWorkload;
import dev.basalt.server.check.workload.RegisterWorkload;
import dev.basalt.server.check.workload.Workload;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.server.internal.NetworkNamespaces;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code basalt check}: one Jepsen-style run. Starts a local cluster of node processes (on network
 * namespaces when partitions are wanted), runs a workload through the transaction API from several
 * clients while the {@link Nemesis} injects faults, heals, reads the final state, writes the
 * history (JSON lines, with the seed) and judges it, ending with one line:
 * <pre>
 *   check: workload=W nemesis=N ops=O ok=A failed=F unknown=U anomalies=[...] lost=L max_stall_s=X verdict=OK|FAIL
 * </pre>
 * <b>The verdict is OK only if the checker finds no anomaly the claimed isolation forbids, nothing
 * acknowledged was lost, and no stretch of the run longer than {@link #STALL_S_MAX} seconds went
 * without an acknowledged operation</b> (faults hit one node at a time, so a longer stall is an
 * availability bug). {@code --analyze FILE} judges a recorded history again.
 */
public final class Check {
    /** The longest stall a run with one faulty node at a time may show. */
    public static final double STALL_S_MAX = 5.0;
    static final int RANGES = 4;
    /** The process id of the final reads: far above any client's (clients renumber themselves only after unknown outcomes). */
    static final int FINAL_PROCESS = 1_000_000_000;
    static final long PROGRESS_EVERY_MS = 5_000;
    /** After healing, the cluster gets this long to elect every leader before the final reads. */
    static final long SETTLE_MS_MAX = 90_000;
    /** Clients get this long to finish their last operation once the run ends. */
    static final long CLIENT_STOP_WAIT_MS = 60_000;

    /** How a run is set up. */
    public record Options(String workload, Set<Nemesis.Fault> faults, int nodes, int seconds, long seed, int clients, Path history,
                          boolean keep) {
    }

    /** What a run found. */
    public record Result(String line, boolean ok, Verdict verdict, History.Counts counts, double maxStallS, Path history) {
    }

    private final PrintStream out;
    private final String nodeMain;

    /** {@code nodeMain}: the main class whose {@code start} command runs a node process (see {@link LocalCluster}). */
    public Check(PrintStream out, String nodeMain) {
        this.out = out;
        this.nodeMain = nodeMain;
    }

    public static Workload workload(String name) {
        return switch (name) {
            case "append", "list-append" -> new ListAppendWorkload();
            case "bank" -> new BankWorkload();
            case "register" -> new RegisterWorkload();
            default -> throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown workload '" + name + "'; known: append, bank, register");
        };
    }

    public Result run(Options o) throws IOException, InterruptedException {
        Workload workload = workload(o.workload());
        String nemesisName = Nemesis.Fault.format(o.faults());
        out.printf("check: workload=%s nemesis=%s nodes=%d seconds=%d clients=%d seed=%d%n", workload.name(), nemesisName, o.nodes(),
                o.seconds(), o.clients(), o.seed());
        NetworkNamespaces network = o.faults().contains(Nemesis.Fault.PARTITION) ? NetworkNamespaces.create() : null;
        Path root = Files.createTempDirectory("basalt-check-");
        Recorder recorder = new Recorder();
        long runStart;
        long runEnd;
        LocalCluster cluster = new LocalCluster(root, nodeMain, List.of("-Xmx512m", "-XX:+UseSerialGC"),
                List.of("--fault-injection", "on"), false, network);
        try (cluster) {
            for (int id = 1; id <= o.nodes(); id++) {
                cluster.start(id);
            }
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            cluster.init(1, RANGES);
            out.println("check: cluster of " + o.nodes() + " nodes up in " + root + (network != null ? " (network namespaces)" : ""));
            try (ClusterClient client = new ClusterClient(cluster.addresses());
                 TransactionManager txns = new TransactionManager(client, TxnConfig.defaults(),
                         (id, oldest, expires) -> client.metaCommand(MetaService.gatewayReport(id, oldest, expires)))) {
                workload.setUp(txns, recorder, 0);
                AtomicBoolean running = new AtomicBoolean(true);
                List<Thread> clients = startClients(o, workload, txns, recorder, running);
                runStart = recorder.nowNanos();
                try (Nemesis nemesis = new Nemesis(cluster, client, o.faults(), o.seed() ^ 0x5EED, recorder)) {
                    nemesis.start();
                    progress(o, recorder, nemesis, cluster);
                    nemesis.stop();
                }
                runEnd = recorder.nowNanos();
                running.set(false);
                for (Thread t : clients) {
                    t.join(CLIENT_STOP_WAIT_MS);
                }
                settle(cluster, client);
                workload.finish(txns, recorder, FINAL_PROCESS);
            }
        }
        List<Op> ops = recorder.ops();
        Path file = o.history() != null ? o.history() : root.resolveSibling("basalt-check-" + workload.name() + "-" + o.seed() + ".jsonl");
        Map<String, String> extra = new TreeMap<>();
        extra.put("clients", String.valueOf(o.clients()));
        extra.put("run_start_ns", String.valueOf(runStart));
        extra.put("run_end_ns", String.valueOf(runEnd));
        HistoryFile.write(file, new Header(workload.name(), nemesisName, o.nodes(), o.seed(), o.seconds(), extra), ops);
        out.println("check: history of " + ops.size() + " events in " + file);
        Result result = judge(workload, nemesisName, History.of(ops), runStart, runEnd, file);
        if (result.ok() && !o.keep()) {
            cluster.deleteData();
        } else {
            out.println("check: the nodes' data and logs are kept in " + root);
        }
        return result;
    }

    private List<Thread> startClients(Options o, Workload workload, TransactionManager txns, Recorder recorder, AtomicBoolean running) {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < o.clients(); c++) {
            int first = c;
            SplittableRandom random = new SplittableRandom(o.seed() + c);
            Thread t = new Thread(() -> {
                int process = first;
                while (running.get()) {
                    if (!workload.step(txns, recorder, process, random)) {
                        process += o.clients(); // that process ended with an unknown outcome: go on as a new one
                    }
                }
            }, "check-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return threads;
    }

    /**
     * Waits out the run, printing what happens every few seconds. When nothing was acknowledged
     * for longer than {@link #STALL_S_MAX}, it takes a thread dump of every node once per stall
     * (in the node's data directory, kept when the verdict is FAIL), so the stall can be read.
     */
    private void progress(Options o, Recorder recorder, Nemesis nemesis, LocalCluster cluster) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(o.seconds());
        long lastOk = 0;
        long dumpedForOkAt = -1;
        while (System.nanoTime() < end) {
            TimeUnit.NANOSECONDS.sleep(Math.min(end - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(PROGRESS_EVERY_MS))); // progress pacing
            List<Op> ops = recorder.ops();
            long ok = 0;
            long lastOkNanos = 0;
            for (Op op : ops) {
                if (op.type() == OpType.OK) {
                    ok++;
                    lastOkNanos = op.timeNanos();
                }
            }
            out.printf("[%4ds] events=%d ok=%d (+%d) nemesis: %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), ops.size(),
                    ok, ok - lastOk, nemesis.current());
            lastOk = ok;
            double stalledS = (recorder.nowNanos() - lastOkNanos) / 1e9;
            if (stalledS > STALL_S_MAX && dumpedForOkAt != lastOkNanos) {
                dumpedForOkAt = lastOkNanos;
                String label = String.valueOf(TimeUnit.NANOSECONDS.toSeconds(recorder.nowNanos()));
                List<Path> dumps = cluster.threadDumps(label);
                out.printf("check: nothing acknowledged for %.1f s; thread dumps: %s%n", stalledS, dumps);
                recorder.nemesis("stall", String.format("nothing acknowledged for %.1f s; thread dumps threads-%s.txt", stalledS, label));
            }
        }
    }

    /** Waits until every node is live and every range has a leader, so the final reads see a healed cluster. */
    private void settle(LocalCluster cluster, ClusterClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS_MAX);
        while (System.nanoTime() < deadline) {
            try {
                ClusterStatus s = client.status();
                if (s.nodes().stream().allMatch(ClusterStatus.Node::live) && s.ranges().stream().allMatch(r -> r.leader() >= 0)) {
                    return;
                }
            } catch (BasaltException e) {
                // a node is still restarting
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling while the cluster settles
        }
        out.println("check: the cluster did not settle within " + SETTLE_MS_MAX + " ms; reading anyway" + cluster.diagnostics());
    }

    /** Judges a history; the stall is measured over [runStart, runEnd] (ns since the run began). */
    public Result judge(Workload workload, String nemesis, History history, long runStart, long runEnd, Path file) {
        Verdict verdict = workload.checker().check(history);
        History.Counts counts = history.counts();
        double maxStallS = history.maxStallNanos(runStart, runEnd) / 1e9;
        boolean stalled = maxStallS > STALL_S_MAX;
        boolean ok = verdict.valid() && !stalled;
        for (Map.Entry<String, List<String>> e : verdict.anomalies().entrySet()) {
            out.println("check: ANOMALY " + e.getKey() + ":");
            e.getValue().forEach(x -> out.println("    " + x));
        }
        for (Map.Entry<String, List<String>> e : verdict.allowed().entrySet()) {
            out.println("check: allowed by snapshot isolation, " + e.getKey() + " (" + e.getValue().size() + " examples shown), e.g. "
                    + e.getValue().get(0));
        }
        verdict.notes().forEach(n -> out.println("check: note: " + n));
        reportInternalErrors(history);
        if (stalled) {
            out.printf("check: no operation was acknowledged for %.1f s (the limit is %.1f s)%n", maxStallS, STALL_S_MAX);
        }
        String line = String.format("check: workload=%s nemesis=%s ops=%d ok=%d failed=%d unknown=%d anomalies=%s lost=%d max_stall_s=%.1f verdict=%s",
                workload.name(), nemesis, counts.ops(), counts.ok(), counts.failed(), counts.unknown(),
                verdict.anomalies().keySet().toString().replace(" ", ""), verdict.lost(), maxStallS, ok ? "OK" : "FAIL");
        out.println(line);
        return new Result(line, ok, verdict, counts, maxStallS, file);
    }

    /**
     * Names operations that failed with an internal error (SQLState class XX): not an anomaly, but
     * a bug the nodes' logs explain, so the run says so instead of counting it as a plain failure.
     */
    private void reportInternalErrors(History history) {
        List<Op> internal = history.ops().stream()
                .filter(op -> op.process() >= 0 && op.error() != null && op.error().startsWith("XX"))
                .toList();
        if (!internal.isEmpty()) {
            out.println("check: INTERNAL ERROR: " + internal.size() + " operations failed with SQLState class XX, e.g. op "
                    + internal.get(0).index() + " (" + internal.get(0).f() + "): " + internal.get(0).error()
                    + "; the nodes' logs hold the stack traces");
        }
    }

    /** Judges a recorded history file again. */
    public Result analyze(Path file) throws IOException {
        HistoryFile.Contents contents = HistoryFile.read(file);
        Header h = contents.header();
        History history = contents.history();
        long start = Long.parseLong(h.extra().getOrDefault("run_start_ns", "0"));
        long end = Long.parseLong(h.extra().getOrDefault("run_end_ns",
                String.valueOf(history.ops().isEmpty() ? 0 : history.ops().get(history.size() - 1).timeNanos())));
        out.printf("check: %s, workload=%s nemesis=%s nodes=%d seconds=%d seed=%d%n", file, h.workload(), h.nemesis(), h.nodes(),
                h.seconds(), h.seed());
        return judge(workload(h.workload()), h.nemesis(), history, start, end, file);
    }
}
