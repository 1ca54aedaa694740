package dev.basalt.server.cli;

import static dev.basalt.server.cli.OptionChecks.inRange;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.internal.LocalCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code basalt demo}: a local 3-node cluster (3 processes) running TPC-C (or the bank transfers)
 * while a node is killed with SIGKILL and restarted, then the verdict. Without {@code --exit} the
 * cluster keeps running until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A local 3-node cluster running TPC-C while a node is killed and restarted.",
                "Starts 3 node processes, loads TPC-C and runs it while killing a node (SIGKILL) every K seconds "
                        + "(default once, midway) and restarting it; then the consistency checks and the tpcc: line.",
                "With --exit: stop and exit 0 only when consistent (no error but those of the killed node's connections); "
                        + "without: keep the cluster running until Ctrl-C.",
                "--workload bank: the bank transfers instead."})
final class DemoCommand implements Callable<Integer> {
    /** A node is restarted this long after the demo killed it. */
    static final long RESTART_AFTER_MS = 3_000;

    /** The demo's workloads: TPC-C (the main job) or the bank transfers of earlier versions. */
    private static final Set<String> WORKLOADS = Set.of("tpcc", "bank");

    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--workload", paramLabel = "tpcc|bank", defaultValue = "tpcc", description = "what the clients run (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = "--seconds", paramLabel = "S", description = "measured seconds, in [2, 86400] (default: 60 for tpcc, 30 for bank)")
    Long seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "10",
            description = "TPC-C warm-up seconds before the measurement, in [0, 3600] (default: ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--kill-every", paramLabel = "K", defaultValue = "0",
            description = "kill a node every K seconds, in [0, 86400]; 0: once, midway (default: ${DEFAULT-VALUE})")
    long killEvery;

    @Option(names = "--exit", description = "stop the cluster after the run and exit 0 only when consistent (default: ${DEFAULT-VALUE})")
    boolean exit;

    @Option(names = "--ranges", paramLabel = "N", defaultValue = "8", description = "ranges to create, in [1, 1024] (default: ${DEFAULT-VALUE})")
    long ranges;

    @Option(names = "--keep", description = "keep the nodes' data directories (default: ${DEFAULT-VALUE})")
    boolean keep;

    @Option(names = "--warehouses", paramLabel = "W", defaultValue = "1", description = "TPC-C warehouses, in [1, 1000] (default: ${DEFAULT-VALUE})")
    long warehouses;

    @Option(names = "--terminals", paramLabel = "T", defaultValue = "4", description = "TPC-C terminals, in [1, 1000] (default: ${DEFAULT-VALUE})")
    long terminals;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "1000", description = "bank accounts, in [2, 10000000] (default: ${DEFAULT-VALUE})")
    long accounts;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "8", description = "bank clients, in [1, 1024] (default: ${DEFAULT-VALUE})")
    long clients;

    @Option(names = "--seed", paramLabel = "X", description = "seed of the clients and the kill schedule, at least 0 (default: a new one, printed)")
    Long seed;

    @Override
    public Integer call() {
        if (!WORKLOADS.contains(workload)) {
            throw OptionChecks.usage(spec, "--workload must be tpcc or bank, not '" + workload + "'");
        }
        boolean tpcc = workload.equals("tpcc");
        int runSeconds = (int) inRange(spec, "--seconds", seconds != null ? seconds : tpcc ? 60 : 30, 2, 86_400);
        int killEverySeconds = (int) inRange(spec, "--kill-every", killEvery, 0, 86_400);
        int rangeCount = (int) inRange(spec, "--ranges", ranges, 1, 1024);
        int accountCount = (int) inRange(spec, "--accounts", accounts, 2, 10_000_000);
        int clientCount = (int) inRange(spec, "--clients", clients, 1, 1024);
        int warehouseCount = (int) inRange(spec, "--warehouses", warehouses, 1, 1_000);
        int terminalCount = (int) inRange(spec, "--terminals", terminals, 1, 1_000);
        int warmupSeconds = (int) inRange(spec, "--warmup", warmup, 0, 3_600);
        long runSeed = seed == null ? System.nanoTime() & Long.MAX_VALUE : inRange(spec, "--seed", seed, 0, Long.MAX_VALUE);
        PrintStream out = cli.out;
        Path root;
        try {
            root = Files.createTempDirectory("basalt-demo");
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "cannot create a demo directory: " + e.getMessage());
        }
        out.println("basalt demo: starting 3 nodes (3 JVM processes) on 127.0.0.1, data in " + root);
        LocalCluster cluster;
        try {
            cluster = new LocalCluster(root, BasaltMain.class.getName(), List.of("-Xmx1g"), List.of(), !keep);
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "demo failed: " + e.getMessage(), e);
        }
        boolean ok;
        try {
            for (int id = 1; id <= 3; id++) {
                cluster.start(id);
            }
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            for (int id : cluster.nodeIds()) {
                out.println("  node " + id + " at " + cluster.address(id) + "   (log: " + cluster.dataDir(id).resolve("basalt.log") + ")");
            }
            out.println("creating " + rangeCount + " ranges, 3 replicas each...");
            cluster.init(1, rangeCount);
            try (ClusterClient client = new ClusterClient(cluster.addresses())) {
                out.println(client.status().toTable());
                Thread[] killer = new Thread[1];
                try {
                    if (tpcc) {
                        ok = runTpcc(cluster, warehouseCount, terminalCount, runSeconds, warmupSeconds, runSeed,
                                () -> killer[0] = startKiller(cluster, warmupSeconds + runSeconds, killEverySeconds, runSeed));
                    } else {
                        ok = BankCommand.run(out, client, false, accountCount, clientCount, runSeconds, runSeed,
                                () -> killer[0] = startKiller(cluster, runSeconds, killEverySeconds, runSeed), null, null).ok();
                    }
                } finally {
                    if (killer[0] != null) {
                        killer[0].interrupt();
                        killer[0].join(RESTART_AFTER_MS + LocalCluster.STARTUP_WAIT_MS);
                    }
                }
                out.println();
                try {
                    out.println(client.status().toTable());
                } catch (BasaltException e) {
                    // The verdict is the demo's outcome; a status that no node could give does not change it.
                    out.println("status: no node answered (" + e.getMessage() + ")");
                }
            }
            String hosts = String.join(",", cluster.addresses().stream().map(HostPort::toString).toList());
            out.println("connect: JDBC URL " + Cli.jdbcUrl(cluster.addresses()) + "   (driver: jdbc-driver/target/basalt-jdbc.jar)");
            out.println("         bin/basalt sql --host " + cluster.addresses().get(0) + (tpcc ? "   (try: SELECT * FROM DISTRICT)" : ""));
            out.println("         bin/basalt status --host " + hosts);
            if (tpcc) {
                out.println("         bin/basalt tpcc run --url " + Cli.jdbcUrl(cluster.addresses()) + " --warehouses " + warehouseCount
                        + " --terminals " + terminalCount + " --seconds 30");
            } else {
                out.println("         bin/basalt bank --host " + hosts + " --accounts " + accountCount + " --seconds 10");
            }
            if (!exit) {
                out.println("the cluster keeps running; press Ctrl-C to stop it" + (keep ? " (data is kept in " + root + ")" : ""));
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    cluster.close();
                    stopped.countDown();
                }, "demo-shutdown"));
                stopped.await();
                return ok ? 0 : 1;
            }
            out.println("stopping the cluster...");
        } catch (IOException | InterruptedException e) {
            cluster.close();
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "demo failed: " + e.getMessage() + "; logs in " + root, e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        cluster.close();
        out.println("demo done: verdict " + (ok ? "OK" : "FAIL") + (keep ? "; data kept in " + root : ""));
        return ok ? 0 : 1;
    }

    /**
     * The TPC-C part of the demo, through the harness's own entry point and the JDBC driver (a URL
     * naming all three nodes, so terminals whose node is killed reconnect to another): loads
     * {@code warehouses}, calls {@code onRun} as the run starts (the node killer), runs the mix
     * with a warm-up, checks the consistency conditions and writes a report. Errors from the
     * killed node's connections and unknown commit outcomes are expected and do not fail the
     * verdict; the consistency conditions and every other error do.
     */
    private boolean runTpcc(LocalCluster cluster, int warehouses, int terminals, int seconds, int warmup, long seed, Runnable onRun)
            throws IOException {
        PrintStream out = cli.out;
        String url = Cli.jdbcUrl(cluster.addresses());
        out.println("loading TPC-C: " + warehouses + " warehouse" + (warehouses == 1 ? "" : "s") + " (about "
                + dev.basalt.tpcc.Scale.expectedRows(dev.basalt.tpcc.Schema.Table.ORDER_LINE, warehouses) / 1000 * 2
                + " thousand rows) through " + url);
        int loaded = dev.basalt.tpcc.TpccMain.run(out, cli.err, "load", "--url", url, "--warehouses", String.valueOf(warehouses));
        if (loaded != 0) {
            out.println("tpcc load failed (exit status " + loaded + ")");
            return false;
        }
        Path report = Files.createTempDirectory("basalt-tpcc-report");
        out.println("running TPC-C: " + terminals + " terminals, " + warmup + " s warm-up, then " + seconds
                + " s measured; a node is killed with SIGKILL midway and restarted");
        onRun.run();
        int status = dev.basalt.tpcc.TpccMain.run(out, cli.err, "run", "--url", url, "--warehouses", String.valueOf(warehouses),
                "--terminals", String.valueOf(terminals), "--seconds", String.valueOf(seconds), "--warmup", String.valueOf(warmup),
                "--seed", String.valueOf(seed), "--report", report.toString(), "--tolerate-connection-loss");
        return status == 0;
    }

    /**
     * Kills one node with SIGKILL every {@code killEvery} seconds (0: once, midway) and restarts it
     * {@link #RESTART_AFTER_MS} later; the victims rotate over the nodes from a seeded start.
     */
    private Thread startKiller(LocalCluster cluster, int seconds, int killEvery, long seed) {
        PrintStream out = cli.out;
        List<Integer> ids = cluster.nodeIds();
        Thread killer = new Thread(() -> {
            long start = System.nanoTime();
            int victimIndex = (int) Math.floorMod(seed, (long) ids.size());
            long period = killEvery > 0 ? killEvery : seconds / 2;
            try {
                for (long at = period; at < seconds; at += killEvery > 0 ? killEvery : seconds) {
                    long waitMs = at * 1000 - (System.nanoTime() - start) / 1_000_000;
                    if (waitMs > 0) {
                        TimeUnit.MILLISECONDS.sleep(waitMs); // the kill schedule
                    }
                    int victim = ids.get(victimIndex++ % ids.size());
                    out.println(">>> killing node " + victim + " (SIGKILL)");
                    cluster.kill(victim);
                    TimeUnit.MILLISECONDS.sleep(RESTART_AFTER_MS); // down time of the victim
                    out.println(">>> restarting node " + victim);
                    cluster.start(victim);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                out.println(">>> could not restart a node: " + e.getMessage());
            }
        }, "demo-killer");
        killer.setDaemon(true);
        killer.start();
        return killer;
    }
}
