package dev.basalt.server.cli;

import static dev.basalt.server.cli.OptionChecks.inRange;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.range.RangeStoreConfig;
import dev.basalt.server.internal.Node;
import dev.basalt.server.internal.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code basalt start}: one node in the foreground, until the process is stopped (Ctrl-C, SIGTERM). */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Run one node in the foreground until Ctrl-C or SIGTERM.",
                "It logs to DIR/basalt.log and the console."})
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--node-id", required = true, paramLabel = "N", description = "this node's id, unique in the cluster (at least 1)")
    long nodeId;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", description = "address for clients and other nodes")
    String listen;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "data directory, created if missing")
    String data;

    @Option(names = "--join", paramLabel = "HOST:PORT,...", defaultValue = "",
            description = "nodes of the cluster to join (default: none, for the first node)")
    String join;

    @Option(names = "--raft-listen", paramLabel = "HOST:PORT",
            description = "address of the node's Raft transport (default: the --listen port + " + NodeConfig.RAFT_PORT_OFFSET + ")")
    String raftListen;

    @Option(names = "--node-timeout-ms", paramLabel = "MS", defaultValue = "" + NodeConfig.NODE_DOWN_AFTER_MS_DEFAULT,
            description = "a node not heard from for this long is not live and its replicas are replaced, in [500, 3600000] "
                    + "(default: ${DEFAULT-VALUE})")
    long nodeTimeoutMs;

    @Option(names = "--snapshot-every", paramLabel = "ENTRIES", defaultValue = "" + RangeStoreConfig.SNAPSHOT_EVERY_ENTRIES_DEFAULT,
            description = "a range takes a snapshot every this many log entries, at least 10 (default: ${DEFAULT-VALUE})")
    long snapshotEvery;

    @Option(names = "--log-purge-gap", paramLabel = "ENTRIES", defaultValue = "" + RangeStoreConfig.LOG_PURGE_GAP_DEFAULT,
            description = "the Raft log is purged in steps of at least this many entries, in [1, 2^30] (default: ${DEFAULT-VALUE})")
    long logPurgeGap;

    @Option(names = "--rebalance", paramLabel = "on|off", defaultValue = "on", converter = OptionChecks.OnOffConverter.class,
            description = "whether this node runs the placement driver when it leads the meta group (default: ${DEFAULT-VALUE})")
    OptionChecks.OnOff rebalance;

    @Option(names = "--split-after-writes", paramLabel = "N", defaultValue = "" + NodeConfig.SPLIT_AFTER_WRITES_DEFAULT,
            description = "split a range after this many writes since it started or last split; 0: never (default: ${DEFAULT-VALUE})")
    long splitAfterWrites;

    @Option(names = "--gc-retention-ms", paramLabel = "MS", defaultValue = "" + NodeConfig.GC_RETENTION_MS_DEFAULT,
            description = "old versions stay readable this long, at least a transaction's lifetime (default: ${DEFAULT-VALUE})")
    long gcRetentionMs;

    @Option(names = "--clock-offset-ms", paramLabel = "MS", defaultValue = "0",
            description = "run this node's clock this far ahead (negative: behind), for tests, in [-86400000, 86400000] "
                    + "(default: ${DEFAULT-VALUE})")
    long clockOffsetMs;

    @Option(names = "--fault-injection", paramLabel = "on|off", defaultValue = "off", converter = OptionChecks.OnOffConverter.class,
            description = "whether this node obeys the checker's fault-injection calls (default: ${DEFAULT-VALUE})")
    OptionChecks.OnOff faultInjection;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain (this node's certificate first): the --listen port then also accepts TLS "
                    + "connections from clients; plaintext ones and node-to-node traffic stay plaintext. Needs --tls-key "
                    + "(default: none, plaintext only)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "the certificate's private key, unencrypted PKCS#8 PEM (\"BEGIN PRIVATE KEY\"; convert an RSA "
                    + "PKCS#1 key with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key). Needs --tls-cert "
                    + "(default: none)")
    Path tlsKey;

    @Override
    public Integer call() {
        int id = (int) inRange(spec, "--node-id", nodeId, 1, Integer.MAX_VALUE);
        long downAfter = inRange(spec, "--node-timeout-ms", nodeTimeoutMs, 500, 3_600_000);
        long snapshotEveryEntries = inRange(spec, "--snapshot-every", snapshotEvery, 10, Long.MAX_VALUE);
        int purgeGap = (int) inRange(spec, "--log-purge-gap", logPurgeGap, 1, 1 << 30);
        long splitAfter = inRange(spec, "--split-after-writes", splitAfterWrites, 0, Long.MAX_VALUE);
        long gcRetention = inRange(spec, "--gc-retention-ms", gcRetentionMs, NodeConfig.GC_RETENTION_MS_MIN, Long.MAX_VALUE / 2);
        long clockOffset = inRange(spec, "--clock-offset-ms", clockOffsetMs, -86_400_000, 86_400_000);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw OptionChecks.usage(spec, "--tls-cert and --tls-key go together; got only " + (tlsCert != null ? "--tls-cert" : "--tls-key"));
        }
        NodeConfig.TlsFiles tls = tlsCert == null ? null
                : new NodeConfig.TlsFiles(tlsCert.toAbsolutePath(), tlsKey.toAbsolutePath());
        HostPort listenAt = HostPort.parse(listen);
        Path dataDir = Path.of(data).toAbsolutePath();
        List<HostPort> peers = HostPort.parseList(join);
        HostPort raft = raftListen != null ? HostPort.parse(raftListen)
                : new HostPort(listenAt.host(), listenAt.port() + NodeConfig.RAFT_PORT_OFFSET);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "cannot create data directory " + dataDir + ": " + e.getMessage());
        }
        // Logging is configured before the first logger exists.
        System.setProperty("basalt.log.dir", dataDir.toString());
        System.setProperty("logback.configurationFile", "logback-node.xml");
        NodeConfig config = new NodeConfig(id, listenAt, raft, dataDir, peers, downAfter, snapshotEveryEntries, purgeGap,
                rebalance.isOn(), splitAfter, gcRetention, clockOffset, faultInjection.isOn(), tls);
        Node node;
        try {
            node = Node.start(config);
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "node " + id + " failed to start: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "node" + id + "-shutdown"));
        cli.out.println("node " + id + " listening on " + node.address() + (tls == null ? "" : " (TLS or plaintext)") + " (Raft on "
                + raft + "), data in " + dataDir);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Cli.KEEPS_RUNNING;
    }
}
