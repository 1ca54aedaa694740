package dev.basalt.server.cli;

import static dev.basalt.server.cli.OptionChecks.inRange;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.placement.NodeMethods;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code basalt init}: creates the cluster's ranges on a running node, then the superuser
 * {@value #SUPERUSER} over JDBC while the cluster has no users (unless {@code --no-users}).
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the cluster's ranges (3 replicas each) and the superuser basalt.",
                "Without --password a password is generated and printed once; --no-users leaves the cluster open to any connection."})
final class InitCommand implements Callable<Integer> {
    /** The superuser {@code init} creates. */
    static final String SUPERUSER = dev.basalt.sql.auth.Users.BOOTSTRAP_USER;

    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "HOST:PORT", description = "a node of the cluster")
    String host;

    @Option(names = "--ranges", paramLabel = "N", defaultValue = "8", description = "ranges to create, in [1, 1024] (default: ${DEFAULT-VALUE})")
    long ranges;

    @Option(names = "--password", paramLabel = "PW", description = "the superuser's password (default: a generated one, printed once)")
    String password;

    @Option(names = "--no-users", description = "create no user: the cluster accepts every connection (default: ${DEFAULT-VALUE})")
    boolean noUsers;

    @Override
    public Integer call() {
        HostPort node = HostPort.parse(host);
        int rangeCount = (int) inRange(spec, "--ranges", ranges, 1, 1024);
        if (noUsers && password != null) {
            throw OptionChecks.usage(spec, "--password and --no-users exclude each other");
        }
        try (RpcClient rpc = new RpcClient("init")) {
            byte[] reply = rpc.call(node, NodeMethods.INIT,
                    new ByteWriter().i32(rangeCount).toByteArray(), 120_000).get();
            int created = new ByteReader(reply).count(28);
            cli.out.println("initialized " + created + " ranges; every range has a leader");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BasaltException be) {
                throw be;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "init failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (noUsers) {
            cli.out.println("the cluster has no users: it accepts every connection (CREATE USER ... SUPERUSER to change that)");
            return 0;
        }
        return createSuperuser(cli.out, node, password);
    }

    /** {@code init}'s superuser {@code basalt}, created over JDBC while the cluster has no users. */
    private static int createSuperuser(PrintStream out, HostPort host, String password) {
        boolean generated = password == null;
        String pw = generated ? Credentials.generatePassword(new java.security.SecureRandom()) : password;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(Cli.jdbcUrl(List.of(host)));
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE USER " + SUPERUSER + " WITH SUPERUSER PASSWORD '" + pw.replace("'", "''") + "'");
        } catch (java.sql.SQLException e) {
            throw new BasaltException(ErrorCode.INVALID_STATE, "init: the ranges exist, but creating the superuser " + SUPERUSER
                    + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
        if (generated) {
            out.println("created the superuser '" + SUPERUSER + "' with the generated password (shown only this once):");
            out.println();
            out.println("    user:     " + SUPERUSER);
            out.println("    password: " + pw);
            out.println();
        } else {
            out.println("created the superuser '" + SUPERUSER + "' with the password given");
        }
        out.println("connect with: bin/basalt sql --host " + host + " --user " + SUPERUSER + " --password ...");
        return 0;
    }
}
