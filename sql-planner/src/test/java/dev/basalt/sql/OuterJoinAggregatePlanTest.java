package dev.basalt.sql;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.sql.internal.exec.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Planning runs with Java assertions on here, as in an application's tests with an embedded node:
 * {@code COALESCE(SUM(x), 0)} over the nullable side of an outer join used to trip Calcite's type
 * check in {@code ProjectAggregateMergeRule} (an AssertionError, XX000 to the client).
 */
class OuterJoinAggregatePlanTest {
    @Test
    void coalesceOfSumOverTheNullableSideOfALeftJoinPlansWithAssertionsOn() {
        boolean assertionsOn = false;
        assert assertionsOn = true;
        assertTrue(assertionsOn, "this test means something only with -ea (surefire's default)");
        SqlEngine engine = new SqlEngine(null, new CatalogVisibilityTest.MemoryStore());
        try (SqlSession s = engine.openSession()) {
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL)", List.of(), 0, 0);
            s.execute("CREATE TABLE purchases (id INT PRIMARY KEY, customer_id INT NOT NULL, amount INT NOT NULL)", List.of(), 0, 0);
        }
        Plan plan = engine.plan("SELECT c.name, COUNT(p.id), COALESCE(SUM(p.amount), 0) FROM customers c"
                + " LEFT JOIN purchases p ON p.customer_id = c.id WHERE c.id = 1 GROUP BY c.name");
        assertInstanceOf(Plan.Query.class, plan);
    }
}
