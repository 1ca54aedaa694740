package dev.basalt.server.cli;

import static dev.basalt.server.cli.OptionChecks.inRange;

import dev.basalt.common.net.HostPort;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code basalt bank}: the bank workload against a running cluster, as SQL transactions over the
 * JDBC driver (or, with {@code --kv}, raw keys through the transaction manager); exit 0 only on
 * verdict OK.
 */
@Command(name = "bank", mixinStandardHelpOptions = true,
        description = {"Concurrent transfers between accounts, checking the total every second.",
                "The transfers are SQL transactions over JDBC (--kv: raw keys through the transaction manager).",
                "Exit status 0 only on verdict OK."})
final class BankCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "HOST:PORT[,...]", description = "nodes of the cluster")
    String host;

    @Mixin
    Credentials.Options credentials;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "1000", description = "accounts, in [2, 10000000] (default: ${DEFAULT-VALUE})")
    long accounts;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "8", description = "concurrent clients, in [1, 1024] (default: ${DEFAULT-VALUE})")
    long clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "length of the run, in [1, 86400] (default: ${DEFAULT-VALUE})")
    long seconds;

    @Option(names = "--seed", paramLabel = "X", description = "seed of the transfers, at least 0 (default: a new one, printed)")
    Long seed;

    @Option(names = "--kv", description = "raw keys through the transaction manager instead of SQL (default: ${DEFAULT-VALUE})")
    boolean kv;

    @Override
    public Integer call() {
        int accountCount = (int) inRange(spec, "--accounts", accounts, 2, 10_000_000);
        int clientCount = (int) inRange(spec, "--clients", clients, 1, 1024);
        int runSeconds = (int) inRange(spec, "--seconds", seconds, 1, 86_400);
        long runSeed = seed == null ? System.nanoTime() & Long.MAX_VALUE : inRange(spec, "--seed", seed, 0, Long.MAX_VALUE);
        try (ClusterClient client = new ClusterClient(HostPort.parseList(host))) {
            BankWorkload.Result result = run(cli.out, client, kv, accountCount, clientCount, runSeconds, runSeed, () -> { },
                    credentials.user, credentials.password);
            return result.ok() ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Sets the bank up, calls {@code onStart}, runs the transfers and prints the verdict line (also {@code demo}'s). */
    static BankWorkload.Result run(PrintStream out, ClusterClient client, boolean kv, int accounts, int clients, int seconds, long seed,
                                   Runnable onStart, String user, String password) throws InterruptedException {
        try (TransactionManager txns = new TransactionManager(client, TxnConfig.defaults());
             BankStore store = kv ? new KvBankStore(client, txns)
                     : new SqlBankStore(Credentials.apply(Cli.jdbcUrl(client.addresses()), user, password))) {
            out.println("bank: " + accounts + " accounts, " + clients + " clients, " + seconds + " s, seed " + seed
                    + (kv ? ", raw keys" : ", SQL over JDBC"));
            BankWorkload bank = new BankWorkload(store, out, accounts, seed);
            bank.setUp();
            onStart.run();
            BankWorkload.Result result = bank.run(clients, seconds, seed);
            out.println(result.line());
            return result;
        }
    }
}
