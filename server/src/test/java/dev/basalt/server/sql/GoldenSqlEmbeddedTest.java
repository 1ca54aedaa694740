package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The golden SQL files in embedded mode: each file on its own {@code jdbc:basalt:mem:}
 * connection, to the node this JVM runs for that URL. One connection is held open from the first
 * file to the last so that all of them share one node, as they share one cluster in
 * {@link GoldenSqlTest}; closing it at the end stops the node.
 */
@Timeout(600)
class GoldenSqlEmbeddedTest {
    static final String URL = "jdbc:basalt:mem:";
    private static Connection holder;

    @BeforeAll
    static void open() throws Exception {
        holder = DriverManager.getConnection(URL);
    }

    @AfterAll
    static void close() throws Exception {
        if (holder != null) {
            assertTrue(holder.isValid(5), "the embedded node served every file");
            holder.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws Exception {
        return GoldenSqlTest.files().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> GoldenSqlTest.runFile(URL, file)));
    }
}
