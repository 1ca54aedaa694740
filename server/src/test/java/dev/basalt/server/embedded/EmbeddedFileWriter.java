package dev.basalt.server.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The first half of {@link EmbeddedFileTest}, run in a JVM of its own: {@code main(dir)} creates a
 * table in {@code jdbc:basalt:file:dir} and writes rows 1-3 through a connection it closes (the
 * node stops), reopens the directory in this JVM and writes row 4, then exits with that
 * connection still open, so the shutdown hook is what stops the node.
 */
public final class EmbeddedFileWriter {
    private EmbeddedFileWriter() {
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:basalt:file:" + args[0];
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (id INT PRIMARY KEY, note VARCHAR(20))");
            s.execute("INSERT INTO kept VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        Connection open = DriverManager.getConnection(url);
        try (Statement s = open.createStatement()) {
            s.execute("INSERT INTO kept VALUES (4, 'four')");
        }
        System.out.println("written");
        System.exit(0);
    }
}
