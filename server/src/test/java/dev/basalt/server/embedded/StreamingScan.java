package dev.basalt.server.embedded;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The work of {@link StreamingScanTest}, run in a JVM of its own with a small heap, so that the
 * heap bounds the node (Ratis, RocksDB's Java side, Netty, the SQL engine and its cursor) and the
 * client (the driver and its result set) together. {@code main(side)}:
 *
 * <ol>
 *   <li>opens {@code jdbc:basalt:mem:streaming} (a one-node Basalt in this JVM, reached over
 *       loopback by the real driver) and writes keys {@code 0 .. side-1} into table {@code t} in
 *       batches;</li>
 *   <li>scans {@code t} once (the table scan path);</li>
 *   <li>reads {@code SELECT a.k, b.k FROM t a CROSS JOIN t b} ({@code side²} rows) with
 *       {@code setFetchSize(FETCH_ROWS)} on a plain statement, first in autocommit, then again with
 *       autocommit off (as pgJDBC users write a streamed query), and checks the count, the sum and
 *       the sum of squares of {@code a.k * side + b.k}: each value {@code 0 .. side²-1} once gives
 *       closed forms for both;</li>
 *   <li>prints what it read, how long it took and the heap it used, and exits 0 only when every
 *       check held (1 otherwise; an OutOfMemoryError ends the JVM through
 *       {@code -XX:+ExitOnOutOfMemoryError}).</li>
 * </ol>
 *
 * The heap figure that matters is the live heap: what is still in use after a full collection,
 * taken every million rows while the cursor is open, and the largest heap in use after any
 * collection over the whole run. When rows stream, the first stays flat however many rows pass.
 */
public final class StreamingScan {
    /** Rows per FETCH, as the example sets it. */
    static final int FETCH_ROWS = 1_000;
    /** Keys written per executeBatch. */
    static final int INSERT_BATCH_ROWS = 500;
    /** A progress line every this many joined rows. */
    static final long PROGRESS_ROWS = 1_000_000;
    /** The line the parent looks for; the row count follows it. */
    static final String RESULT = "streamed rows: ";
    private static final double MB = 1024 * 1024;

    private StreamingScan() {
    }

    public static void main(String[] args) throws Exception {
        int side = Integer.parseInt(args[0]);
        LiveHeap live = LiveHeap.watch();
        boolean ok;
        try (Connection c = DriverManager.getConnection("jdbc:basalt:mem:streaming")) {
            long start = System.nanoTime();
            load(c, side);
            System.out.printf("loaded %d rows in %.1f s%n", side, seconds(start));
            ok = scanTable(c, side);
            String sql = "SELECT a.k, b.k FROM t a CROSS JOIN t b";
            try (Statement s = c.createStatement(); ResultSet plan = s.executeQuery("EXPLAIN " + sql)) {
                while (plan.next()) {
                    System.out.println("plan: " + plan.getString(1));
                }
            }
            ok &= crossJoin(c, sql, side, live, "autocommit");
            // pgJDBC streams only with autocommit off, so that is how its users write it: it streams here too.
            c.setAutoCommit(false);
            ok &= crossJoin(c, sql, side, live, "in a transaction");
            c.commit();
        }
        System.out.printf("heap after GC: max %.1f MB over %d collections, max %.1f MB over %d full collections"
                + " (-Xmx: %d MB usable); direct buffers now %.1f MB%n", live.usedMax.get() / MB, live.collections.get(),
                live.usedMaxFull.get() / MB, live.fullCollections.get(), Runtime.getRuntime().maxMemory() / (long) MB, directBytes() / MB);
        System.out.println(ok ? "all checks passed" : "a check failed");
        System.exit(ok ? 0 : 1);
    }

    private static void load(Connection c, int side) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INT PRIMARY KEY)");
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
            for (int k = 0; k < side; k++) {
                insert.setInt(1, k);
                insert.addBatch();
                if ((k + 1) % INSERT_BATCH_ROWS == 0 || k == side - 1) {
                    insert.executeBatch();
                }
            }
        }
    }

    /** One streamed scan of the table itself: every key once. */
    private static boolean scanTable(Connection c, int side) throws Exception {
        long rows = 0;
        long sum = 0;
        try (Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_ROWS);
            try (ResultSet rs = s.executeQuery("SELECT k FROM t")) {
                while (rs.next()) {
                    rows++;
                    sum += rs.getInt(1);
                }
            }
        }
        long sumExpected = (long) side * (side - 1) / 2;
        System.out.printf("table scan: %d rows (expected %d), sum of keys %d (expected %d)%n", rows, side, sum, sumExpected);
        return rows == side && sum == sumExpected;
    }

    /**
     * Streams {@code sql} (the cross join) and checks it. At every {@link #PROGRESS_ROWS} rows it
     * collects the garbage and notes the heap still in use, while the cursor is open on both ends.
     */
    private static boolean crossJoin(Connection c, String sql, int side, LiveHeap live, String mode) throws Exception {
        System.out.println("cross join " + mode + " (autocommit " + c.getAutoCommit() + "), fetch size " + FETCH_ROWS);
        long rows = 0;
        long sum = 0;
        long squares = 0; // modulo 2^64, as the expected value is compared
        long liveFirst = -1;
        long liveMax = 0;
        long start = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_ROWS);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    long v = (long) rs.getInt(1) * side + rs.getInt(2);
                    rows++;
                    sum += v;
                    squares += v * v;
                    if (rows % PROGRESS_ROWS == 0) {
                        long used = LiveHeap.usedAfterFullCollection();
                        liveFirst = liveFirst < 0 ? used : liveFirst;
                        liveMax = Math.max(liveMax, used);
                        System.out.printf("  %,d rows, %.1f s, heap in use after a full collection %.1f MB%n", rows, seconds(start), used / MB);
                    }
                }
            }
        }
        double took = seconds(start);
        BigInteger n = BigInteger.valueOf((long) side * side);
        long rowsExpected = n.longValueExact();
        long sumExpected = n.multiply(n.subtract(BigInteger.ONE)).shiftRight(1).longValueExact();
        // 0² + ... + (n-1)² = (n-1) n (2n-1) / 6, compared modulo 2^64 as it was summed
        long squaresExpected = n.subtract(BigInteger.ONE).multiply(n).multiply(n.shiftLeft(1).subtract(BigInteger.ONE))
                .divide(BigInteger.valueOf(6)).longValue();
        System.out.printf("cross join %s: %d rows (expected %d), sum %d (expected %d), sum of squares mod 2^64 %d (expected %d)%n",
                mode, rows, rowsExpected, sum, sumExpected, squares, squaresExpected);
        System.out.printf("%s%d %s in %.1f s (%,.0f rows/s); heap in use after a full collection: %.1f MB at the first"
                + " million rows, at most %.1f MB%n", RESULT, rows, mode, took, rows / took, liveFirst / MB, liveMax / MB);
        return rows == rowsExpected && sum == sumExpected && squares == squaresExpected;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long directBytes() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return -1;
    }

    /**
     * The largest heap still in use right after a collection, over every collection so far
     * ({@code usedMax}; after a young collection this still counts garbage already promoted), and
     * over full collections only ({@code usedMaxFull}: the live heap).
     */
    private static final class LiveHeap {
        final AtomicLong usedMax = new AtomicLong();
        final AtomicLong usedMaxFull = new AtomicLong();
        final AtomicInteger collections = new AtomicInteger();
        final AtomicInteger fullCollections = new AtomicInteger();

        /** Collects the garbage now and returns the heap still in use: what is live at this point. */
        static long usedAfterFullCollection() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        static LiveHeap watch() {
            LiveHeap live = new LiveHeap();
            Set<String> heapPools = new HashSet<>();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(pool.getKey())) {
                            used += pool.getValue().getUsed();
                        }
                    }
                    live.collections.incrementAndGet();
                    live.usedMax.accumulateAndGet(used, Math::max);
                    if (info.getGcAction().contains("major")) {
                        live.fullCollections.incrementAndGet();
                        live.usedMaxFull.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
            return live;
        }
    }
}
