package dev.basalt.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code bin/basalt}'s command line without a cluster: help on every command, and the usage errors
 * (exit status 2, the message naming the option and the value) that stop a command before it does
 * anything. Every run goes through {@link Cli#run}, the entry point {@link BasaltMain} calls.
 */
class CliParsingTest {
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command tree as picocli holds it: every command and subcommand, so a new one is covered too. */
    private static CommandLine tree() {
        return new CommandLine(new Cli(System.out, System.err));
    }

    /** The path of every command below {@code basalt}, e.g. ["bench", "commit"]. */
    static Stream<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(tree(), List.of(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        for (var sub : command.getSubcommands().entrySet()) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            paths.add(subPath);
            collect(sub.getValue(), subPath, paths);
        }
    }

    private static Stream<CommandLine> allCommands(CommandLine command) {
        return Stream.concat(Stream.of(command), command.getSubcommands().values().stream().flatMap(CliParsingTest::allCommands));
    }

    @Test
    void theTreeHasEveryCommandOfBinBasalt() {
        List<String> paths = commandPaths().map(p -> String.join(" ", p)).toList();
        for (String expected : List.of("start", "init", "status", "bench", "bench commit", "bench txn", "bench sql", "bank",
                "node", "node decommission", "node recommission", "range", "range split", "check", "sql", "demo", "help")) {
            assertTrue(paths.contains(expected), "basalt " + expected + " is missing from " + paths);
        }
    }

    @ParameterizedTest
    @MethodSource("commandPaths")
    void helpOnEveryCommandPrintsItsUsageAndReturns0(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        Run help = run(args.toArray(String[]::new));
        assertEquals(0, help.status, help.err);
        assertTrue(help.out.contains("Usage: basalt " + String.join(" ", path)), help.out);
        assertEquals("", help.err);
    }

    @Test
    void helpAndVersionOnTheTopCommandReturn0() {
        Run help = run("--help");
        assertEquals(0, help.status);
        assertTrue(help.out.startsWith("Usage: basalt"), help.out);
        Run helpCommand = run("help", "check");
        assertEquals(0, helpCommand.status);
        assertTrue(helpCommand.out.startsWith("Usage: basalt check"), helpCommand.out);
        Run version = run("--version");
        assertEquals(0, version.status);
        assertTrue(version.out.startsWith("Basalt "), version.out);
    }

    @Test
    void everyOptionIsDescribedAndEveryOptionalOneSaysItsDefault() {
        allCommands(tree()).forEach(command -> {
            String name = command.getCommandSpec().qualifiedName();
            assertTrue(command.getCommandSpec().usageMessage().description().length > 0, name + " has no description");
            for (ArgSpec arg : command.getCommandSpec().args()) {
                String label = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
                String description = String.join(" ", arg.description());
                assertFalse(description.isBlank(), name + " " + label + " has no description");
                boolean helpOption = arg instanceof OptionSpec o && (o.usageHelp() || o.versionHelp());
                if (arg.isOption() && !arg.required() && !helpOption) {
                    assertTrue(description.contains("default") || description.contains("required"),
                            name + " " + label + " does not say its default: " + description);
                }
            }
        });
    }

    @Test
    void noArgumentsPrintsTheUsageAndReturns2() {
        Run bare = run();
        assertEquals(2, bare.status);
        assertTrue(bare.out.startsWith("Usage: basalt"), bare.out);
        assertTrue(bare.out.contains("start"), bare.out);
    }

    @Test
    void anUnknownOptionReturns2NamingIt() {
        Run typo = run("status", "--host", "127.0.0.1:1", "--hots");
        assertEquals(2, typo.status);
        assertTrue(typo.err.contains("Unknown option: '--hots'"), typo.err);
        assertTrue(typo.err.contains("Usage: basalt status"), typo.err);
        assertEquals("", typo.out);
    }

    @Test
    void anUnknownCommandReturns2NamingIt() {
        Run typo = run("stat");
        assertEquals(2, typo.status);
        assertTrue(typo.err.contains("'stat'"), typo.err);
    }

    @Test
    void aMissingRequiredOptionReturns2NamingIt(@TempDir Path tmp) {
        Run missing = run("start", "--listen", "127.0.0.1:1", "--data", tmp.resolve("data").toString());
        assertEquals(2, missing.status);
        assertTrue(missing.err.contains("Missing required option: '--node-id=N'"), missing.err);
        assertFalse(Files.exists(tmp.resolve("data")), "start made its data directory before failing");
    }

    @Test
    void aNumberOutOfRangeReturns2NamingTheOptionAndTheValue(@TempDir Path tmp) {
        Run low = run("start", "--node-id", "1", "--listen", "127.0.0.1:1", "--data", tmp.resolve("data").toString(),
                "--node-timeout-ms", "100");
        assertEquals(2, low.status);
        assertTrue(low.err.contains("--node-timeout-ms must be in [500, 3600000], got 100"), low.err);
        assertTrue(low.err.contains("Usage: basalt start"), low.err);
        assertFalse(Files.exists(tmp.resolve("data")), "start made its data directory before failing");
    }

    @Test
    void tlsCertWithoutTlsKeyOrTheOtherWayRoundReturns2(@TempDir Path tmp) {
        Run certOnly = run("start", "--node-id", "1", "--listen", "127.0.0.1:1", "--data", tmp.resolve("data").toString(),
                "--tls-cert", tmp.resolve("node.crt").toString());
        assertEquals(2, certOnly.status);
        assertTrue(certOnly.err.contains("--tls-cert and --tls-key go together; got only --tls-cert"), certOnly.err);
        assertTrue(certOnly.err.contains("Usage: basalt start"), certOnly.err);
        Run keyOnly = run("start", "--node-id", "1", "--listen", "127.0.0.1:1", "--data", tmp.resolve("data").toString(),
                "--tls-key", tmp.resolve("node.key").toString());
        assertEquals(2, keyOnly.status);
        assertTrue(keyOnly.err.contains("got only --tls-key"), keyOnly.err);
        assertFalse(Files.exists(tmp.resolve("data")), "start made its data directory before failing");
    }

    @Test
    void aNumberInACommaListOutOfRangeReturns2() {
        Run zero = run("bench", "commit", "--host", "127.0.0.1:1", "--writers", "1,0,64");
        assertEquals(2, zero.status);
        assertTrue(zero.err.contains("--writers values must be in [1, 1024], got 0"), zero.err);
    }

    @Test
    void aNonNumberReturns2NamingTheOptionAndTheValue() {
        Run word = run("bank", "--host", "127.0.0.1:1", "--seconds", "ten");
        assertEquals(2, word.status);
        assertTrue(word.err.contains("'--seconds'") && word.err.contains("'ten'"), word.err);
    }

    @Test
    void aBadOnOffValueReturns2NamingTheOptionAndTheValue(@TempDir Path tmp) {
        Run yes = run("start", "--node-id", "1", "--listen", "127.0.0.1:1", "--data", tmp.toString(), "--rebalance", "yes");
        assertEquals(2, yes.status);
        assertTrue(yes.err.contains("'--rebalance'") && yes.err.contains("must be on or off, got 'yes'"), yes.err);
    }

    @Test
    void aRepeatedOptionTakesItsLastValue(@TempDir Path tmp) {
        // LocalCluster appends a test's node options after its own; the later one must win, not fail.
        Run repeated = run("start", "--node-id", "1", "--listen", "127.0.0.1:1", "--data", tmp.toString(),
                "--node-timeout-ms", "600000", "--node-timeout-ms", "99");
        assertEquals(2, repeated.status);
        assertTrue(repeated.err.contains("--node-timeout-ms must be in [500, 3600000], got 99"), repeated.err);
    }

    @Test
    void anArgumentStartingWithAtIsAValueNotAFileOfArguments(@TempDir Path tmp) throws Exception {
        // picocli would read "@FILE" as more arguments; a password or SQL may start with @.
        Path file = Files.writeString(tmp.resolve("args"), "--hots");
        Run at = run("status", "--host", "@" + file);
        assertEquals(2, at.status);
        assertTrue(at.err.startsWith("error [22023]: ") && at.err.contains("@" + file), at.err);
    }

    @Test
    void optionsThatExcludeEachOtherReturn2() {
        Run both = run("init", "--host", "127.0.0.1:1", "--password", "pw", "--no-users");
        assertEquals(2, both.status);
        assertTrue(both.err.contains("--password and --no-users exclude each other"), both.err);
    }

    @Test
    void aCommandWithoutItsSubcommandReturns2() {
        Run bench = run("bench");
        assertEquals(2, bench.status);
        assertTrue(bench.err.contains("Missing required subcommand"), bench.err);
        assertTrue(bench.err.contains("commit"), bench.err);
    }

    @Test
    void anErrorTheCommandReportsIsPrintedWithItsSqlStateAndReturns2() {
        // The address has no port: HostPort's BasaltException, reported before any connection is tried.
        Run bad = run("status", "--host", "localhost");
        assertEquals(2, bad.status);
        assertTrue(bad.err.startsWith("error [22023]: "), bad.err);
        assertTrue(bad.err.contains("localhost"), bad.err);
    }
}
