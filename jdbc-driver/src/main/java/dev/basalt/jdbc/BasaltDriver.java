package dev.basalt.jdbc;

import dev.basalt.jdbc.internal.ConnectionUrl;
import dev.basalt.jdbc.internal.Connector;
import dev.basalt.jdbc.internal.DriverVersion;
import dev.basalt.jdbc.internal.Errors;
import dev.basalt.jdbc.internal.SqlStates;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The Basalt JDBC driver: {@code jdbc:basalt://host:port[,host:port...][/database][?key=value&...]},
 * or an embedded node in this JVM: {@code jdbc:basalt:mem:[name]}, {@code jdbc:basalt:file:path}.
 * Registered with {@link DriverManager} when the class loads, and found by
 * {@link java.util.ServiceLoader} through {@code META-INF/services/java.sql.Driver}. See the
 * package documentation for the URL, the properties and what a connection is.
 */
public final class BasaltDriver implements Driver {
    static {
        try {
            DriverManager.registerDriver(new BasaltDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Opens a connection, or returns null for a URL that is not Basalt's (as JDBC asks, so that
     * DriverManager tries the next driver).
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (url == null) {
            throw Errors.driver(SqlStates.CONNECTION_REJECTED, "the URL is null");
        }
        if (!acceptsURL(url)) {
            return null;
        }
        return Connector.connect(url, info);
    }

    /**
     * True for {@code jdbc:basalt://...}, and for the embedded forms {@code jdbc:basalt:mem:[name]}
     * and {@code jdbc:basalt:file:path} (a node in this JVM, provided by the server artifact through
     * {@link dev.basalt.jdbc.spi.EmbeddedNodes}); false for any other URL. A malformed Basalt URL is
     * accepted here and refused by connect with 08001.
     */
    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw Errors.driver(SqlStates.CONNECTION_REJECTED, "the URL is null");
        }
        return ConnectionUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return Connector.propertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return DriverVersion.MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return DriverVersion.MINOR;
    }

    /** Not yet: the driver does not pass every JDBC compliance test, nor support full SQL-92 entry level. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    /** The driver logs through SLF4J, not java.util.logging. */
    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the Basalt driver does not log through java.util.logging",
                SqlStates.FEATURE_NOT_SUPPORTED);
    }
}
