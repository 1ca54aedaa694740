package dev.basalt.server.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdbc:basalt:file:}: the data outlives every connection, and the JVM that wrote it. */
@Timeout(600)
class EmbeddedFileTest {
    /** The child JVM creates a cluster, writes, reopens and exits within this. */
    static final long CHILD_WAIT_MS = 300_000;

    private static List<String> notes(Connection c) throws Exception {
        List<String> notes = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT note FROM kept ORDER BY id")) {
            while (rs.next()) {
                notes.add(rs.getString(1));
            }
        }
        return notes;
    }

    @Test
    void dataSurvivesClosingEveryConnectionAndARestartOfTheJvm(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("db");
        Path log = tmp.resolve("writer.log");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), EmbeddedFileWriter.class.getName(), dir.toString());
        Process writer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(writer.waitFor(CHILD_WAIT_MS, TimeUnit.MILLISECONDS), "the writer JVM did not exit; its log: " + log);
        } finally {
            writer.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(0, writer.exitValue(), "the writer JVM failed:\n" + output);
        assertTrue(output.contains("written"), output);

        String url = "jdbc:basalt:file:" + dir;
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("one", "two", "three", "four"), notes(c),
                    "rows written before a close and before a shutdown-hook stop, both in another JVM");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO kept VALUES (5, 'five')");
            }
        }
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("one", "two", "three", "four", "five"), notes(c));
        }
        assertTrue(Files.isDirectory(dir), "a file: node keeps its directory when it stops");
    }
}
