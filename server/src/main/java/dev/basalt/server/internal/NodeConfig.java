package dev.basalt.server.internal;

import dev.basalt.common.net.HostPort;
import dev.basalt.range.RangeStoreConfig;
import dev.basalt.txn.Transaction;
import java.nio.file.Path;
import java.util.List;

/**
 * How a node runs.
 *
 * @param listen           address for clients and other nodes (Basalt's Netty protocol)
 * @param raftListen       address of the node's Raft transport (gRPC)
 * @param join             nodes to contact when starting; empty for the first node
 * @param nodeDownAfterMs  a node not heard from for this long is reported as not live, and the
 *                         placement driver replaces its replicas
 * @param rebalance        whether this node runs the placement driver when it leads the meta group
 * @param splitAfterWrites the driver splits a range whose leader applied this many data writes since
 *                         it started or last split (0: never split automatically)
 * @param gcRetentionMs    old versions stay readable this long (never less than a transaction's lifetime);
 *                         the meta leader collects garbage below now minus this and below every transaction a
 *                         gateway reports active, and reads and writes older than that are refused (72000)
 * @param clockOffsetMs    this node's clock runs this far ahead of the machine's (negative: behind); for
 *                         fault injection and tests, 0 in production
 * @param faultInjection   whether this node obeys fault-injection calls (shifting its clock) from the checker
 * @param tls              the certificate and key with which the {@code listen} port also accepts TLS
 *                         connections from clients; null for plaintext only
 */
public record NodeConfig(int nodeId, HostPort listen, HostPort raftListen, Path dataDir, List<HostPort> join,
                         long nodeDownAfterMs, long snapshotEveryEntries, int logPurgeGap, boolean rebalance,
                         long splitAfterWrites, long gcRetentionMs, long clockOffsetMs, boolean faultInjection,
                         TlsFiles tls) {
    public static final long GC_RETENTION_MS_DEFAULT = 600_000;
    /** Retention below a transaction's lifetime would collect versions a live transaction may still read. */
    public static final long GC_RETENTION_MS_MIN = Transaction.LIFETIME_MS_MAX;
    public static final long SPLIT_AFTER_WRITES_DEFAULT = 2_000_000;
    public static final long NODE_DOWN_AFTER_MS_DEFAULT = 5_000;
    /** The Raft port defaults to the listen port plus this offset. */
    public static final int RAFT_PORT_OFFSET = 100;

    public static NodeConfig of(int nodeId, HostPort listen, HostPort raftListen, Path dataDir, List<HostPort> join) {
        return new NodeConfig(nodeId, listen, raftListen, dataDir, List.copyOf(join), NODE_DOWN_AFTER_MS_DEFAULT,
                RangeStoreConfig.SNAPSHOT_EVERY_ENTRIES_DEFAULT, RangeStoreConfig.LOG_PURGE_GAP_DEFAULT, true, SPLIT_AFTER_WRITES_DEFAULT,
                GC_RETENTION_MS_DEFAULT, 0, false, null);
    }

    /**
     * The PEM files of {@code start --tls-cert FILE --tls-key FILE}: the node's certificate chain
     * (its own certificate first) and its unencrypted PKCS#8 private key. They are read once, when
     * the node starts ({@code dev.basalt.common.net.ServerTls}).
     */
    public record TlsFiles(Path certificateChain, Path privateKey) {
        public TlsFiles {
            java.util.Objects.requireNonNull(certificateChain, "certificateChain");
            java.util.Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    public NodeConfig {
        if (nodeId < 1) {
            throw new IllegalArgumentException("node id must be >= 1, got " + nodeId);
        }
        if (gcRetentionMs < GC_RETENTION_MS_MIN) {
            throw new IllegalArgumentException("gc retention " + gcRetentionMs + " ms is shorter than a transaction's lifetime ("
                    + GC_RETENTION_MS_MIN + " ms): garbage collection could remove versions a live transaction still reads");
        }
        join = List.copyOf(join);
    }

    public NodeConfig withClockOffsetMs(long offsetMs) {
        return new NodeConfig(nodeId, listen, raftListen, dataDir, join, nodeDownAfterMs, snapshotEveryEntries, logPurgeGap, rebalance,
                splitAfterWrites, gcRetentionMs, offsetMs, faultInjection, tls);
    }

    public NodeConfig withTls(TlsFiles files) {
        return new NodeConfig(nodeId, listen, raftListen, dataDir, join, nodeDownAfterMs, snapshotEveryEntries, logPurgeGap, rebalance,
                splitAfterWrites, gcRetentionMs, clockOffsetMs, faultInjection, files);
    }
}
