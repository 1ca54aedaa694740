package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.common.net.HostPort;
import dev.basalt.server.internal.client.ClientConnectionHandler;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code bin/basalt}: the command line of a node and of the tools that talk to a cluster. picocli
 * parses it; each subcommand is one class of this package holding its options and the call into
 * the code that does the work ({@link StartCommand}, {@link InitCommand}, {@link StatusCommand},
 * {@link BenchCommand}, {@link BankCommand}, {@link NodeCommand}, {@link RangeCommand},
 * {@link CheckCommand}, {@link SqlCommand}, {@link DemoCommand}). Every command answers
 * {@code --help}; {@code basalt help COMMAND} does the same.
 *
 * <p>{@link #run} returns the process exit status:
 * <ul>
 *   <li>0: the command did what it was asked (a check or bank run: verdict OK);</li>
 *   <li>1: it ran but failed (verdict FAIL, an SQL error in {@code sql -e});</li>
 *   <li>2: a wrong command line (an unknown option, a missing one, a value out of range; the
 *       message and the command's usage go to stderr), or an error the command reported as a
 *       {@link BasaltException} (printed {@code error [SQLSTATE]: message});</li>
 *   <li>{@value #KEEPS_RUNNING}: the command keeps running (a node in the foreground, a demo
 *       without {@code --exit}): {@link BasaltMain} then leaves the JVM alone.</li>
 * </ul>
 */
@Command(name = "basalt", mixinStandardHelpOptions = true, version = ClientConnectionHandler.SERVER_VERSION,
        description = {"Basalt, a distributed SQL database: run a node; set up, inspect, query, benchmark and check a cluster.",
                "'basalt COMMAND --help' describes a command; 'basalt tpcc --help' the TPC-C harness."},
        subcommands = {StartCommand.class, InitCommand.class, StatusCommand.class, BenchCommand.class, BankCommand.class,
                NodeCommand.class, RangeCommand.class, CheckCommand.class, SqlCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class Cli implements Callable<Integer> {
    /** The status of a command that keeps running: the process must not exit. */
    public static final int KEEPS_RUNNING = -1;
    /** The status of a wrong command line and of an error a command reports. */
    static final int USAGE_ERROR = 2;

    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command line {@code args}; returns the exit status (see the class comment). */
    public int run(String... args) {
        CommandLine cli = new CommandLine(this);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // The last of a repeated option wins: LocalCluster appends a test's node options after its own.
        cli.setOverwrittenOptionsAllowed(true);
        // An argument starting with @ is a value (a password, SQL), never a file of arguments to read.
        cli.setExpandAtFiles(false);
        cli.setParameterExceptionHandler(Cli::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BasaltException be) {
                err.println("error [" + be.sqlState() + "]: " + be.getMessage());
                return USAGE_ERROR;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** {@code basalt} alone: the usage, and status 2 (nothing was asked). */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return USAGE_ERROR;
    }

    /** "basalt start: Missing required option: '--data=DIR'", suggestions for a typo, then the usage. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter w = command.getErr();
        w.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, w);
        command.usage(w);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The JDBC URL naming every node the client knows: the driver connects to the first live one. */
    static String jdbcUrl(List<HostPort> nodes) {
        return "jdbc:basalt://" + String.join(",", nodes.stream().map(HostPort::toString).toList()) + "/";
    }
}
