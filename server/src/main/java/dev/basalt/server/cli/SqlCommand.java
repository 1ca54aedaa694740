package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code basalt sql}: {@link SqlShell} through the JDBC driver, on statements given or interactively. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"SQL through the JDBC driver: statements given with -e or -f, or an interactive shell.",
                "Statements are separated by ;. With -e or -f the exit status is 1 at the first error."})
final class SqlCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST:PORT[,...]", description = "nodes of the cluster; the driver connects to the first live one (required unless --url)")
    String host;

    @Option(names = "--url", paramLabel = "JDBC-URL", description = "the JDBC URL, which wins over --host (required unless --host)")
    String url;

    @Mixin
    Credentials.Options credentials;

    @Option(names = "-e", paramLabel = "SQL", description = "run these statements and exit; wins over -f (default: none)")
    String script;

    @Option(names = "-f", paramLabel = "FILE", description = "run the statements of FILE and exit (default: none: without -e, the interactive shell)")
    String file;

    @Override
    public Integer call() {
        if (url == null && host == null) {
            throw OptionChecks.usage(spec, "missing --host (or --url)");
        }
        String jdbcUrl = credentials.apply(url != null ? url : Cli.jdbcUrl(HostPort.parseList(host)));
        SqlShell shell = new SqlShell(jdbcUrl, cli.out);
        try {
            if (script != null) {
                return shell.runScript(script);
            }
            if (file != null) {
                return shell.runFile(Path.of(file));
            }
            return shell.interactive();
        } catch (java.sql.SQLException e) {
            cli.out.println("ERROR: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            return 1;
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "sql: " + e.getMessage(), e);
        }
    }
}
