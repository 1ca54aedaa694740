/**
 * TPC-C over plain JDBC: one harness, any URL, so Basalt and PostgreSQL are measured by the same
 * code issuing the same statements ({@code bin/basalt tpcc load|run|check}; {@link
 * dev.basalt.tpcc.TpccMain}). The JMH micro-benchmarks live beside it in {@code jmh/}.
 *
 * <h2>What it does</h2>
 * <pre>
 *   load   drop + create 9 tables (keys and foreign keys of clause 1.3)      Schema, Dialect
 *          fill W warehouses (clause 4.3.3.1), 128-row JDBC batches        Loader, BatchInserter
 *   run    T terminals, each a thread + connection, for warm-up + S s      Driver, Terminal, Deck
 *          the five transactions statement by statement                    NewOrder, Payment, OrderStatus,
 *                                                                          Delivery, StockLevel
 *          one progress line per second; latencies in HdrHistogram         Stats
 *          consistency conditions 1-10 and 12 (clause 3.3.2)               Consistency
 *          one result line; --report: JSON, PNG, HTML                      RunReport, ReportWriter
 *   check  the conditions alone, on the data as it is                      CheckCommand
 * </pre>
 *
 * <h2>Keys and placement</h2>
 * Every table but ITEM has the warehouse id as the first primary-key column, and Basalt places a
 * row by its table's first primary-key column unless told otherwise: all rows of warehouse w sit
 * in the same hash slot of each table, so a New-Order or Payment of one warehouse touches a few
 * ranges, not dozens. ITEM (read-only, 100,000 rows) is spread by I_ID.
 * <pre>
 *   WAREHOUSE (W_ID)                     DISTRICT  (D_W_ID, D_ID)
 *   CUSTOMER  (C_W_ID, C_D_ID, C_ID)     + index (C_W_ID, C_D_ID, C_LAST, C_FIRST)
 *   OORDER    (O_W_ID, O_D_ID, O_ID)     + index (O_W_ID, O_D_ID, O_C_ID, O_ID)
 *   NEW_ORDER (NO_W_ID, NO_D_ID, NO_O_ID)       ORDER_LINE (OL_W_ID, OL_D_ID, OL_O_ID, OL_NUMBER)
 *   STOCK     (S_W_ID, S_I_ID)           HISTORY (H_W_ID, H_ID)       ITEM (I_ID)
 * </pre>
 * Foreign keys are declared as the spec lists them and are in force while loading, so the loader
 * writes parents first: ITEM, WAREHOUSE, DISTRICT; then STOCK, CUSTOMER, HISTORY; then OORDER,
 * NEW_ORDER, ORDER_LINE. On Basalt indexes are created before the load (an online index build
 * takes seconds even on an empty table); on PostgreSQL after it, followed by ANALYZE.
 *
 * <h2>A terminal, and how it retries</h2>
 * <pre>
 *   deal type ─ [keying] ─ draw inputs ─ attempt 1 ─x 40001 ─ attempt 2 ─ COMMIT ─ [think] ─ deal ...
 *                                       └──────────── latency (retries included) ────┘
 * </pre>
 * <b>A business transaction's inputs are drawn once; every retry replays exactly those inputs.</b>
 * An attempt that fails with 40001, 40P01 or 40002 — or a Delivery whose DELETE of the oldest
 * NEW_ORDER row found it gone (another Delivery took it) — is rolled back and run again, at most
 * {@link dev.basalt.tpcc.SqlErrors#ATTEMPTS_MAX} times in all; each rerun counts as a retry. Any
 * other failure, 40003 (commit outcome unknown, so not safe to rerun), a missing row or a wrong
 * update count ends the transaction as an error. A lost connection (08xxx) is an error too, and
 * the terminal opens a new one. New-Order's 1% unused item rolls back on purpose and counts as
 * an abort, not an error.
 *
 * <p>Statements are those TPC-C drivers issue (notes/JDBC-TOOLS.md): prepared once per connection;
 * {@code SELECT ... FOR UPDATE} on one table only (DISTRICT in New-Order, STOCK per line, the
 * customer in Payment); STOCK updates and ORDER_LINE inserts of a New-Order sent as two JDBC
 * batches; totals changed by relative updates ({@code W_YTD = W_YTD + ?}), so READ COMMITTED keeps
 * them right too. The default isolation is REPEATABLE READ (snapshot isolation on Basalt and
 * PostgreSQL); SERIALIZABLE is not offered, because Basalt refuses it rather than weaken it.
 *
 * <h2>Measuring</h2>
 * The driver thread ticks once a second: it takes each type's interval histogram from its
 * recorder and the counters' growth, prints the progress line, and after the warm-up adds the
 * interval into the totals. <b>The result line is printed exactly once, after the consistency
 * check, and the run's exit status is 0 only with no errors and every condition holding.</b>
 * neworder_per_min counts committed New-Orders per minute; tpmc also counts those rolled back on
 * purpose, as the spec counts them.
 *
 * <h2>Where it departs from the spec (clause numbers of TPC-C 5.11)</h2>
 * <ul>
 *   <li>Default no-wait mode: no keying or think times, so a few terminals load the database fully;
 *       the numbers are throughput, not a TPC-C result. {@code --spec-mode} applies clause 5.2.5's
 *       keying and think times (then about 12.9 tpmC per warehouse at 10 terminals each).</li>
 *   <li>No emulated screens and no remote terminal emulator: response time is measured around the
 *       JDBC calls in the same process. Runs last minutes, not the 2-hour steady state of 5.5.</li>
 *   <li>Delivery runs in the terminal like the others, as one database transaction for the ten
 *       districts, instead of being queued and deferred (2.7.2); a district without an undelivered
 *       order is skipped and counted.</li>
 *   <li>New-Order visits its lines in (supply warehouse, item id) order, so two orders lock shared
 *       STOCK rows in the same order; the unused item of the 1% rollback stays last.</li>
 *   <li>The mix is dealt from a 100-card deck shuffled in quarters (every 25 transactions hold one
 *       Order-Status, Delivery and Stock-Level), exact per 100 transactions.</li>
 *   <li>ORDER is named OORDER; HISTORY gets a key (H_W_ID, H_ID) with a random 64-bit H_ID so its
 *       rows live with their warehouse; OORDER gets an index for Order-Status's "latest order of a
 *       customer". C_LAST's run-time C differs from the load's by a legal delta (2.1.6.1).</li>
 *   <li>Consistency condition 11 holds only for a freshly loaded database and is not checked.</li>
 * </ul>
 */
package dev.basalt.tpcc;
