/**
 * Embedded mode: a Basalt node inside the application's JVM, for {@code jdbc:basalt:mem:[name]}
 * and {@code jdbc:basalt:file:path}. The JDBC driver finds
 * {@link dev.basalt.server.embedded.EmbeddedNodeProvider} through {@code ServiceLoader} (this
 * artifact registers it) and connects to the node's client port on 127.0.0.1 over the ordinary
 * client protocol. Nothing here is a lighter engine: the node is the one {@code basalt start}
 * runs, with Ratis, RocksDB and Netty, alone in its cluster until other nodes join it.
 *
 * <h2>Life of an embedded node</h2>
 * <pre>
 *   first connection to a location   start Node 1 (data: a temp dir for mem:, the directory for file:)
 *                                     INIT with 4 ranges (option ranges=N), or 42710: already created
 *                                     wait until the meta group and every range have a leader
 *   more connections                 share the node (one reference each)
 *   last connection closed           stop the node; mem: deletes its directory, file: keeps it
 *   JVM exit                         a shutdown hook stops every node still open
 * </pre>
 * A {@code file:} node stops with its last connection too, so its directory is free for a later
 * open in this JVM or in another process (RocksDB locks the directory while a node runs). A pool
 * that keeps one connection open keeps the node running.
 *
 * <h2>Growing into a cluster</h2>
 * With {@code listen=HOST:PORT} (and optionally {@code raftListen}) the node listens where other
 * nodes can reach it; {@code bin/basalt start --node-id 2 --join HOST:PORT ...} then joins it like
 * any cluster. The cluster was created with replication factor 3 and one live node, so each range
 * has one replica; the placement driver, on the meta leader (the embedded node), fills every range
 * up to {@code min(3, live nodes)} replicas and the meta group up to three members as nodes join,
 * while the application's connections keep working. The application keeps its URL: its
 * connections still go to the embedded node, which now routes to leaders anywhere. The embedded
 * node is node 1; give a {@code file:} node that others joined the same {@code listen} on every
 * open, since its peers know it by that address.
 */
package dev.basalt.server.embedded;
