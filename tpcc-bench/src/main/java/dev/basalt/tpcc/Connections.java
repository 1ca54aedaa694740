package dev.basalt.tpcc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Opens the harness's connections: one or more URLs (any JDBC URL whose driver is on the
 * classpath — the Basalt and PostgreSQL drivers are bundled and found through ServiceLoader), an
 * optional user and password, and the isolation level of the terminals' transactions. With
 * several URLs (for instance one per Basalt node), connection {@code i} uses URL {@code i mod n},
 * so terminals and loaders spread over them.
 */
final class Connections {
    /** The isolation levels offered; SERIALIZABLE is not (Basalt refuses it with 22023). */
    enum Isolation {
        READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
        REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ);

        final int jdbcLevel;

        Isolation(int jdbcLevel) {
            this.jdbcLevel = jdbcLevel;
        }

        /** {@code read-committed} or {@code repeatable-read}. */
        static Isolation parse(String text) {
            for (Isolation i : values()) {
                if (i.option().equals(text.toLowerCase(Locale.ROOT))) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unknown isolation '" + text + "'; use read-committed or repeatable-read");
        }

        String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final List<String> urls;
    private final String user;
    private final String password;
    private final Isolation isolation;

    Connections(List<String> urls, String user, String password, Isolation isolation) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no --url given");
        }
        for (String url : urls) {
            if (Dialect.of(url) != Dialect.of(urls.get(0))) {
                throw new IllegalArgumentException("the URLs name different databases: " + urls.get(0) + " and " + url);
            }
        }
        this.urls = List.copyOf(urls);
        this.user = user;
        this.password = password;
        this.isolation = isolation;
    }

    /** The URLs, separated by spaces: for reports. */
    String url() {
        return String.join(" ", urls);
    }

    Dialect dialect() {
        return Dialect.of(urls.get(0));
    }

    Isolation isolation() {
        return isolation;
    }

    /** A new connection through the first URL; with {@code autoCommit} false, its transactions run at the configured isolation. */
    Connection open(boolean autoCommit) throws SQLException {
        return open(autoCommit, 0);
    }

    /** A new connection through URL {@code which mod n}. */
    Connection open(boolean autoCommit, int which) throws SQLException {
        String url = urls.get(Math.floorMod(which, urls.size()));
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection c;
        try {
            c = DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                throw new SQLException("no JDBC driver on the classpath accepts the URL " + url
                        + " (bundled: jdbc:basalt://host:port[,host:port]/ and jdbc:postgresql://host:port/db)", "08001", e);
            }
            throw e;
        }
        try {
            c.setAutoCommit(autoCommit);
            if (!autoCommit) {
                c.setTransactionIsolation(isolation.jdbcLevel);
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }
}
