package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.placement.NodeMethods;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code basalt node decommission|recommission ID --host HOST:PORT}: asks the cluster (through the
 * node at HOST:PORT) to drain a node of its replicas, or to place replicas on it again. The
 * subcommands are this class's methods.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Drain a node of its replicas (decommission), or undo that (recommission).",
        subcommands = CommandLine.HelpCommand.class)
final class NodeCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "decommission", mixinStandardHelpOptions = true,
            description = "Move every replica off node ID to other nodes (watch basalt status).")
    int decommission(@Parameters(paramLabel = "ID", description = "the node's id") int nodeId,
                     @Option(names = "--host", required = true, paramLabel = "HOST:PORT", description = "a node of the cluster") String host) {
        return setDraining(HostPort.parse(host), nodeId, true);
    }

    @Command(name = "recommission", mixinStandardHelpOptions = true,
            description = "Make node ID a placement target again after a decommission.")
    int recommission(@Parameters(paramLabel = "ID", description = "the node's id") int nodeId,
                     @Option(names = "--host", required = true, paramLabel = "HOST:PORT", description = "a node of the cluster") String host) {
        return setDraining(HostPort.parse(host), nodeId, false);
    }

    private int setDraining(HostPort host, int nodeId, boolean drain) {
        try (RpcClient rpc = new RpcClient("node-admin")) {
            rpc.call(host, NodeMethods.DECOMMISSION,
                    new ByteWriter().i32(nodeId).bool(drain).toByteArray(), 30_000).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BasaltException be ? be : new BasaltException(ErrorCode.INTERNAL_ERROR, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        cli.out.println(drain ? "node " + nodeId + " is being decommissioned: its replicas move to other nodes (watch basalt status)"
                : "node " + nodeId + " is a placement target again");
        return 0;
    }
}
