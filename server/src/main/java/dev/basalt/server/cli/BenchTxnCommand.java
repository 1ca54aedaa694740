package dev.basalt.server.cli;

import static dev.basalt.server.cli.OptionChecks.inRange;

import dev.basalt.common.net.HostPort;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code basalt bench txn}: {@link TxnBench}, single-range then cross-range transactions. */
@Command(name = "txn", mixinStandardHelpOptions = true,
        description = "Two-row read-modify-write transactions: single-range (1PC), then cross-range (2PC).")
final class BenchTxnCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "HOST:PORT[,...]", description = "nodes of the cluster")
    String host;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "16", description = "concurrent clients, in [1, 1024] (default: ${DEFAULT-VALUE})")
    long clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "length of each run, in [1, 3600] (default: ${DEFAULT-VALUE})")
    long seconds;

    @Override
    public Integer call() {
        int clientCount = (int) inRange(spec, "--clients", clients, 1, 1024);
        int runSeconds = (int) inRange(spec, "--seconds", seconds, 1, 3600);
        try (ClusterClient client = new ClusterClient(HostPort.parseList(host));
             TransactionManager txns = new TransactionManager(client, TxnConfig.defaults())) {
            new TxnBench(client, txns, bench.cli.out).run(clientCount, runSeconds);
            return 0;
        }
    }
}
