package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeStoreConfig;
import dev.basalt.server.check.Check;
import dev.basalt.server.check.nemesis.Nemesis;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.server.internal.NetworkNamespaces;
import dev.basalt.server.internal.Node;
import dev.basalt.server.internal.NodeConfig;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The subcommands of {@code bin/basalt}. {@link #run} returns the process exit status, or -1 for
 * a command that keeps running (a node in the foreground).
 */
public final class Cli {
    static final String USAGE = String.join("\n",
            "usage: basalt <command> [options]",
            "  start  --node-id N --listen HOST:PORT --data DIR [--join HOST:PORT,...] [--raft-listen HOST:PORT]",
            "         [--node-timeout-ms MS] [--snapshot-every ENTRIES] [--log-purge-gap ENTRIES] [--rebalance on|off]",
            "         [--split-after-writes N] [--gc-retention-ms MS] [--clock-offset-ms MS] [--fault-injection on|off]",
            "                         run one node in the foreground (logs to DIR/basalt.log and the console)",
            "  init   --host HOST:PORT [--ranges N] [--password PW | --no-users]",
            "                         create the cluster's ranges (default 8), 3 replicas each, and the superuser",
            "                         basalt with password PW (without --password one is generated and printed once);",
            "                         --no-users leaves the cluster open to any connection",
            "  status --host HOST:PORT [--json]          show nodes and ranges",
            "  bench commit --host HOST:PORT [--writers 1,16,64] [--seconds S] [--value-bytes B]",
            "                         one-row one-phase commits through Raft, then leader point reads",
            "  bench txn --host HOST:PORT [--clients 16] [--seconds S]",
            "                         two-row read-modify-write transactions: single-range (1PC), then cross-range (2PC)",
            "  bench sql (--host HOST:PORT | --url JDBC-URL) [--user U --password PW] [--clients 1,16,64] [--seconds S] [--rows N]",
            "         [--workloads point-select,point-update,transfer]",
            "                         SQL through JDBC: point reads, point updates, 2-row transfers (any JDBC URL)",
            "  bank   --host HOST:PORT [--user U --password PW] [--accounts N] [--clients C] [--seconds S] [--seed X] [--kv]",
            "                         concurrent transfers between accounts as SQL transactions over JDBC (--kv:",
            "                         raw keys through the transaction manager); checks the total every second",
            "  node decommission|recommission ID --host HOST:PORT   drain a node of replicas (or undo)",
            "  range split ID --host HOST:PORT           split a range in the middle of its slots",
            "  check  --workload append|bank|register [--nemesis kill,pause,partition,clock,leader,split,meta|all|none]",
            "         [--nodes 3..5] [--seconds S] [--clients C] [--seed X] [--history FILE] [--keep]",
            "                         a Jepsen-style run on a local cluster: workload under faults, then the history's",
            "                         verdict (exit 0 only on OK); partitions need root (network namespaces): without",
            "                         root, 'all' (the default) runs every other nemesis",
            "  check  --analyze FILE                     judge a recorded history file again",
            "  sql    (--host HOST:PORT[,...] | --url JDBC-URL) [--user U --password PW] [-e SQL | -f FILE]",
            "                         SQL through the JDBC driver: run statements (separated",
            "                         by ;, exit 1 at the first error) or, without -e/-f, an interactive shell",
            "  demo   [--seconds S] [--warmup S] [--kill-every K] [--exit] [--ranges N] [--keep]",
            "         [--warehouses W] [--terminals T] | --workload bank [--accounts N] [--clients C]",
            "                         start a local 3-node cluster (3 processes), load TPC-C (W=1 warehouse) and run",
            "                         it with T=4 terminals (S=60 s measured after a 10 s warm-up) while killing a",
            "                         node (SIGKILL) every K seconds (default once, midway) and restarting it; then",
            "                         the consistency checks and the tpcc: line. With --exit stop and exit 0 only",
            "                         when consistent (no error but those of the killed node's connections), else",
            "                         keep the cluster running until Ctrl-C. --workload bank: the bank transfers");

    /** The superuser {@code init} creates. */
    static final String SUPERUSER = dev.basalt.sql.auth.Users.BOOTSTRAP_USER;

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        if (Arrays.asList(args).subList(1, args.length).contains("--help")) {
            // "basalt check --help": the usage lines of that command
            String prefix = "  " + command + " ";
            String[] lines = USAGE.split("\n");
            boolean any = false;
            boolean in = false;
            for (String line : lines) {
                if (line.startsWith("  ") && !line.startsWith("   ")) {
                    in = line.startsWith(prefix);
                }
                if (in) {
                    out.println(line);
                    any = true;
                }
            }
            if (!any) {
                out.println(USAGE);
            }
            return 0;
        }
        switch (command) {
            case "start":
                return start(new Args(command, args, 1, Set.of()));
            case "init":
                return init(new Args(command, args, 1, Set.of("no-users")));
            case "status":
                return status(new Args(command, args, 1, Set.of("json")));
            case "bench":
                return bench(new Args(command, args, 1, Set.of()));
            case "demo":
                return demo(new Args(command, args, 1, Set.of("keep", "exit")));
            case "bank":
                return bank(new Args(command, args, 1, Set.of("kv")));
            case "node":
                return node(new Args(command, args, 1, Set.of()));
            case "range":
                return range(new Args(command, args, 1, Set.of()));
            case "check":
                return check(new Args(command, args, 1, Set.of("keep")));
            case "sql":
                return sql(new Args(command, args, 1, Set.of()));
            default:
                err.println(USAGE);
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown command '" + command + "'");
        }
    }

    private int start(Args a) {
        int nodeId = (int) a.number("node-id", -1, 1, Integer.MAX_VALUE);
        if (nodeId < 0) {
            throw a.usage("missing --node-id");
        }
        HostPort listen = HostPort.parse(a.required("listen"));
        Path data = Path.of(a.required("data")).toAbsolutePath();
        List<HostPort> join = HostPort.parseList(a.optional("join", ""));
        String raftText = a.optional("raft-listen", null);
        HostPort raft = raftText != null ? HostPort.parse(raftText)
                : new HostPort(listen.host(), listen.port() + NodeConfig.RAFT_PORT_OFFSET);
        long downAfter = a.number("node-timeout-ms", NodeConfig.NODE_DOWN_AFTER_MS_DEFAULT, 500, 3_600_000);
        long snapshotEvery = a.number("snapshot-every", RangeStoreConfig.SNAPSHOT_EVERY_ENTRIES_DEFAULT, 10, Long.MAX_VALUE);
        int purgeGap = (int) a.number("log-purge-gap", RangeStoreConfig.LOG_PURGE_GAP_DEFAULT, 1, 1 << 30);
        long splitAfter = a.number("split-after-writes", NodeConfig.SPLIT_AFTER_WRITES_DEFAULT, 0, Long.MAX_VALUE);
        long gcRetention = a.number("gc-retention-ms", NodeConfig.GC_RETENTION_MS_DEFAULT, NodeConfig.GC_RETENTION_MS_MIN, Long.MAX_VALUE / 2);
        long clockOffset = a.number("clock-offset-ms", 0, -86_400_000, 86_400_000);
        boolean rebalance = a.onOff("rebalance", true);
        boolean faultInjection = a.onOff("fault-injection", false);
        a.rejectUnknown();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "cannot create data directory " + data + ": " + e.getMessage());
        }
        // Logging is configured before the first logger exists.
        System.setProperty("basalt.log.dir", data.toString());
        System.setProperty("logback.configurationFile", "logback-node.xml");
        NodeConfig config = new NodeConfig(nodeId, listen, raft, data, join, downAfter, snapshotEvery, purgeGap,
                rebalance, splitAfter, gcRetention, clockOffset, faultInjection);
        Node node;
        try {
            node = Node.start(config);
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "node " + nodeId + " failed to start: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "node" + nodeId + "-shutdown"));
        out.println("node " + nodeId + " listening on " + node.address() + " (Raft on " + raft + "), data in " + data);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private ClusterClient client(Args a) {
        return new ClusterClient(HostPort.parseList(a.required("host")));
    }

    private int init(Args a) {
        HostPort host = HostPort.parse(a.required("host"));
        int ranges = (int) a.number("ranges", 8, 1, 1024);
        String password = a.optional("password", null);
        boolean noUsers = a.flag("no-users");
        a.rejectUnknown();
        if (noUsers && password != null) {
            throw a.usage("--password and --no-users exclude each other");
        }
        try (RpcClient rpc = new RpcClient("init")) {
            byte[] reply = rpc.call(host, NodeMethods.INIT,
                    new ByteWriter().i32(ranges).toByteArray(), 120_000).get();
            int created = new ByteReader(reply).count(28);
            out.println("initialized " + created + " ranges; every range has a leader");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BasaltException be) {
                throw be;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "init failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (noUsers) {
            out.println("the cluster has no users: it accepts every connection (CREATE USER ... SUPERUSER to change that)");
            return 0;
        }
        return createSuperuser(host, password);
    }

    /** {@code init}'s superuser {@code basalt}, created over JDBC while the cluster has no users. */
    private int createSuperuser(HostPort host, String password) {
        boolean generated = password == null;
        String pw = generated ? Credentials.generatePassword(new java.security.SecureRandom()) : password;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(List.of(host)));
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE USER " + SUPERUSER + " WITH SUPERUSER PASSWORD '" + pw.replace("'", "''") + "'");
        } catch (java.sql.SQLException e) {
            throw new BasaltException(ErrorCode.INVALID_STATE, "init: the ranges exist, but creating the superuser " + SUPERUSER
                    + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
        if (generated) {
            out.println("created the superuser '" + SUPERUSER + "' with the generated password (shown only this once):");
            out.println();
            out.println("    user:     " + SUPERUSER);
            out.println("    password: " + pw);
            out.println();
        } else {
            out.println("created the superuser '" + SUPERUSER + "' with the password given");
        }
        out.println("connect with: bin/basalt sql --host " + host + " --user " + SUPERUSER + " --password ...");
        return 0;
    }

    private int status(Args a) {
        boolean json = a.flag("json");
        try (ClusterClient client = client(a)) {
            a.rejectUnknown();
            ClusterStatus s = client.status();
            out.print(json ? s.toJson() + "\n" : s.toTable());
            return 0;
        }
    }

    private int bench(Args a) {
        String kind = a.positional.isEmpty() ? "" : a.positional.get(0);
        if (kind.equals("txn")) {
            int clients = (int) a.number("clients", 16, 1, 1024);
            int seconds = (int) a.number("seconds", 10, 1, 3600);
            try (ClusterClient client = client(a); TransactionManager txns = new TransactionManager(client, TxnConfig.defaults())) {
                a.rejectUnknown();
                new TxnBench(client, txns, out).run(clients, seconds);
                return 0;
            }
        }
        if (kind.equals("sql")) {
            String url = a.optional("url", null);
            if (url == null) {
                url = "jdbc:basalt://" + a.required("host") + "/";
            }
            url = Credentials.apply(a, url);
            List<Integer> clients = a.numbers("clients", "1,16,64", 1, 1024);
            int seconds = (int) a.number("seconds", 10, 1, 3600);
            int rows = (int) a.number("rows", 10_000, 1, 10_000_000);
            List<String> workloads = SqlBench.workloads(a.optional("workloads", "point-select,point-update,transfer"));
            a.rejectUnknown();
            try {
                new SqlBench(url, out, rows).run(clients, seconds, workloads);
            } catch (java.sql.SQLException e) {
                throw new BasaltException(ErrorCode.INTERNAL_ERROR, "bench sql: " + e.getSQLState() + " " + e.getMessage(), e);
            }
            return 0;
        }
        if (!kind.equals("commit")) {
            throw a.usage("unknown benchmark '" + kind + "'; available: commit, txn, sql");
        }
        List<Integer> writers = a.numbers("writers", "1,16,64", 1, 1024);
        int seconds = (int) a.number("seconds", 10, 1, 3600);
        int valueBytes = (int) a.number("value-bytes", 100, 0, 1 << 20);
        try (ClusterClient client = client(a); TransactionManager txns = new TransactionManager(client, TxnConfig.defaults())) {
            a.rejectUnknown();
            new CommitBench(client, txns, out, valueBytes).run(writers, seconds);
            return 0;
        }
    }

    /** {@code basalt node decommission ID --host HOST:PORT} (or {@code recommission ID}). */
    private int node(Args a) {
        if (a.positional.size() != 2 || !(a.positional.get(0).equals("decommission") || a.positional.get(0).equals("recommission"))) {
            throw a.usage("usage: basalt node decommission|recommission ID --host HOST:PORT");
        }
        boolean drain = a.positional.get(0).equals("decommission");
        int nodeId;
        try {
            nodeId = Integer.parseInt(a.positional.get(1));
        } catch (NumberFormatException e) {
            throw a.usage("node id must be a number, got '" + a.positional.get(1) + "'");
        }
        HostPort host = HostPort.parse(a.required("host"));
        a.rejectUnknown();
        try (RpcClient rpc = new RpcClient("node-admin")) {
            rpc.call(host, NodeMethods.DECOMMISSION,
                    new ByteWriter().i32(nodeId).bool(drain).toByteArray(), 30_000).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BasaltException be ? be : new BasaltException(ErrorCode.INTERNAL_ERROR, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.println(drain ? "node " + nodeId + " is being decommissioned: its replicas move to other nodes (watch basalt status)"
                : "node " + nodeId + " is a placement target again");
        return 0;
    }

    /** {@code basalt range split ID --host HOST:PORT}: splits a range in the middle of its slots, on its leader. */
    private int range(Args a) {
        if (a.positional.size() != 2 || !a.positional.get(0).equals("split")) {
            throw a.usage("usage: basalt range split ID --host HOST:PORT");
        }
        long rangeId;
        try {
            rangeId = Long.parseLong(a.positional.get(1));
        } catch (NumberFormatException e) {
            throw a.usage("range id must be a number, got '" + a.positional.get(1) + "'");
        }
        try (ClusterClient client = client(a)) {
            a.rejectUnknown();
            ClusterStatus.Range range = client.status().ranges().stream().filter(r -> r.descriptor().rangeId() == rangeId)
                    .findFirst().orElseThrow(() -> new BasaltException(ErrorCode.UNDEFINED_OBJECT, "no range " + rangeId));
            if (range.leader() < 0) {
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + " has no leader right now; try again");
            }
            byte[] reply = client.callNode(range.leader(), NodeMethods.SPLIT,
                    new ByteWriter().i64(rangeId).toByteArray(), 120_000);
            RangeDescriptor left = RangeCodec.readDescriptor(new ByteReader(reply));
            out.println("range " + rangeId + " now holds slots [" + left.slotStart() + ", " + left.slotEnd() + "); slots ["
                    + left.slotEnd() + ", " + range.descriptor().slotEnd() + ") moved to a new range (see basalt status)");
            return 0;
        }
    }

    /** {@code basalt check}: a Jepsen-style run (or {@code --analyze FILE}); exit 0 only on verdict OK. */
    private int check(Args a) {
        Check check = new Check(out, BasaltMain.class.getName());
        try {
            String analyze = a.optional("analyze", null);
            if (analyze != null) {
                a.rejectUnknown();
                return check.analyze(Path.of(analyze)).ok() ? 0 : 1;
            }
            String workload = a.required("workload");
            String nemeses = a.optional("nemesis", "all");
            Set<Nemesis.Fault> faults;
            try {
                faults = Nemesis.Fault.parse(nemeses);
            } catch (IllegalArgumentException e) {
                throw a.usage(e.getMessage());
            }
            String noPartitions = faults.contains(Nemesis.Fault.PARTITION) ? NetworkNamespaces.unavailableBecause() : null;
            if (noPartitions != null) {
                if (!nemeses.equals("all")) {
                    throw new BasaltException(ErrorCode.FEATURE_NOT_SUPPORTED, "nemesis 'partition': " + noPartitions);
                }
                faults = EnumSet.copyOf(faults);
                faults.remove(Nemesis.Fault.PARTITION);
                out.println("check: no partitions in this run: " + noPartitions);
            }
            int nodes = (int) a.number("nodes", 3, 3, 5);
            int seconds = (int) a.number("seconds", 60, 5, 86_400);
            int clients = (int) a.number("clients", 8, 1, 256);
            long seed = a.number("seed", System.nanoTime() & Long.MAX_VALUE, 0, Long.MAX_VALUE);
            String history = a.optional("history", null);
            boolean keep = a.flag("keep");
            a.rejectUnknown();
            Check.workload(workload); // an unknown name fails before any node starts
            return check.run(new Check.Options(workload, faults, nodes, seconds, seed, clients,
                    history == null ? null : Path.of(history).toAbsolutePath(), keep)).ok() ? 0 : 1;
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "check failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * {@code basalt bank}: the bank workload against a running cluster, as SQL transactions over the
     * JDBC driver (or, with {@code --kv}, raw keys through the transaction manager); exit 0 only on
     * verdict OK.
     */
    private int bank(Args a) {
        int accounts = (int) a.number("accounts", 1_000, 2, 10_000_000);
        int clients = (int) a.number("clients", 8, 1, 1024);
        int seconds = (int) a.number("seconds", 30, 1, 86_400);
        long seed = a.number("seed", System.nanoTime() & Long.MAX_VALUE, 0, Long.MAX_VALUE);
        boolean kv = a.flag("kv");
        String user = a.optional("user", null);
        String password = a.optional("password", null);
        try (ClusterClient client = client(a)) {
            a.rejectUnknown();
            BankWorkload.Result result = runBank(client, kv, accounts, clients, seconds, seed, () -> { }, user, password);
            return result.ok() ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The JDBC URL naming every node the client knows: the driver connects to the first live one. */
    static String jdbcUrl(List<HostPort> nodes) {
        return "jdbc:basalt://" + String.join(",", nodes.stream().map(HostPort::toString).toList()) + "/";
    }

    /** Sets the bank up, calls {@code onStart}, runs the transfers and prints the verdict line. */
    private BankWorkload.Result runBank(ClusterClient client, boolean kv, int accounts, int clients, int seconds, long seed, Runnable onStart,
                                        String user, String password) throws InterruptedException {
        try (TransactionManager txns = new TransactionManager(client, TxnConfig.defaults());
             BankStore store = kv ? new KvBankStore(client, txns)
                     : new SqlBankStore(Credentials.apply(jdbcUrl(client.addresses()), user, password))) {
            out.println("bank: " + accounts + " accounts, " + clients + " clients, " + seconds + " s, seed " + seed
                    + (kv ? ", raw keys" : ", SQL over JDBC"));
            BankWorkload bank = new BankWorkload(store, out, accounts, seed);
            bank.setUp();
            onStart.run();
            BankWorkload.Result result = bank.run(clients, seconds, seed);
            out.println(result.line());
            return result;
        }
    }

    /** {@code basalt sql --host HOST:PORT[,...] [-e SQL | -f FILE]}: SQL through the JDBC driver. */
    private int sql(Args a) {
        String url = a.optional("url", null);
        if (url == null) {
            url = jdbcUrl(HostPort.parseList(a.required("host")));
        }
        url = Credentials.apply(a, url);
        String script = a.optional("e", null);
        String file = a.optional("f", null);
        a.rejectUnknown();
        SqlShell shell = new SqlShell(url, out);
        try {
            if (script != null) {
                return shell.runScript(script);
            }
            if (file != null) {
                return shell.runFile(Path.of(file));
            }
            return shell.interactive();
        } catch (java.sql.SQLException e) {
            out.println("ERROR: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            return 1;
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "sql: " + e.getMessage(), e);
        }
    }

    /** A node is restarted this long after the demo killed it. */
    static final long DEMO_RESTART_AFTER_MS = 3_000;

    /** The demo's workloads: TPC-C (the main job) or the bank transfers of earlier versions. */
    private static final Set<String> DEMO_WORKLOADS = Set.of("tpcc", "bank");

    private int demo(Args a) {
        String workload = a.optional("workload", "tpcc");
        if (!DEMO_WORKLOADS.contains(workload)) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "--workload must be tpcc or bank, not '" + workload + "'");
        }
        boolean tpcc = workload.equals("tpcc");
        int seconds = (int) a.number("seconds", tpcc ? 60 : 30, 2, 86_400);
        int killEvery = (int) a.number("kill-every", 0, 0, 86_400);
        int ranges = (int) a.number("ranges", 8, 1, 1024);
        int accounts = (int) a.number("accounts", 1_000, 2, 10_000_000);
        int clients = (int) a.number("clients", 8, 1, 1024);
        int warehouses = (int) a.number("warehouses", 1, 1, 1_000);
        int terminals = (int) a.number("terminals", 4, 1, 1_000);
        int warmup = (int) a.number("warmup", 10, 0, 3_600);
        boolean keep = a.flag("keep");
        boolean exit = a.flag("exit");
        long seed = a.number("seed", System.nanoTime() & Long.MAX_VALUE, 0, Long.MAX_VALUE);
        a.rejectUnknown();
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
            out.println("creating " + ranges + " ranges, 3 replicas each...");
            cluster.init(1, ranges);
            try (ClusterClient client = new ClusterClient(cluster.addresses())) {
                out.println(client.status().toTable());
                Thread[] killer = new Thread[1];
                try {
                    if (tpcc) {
                        ok = demoTpcc(cluster, warehouses, terminals, seconds, warmup, seed,
                                () -> killer[0] = startKiller(cluster, warmup + seconds, killEvery, seed));
                    } else {
                        ok = runBank(client, false, accounts, clients, seconds, seed,
                                () -> killer[0] = startKiller(cluster, seconds, killEvery, seed), null, null).ok();
                    }
                } finally {
                    if (killer[0] != null) {
                        killer[0].interrupt();
                        killer[0].join(DEMO_RESTART_AFTER_MS + LocalCluster.STARTUP_WAIT_MS);
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
            out.println("connect: JDBC URL " + jdbcUrl(cluster.addresses()) + "   (driver: jdbc-driver/target/basalt-jdbc.jar)");
            out.println("         bin/basalt sql --host " + cluster.addresses().get(0) + (tpcc ? "   (try: SELECT * FROM DISTRICT)" : ""));
            out.println("         bin/basalt status --host " + hosts);
            if (tpcc) {
                out.println("         bin/basalt tpcc run --url " + jdbcUrl(cluster.addresses()) + " --warehouses " + warehouses
                        + " --terminals " + terminals + " --seconds 30");
            } else {
                out.println("         bin/basalt bank --host " + hosts + " --accounts " + accounts + " --seconds 10");
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
    private boolean demoTpcc(LocalCluster cluster, int warehouses, int terminals, int seconds, int warmup, long seed, Runnable onRun)
            throws IOException {
        String url = jdbcUrl(cluster.addresses());
        out.println("loading TPC-C: " + warehouses + " warehouse" + (warehouses == 1 ? "" : "s") + " (about "
                + dev.basalt.tpcc.Scale.expectedRows(dev.basalt.tpcc.Schema.Table.ORDER_LINE, warehouses) / 1000 * 2
                + " thousand rows) through " + url);
        int loaded = dev.basalt.tpcc.TpccMain.run(out, err, "load", "--url", url, "--warehouses", String.valueOf(warehouses));
        if (loaded != 0) {
            out.println("tpcc load failed (exit status " + loaded + ")");
            return false;
        }
        Path report = Files.createTempDirectory("basalt-tpcc-report");
        out.println("running TPC-C: " + terminals + " terminals, " + warmup + " s warm-up, then " + seconds
                + " s measured; a node is killed with SIGKILL midway and restarted");
        onRun.run();
        int status = dev.basalt.tpcc.TpccMain.run(out, err, "run", "--url", url, "--warehouses", String.valueOf(warehouses),
                "--terminals", String.valueOf(terminals), "--seconds", String.valueOf(seconds), "--warmup", String.valueOf(warmup),
                "--seed", String.valueOf(seed), "--report", report.toString(), "--tolerate-connection-loss");
        return status == 0;
    }

    /**
     * Kills one node with SIGKILL every {@code killEvery} seconds (0: once, midway) and restarts it
     * {@link #DEMO_RESTART_AFTER_MS} later; the victims rotate over the nodes from a seeded start.
     */
    private Thread startKiller(LocalCluster cluster, int seconds, int killEvery, long seed) {
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
                    TimeUnit.MILLISECONDS.sleep(DEMO_RESTART_AFTER_MS); // down time of the victim
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
