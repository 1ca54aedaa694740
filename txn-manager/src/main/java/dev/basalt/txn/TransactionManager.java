package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.routing.RangeRouter;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway side of transactions (see the package documentation): begins transactions, keeps
 * their primary locks alive, and runs the background work of commits. One per node; thread-safe.
 *
 * <p>Threads it owns, all bounded: one heartbeat thread; {@code requestThreads} that send one
 * request per range in parallel; {@code resolverThreads} that commit secondaries and roll back
 * after failures. When a pool's queue is full the work runs on the caller's thread instead - it is
 * never dropped, because a dropped secondary commit would leave a lock for readers to resolve and a
 * dropped request would lose a read.
 */
public final class TransactionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);
    /** {@link #close()} waits at most this long for background work to finish. */
    static final long CLOSE_WAIT_MS_MAX = 5_000;
    /** Parallel requests queued at most before callers send inline. */
    static final int REQUEST_QUEUE_MAX = 1_024;
    /** The gateway reports its oldest active transaction this often... */
    static final long REPORT_INTERVAL_MS = 1_000;
    /** ...and each report holds garbage collection back for this long (on the oracle's clock). */
    public static final long REPORT_VALID_MS = 10_000;
    /** {@link #begin(IsolationLevel, boolean, long)}'s priority for a first attempt: the start timestamp. */
    public static final long NO_PRIORITY = Long.MAX_VALUE;

    private final TxnConfig config;
    private final RangeClient client;
    private final LockResolver resolver;
    private final Heartbeats heartbeats;
    private final Committer committer;
    private final ThreadPoolExecutor requestPool;
    private final ThreadPoolExecutor resolverPool;
    private final ScheduledExecutorService heartbeatScheduler;
    private final ScheduledExecutorService reportScheduler;
    /** Open transactions by start timestamp. */
    private final ConcurrentSkipListMap<Long, Transaction> active = new ConcurrentSkipListMap<>();
    /** Shared by begins (timestamp + registration), exclusive for {@link #oldestActiveStartTs()}. */
    private final ReentrantReadWriteLock beginning = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private final String gatewayId = java.util.UUID.randomUUID().toString();

    public TransactionManager(RangeRouter router, TxnConfig config) {
        this(router, config, CommitObserver.NONE, GatewayReporter.NONE);
    }

    /**
     * A gateway that reports its oldest active transaction to {@code reporter} every
     * {@link #REPORT_INTERVAL_MS}, so that garbage collection never removes what it may still read.
     */
    public TransactionManager(RangeRouter router, TxnConfig config, GatewayReporter reporter) {
        this(router, config, CommitObserver.NONE, reporter);
    }

    /** With a {@link CommitObserver} that tests use to simulate a gateway crash mid-commit. */
    public TransactionManager(RangeRouter router, TxnConfig config, CommitObserver observer) {
        this(router, config, observer, GatewayReporter.NONE);
    }

    private TransactionManager(RangeRouter router, TxnConfig config, CommitObserver observer, GatewayReporter reporter) {
        this.config = Objects.requireNonNull(config, "config");
        this.requestPool = pool("txn-request", config.requestThreads(), REQUEST_QUEUE_MAX);
        this.resolverPool = pool("txn-resolver", config.resolverThreads(), config.resolverQueueMax());
        this.heartbeatScheduler = Executors.newSingleThreadScheduledExecutor(daemon("txn-heartbeat"));
        this.client = new RangeClient(Objects.requireNonNull(router, "router"), config.reroutesMax(), requestPool);
        this.resolver = new LockResolver(client, config.lockWaitMsMax(), this::markWounded);
        this.heartbeats = new Heartbeats(client, config.lockTtlMs(), heartbeatScheduler, config.heartbeatIntervalMs());
        this.committer = new Committer(client, resolver, heartbeats, resolverPool, Objects.requireNonNull(observer), config);
        // Reports go through the meta group and may wait; they get a thread of their own so that
        // heartbeats (which keep locks alive) never queue behind them.
        this.reportScheduler = reporter == GatewayReporter.NONE ? null : Executors.newSingleThreadScheduledExecutor(daemon("txn-report"));
        if (reportScheduler != null) {
            reportScheduler.scheduleWithFixedDelay(() -> report(reporter), 0, REPORT_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Reports min(oldest active start timestamp, now): a transaction that begins after this report starts above it. */
    private void report(GatewayReporter reporter) {
        try {
            long now = client.timestamp();
            long oldest = Math.min(oldestActiveStartTs(), now);
            reporter.report(gatewayId, oldest, dev.basalt.common.Timestamp.physicalMs(now) + REPORT_VALID_MS);
        } catch (RuntimeException e) {
            LOG.debug("gateway {}: report of the oldest active transaction failed, the next one retries: {}", gatewayId, e.toString());
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queueMax) {
        // Full queue (or a closed manager): run on the caller's thread; never drop the work.
        RejectedExecutionHandler inline = (task, executor) -> task.run();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueMax), daemon(name), inline);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger ids = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Begins a transaction at a fresh timestamp. SERIALIZABLE is refused with
     * ISOLATION_NOT_SUPPORTED (22023): Basalt does not detect the read-write conflicts it needs, and
     * must never claim an isolation level it does not provide.
     */
    public Transaction begin(IsolationLevel level, boolean readOnly) {
        return begin(level, readOnly, NO_PRIORITY);
    }

    /**
     * Begins a retry of work whose earlier attempt lost a conflict (40001 or 40P01): the new
     * transaction has a new start timestamp but keeps {@code priority}, the earlier attempt's
     * {@link Transaction#priority}, for wound-wait. Without it a retry is the youngest transaction
     * again and can be wounded again, and again. A priority above the new start timestamp (or
     * {@link #NO_PRIORITY}) means none: the start timestamp is the priority.
     */
    public Transaction begin(IsolationLevel level, boolean readOnly, long priority) {
        Objects.requireNonNull(level, "level");
        if (priority <= 0) {
            throw new IllegalArgumentException("priority must be positive, got " + priority);
        }
        if (level == IsolationLevel.SERIALIZABLE) {
            throw new BasaltException(ErrorCode.ISOLATION_NOT_SUPPORTED, "isolation level SERIALIZABLE is not supported; "
                    + "Basalt provides READ COMMITTED and SNAPSHOT (REPEATABLE READ) and will not run SERIALIZABLE as a weaker level");
        }
        if (closed) {
            throw new BasaltException(ErrorCode.INVALID_STATE, "the transaction manager is closed");
        }
        beginning.readLock().lock();
        try {
            long askedMs = client.monotonicMs(); // before the draw: the age of its locks is never underestimated
            long startTs = client.timestamp();
            Transaction t = new Transaction(this, startTs, Math.min(priority, startTs), askedMs, level, readOnly);
            active.put(startTs, t);
            return t;
        } finally {
            beginning.readLock().unlock();
        }
    }

    /**
     * The smallest start timestamp of the open transactions, or {@code Long.MAX_VALUE} if none. A
     * transaction whose begin has taken its timestamp is already counted (begins hold a shared lock
     * from taking the timestamp until registering), so a caller that reads the oracle first and then
     * calls this gets a bound below every snapshot still in use or yet to start.
     */
    public long oldestActiveStartTs() {
        beginning.writeLock().lock();
        try {
            return active.isEmpty() ? Long.MAX_VALUE : active.firstKey();
        } finally {
            beginning.writeLock().unlock();
        }
    }

    /** Stops the heartbeat thread and the pools, waiting up to {@link #CLOSE_WAIT_MS_MAX} for queued work. */
    @Override
    public void close() {
        closed = true;
        heartbeatScheduler.shutdownNow();
        if (reportScheduler != null) {
            reportScheduler.shutdownNow();
        }
        requestPool.shutdown();
        resolverPool.shutdown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS_MAX);
        try {
            for (var pool : new java.util.concurrent.ExecutorService[] {heartbeatScheduler, resolverPool, requestPool}) {
                long left = deadline - System.nanoTime();
                if (!pool.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    LOG.warn("transaction manager: background work still running after {} ms; abandoning it", CLOSE_WAIT_MS_MAX);
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- for transactions and tests

    TxnConfig config() {
        return config;
    }

    RangeClient client() {
        return client;
    }

    LockResolver resolver() {
        return resolver;
    }

    Heartbeats heartbeats() {
        return heartbeats;
    }

    Committer committer() {
        return committer;
    }

    void finished(Transaction t) {
        active.remove(t.startTs(), t);
    }

    private void markWounded(long startTs) {
        Transaction victim = active.get(startTs);
        if (victim != null) {
            victim.markWounded();
        }
    }

    /** Sends one round of heartbeats now (tests; the scheduler does this every heartbeat interval). */
    void heartbeatNow() {
        heartbeats.beatAll();
    }
}
