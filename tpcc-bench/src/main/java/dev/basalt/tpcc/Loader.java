package dev.basalt.tpcc;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Creates the nine tables and fills them for W warehouses as clause 4.3.3.1 describes. Foreign
 * keys are in place while loading, so parents are loaded before their children, in three phases
 * whose tasks run on {@code loaders} threads, each with its own connection:
 * <pre>
 *   1. ITEM (in chunks of {@value #ITEM_CHUNK} ids), WAREHOUSE and its DISTRICTs
 *   2. STOCK (per warehouse, in chunks of {@value #ITEM_CHUNK} items), CUSTOMER + HISTORY per district
 *   3. OORDER, NEW_ORDER and ORDER_LINE per district
 * </pre>
 * Every task draws from its own generator, seeded from the load's seed and the task's place, so a
 * load with the same seed writes the same rows whatever the threads' timing.
 */
final class Loader {
    /** ITEM and STOCK rows per loading task. */
    static final int ITEM_CHUNK = 10_000;
    /** How long a phase may take before the load is given up. */
    static final long PHASE_WAIT_HOURS_MAX = 24;
    static final BigDecimal WAREHOUSE_YTD = new BigDecimal("300000.00");
    static final BigDecimal DISTRICT_YTD = new BigDecimal("30000.00");
    static final BigDecimal CUSTOMER_CREDIT_LIMIT = new BigDecimal("50000.00");
    static final BigDecimal CUSTOMER_BALANCE = new BigDecimal("-10.00");
    static final BigDecimal CUSTOMER_YTD_PAYMENT = new BigDecimal("10.00");
    static final BigDecimal HISTORY_AMOUNT = new BigDecimal("10.00");
    static final BigDecimal ZERO_AMOUNT = new BigDecimal("0.00");

    private final Connections connections;
    private final int warehouses;
    private final int loaders;
    private final long seed;
    private final PrintStream out;
    private final LoadProgress progress;
    private final Timestamp loadTime = new Timestamp(System.currentTimeMillis());

    Loader(Connections connections, int warehouses, int loaders, long seed, PrintStream out) {
        this.connections = connections;
        this.warehouses = warehouses;
        this.loaders = loaders;
        this.seed = seed;
        this.out = out;
        this.progress = new LoadProgress(warehouses);
    }

    /** A loading task: writes its part with its own connection. */
    private interface Task {
        void load(Connection c) throws SQLException;
    }

    /** Drops and creates the tables, loads them; returns the rows written. */
    long load() throws SQLException, InterruptedException {
        Dialect dialect = connections.dialect();
        out.printf("load: %d warehouse%s into %s (%s), %d loader%s, seed %d%n", warehouses, warehouses == 1 ? "" : "s",
                connections.url(), dialect.name().toLowerCase(java.util.Locale.ROOT), loaders, loaders == 1 ? "" : "s", seed);
        try (Connection c = connections.open(true); Statement s = c.createStatement()) {
            for (String sql : Schema.dropAll(dialect)) {
                execute(s, sql);
            }
            for (Schema.Table t : Schema.Table.values()) {
                execute(s, Schema.createTable(t));
            }
            if (dialect.indexesBeforeLoad()) {
                createIndexes(s);
            }
        }
        List<Task> phase1 = new ArrayList<>();
        for (int first = 1; first <= Scale.ITEMS; first += ITEM_CHUNK) {
            int from = first;
            phase1.add(c -> loadItems(c, from, Math.min(Scale.ITEMS, from + ITEM_CHUNK - 1)));
        }
        for (int w = 1; w <= warehouses; w++) {
            int warehouse = w;
            phase1.add(c -> loadWarehouse(c, warehouse));
        }
        List<Task> phase2 = new ArrayList<>();
        List<Task> phase3 = new ArrayList<>();
        for (int w = 1; w <= warehouses; w++) {
            int warehouse = w;
            for (int first = 1; first <= Scale.ITEMS; first += ITEM_CHUNK) {
                int from = first;
                phase2.add(c -> loadStock(c, warehouse, from, Math.min(Scale.ITEMS, from + ITEM_CHUNK - 1)));
            }
            for (int d = 1; d <= Scale.DISTRICTS_PER_WAREHOUSE; d++) {
                int district = d;
                phase2.add(c -> loadCustomers(c, warehouse, district));
                phase3.add(c -> loadOrders(c, warehouse, district));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(loaders, r -> {
            Thread t = new Thread(r, "tpcc-loader");
            t.setDaemon(true);
            return t;
        });
        Thread printer = startPrinter();
        try {
            runPhase(pool, phase1);
            runPhase(pool, phase2);
            runPhase(pool, phase3);
        } finally {
            pool.shutdownNow();
            printer.interrupt();
            printer.join();
        }
        progress.print(out);
        try (Connection c = connections.open(true); Statement s = c.createStatement()) {
            if (!dialect.indexesBeforeLoad()) {
                createIndexes(s);
            }
            for (String sql : dialect.afterLoad()) {
                execute(s, sql);
            }
        }
        long rows = progress.total();
        double seconds = progress.elapsedSeconds();
        out.printf("load: done, %,d rows in %.1f s (%,.0f rows/s)%n", rows, seconds, rows / Math.max(seconds, 1e-3));
        return rows;
    }

    private void createIndexes(Statement s) throws SQLException {
        for (Schema.Index index : Schema.INDEXES) {
            execute(s, index.ddl());
        }
    }

    private static void execute(Statement s, String sql) throws SQLException {
        try {
            s.execute(sql);
        } catch (SQLException e) {
            throw new SQLException("load: " + sql + " failed: " + SqlErrors.describe(e), e.getSQLState(), e);
        }
    }

    private Thread startPrinter() {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    TimeUnit.MILLISECONDS.sleep(LoadProgress.PRINT_EVERY_MS); // the progress line's period
                    progress.print(out);
                }
            } catch (InterruptedException e) {
                // the load is over
            }
        }, "tpcc-load-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void runPhase(ExecutorService pool, List<Task> tasks) throws SQLException, InterruptedException {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            int which = i;
            futures.add(pool.submit(() -> {
                try (Connection c = connections.open(false, which)) {
                    task.load(c);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get(PHASE_WAIT_HOURS_MAX, TimeUnit.HOURS);
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof SQLException se) {
                throw se;
            }
            throw new IllegalStateException("load failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("a load phase took more than " + PHASE_WAIT_HOURS_MAX + " hours");
        }
    }

    /** A generator for one task, from the load's seed and the task's place. */
    private TpccRandom random(int kind, int warehouse, int part) {
        long mixed = seed;
        for (long v : new long[] {kind, warehouse, part}) {
            mixed = (mixed ^ v) * 0x9E3779B97F4A7C15L;
            mixed ^= mixed >>> 31;
        }
        return new TpccRandom(mixed, TpccRandom.Constants.LOAD);
    }

    private void loadItems(Connection c, int from, int to) throws SQLException {
        TpccRandom r = random(1, 0, from);
        try (BatchInserter items = new BatchInserter(c, Schema.Table.ITEM, progress, "I_ID " + from + ".." + to)) {
            for (int id = from; id <= to; id++) {
                items.add(id, r.aString(14, 24), r.decimal(100, 10_000, 2), r.dataWithOriginal(), r.uniform(1, 10_000));
            }
            items.flush();
        }
    }

    private void loadWarehouse(Connection c, int w) throws SQLException {
        TpccRandom r = random(2, w, 0);
        try (BatchInserter warehouse = new BatchInserter(c, Schema.Table.WAREHOUSE, progress, "warehouse " + w)) {
            warehouse.add(w, WAREHOUSE_YTD, r.decimal(0, 2_000, 4), r.aString(6, 10), r.aString(10, 20), r.aString(10, 20),
                    r.aString(10, 20), r.aString(2, 2), r.zip());
            warehouse.flush();
        }
        try (BatchInserter districts = new BatchInserter(c, Schema.Table.DISTRICT, progress, "warehouse " + w)) {
            for (int d = 1; d <= Scale.DISTRICTS_PER_WAREHOUSE; d++) {
                districts.add(w, d, DISTRICT_YTD, r.decimal(0, 2_000, 4), Scale.ORDERS_PER_DISTRICT + 1, r.aString(6, 10),
                        r.aString(10, 20), r.aString(10, 20), r.aString(10, 20), r.aString(2, 2), r.zip());
            }
            districts.flush();
        }
    }

    private void loadStock(Connection c, int w, int from, int to) throws SQLException {
        TpccRandom r = random(3, w, from);
        try (BatchInserter stock = new BatchInserter(c, Schema.Table.STOCK, progress, "warehouse " + w + " S_I_ID " + from + ".." + to)) {
            for (int i = from; i <= to; i++) {
                stock.add(w, i, r.uniform(10, 100), 0, 0, 0, r.dataWithOriginal(),
                        r.aString(24, 24), r.aString(24, 24), r.aString(24, 24), r.aString(24, 24), r.aString(24, 24),
                        r.aString(24, 24), r.aString(24, 24), r.aString(24, 24), r.aString(24, 24), r.aString(24, 24));
            }
            stock.flush();
        }
    }

    private void loadCustomers(Connection c, int w, int d) throws SQLException {
        TpccRandom r = random(4, w, d);
        String where = "warehouse " + w + " district " + d;
        try (BatchInserter customers = new BatchInserter(c, Schema.Table.CUSTOMER, progress, where)) {
            for (int id = 1; id <= Scale.CUSTOMERS_PER_DISTRICT; id++) {
                // The first 1,000 customers cover every last name once; the others are NURand (clause 4.3.3.1).
                String last = id <= 1_000 ? TpccRandom.lastName(id - 1) : TpccRandom.lastName(r.nuRand(255, 0, 999));
                String credit = r.uniform(1, 10) == 1 ? "BC" : "GC";
                customers.add(w, d, id, r.decimal(0, 5_000, 4), credit, last, r.aString(8, 16), CUSTOMER_CREDIT_LIMIT,
                        CUSTOMER_BALANCE, CUSTOMER_YTD_PAYMENT, 1, 0, r.aString(10, 20), r.aString(10, 20), r.aString(10, 20),
                        r.aString(2, 2), r.zip(), r.nString(16, 16), loadTime, "OE", r.aString(300, 500));
            }
            customers.flush();
        }
        try (BatchInserter history = new BatchInserter(c, Schema.Table.HISTORY, progress, where)) {
            for (int id = 1; id <= Scale.CUSTOMERS_PER_DISTRICT; id++) {
                history.add(w, r.nextLong(), id, d, w, d, loadTime, HISTORY_AMOUNT, r.aString(12, 24));
            }
            history.flush();
        }
    }

    private void loadOrders(Connection c, int w, int d) throws SQLException {
        TpccRandom r = random(5, w, d);
        String where = "warehouse " + w + " district " + d;
        int[] customerOf = r.permutation(Scale.CUSTOMERS_PER_DISTRICT);
        int[] lineCount = new int[Scale.ORDERS_PER_DISTRICT + 1];
        try (BatchInserter orders = new BatchInserter(c, Schema.Table.OORDER, progress, where)) {
            for (int o = 1; o <= Scale.ORDERS_PER_DISTRICT; o++) {
                lineCount[o] = r.uniform(Scale.ORDER_LINES_MIN, Scale.ORDER_LINES_MAX);
                Integer carrier = o < Scale.FIRST_UNDELIVERED_ORDER ? r.uniform(1, 10) : null;
                orders.add(w, d, o, customerOf[o - 1], carrier, lineCount[o], 1, loadTime);
            }
            orders.flush();
        }
        try (BatchInserter newOrders = new BatchInserter(c, Schema.Table.NEW_ORDER, progress, where)) {
            for (int o = Scale.FIRST_UNDELIVERED_ORDER; o <= Scale.ORDERS_PER_DISTRICT; o++) {
                newOrders.add(w, d, o);
            }
            newOrders.flush();
        }
        try (BatchInserter lines = new BatchInserter(c, Schema.Table.ORDER_LINE, progress, where)) {
            for (int o = 1; o <= Scale.ORDERS_PER_DISTRICT; o++) {
                boolean delivered = o < Scale.FIRST_UNDELIVERED_ORDER;
                for (int n = 1; n <= lineCount[o]; n++) {
                    lines.add(w, d, o, n, r.uniform(1, Scale.ITEMS), delivered ? loadTime : null,
                            delivered ? ZERO_AMOUNT : r.decimal(1, 999_999, 2), w, 5, r.aString(24, 24));
                }
            }
            lines.flush();
        }
    }
}
