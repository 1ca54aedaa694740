package dev.basalt.jdbc.internal;

import dev.basalt.common.net.ClientTls;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.jdbc.spi.EmbeddedNode;
import dev.basalt.jdbc.spi.EmbeddedNodes;
import dev.basalt.jdbc.wire.ConnectResponse;
import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Opens a connection: parses the URL, merges the properties (the URL wins), and tries the hosts
 * in the order written. Each attempt uses a fresh transport client, hence a fresh TCP connection,
 * and opens a session there ({@link Handshake}: CONNECT, and SCRAM authentication when the cluster
 * has users); the first host that answers holds the session.
 *
 * <ul>
 *   <li>A host that cannot be reached, breaks the connection, fails the TLS handshake
 *       ({@link SslMode}) or does not answer within {@code connectTimeout} is skipped, and its
 *       reason kept.
 *   <li>A host that answers with an error (wrong password, unknown database) ends the attempt with
 *       that error: every node would say the same.
 *   <li>If every host was skipped: SQLException 08001 naming each host and its reason.
 * </ul>
 *
 * An embedded URL ({@link EmbeddedUrl}) takes the same path after one step: the
 * {@link dev.basalt.jdbc.spi.EmbeddedNodes} provider opens or shares the node, and its client port
 * is the one host tried.
 */
public final class Connector {
    /** Names the transport client's threads and log lines: {@code basalt-jdbc-rpc-client-…}. */
    static final String RPC_CLIENT_NAME = "basalt-jdbc";
    private static final long MILLIS_PER_SECOND = 1_000;

    private Connector() {
    }

    /** Driver.connect for a URL the driver accepts. */
    public static Connection connect(String url, Properties info) throws SQLException {
        if (ConnectionUrl.isEmbedded(url)) {
            return connectEmbedded(url, info);
        }
        ConnectionUrl parsed = ConnectionUrl.parse(url);
        return open(url, parsed.hosts(), parsed.database(), parsed.merge(info), null);
    }

    /**
     * An embedded URL: the provider opens (or shares) the node, and the connection is made to the
     * node's client port like any other. The connection holds the node's reference and releases it
     * when closed; if connecting fails, the reference is released at once.
     */
    private static Connection connectEmbedded(String url, Properties info) throws SQLException {
        EmbeddedUrl parsed = EmbeddedUrl.parse(url);
        Properties properties = parsed.merge(info);
        EmbeddedNodes provider = EmbeddedProviders.require(parsed.location());
        EmbeddedNode node;
        try {
            node = provider.open(parsed.location(), EmbeddedUrl.nodeOptions(properties));
        } catch (RuntimeException e) {
            throw Errors.driver(SqlStates.CONNECTION_REJECTED, "could not open the embedded node jdbc:basalt:" + parsed.location()
                    + ": " + e, e);
        }
        try {
            return open(url, List.of(new HostPort(node.host(), node.port())), null, EmbeddedUrl.withoutNodeOptions(properties),
                    node::release);
        } catch (SQLException | RuntimeException | Error e) {
            node.release();
            throw e;
        }
    }

    /**
     * Tries {@code hosts} in order with CONNECT; the first that answers holds the session.
     * {@code onClose} (may be null) runs once when the connection is closed or aborted.
     */
    private static Connection open(String url, List<HostPort> hosts, String database, Properties properties, Runnable onClose)
            throws SQLException {
        int connectTimeoutSeconds = DriverProperty.CONNECT_TIMEOUT.getInt(properties, 0,
                DriverProperty.CONNECT_TIMEOUT_SECONDS_MAX);
        long connectTimeoutMs = (connectTimeoutSeconds == 0 ? DriverProperty.CONNECT_TIMEOUT_SECONDS_DEFAULT
                : connectTimeoutSeconds) * MILLIS_PER_SECOND;
        int defaultFetchSize = DriverProperty.DEFAULT_ROW_FETCH_SIZE.getInt(properties, 0, Integer.MAX_VALUE);
        String user = DriverProperty.USER.get(properties);
        String password = DriverProperty.PASSWORD.get(properties);
        Map<String, String> serverProperties = serverProperties(properties);
        // Read once per connect (the CA file too); each host gets a new transport client with it.
        ClientTls tls = SslMode.of(properties).clientTls(properties);

        List<String> failures = new ArrayList<>();
        for (HostPort host : hosts) {
            SessionChannel channel = new SessionChannel(new RpcClient(RPC_CLIENT_NAME, tls), host);
            try {
                ConnectResponse.Opened server = Handshake.open(channel, user, password, database, serverProperties,
                        connectTimeoutMs);
                return new BasaltConnection(channel, urlWithoutQuery(url), user, database, server, defaultFetchSize,
                        onClose);
            } catch (SQLException e) {
                channel.close();
                if (!unreachable(e)) {
                    throw e;
                }
                failures.add(host + ": " + e.getMessage());
            } catch (RuntimeException | Error e) {
                channel.close();
                throw e;
            }
        }
        throw Errors.driver(SqlStates.CONNECTION_REJECTED, "could not connect to " + ConnectionUrl.redact(url)
                + ": no host answered. " + String.join("; ", failures));
    }

    /** Driver.getPropertyInfo: the driver's own properties with their current values. */
    public static DriverPropertyInfo[] propertyInfo(String url, Properties info) {
        Properties properties = new Properties();
        if (info != null) {
            properties.putAll(info);
        }
        if (url != null && url.startsWith(ConnectionUrl.PREFIX)) {
            try {
                properties = ConnectionUrl.parse(url).merge(info);
            } catch (SQLException e) {
                // A malformed URL still gets the list of properties; connect will say what is wrong.
            }
        }
        return DriverProperty.info(properties);
    }

    /** The host did not answer (connection class, or its bound ran out), rather than refusing us. */
    private static boolean unreachable(SQLException e) {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        return Errors.isConnectionError(e) || SqlStates.QUERY_CANCELED.equals(e.getSQLState());
    }

    /** Every property except the driver's own, for the server (applicationName, ...). */
    private static Map<String, String> serverProperties(Properties properties) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            if (!DriverProperty.isDriverProperty(name)) {
                result.put(name, properties.getProperty(name));
            }
        }
        return result;
    }

    /** DatabaseMetaData.getURL: the URL without its query, which may hold the password. */
    private static String urlWithoutQuery(String url) {
        int question = url.indexOf('?');
        return question < 0 ? url : url.substring(0, question);
    }
}
