package dev.basalt.server.cli;

import static dev.basalt.server.cli.OptionChecks.allInRange;
import static dev.basalt.server.cli.OptionChecks.inRange;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code basalt bench sql}: {@link SqlBench} through any JDBC URL (Basalt's, or PostgreSQL's for comparison). */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Point reads, point updates and 2-row transfers in SQL through any JDBC URL.")
final class BenchSqlCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST:PORT[,...]", description = "nodes of a Basalt cluster (required unless --url)")
    String host;

    @Option(names = "--url", paramLabel = "JDBC-URL", description = "the database's JDBC URL, which wins over --host (required unless --host)")
    String url;

    @Mixin
    Credentials.Options credentials;

    @Option(names = "--clients", split = ",", paramLabel = "N", defaultValue = "1,16,64",
            description = "concurrent clients, a run for each, in [1, 1024] (default: ${DEFAULT-VALUE})")
    List<Integer> clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "length of each run, in [1, 3600] (default: ${DEFAULT-VALUE})")
    long seconds;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10000", description = "rows loaded first, in [1, 10000000] (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--workloads", paramLabel = "W[,...]", defaultValue = "point-select,point-update,transfer",
            description = "workloads to run, of point-select, point-update, transfer (default: ${DEFAULT-VALUE})")
    String workloads;

    @Override
    public Integer call() {
        if (url == null && host == null) {
            throw OptionChecks.usage(spec, "missing --host (or --url)");
        }
        String jdbcUrl = credentials.apply(url != null ? url : "jdbc:basalt://" + host + "/");
        List<Integer> levels = allInRange(spec, "--clients", clients, 1, 1024);
        int runSeconds = (int) inRange(spec, "--seconds", seconds, 1, 3600);
        int rowCount = (int) inRange(spec, "--rows", rows, 1, 10_000_000);
        List<String> names;
        try {
            names = SqlBench.workloads(workloads);
        } catch (IllegalArgumentException e) {
            throw OptionChecks.usage(spec, "--workloads: " + e.getMessage());
        }
        try {
            new SqlBench(jdbcUrl, bench.cli.out, rowCount).run(levels, runSeconds, names);
        } catch (java.sql.SQLException e) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "bench sql: " + e.getSQLState() + " " + e.getMessage(), e);
        }
        return 0;
    }
}
