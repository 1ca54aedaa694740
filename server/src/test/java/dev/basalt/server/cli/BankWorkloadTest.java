package dev.basalt.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bank workload on a real 3-node cluster (3 processes, 8 ranges): 8 clients transfer for 45 s
 * while one node is killed with SIGKILL and restarted; every snapshot total is right, no
 * acknowledged transfer is lost, the verdict is OK. Once as SQL transactions over the JDBC driver
 * (what {@code bank} and {@code demo} run), once as raw keys.
 */
class BankWorkloadTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 424242L);
    private static final int SECONDS = Integer.getInteger("basalt.test.bankSeconds", 45);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sql", "kv"})
    void transfersKeepTheTotalAndLoseNothingWhileANodeIsKilledAndRestarted(String store) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try (LocalCluster cluster = new LocalCluster(Files.createTempDirectory("basalt-bank"), BasaltMain.class.getName(), List.of("-Xmx512m", "-XX:+UseSerialGC"),
                List.of("--rebalance", "on"), !Boolean.getBoolean("basalt.test.keepData"))) {
            for (int id = 1; id <= 3; id++) {
                cluster.start(id);
            }
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            cluster.init(1, 8);
            BankWorkload.Result result;
            int victim = 1 + (int) Math.floorMod(SEED, 3L);
            try (ClusterClient client = new ClusterClient(cluster.addresses());
                 TransactionManager txns = new TransactionManager(client, TxnConfig.defaults());
                 BankStore bankStore = store.equals("kv") ? new KvBankStore(client, txns) : new SqlBankStore(Cli.jdbcUrl(cluster.addresses()))) {
                BankWorkload bank = new BankWorkload(bankStore, out, 200, SEED);
                bank.setUp();
                Thread killer = new Thread(() -> {
                    try {
                        TimeUnit.SECONDS.sleep(SECONDS / 3); // the kill lands a third of the way in
                        out.println(">>> killing node " + victim);
                        cluster.kill(victim);
                        TimeUnit.SECONDS.sleep(5); // the node stays down for 5 s
                        out.println(">>> restarting node " + victim);
                        cluster.start(victim);
                    } catch (Exception e) {
                        out.println(">>> killer failed: " + e);
                    }
                }, "bank-test-killer");
                killer.setDaemon(true);
                killer.start();
                result = bank.run(8, SECONDS, SEED);
                killer.join(TimeUnit.MINUTES.toMillis(2));
            }
            out.println(result.line());
            String log = captured.toString(StandardCharsets.UTF_8);
            System.out.println(log);
            assertTrue(result.transfers() > 0, "seed " + SEED + ": no transfer committed\n" + log);
            assertEquals(result.expected(), result.total(), "seed " + SEED + ": total changed\n" + log);
            assertEquals(0, result.badSnapshots(), "seed " + SEED + ": a snapshot saw a wrong total\n" + log);
            assertEquals(0, result.lost(), "seed " + SEED + ": acknowledged transfers lost\n" + log);
            assertTrue(result.ok(), "seed " + SEED + ": verdict\n" + log);
        }
    }
}
