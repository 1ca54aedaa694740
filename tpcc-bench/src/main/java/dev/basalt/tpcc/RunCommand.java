package dev.basalt.tpcc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tpcc run}: (optionally load,) run the terminals, check consistency, print the result
 * line; with {@code --report DIR} also JSON, a picture and a page.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the TPC-C mix (45%% New-Order, 43%% Payment, 4%% each Order-Status, Delivery, Stock-Level) on T terminals.",
                "Prints a progress line every second, checks consistency after the run, and ends with one line:",
                "tpcc: warehouses=W terminals=T seconds=S neworder_per_min=X tpmc=X p50_ms=X p99_ms=X aborts=X retries=X errors=X "
                        + "consistency=OK|FAIL",
                "Exit status 0 only with no errors and consistency OK."})
final class RunCommand implements Callable<Integer> {
    /** More terminals than this are a typo, not a benchmark of this harness. */
    static final int TERMINALS_MAX = 10_000;

    @ParentCommand
    TpccMain main;

    @Mixin
    TpccMain.DatabaseOptions database;

    @Option(names = "--terminals", paramLabel = "T", description = "terminals, each a thread with its own connection (default: 10 per warehouse)")
    Integer terminals;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60", description = "length of the measurement (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "10",
            description = "seconds run before the measurement, not counted (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--load", description = "load the tables first (drops existing TPC-C tables)")
    boolean load;

    @Option(names = "--loaders", paramLabel = "N", defaultValue = "4", description = "loading threads with --load (default: ${DEFAULT-VALUE})")
    int loaders;

    @Option(names = "--report", paramLabel = "DIR", description = "write results.json, tpcc.png and index.html into DIR")
    Path report;

    @Option(names = "--spec-mode", description = "keying and think times of the spec (default: no-wait, each terminal runs back to back)")
    boolean specMode;

    @Option(names = "--isolation", paramLabel = "LEVEL", defaultValue = "repeatable-read", converter = TpccMain.IsolationConverter.class,
            description = "read-committed or repeatable-read (default: ${DEFAULT-VALUE}); SERIALIZABLE is not offered")
    Connections.Isolation isolation;

    @Option(names = "--seed", paramLabel = "X", description = "seed of the terminals' random inputs (default: a new one, printed)")
    Long seed;

    @Option(names = "--tolerate-connection-loss",
            description = {"errors from lost connections (SQLState 08xxx) and unknown commit outcomes (40003) do not fail the exit",
                    "status: for runs that kill nodes on purpose (they are still counted in errors=)"})
    boolean tolerateConnectionLoss;

    @Override
    public Integer call() throws Exception {
        int t = terminals == null ? 10 * database.warehouses : terminals;
        if (t < 1 || t > TERMINALS_MAX) {
            throw new IllegalArgumentException("--terminals must be in [1, " + TERMINALS_MAX + "], not " + t);
        }
        if (seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--seconds must be at least 1 and --warmup at least 0");
        }
        Connections connections = database.connections(isolation);
        if (load) {
            if (loaders < 1 || loaders > LoadCommand.LOADERS_MAX) {
                throw new IllegalArgumentException("--loaders must be in [1, " + LoadCommand.LOADERS_MAX + "], not " + loaders);
            }
            new Loader(connections, database.warehouses, loaders, 1, main.out).load();
        }
        Driver.requireLoaded(connections, database.warehouses);
        long s = seed != null ? seed : System.nanoTime() & Long.MAX_VALUE;
        Driver.Settings settings = new Driver.Settings(connections.url(), database.warehouses, t, seconds, warmup, specMode, isolation, s);
        if (specMode && t != 10 * database.warehouses) {
            main.err.println("tpcc: note: the spec runs 10 terminals per warehouse; this run has " + t + " for " + database.warehouses);
        }
        Driver.Measurement measurement = new Driver(connections, settings, main.out, main.err).run();

        Consistency.Result consistency = null;
        String consistencyError = null;
        try (Connection c = connections.open(false)) {
            consistency = Consistency.check(c, database.warehouses);
        } catch (SQLException e) {
            consistencyError = SqlErrors.describe(e);
            main.err.println("tpcc: " + consistencyError);
        }
        RunReport result = new RunReport(measurement, consistency, consistencyError);
        if (consistency != null) {
            for (Consistency.Condition condition : consistency.conditions()) {
                if (!condition.ok()) {
                    main.out.println(condition.line());
                }
            }
        }
        for (var e : measurement.errorKinds().entrySet()) {
            main.out.println("errors: " + e.getKey() + " x" + e.getValue()[0] + ", first: " + e.getValue()[1]);
        }
        if (report != null) {
            ReportWriter.write(report, result, TpccMain.product(connections));
            main.out.println("report: " + report.resolve(ReportWriter.PAGE).toAbsolutePath());
        }
        long tolerated = tolerateConnectionLoss ? SqlErrors.fromLostConnections(measurement.errorKinds()) : 0;
        if (tolerated > 0) {
            main.out.println("errors: " + tolerated + " of " + measurement.errorsWholeRun()
                    + " came from lost connections or unknown commit outcomes (tolerated: --tolerate-connection-loss)");
        }
        main.out.println(result.line());
        main.out.flush();
        return result.consistent() && measurement.errorsWholeRun() - tolerated == 0 ? 0 : 1;
    }
}
