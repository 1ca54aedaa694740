package dev.basalt.server.tpcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.net.HostPort;
import dev.basalt.server.cli.BasaltMain;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.tpcc.TpccMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The harness against a real Basalt node (a separate process on loopback, data in a temporary
 * directory): {@code tpcc run --load} of one warehouse with four terminals for 20 s must end with
 * every transaction type run, consistency OK and no error but transactions that lost their
 * conflicts on every attempt (40001/40P01: retry exhaustion, reported, not an anomaly); then a district's D_NEXT_O_ID moved
 * by hand must make {@code tpcc check} fail and name condition 2. The run's seed is printed
 * with any failure.
 */
class TpccOnClusterTest {
    /** The line the run ends with. */
    private static final Pattern RESULT = Pattern.compile("^tpcc: warehouses=1 terminals=4 seconds=20 neworder_per_min=\\S+ tpmc=\\S+ "
            + "p50_ms=\\S+ p99_ms=\\S+ aborts=\\d+ retries=\\d+ errors=(\\d+) consistency=(OK|FAIL)$", Pattern.MULTILINE);

    /** A kind of error the run met: {@code errors: TYPE SQLSTATE xN, first: ...}. */
    private static final Pattern ERROR_KIND = Pattern.compile("^errors: (\\w+) (\\w{5}) x(\\d+), first: ", Pattern.MULTILINE);

    private record Output(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit status " + status + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private static Output tpcc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = TpccMain.run(o, e, args);
        }
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLoadedWarehouseStaysConsistentUnderAllFiveTransactionsAndABrokenDistrictFailsTheCheck() throws Exception {
        long seed = System.nanoTime() & Long.MAX_VALUE;
        Path root = Files.createTempDirectory("basalt-tpcc");
        Path report = root.resolve("report");
        LocalCluster cluster = new LocalCluster(root.resolve("cluster"), BasaltMain.class.getName(),
                List.of("-Xmx768m", "-XX:+UseSerialGC"), List.of(), true);
        try {
            cluster.start(1);
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            cluster.init(1, 4);
            String url = "jdbc:basalt://" + cluster.addresses().stream().map(HostPort::toString).collect(Collectors.joining(",")) + "/";

            Output run = tpcc("run", "--url", url, "--warehouses", "1", "--terminals", "4", "--seconds", "20", "--warmup", "5",
                    "--load", "--loaders", "4", "--seed", String.valueOf(seed), "--report", report.toString());
            String context = "seed " + seed + "; " + run;
            Matcher line = RESULT.matcher(run.out());
            assertTrue(line.find(), "no result line; " + context);
            // An error is only allowed as a transaction that lost conflicts ATTEMPTS_MAX times in a row
            // (40001 or 40P01). A retry keeps its first attempt's wound-wait age, so it is rarely wounded
            // again, but it can still lose "first committer wins" to a commit that never met its locks
            // (a one-phase commit) or lose a lock for update to a killed leader: unlikely ten times in a
            // row, not impossible, and not an anomaly. Every other error fails the test; consistency is
            // what this test proves.
            long errors = Long.parseLong(line.group(1));
            Matcher kinds = ERROR_KIND.matcher(run.out());
            long conflictsExhausted = 0;
            while (kinds.find()) {
                assertTrue(kinds.group(2).equals("40001") || kinds.group(2).equals("40P01"), "an error other than lost conflicts; " + context);
                conflictsExhausted += Long.parseLong(kinds.group(3));
            }
            assertEquals(errors, conflictsExhausted, "every error is a transaction that lost its conflicts "
                    + dev.basalt.tpcc.SqlErrors.ATTEMPTS_MAX + " times; " + context);
            if (errors > 0) {
                System.out.println("TpccOnClusterTest: " + errors + " transactions gave up after losing conflicts " + dev.basalt.tpcc.SqlErrors.ATTEMPTS_MAX
                        + " times (seed " + seed + ")");
            }
            assertEquals("OK", line.group(2), "consistency; " + context);
            assertEquals(errors == 0 ? 0 : 1, run.status(), context);
            assertTrue(run.out().contains("load: done"), "the load reports its end; " + context);

            // The report's files and the transaction keys, as `tpcc run --help` and docs/tpcc.md name them.
            String json = Files.readString(report.resolve("results.json"));
            for (String type : List.of("new_order", "payment", "order_status", "delivery", "stock_level")) {
                Matcher completed = Pattern.compile("\"" + type + "\": \\{[^}]*\"completed_whole_run\": (\\d+)").matcher(json);
                assertTrue(completed.find() && Long.parseLong(completed.group(1)) > 0, type + " never completed; " + context + "\n" + json);
            }
            byte[] png = Files.readAllBytes(report.resolve("tpcc.png"));
            assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "tpcc.png is a PNG");
            assertTrue(Files.readString(report.resolve("index.html")).contains("src=\"tpcc.png\""));

            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE DISTRICT SET D_NEXT_O_ID = D_NEXT_O_ID + 5 WHERE D_W_ID = 1 AND D_ID = 4"));
            }
            Output check = tpcc("check", "--url", url, "--warehouses", "1");
            assertEquals(1, check.status(), "check of a broken district; " + check);
            assertTrue(check.out().contains("consistency: condition 2 (D_NEXT_O_ID - 1 = max(O_ID) = max(NO_O_ID)): FAIL, 1 violation: (W=1, D=4)"),
                    check.toString());
            assertTrue(check.out().contains("consistency: condition 1 (W_YTD = sum(D_YTD)): OK"), check.toString());
            assertTrue(check.out().contains("tpcc check: warehouses=1 consistency=FAIL failed=2 "), check.toString());
        } catch (Exception | AssertionError e) {
            System.err.println("TpccOnClusterTest failed with seed " + seed + "; nodes:" + cluster.diagnostics());
            throw e;
        } finally {
            cluster.close();
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
