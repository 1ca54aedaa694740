package dev.basalt.server.embedded;

import dev.basalt.common.BasaltException;
import dev.basalt.common.net.HostPort;
import dev.basalt.jdbc.spi.EmbeddedLocation;
import dev.basalt.jdbc.spi.EmbeddedNodes;
import dev.basalt.placement.replica.ClusterBootstrap;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;

/**
 * The node options of an embedded URL, checked.
 *
 * @param listen     the client and node-to-node address, or null for 127.0.0.1 and a free port
 * @param raftListen the Raft transport's address, or null: the listen port plus
 *                   {@code NodeConfig.RAFT_PORT_OFFSET} when {@code listen} is given (as
 *                   {@code basalt start} does), else a free port
 * @param ranges     how many ranges the node's cluster is created with; used only when it is created
 */
record EmbeddedSettings(HostPort listen, HostPort raftListen, int ranges) {
    static final int RANGES_DEFAULT = 4;
    /** The SQLState of every failure to open an embedded node: the client could not connect. */
    static final String CANNOT_CONNECT = "08001";

    static EmbeddedSettings parse(EmbeddedLocation location, Map<String, String> options) throws SQLException {
        for (String key : options.keySet()) {
            if (!EmbeddedNodes.OPTIONS.contains(key)) {
                throw refused(location, "unknown node option " + key + "; the node options are " + EmbeddedNodes.OPTIONS);
            }
        }
        HostPort listen = address(location, options, EmbeddedNodes.OPTION_LISTEN);
        HostPort raftListen = address(location, options, EmbeddedNodes.OPTION_RAFT_LISTEN);
        int ranges = RANGES_DEFAULT;
        String rangesText = options.get(EmbeddedNodes.OPTION_RANGES);
        if (rangesText != null) {
            try {
                ranges = Integer.parseInt(rangesText.strip());
            } catch (NumberFormatException e) {
                ranges = -1;
            }
            if (ranges < 1 || ranges > ClusterBootstrap.RANGES_MAX) {
                throw refused(location, "option ranges=" + rangesText + " is not an integer in [1, " + ClusterBootstrap.RANGES_MAX + "]");
            }
        }
        return new EmbeddedSettings(listen, raftListen, ranges);
    }

    private static HostPort address(EmbeddedLocation location, Map<String, String> options, String key) throws SQLException {
        String text = options.get(key);
        if (text == null) {
            return null;
        }
        HostPort address;
        try {
            address = HostPort.parse(text.strip());
        } catch (BasaltException e) {
            throw refused(location, "option " + key + "=" + text + " is not host:port: " + e.getMessage());
        }
        if (address.port() == 0) {
            throw refused(location, "option " + key + "=" + text + " has port 0; leave the option out for a free port");
        }
        return address;
    }

    /**
     * Whether a node already running at {@code listenNow} / {@code raftNow} satisfies these
     * settings: every address asked for explicitly is the one it has. {@code ranges} is not
     * compared: it only matters when a cluster is created.
     */
    void requireSatisfiedBy(EmbeddedLocation location, HostPort listenNow, HostPort raftNow) throws SQLException {
        if (listen != null && !listen.equals(listenNow)) {
            throw refused(location, "the node is already open in this JVM listening on " + listenNow + ", not on " + listen
                    + "; close its connections first or leave the option out");
        }
        if (raftListen != null && !raftListen.equals(raftNow)) {
            throw refused(location, "the node is already open in this JVM with Raft on " + raftNow + ", not on " + raftListen
                    + "; close its connections first or leave the option out");
        }
    }

    static SQLException refused(EmbeddedLocation location, String why) {
        return new SQLNonTransientConnectionException("embedded node jdbc:basalt:" + location + ": " + why, CANNOT_CONNECT);
    }

    static SQLException refused(EmbeddedLocation location, String why, Throwable cause) {
        return new SQLNonTransientConnectionException("embedded node jdbc:basalt:" + location + ": " + why, CANNOT_CONNECT, cause);
    }
}
