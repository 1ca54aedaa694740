package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code basalt range split ID --host HOST:PORT}: range administration; the subcommand is a method. */
@Command(name = "range", mixinStandardHelpOptions = true, description = "Administer ranges: split one.",
        subcommands = CommandLine.HelpCommand.class)
final class RangeCommand {
    @ParentCommand
    Cli cli;

    /** Splits range {@code rangeId} in the middle of its slots, on its leader. */
    @Command(name = "split", mixinStandardHelpOptions = true, description = "Split range ID in the middle of its slots, on its leader.")
    int split(@Parameters(paramLabel = "ID", description = "the range's id (see basalt status)") long rangeId,
              @Option(names = "--host", required = true, paramLabel = "HOST:PORT[,...]", description = "nodes of the cluster") String host) {
        try (ClusterClient client = new ClusterClient(HostPort.parseList(host))) {
            ClusterStatus.Range range = client.status().ranges().stream().filter(r -> r.descriptor().rangeId() == rangeId)
                    .findFirst().orElseThrow(() -> new BasaltException(ErrorCode.UNDEFINED_OBJECT, "no range " + rangeId));
            if (range.leader() < 0) {
                throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "range " + rangeId + " has no leader right now; try again");
            }
            byte[] reply = client.callNode(range.leader(), NodeMethods.SPLIT,
                    new ByteWriter().i64(rangeId).toByteArray(), 120_000);
            RangeDescriptor left = RangeCodec.readDescriptor(new ByteReader(reply));
            cli.out.println("range " + rangeId + " now holds slots [" + left.slotStart() + ", " + left.slotEnd() + "); slots ["
                    + left.slotEnd() + ", " + range.descriptor().slotEnd() + ") moved to a new range (see basalt status)");
            return 0;
        }
    }
}
