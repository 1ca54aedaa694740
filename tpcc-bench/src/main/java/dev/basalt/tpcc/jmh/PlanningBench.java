package dev.basalt.tpcc.jmh;

import dev.basalt.sql.CatalogStore;
import dev.basalt.sql.SqlEngine;
import dev.basalt.sql.SqlSession;
import dev.basalt.sql.result.StatementResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What planning costs (DESIGN.md section 6): preparing a statement whose plan is cached — the
 * path of a program that prepares {@code SELECT ... WHERE pk = ?} on every call — and planning a
 * three-table join and a chain of {@value #MANY_TABLES} comma-joined tables afresh (a new statement
 * text each time, so nothing is cached). No cluster: the
 * catalog lives in memory, and preparing runs nothing.
 * <pre>
 *   mvn -B -DskipTests package -pl tpcc-bench -am
 *   java -cp "tpcc-bench/target/classes:tpcc-bench/target/lib/*" org.openjdk.jmh.Main PlanningBench
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanningBench {
    /** A catalog store in memory with the meta group's compare-and-set rule. */
    static final class MemoryCatalogStore implements CatalogStore {
        private byte[] catalog;
        private long version;
        private final AtomicLong ids = new AtomicLong(1);

        @Override
        public synchronized byte[] load() {
            return catalog;
        }

        @Override
        public synchronized boolean compareAndSet(long expectedVersion, byte[] next) {
            if (version != expectedVersion) {
                return false;
            }
            catalog = next;
            version++;
            return true;
        }

        @Override
        public long allocateTableIds(int count) {
            return ids.getAndAdd(count);
        }
    }

    private SqlSession session;
    private long fresh;

    @Setup(Level.Trial)
    public void createTables() {
        session = new SqlEngine(null, new MemoryCatalogStore()).openSession();
        session.execute("CREATE TABLE customer (c_w_id INT, c_d_id INT, c_id INT, c_last VARCHAR(16), c_balance DECIMAL(12, 2), "
                + "PRIMARY KEY (c_w_id, c_d_id, c_id))", List.of(), 0, 0);
        session.execute("CREATE TABLE oorder (o_w_id INT, o_d_id INT, o_id INT, o_c_id INT, o_entry_d TIMESTAMP, "
                + "PRIMARY KEY (o_w_id, o_d_id, o_id))", List.of(), 0, 0);
        session.execute("CREATE TABLE order_line (ol_w_id INT, ol_d_id INT, ol_o_id INT, ol_number INT, ol_amount DECIMAL(6, 2), "
                + "PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number))", List.of(), 0, 0);
        session.prepare("SELECT c_last, c_balance FROM customer WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?");
        for (int t = 1; t <= MANY_TABLES; t++) {
            session.execute("CREATE TABLE t" + t + " (id INT PRIMARY KEY, next_id INT, v INT)", List.of(), 0, 0);
        }
    }

    /** Tables in the many-table join. */
    static final int MANY_TABLES = 24;

    /** {@code SELECT ... FROM t1, t2, ..., tN WHERE t1.next_id = t2.id AND ... AND t1.id = k}: a chain of comma joins. */
    static String manyTableJoin(long k) {
        StringBuilder from = new StringBuilder();
        StringBuilder where = new StringBuilder("t1.id = " + k);
        for (int t = 1; t <= MANY_TABLES; t++) {
            from.append(t == 1 ? "" : ", ").append("t").append(t);
            if (t > 1) {
                where.append(" AND t").append(t - 1).append(".next_id = t").append(t).append(".id");
            }
        }
        return "SELECT t1.v, t" + MANY_TABLES + ".v FROM " + from + " WHERE " + where;
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
    }

    @Benchmark
    public StatementResult.Prepared cachedPointSelect() {
        return session.prepare("SELECT c_last, c_balance FROM customer WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?");
    }

    @Benchmark
    public StatementResult.Prepared freshJoinOfManyTables() {
        return session.prepare(manyTableJoin(++fresh));
    }

    @Benchmark
    public StatementResult.Prepared freshThreeTableJoin() {
        return session.prepare("SELECT c.c_last, SUM(ol.ol_amount) FROM customer c JOIN oorder o ON o.o_w_id = c.c_w_id "
                + "AND o.o_d_id = c.c_d_id AND o.o_c_id = c.c_id JOIN order_line ol ON ol.ol_w_id = o.o_w_id "
                + "AND ol.ol_d_id = o.o_d_id AND ol.ol_o_id = o.o_id WHERE c.c_w_id = " + (++fresh) + " GROUP BY c.c_last");
    }
}
