package dev.basalt.server.cli;

import static dev.basalt.server.cli.OptionChecks.allInRange;
import static dev.basalt.server.cli.OptionChecks.inRange;

import dev.basalt.common.net.HostPort;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code basalt bench commit}: {@link CommitBench} at each number of writers. */
@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "One-row one-phase commits through Raft, then leader point reads.")
final class BenchCommitCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "HOST:PORT[,...]", description = "nodes of the cluster")
    String host;

    @Option(names = "--writers", split = ",", paramLabel = "N", defaultValue = "1,16,64",
            description = "concurrent writers, a run for each, in [1, 1024] (default: ${DEFAULT-VALUE})")
    List<Integer> writers;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "length of each run, in [1, 3600] (default: ${DEFAULT-VALUE})")
    long seconds;

    @Option(names = "--value-bytes", paramLabel = "B", defaultValue = "100",
            description = "bytes of each written value, in [0, 1048576] (default: ${DEFAULT-VALUE})")
    long valueBytes;

    @Override
    public Integer call() {
        List<Integer> levels = allInRange(spec, "--writers", writers, 1, 1024);
        int runSeconds = (int) inRange(spec, "--seconds", seconds, 1, 3600);
        int bytes = (int) inRange(spec, "--value-bytes", valueBytes, 0, 1 << 20);
        try (ClusterClient client = new ClusterClient(HostPort.parseList(host));
             TransactionManager txns = new TransactionManager(client, TxnConfig.defaults())) {
            new CommitBench(client, txns, bench.cli.out, bytes).run(levels, runSeconds);
            return 0;
        }
    }
}
