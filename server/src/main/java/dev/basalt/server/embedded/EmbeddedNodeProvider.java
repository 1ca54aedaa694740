package dev.basalt.server.embedded;

import dev.basalt.jdbc.spi.EmbeddedLocation;
import dev.basalt.jdbc.spi.EmbeddedNode;
import dev.basalt.jdbc.spi.EmbeddedNodes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's {@link EmbeddedNodes} provider (registered in
 * {@code META-INF/services/dev.basalt.jdbc.spi.EmbeddedNodes}): one process-wide table of the
 * embedded nodes open in this JVM, each with the number of references (connections) to it.
 *
 * <ul>
 *   <li>The first {@code open} of a location starts its node ({@link InProcessNode}); later ones
 *       share it, provided they ask for no other address.
 *   <li>Releasing the last reference stops the node: a {@code mem:} node and its data are gone, a
 *       {@code file:} node's data stays in its directory for the next open (in this JVM or after
 *       a restart).
 *   <li>A JVM shutdown hook stops the nodes still open.
 * </ul>
 *
 * <b>Every open, release and stop runs under one lock</b>, so a node is never started twice nor
 * stopped while a new reference is taken; starting or stopping a node (seconds) holds up the
 * other embedded opens of the JVM meanwhile, a price paid only when a node starts or stops.
 */
public final class EmbeddedNodeProvider implements EmbeddedNodes {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNodeProvider.class);
    /** At most this many embedded nodes run in one JVM at once (each is a full node: threads, RocksDB, Raft groups). */
    static final int NODES_MAX = 16;
    /** The shutdown hook waits this long for an open or a release in progress before stopping the nodes anyway. */
    static final long SHUTDOWN_LOCK_WAIT_MS = 30_000;

    private static final ReentrantLock LOCK = new ReentrantLock();
    /** Guarded by LOCK. */
    private static final Map<EmbeddedLocation, Entry> OPEN = new HashMap<>();
    /** Guarded by LOCK. */
    private static boolean shutdownHookAdded;

    /** An open node and its references; both fields guarded by LOCK. */
    private static final class Entry {
        final InProcessNode node;
        int references;
        boolean stopped;

        Entry(InProcessNode node) {
            this.node = node;
        }
    }

    static {
        // An application's tests run with -ea, and then Calcite's own internal assertions run in the
        // embedded node's planner, which a node process never runs; some of them fail on plans
        // Calcite handles correctly without them (a multi-row VALUES mixing NULLs and literals, in
        // RexToLixTranslator.translateLiteral). The node runs Calcite as a node process does.
        ClassLoader loader = EmbeddedNodeProvider.class.getClassLoader();
        if (loader != null) {
            loader.setPackageAssertionStatus("org.apache.calcite", false);
        }
    }

    /** ServiceLoader's constructor; every instance shares the one table. */
    public EmbeddedNodeProvider() {
    }

    @Override
    public EmbeddedNode open(EmbeddedLocation location, Map<String, String> options) throws SQLException {
        EmbeddedSettings settings = EmbeddedSettings.parse(location, options);
        LOCK.lock();
        try {
            Entry entry = OPEN.get(location);
            if (entry == null) {
                if (OPEN.size() >= NODES_MAX) {
                    throw EmbeddedSettings.refused(location, NODES_MAX + " embedded nodes are open in this JVM already ("
                            + OPEN.keySet() + "); close the connections of one first");
                }
                addShutdownHook();
                entry = new Entry(InProcessNode.start(location, settings));
                OPEN.put(location, entry);
            } else {
                settings.requireSatisfiedBy(location, entry.node.listen(), entry.node.raftListen());
            }
            entry.references++;
            return new Reference(entry);
        } finally {
            LOCK.unlock();
        }
    }

    private static void release(Entry entry) {
        LOCK.lock();
        try {
            if (entry.stopped || --entry.references > 0) {
                return;
            }
            entry.stopped = true;
            OPEN.remove(entry.node.location());
            entry.node.stop();
        } finally {
            LOCK.unlock();
        }
    }

    private static void addShutdownHook() {
        if (!shutdownHookAdded) {
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedNodeProvider::stopAll, "basalt-embedded-shutdown"));
            shutdownHookAdded = true;
        }
    }

    /** The shutdown hook: stops every open node, whatever its references. */
    static void stopAll() {
        boolean locked = false;
        try {
            locked = LOCK.tryLock(SHUTDOWN_LOCK_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            LOG.warn("embedded nodes: an open or release did not finish within {} ms; stopping the nodes anyway", SHUTDOWN_LOCK_WAIT_MS);
        }
        try {
            List<Entry> entries;
            entries = new ArrayList<>(OPEN.values());
            OPEN.clear();
            for (Entry entry : entries) {
                entry.stopped = true;
                entry.node.stop();
            }
        } finally {
            if (locked) {
                LOCK.unlock();
            }
        }
    }

    /** The data directory of the node open at {@code location}, or null if none is open: for tests. */
    static Path dataDirOf(EmbeddedLocation location) {
        LOCK.lock();
        try {
            Entry entry = OPEN.get(location);
            return entry == null ? null : entry.node.dataDir();
        } finally {
            LOCK.unlock();
        }
    }

    /** One reference to an open node, given back once. */
    private static final class Reference implements EmbeddedNode {
        private final Entry entry;
        private final String host;
        private final int port;
        private final AtomicBoolean released = new AtomicBoolean();

        Reference(Entry entry) {
            this.entry = entry;
            String listenHost = entry.node.listen().host();
            this.host = listenHost.equals("0.0.0.0") || listenHost.equals("::") ? InProcessNode.LOOPBACK : listenHost;
            this.port = entry.node.listen().port();
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                EmbeddedNodeProvider.release(entry);
            }
        }
    }
}
