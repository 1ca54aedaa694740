package dev.basalt.jdbc.spi;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * Opens embedded nodes for the driver; implemented by the server artifact and registered in
 * {@code META-INF/services/dev.basalt.jdbc.spi.EmbeddedNodes}. Implementations are process-wide
 * and thread-safe: every {@code open} of the same location shares one node, counted by reference.
 */
public interface EmbeddedNodes {
    /** The client and node-to-node address the node listens on ({@code host:port}); default 127.0.0.1 and a free port. */
    String OPTION_LISTEN = "listen";
    /** The address of the node's Raft transport; default the listen port plus 100 when listen is given, else a free port. */
    String OPTION_RAFT_LISTEN = "raftListen";
    /** How many ranges the node's cluster is created with (only when it is created); default 4. */
    String OPTION_RANGES = "ranges";
    /** The URL options that configure the node. The driver hands these to {@link #open} and sends every other one with CONNECT. */
    Set<String> OPTIONS = Set.of(OPTION_LISTEN, OPTION_RAFT_LISTEN, OPTION_RANGES);

    /**
     * Opens the node at {@code location}, or takes another reference to it if it is already open in
     * this JVM. Returns once the node serves SQL.
     *
     * @param options the node options of the URL (keys from {@link #OPTIONS}); a node already open
     *                with a different {@code listen} or {@code raftListen} is refused
     * @throws SQLException 08001 naming the location and what went wrong
     */
    EmbeddedNode open(EmbeddedLocation location, Map<String, String> options) throws SQLException;
}
