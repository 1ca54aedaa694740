package dev.basalt.server.cli;

import static dev.basalt.server.cli.OptionChecks.inRange;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.server.check.Check;
import dev.basalt.server.check.nemesis.Nemesis;
import dev.basalt.server.internal.NetworkNamespaces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code basalt check}: a Jepsen-style {@link Check} run (or {@code --analyze FILE}); exit 0 only on verdict OK. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"A Jepsen-style run on a local cluster: a workload under faults, then its verdict.",
                "Exit status 0 only on verdict OK. Partitions need root (network namespaces): without root, 'all' "
                        + "(the default) runs every other nemesis.",
                "With --analyze FILE: judge a recorded history file again."})
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--workload", paramLabel = "append|bank|register", description = "the workload (required unless --analyze)")
    String workload;

    @Option(names = "--analyze", paramLabel = "FILE", description = "judge this recorded history instead of running (default: none, run)")
    String analyze;

    @Option(names = "--nemesis", paramLabel = "F[,...]", defaultValue = "all",
            description = "faults, of kill, pause, partition, clock, leader, split, meta; or all, or none (default: ${DEFAULT-VALUE})")
    String nemesis;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "nodes of the local cluster, in [3, 5] (default: ${DEFAULT-VALUE})")
    long nodes;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60", description = "length of the run, in [5, 86400] (default: ${DEFAULT-VALUE})")
    long seconds;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "8", description = "concurrent clients, in [1, 256] (default: ${DEFAULT-VALUE})")
    long clients;

    @Option(names = "--seed", paramLabel = "X", description = "seed of the workload and the faults, at least 0 (default: a new one, printed)")
    Long seed;

    @Option(names = "--history", paramLabel = "FILE", description = "write the history to FILE (default: none)")
    String history;

    @Option(names = "--keep", description = "keep the nodes' data directories (default: ${DEFAULT-VALUE})")
    boolean keep;

    @Override
    public Integer call() {
        Check check = new Check(cli.out, BasaltMain.class.getName());
        try {
            if (analyze != null) {
                if (workload != null) {
                    throw OptionChecks.usage(spec, "--analyze and --workload exclude each other");
                }
                return check.analyze(Path.of(analyze)).ok() ? 0 : 1;
            }
            if (workload == null) {
                throw OptionChecks.usage(spec, "missing --workload (or --analyze FILE)");
            }
            Set<Nemesis.Fault> faults;
            try {
                faults = Nemesis.Fault.parse(nemesis);
            } catch (IllegalArgumentException e) {
                throw OptionChecks.usage(spec, "--nemesis: " + e.getMessage());
            }
            int nodeCount = (int) inRange(spec, "--nodes", nodes, 3, 5);
            int runSeconds = (int) inRange(spec, "--seconds", seconds, 5, 86_400);
            int clientCount = (int) inRange(spec, "--clients", clients, 1, 256);
            long runSeed = seed == null ? System.nanoTime() & Long.MAX_VALUE : inRange(spec, "--seed", seed, 0, Long.MAX_VALUE);
            Check.workload(workload); // an unknown name fails before any node starts
            String noPartitions = faults.contains(Nemesis.Fault.PARTITION) ? NetworkNamespaces.unavailableBecause() : null;
            if (noPartitions != null) {
                if (!nemesis.equals("all")) {
                    throw new BasaltException(ErrorCode.FEATURE_NOT_SUPPORTED, "nemesis 'partition': " + noPartitions);
                }
                faults = EnumSet.copyOf(faults);
                faults.remove(Nemesis.Fault.PARTITION);
                cli.out.println("check: no partitions in this run: " + noPartitions);
            }
            return check.run(new Check.Options(workload, faults, nodeCount, runSeconds, runSeed, clientCount,
                    history == null ? null : Path.of(history).toAbsolutePath(), keep)).ok() ? 0 : 1;
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "check failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
