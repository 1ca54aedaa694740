package dev.basalt.server.cli;

import dev.basalt.common.net.HostPort;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.routing.ClusterClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code basalt status}: the nodes and ranges as one node sees them, as a table or JSON. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the cluster's nodes and ranges.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Option(names = "--host", required = true, paramLabel = "HOST:PORT[,...]", description = "nodes of the cluster (any that answers will do)")
    String host;

    @Option(names = "--json", description = "print JSON instead of a table (default: ${DEFAULT-VALUE})")
    boolean json;

    @Override
    public Integer call() {
        try (ClusterClient client = new ClusterClient(HostPort.parseList(host))) {
            ClusterStatus s = client.status();
            cli.out.print(json ? s.toJson() + "\n" : s.toTable());
            return 0;
        }
    }
}
