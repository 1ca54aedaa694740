package dev.basalt.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code basalt bench commit|txn|sql}: benchmarks against a running cluster. Without a subcommand
 * picocli reports "Missing required subcommand" (exit status 2).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a running cluster: one-row commits, transactions, or SQL through JDBC.",
        subcommands = {BenchCommitCommand.class, BenchTxnCommand.class, BenchSqlCommand.class, CommandLine.HelpCommand.class})
final class BenchCommand {
    @ParentCommand
    Cli cli;
}
