package dev.basalt.tpcc;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tpcc load|run|check}: the command line of the harness ({@code bin/basalt tpcc ...}).
 * Exit status: 0 when the command did what it was asked and the data is consistent, 1 when it
 * ran but failed (errors, a consistency condition, the database), 2 for a wrong command line.
 */
@Command(name = "tpcc", mixinStandardHelpOptions = true, version = "basalt tpcc-bench 0.1",
        description = "TPC-C over plain JDBC: load the nine tables, run the five transactions, check consistency.",
        subcommands = {LoadCommand.class, RunCommand.class, CheckCommand.class, CommandLine.HelpCommand.class})
public final class TpccMain implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;

    TpccMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line {@code args}; returns the exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        System.setProperty("java.awt.headless", "true"); // the report draws its picture without a display
        CommandLine cli = new CommandLine(new TpccMain(out, err));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SQLException || e instanceof IllegalStateException || e instanceof IllegalArgumentException
                    || e instanceof java.io.IOException) {
                err.println("tpcc: error: " + (e instanceof SQLException se ? SqlErrors.describe(se) : e.getMessage()));
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 2;
    }

    /** Where the database is: shared by the subcommands. */
    static final class DatabaseOptions {
        @Option(names = "--url", required = true, paramLabel = "URL",
                description = {"JDBC URL: jdbc:basalt://host:port[,host:port]/ or jdbc:postgresql://host:port/db (drivers bundled).",
                        "Repeat it to spread connections over several URLs (connection i uses URL i mod n)."})
        List<String> urls;

        @Option(names = "--user", paramLabel = "NAME", description = "user name, when the URL does not carry one")
        String user;

        @Option(names = "--password", paramLabel = "TEXT", description = "password, when the URL does not carry one")
        String password;

        @Option(names = "--warehouses", required = true, paramLabel = "W", description = "number of warehouses (the scale)")
        int warehouses;

        Connections connections(Connections.Isolation isolation) {
            if (warehouses < 1) {
                throw new IllegalArgumentException("--warehouses must be at least 1, not " + warehouses);
            }
            return new Connections(urls, user, password, isolation);
        }
    }

    /** {@code read-committed} or {@code repeatable-read}. */
    static final class IsolationConverter implements CommandLine.ITypeConverter<Connections.Isolation> {
        @Override
        public Connections.Isolation convert(String value) {
            try {
                return Connections.Isolation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** "Basalt 0.1.0", "PostgreSQL 15.8": for reports. */
    static String product(Connections connections) {
        try (Connection c = connections.open(true)) {
            DatabaseMetaData md = c.getMetaData();
            String name = md.getDatabaseProductName();
            String version = md.getDatabaseProductVersion();
            return version.startsWith(name) ? version : name + " " + version;
        } catch (SQLException e) {
            return connections.dialect().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static int loadersDefault() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }
}
