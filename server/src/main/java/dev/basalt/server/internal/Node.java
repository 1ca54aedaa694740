package dev.basalt.server.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.common.WallClock;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.common.net.RpcHandler;
import dev.basalt.common.net.RpcServer;
import dev.basalt.common.net.ServerTls;
import dev.basalt.placement.Handlers;
import dev.basalt.placement.NodeInfo;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.driver.NodeUpkeep;
import dev.basalt.placement.driver.PlacementDriver;
import dev.basalt.placement.membership.Membership;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.placement.meta.MetaView;
import dev.basalt.placement.replica.ClusterBootstrap;
import dev.basalt.placement.replica.ReplicaAdmin;
import dev.basalt.placement.replica.SnapshotShipping;
import dev.basalt.placement.replica.StatusService;
import dev.basalt.placement.routing.ClusterRouter;
import dev.basalt.server.internal.client.ClientAuthenticator;
import dev.basalt.server.internal.client.ClientConnectionHandler;
import dev.basalt.server.internal.client.MetaCatalogStore;
import dev.basalt.server.internal.client.MetaUserStore;
import dev.basalt.sql.SqlEngine;
import dev.basalt.txn.TransactionManager;
import dev.basalt.placement.tso.TimestampClient;
import dev.basalt.placement.tso.TimestampOracle;
import dev.basalt.placement.tso.TimestampService;
import dev.basalt.range.RangeStoreConfig;
import dev.basalt.range.store.RangeService;
import dev.basalt.range.store.RangeStore;
import dev.basalt.txn.GarbageCollector;
import dev.basalt.txn.TxnConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Basalt node, assembled: the range store (RocksDB + Raft), and the control plane of placement
 * (membership, the meta group, the timestamp oracle, routing, replica administration, status, the
 * placement driver), the garbage collector of txn-manager, a dispatch table from node-protocol
 * methods to the components that own them, and the listener. The logic lives in those modules;
 * this class only builds them, schedules their rounds and stops them.
 *
 * <pre>
 *   every 500 ms   membership gossip (HELLO); meta upkeep: liveness records, view refresh, reconcile
 *   every 1 s      placement driver round (on the meta leader)
 *   every 60 s     garbage collection (on the meta leader)
 * </pre>
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /** Garbage collection runs this often on the meta leader. */
    static final long GC_EVERY_MS = 60_000;
    /** A gateway report that expired this long ago is deleted. */
    static final long GATEWAY_REPORT_FORGET_MS = 3_600_000;
    /** Threads and queue bounds of the node's executors. */
    static final int WORKER_THREADS = 4;
    static final int WORKER_QUEUE_MAX = 10_000;
    static final int STATUS_THREADS = 2;
    static final int STATUS_QUEUE_MAX = 1_000;
    /** Threads that run SQL sessions' requests: a statement holds one while it waits on ranges. */
    static final int SESSION_THREADS_CORE = 4;
    /** At most this many statements run at once on a node; beyond it a client gets SERVER_BUSY. */
    static final int SESSION_THREADS_MAX = 256;

    private final NodeConfig config;
    private final WallClock clock;
    private final RpcClient rpc;
    private final Membership membership;
    private final MetaService meta;
    private final TimestampClient timestamps;
    private final RangeStore store;
    private final TimestampOracle oracle;
    private final ClusterRouter router;
    private final StatusService status;
    private final ReplicaAdmin replicas;
    private final GarbageCollector gc;
    private final ExecutorService admin;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor statusWorkers;
    /** One thread per kind of round, so a long driver move never delays gossip. */
    private final ScheduledExecutorService gossipTimer;
    private final ScheduledExecutorService upkeepTimer;
    private final ScheduledExecutorService driverTimer;
    private final RpcServer server;
    /** The transaction manager this node's SQL sessions run their transactions through (their gateway). */
    private final TransactionManager txns;
    private final SqlEngine sql;
    private final ThreadPoolExecutor sessionPool;

    private Node(NodeConfig config, ServerTls tls) throws IOException {
        this.config = config;
        String name = "node" + config.nodeId();
        this.clock = WallClock.offset(config.clockOffsetMs());
        this.rpc = new RpcClient(name);
        this.admin = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-admin"));
        this.workers = pool(name + "-worker", WORKER_THREADS, WORKER_QUEUE_MAX);
        this.statusWorkers = pool(name + "-status", STATUS_THREADS, STATUS_QUEUE_MAX);
        this.gossipTimer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-gossip"));
        this.upkeepTimer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-upkeep"));
        this.driverTimer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-placement"));
        NodeInfo self = new NodeInfo(config.nodeId(), config.listen(), config.raftListen());
        MetaService[] metaRef = new MetaService[1];
        this.membership = new Membership(self, config.join(), rpc, clock, config.nodeDownAfterMs(), () -> metaRef[0].view(),
                (id, bytes) -> store().putMeta("nodes/" + id, bytes));
        this.meta = new MetaService(config.nodeId(), membership, rpc, this::store);
        metaRef[0] = meta;
        TimestampOracle[] oracleRef = new TimestampOracle[1];
        this.timestamps = new TimestampClient(rpc, membership::addressOf,
                () -> membership.all().stream().map(NodeInfo::address).toList(), config.nodeId(), count -> oracleRef[0].allocate(count));
        this.store = RangeStore.open(new RangeStoreConfig(config.nodeId(), config.dataDir(), config.raftListen().host(),
                config.raftListen().port(), membership::raftAddressOf, timestamps, RangeStoreConfig.ELECTION_TIMEOUT_MS_DEFAULT,
                config.snapshotEveryEntries(), config.logPurgeGap(), RangeStoreConfig.IN_FLIGHT_ENTRIES_DEFAULT,
                RangeStoreConfig.WORKER_THREADS_DEFAULT, Map.of(MetaService.GROUP, meta::newState), SqlEngine.scanFilters()));
        membership.restore(store.scanMeta("nodes/").values());
        store.recoverMissingReplicas();
        this.oracle = new TimestampOracle(meta, clock::nowMs, membership::clusterNowMs);
        oracleRef[0] = oracle;
        this.router = new ClusterRouter(rpc, new ClusterRouter.Views() {
            @Override
            public MetaView current() {
                return meta.view();
            }

            @Override
            public MetaView refresh() {
                return meta.refreshView();
            }
        }, timestamps, new ClusterRouter.LocalRanges() {
            @Override
            public int nodeId() {
                return config.nodeId();
            }

            @Override
            public CompletableFuture<dev.basalt.range.RangeResponse> execute(long rangeId, dev.basalt.range.RangeRequest request) {
                return store.execute(rangeId, request);
            }
        }, membership::addressOf);
        this.status = new StatusService(store, membership, meta, rpc);
        SnapshotShipping shipping = new SnapshotShipping(store, config.dataDir(), rpc);
        this.replicas = new ReplicaAdmin(store, membership, meta, rpc, shipping, config.dataDir());
        ClusterBootstrap bootstrap = new ClusterBootstrap(membership, meta, replicas, status, timestamps, rpc);
        this.gc = new GarbageCollector(router, TxnConfig.REROUTES_MAX_DEFAULT);
        RangeService ranges = new RangeService(store);
        Map<Integer, RpcHandler> dispatch = Handlers.merge(
                Map.of(NodeMethods.RANGE, (m, p) -> ranges.handle(p)),
                membership.handlers(config.faultInjection()),
                meta.handlers(workers),
                new TimestampService(oracle, timestamps, meta).handlers(workers),
                status.handlers(statusWorkers),
                replicas.handlers(admin, workers),
                shipping.handlers(workers),
                bootstrap.handlers(admin));
        this.txns = new TransactionManager(router, TxnConfig.defaults(),
                (id, oldest, expires) -> meta.command(MetaService.gatewayReport(id, oldest, expires)));
        this.sql = new SqlEngine(txns, new MetaCatalogStore(meta), new MetaUserStore(meta));
        ClientAuthenticator authenticator = new ClientAuthenticator(config.nodeId(), sql.users());
        this.sessionPool = new ThreadPoolExecutor(SESSION_THREADS_CORE, SESSION_THREADS_MAX, 60, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> daemon(r, name + "-session"));
        // One handler per connection: a client's connection carries its SQL session.
        this.server = RpcServer.startPerConnection(name, config.listen(),
                () -> new ClientConnectionHandler(config.nodeId(), dispatch, sql, sessionPool, authenticator), tls);
        PlacementDriver driver = new PlacementDriver(membership, meta, status, rpc, config.rebalance(), config.splitAfterWrites());
        NodeUpkeep upkeep = new NodeUpkeep(membership, meta, replicas);
        gossipTimer.scheduleWithFixedDelay(membership::heartbeat, 0, Membership.HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        upkeepTimer.scheduleWithFixedDelay(upkeep::round, Membership.HEARTBEAT_MS, Membership.HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        driverTimer.scheduleWithFixedDelay(driver::round, PlacementDriver.ROUND_MS, PlacementDriver.ROUND_MS, TimeUnit.MILLISECONDS);
        driverTimer.scheduleWithFixedDelay(this::collectGarbage, GC_EVERY_MS, GC_EVERY_MS, TimeUnit.MILLISECONDS);
        upkeepTimer.scheduleWithFixedDelay(this::refreshCatalog, SqlEngine.CATALOG_REFRESH_MS, SqlEngine.CATALOG_REFRESH_MS,
                TimeUnit.MILLISECONDS);
    }

    /** Keeps this node's copy of the SQL catalog current, so a DDL on another node is seen within about a second. */
    private void refreshCatalog() {
        try {
            sql.refreshCatalog();
        } catch (RuntimeException e) {
            LOG.debug("node {}: catalog refresh failed ({}); the next one tries again", config.nodeId(), e.toString());
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queueMax) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueMax), r -> daemon(r, name));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts a node: opens its store, listens, greets the join addresses and starts its rounds. */
    public static Node start(NodeConfig config) throws IOException {
        // Read first: a bad certificate or key fails the start before anything is opened.
        ServerTls tls = config.tls() == null ? null : ServerTls.fromPem(config.tls().certificateChain(), config.tls().privateKey());
        Node node = new Node(config, tls);
        LOG.info("node {}: listening on {} (Raft on {}), data in {}{}{}", config.nodeId(), node.server.address(), config.raftListen(),
                config.dataDir(), config.clockOffsetMs() == 0 ? "" : ", clock offset " + config.clockOffsetMs() + " ms",
                tls == null ? "" : "; clients may use " + tls + " or plaintext");
        return node;
    }

    private RangeStore store() {
        return store;
    }

    /** On the meta leader: one garbage collection over every range (fence, resolve leftover locks, collect). */
    private void collectGarbage() {
        if (!meta.isLeader()) {
            return;
        }
        try {
            meta.pruneGatewayReports(Timestamp.physicalMs(timestamps.next()), GATEWAY_REPORT_FORGET_MS);
            gc.runOnce(config.gcRetentionMs(), meta.gatewayReports());
        } catch (RuntimeException e) {
            LOG.info("gc: round did not complete ({}); the next round tries again", e.getMessage());
        }
    }

    public HostPort address() {
        return server.address();
    }

    public int nodeId() {
        return config.nodeId();
    }

    /** A router embedded in this node: requests for ranges it leads run in-process, others over the network. */
    public ClusterRouter router() {
        return router;
    }

    @Override
    public void close() {
        LOG.info("node {}: stopping", config.nodeId());
        for (ExecutorService timer : List.of(gossipTimer, upkeepTimer, driverTimer)) {
            timer.shutdownNow();
        }
        server.close();
        sessionPool.shutdownNow();
        txns.close();
        timestamps.close();
        for (ExecutorService pool : new ArrayList<>(List.of(admin, workers, statusWorkers))) {
            pool.shutdownNow();
        }
        rpc.close();
        store.close();
    }
}
