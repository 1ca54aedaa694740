package dev.basalt.server.sql;

import dev.basalt.server.internal.LocalCluster;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/** The golden SQL files against a three-node cluster: ranges replicated, leaders spread, sessions on node 1 and 2. */
@Timeout(900)
class GoldenSqlClusterTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("golden3", 3);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws Exception {
        return GoldenSqlTest.files().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> GoldenSqlTest.runFile(cluster, file)));
    }
}
