package dev.basalt.server.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A JDBC client run in its own small-heap JVM by {@link StreamingScanTest}: reads every row of
 * {@code SELECT id, tag FROM stream_rows} with a fetch size and prints one line,
 * {@code rows=<n> sum=<sum of id> ms=<elapsed>}. Arguments: URL, fetch size.
 */
public final class StreamingClient {
    private StreamingClient() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int fetchSize = Integer.parseInt(args[1]);
        long startNanos = System.nanoTime();
        long rows = 0;
        long sum = 0;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.setFetchSize(fetchSize);
            try (ResultSet rs = s.executeQuery("SELECT id, tag FROM stream_rows")) {
                while (rs.next()) {
                    rows++;
                    sum += rs.getLong(1);
                    if (rs.getString(2) == null) {
                        throw new IllegalStateException("row " + rs.getLong(1) + " has no tag");
                    }
                }
            }
        }
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        System.out.println("rows=" + rows + " sum=" + sum + " ms=" + ms);
    }
}
