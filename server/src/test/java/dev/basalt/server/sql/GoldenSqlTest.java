package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The golden SQL files of {@code sql-planner/src/test/resources/golden}, each run through the
 * JDBC driver against a real one-node cluster (a node process with Ratis, RocksDB and the client
 * port on loopback). {@link GoldenSqlClusterTest} runs them against three nodes,
 * {@link GoldenSqlEmbeddedTest} against an embedded node ({@code jdbc:basalt:mem:}).
 */
@Timeout(600)
class GoldenSqlTest {
    static final Path GOLDEN = Path.of("..", "sql-planner", "src", "test", "resources", "golden");
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("golden", 1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws Exception {
        return files().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> runFile(cluster, file)));
    }

    static Stream<Path> files() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(GOLDEN)) {
            // -Dgolden.only=260 runs the files whose names start with 260 (while working on one)
            String only = System.getProperty("golden.only", "");
            files = listing.filter(p -> p.toString().endsWith(".slt") && p.getFileName().toString().startsWith(only)).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no golden files in " + GOLDEN.toAbsolutePath());
        return files.stream();
    }

    static void runFile(LocalCluster cluster, Path file) throws Exception {
        runFile(SqlClusters.url(cluster), file);
    }

    /** One golden file on a fresh connection to {@code url}. */
    static void runFile(String url, Path file) throws Exception {
        GoldenScript script = GoldenScript.read(file);
        try (Connection c = DriverManager.getConnection(url)) {
            List<String> failures = GoldenRunner.run(script, c);
            assertTrue(failures.isEmpty(), failures.size() + " of " + script.records().size() + " records of " + file.getFileName()
                    + " failed:\n" + String.join("\n", failures.subList(0, Math.min(failures.size(), GoldenRunner.FAILURES_SHOWN_MAX))));
        }
    }
}
