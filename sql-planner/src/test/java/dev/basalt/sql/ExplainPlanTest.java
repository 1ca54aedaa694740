package dev.basalt.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.sql.internal.exec.Explain;
import dev.basalt.sql.internal.exec.Plan;
import dev.basalt.sql.result.StatementResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The text of EXPLAIN (without ANALYZE, which needs a cluster; see the server's ExplainTest): one
 * row per operator in a column named QUERY PLAN, inputs indented two spaces below their operator,
 * each scan naming its table, access path, leftover filter, the part the ranges check and the
 * columns it reads.
 */
class ExplainPlanTest {
    private SqlEngine engine;

    @BeforeEach
    void createTables() {
        engine = new SqlEngine(null, new CatalogVisibilityTest.MemoryStore());
        try (SqlSession s = engine.openSession()) {
            for (String ddl : List.of(
                    "CREATE TABLE stock (w INT, i INT, qty INT, note VARCHAR(10), PRIMARY KEY (w, i))",
                    "CREATE TABLE item (i INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(6, 2))",
                    "CREATE TABLE customer (w INT, d INT, c INT, last VARCHAR(16), first VARCHAR(16),"
                            + " PRIMARY KEY (w, d, c), CONSTRAINT customer_name UNIQUE (w, d, last, first, c))")) {
                s.execute(ddl, List.of(), 0, 0);
            }
        }
    }

    private List<String> explain(String sql, Object... params) {
        try (SqlSession s = engine.openSession()) {
            StatementResult.Rows rows = (StatementResult.Rows) s.execute(sql, List.of(params), 0, 0);
            assertEquals(1, rows.columns().size());
            assertEquals("QUERY PLAN", rows.columns().get(0).label());
            assertEquals(java.sql.Types.VARCHAR, rows.columns().get(0).jdbcType());
            List<String> lines = new ArrayList<>();
            rows.rows().forEach(r -> lines.add((String) r[0]));
            return lines;
        }
    }

    private static int depth(String line) {
        int blanks = line.length() - line.stripLeading().length();
        assertEquals(0, blanks % 2, "indentation is two blanks per level: \"" + line + "\"");
        return blanks / 2;
    }

    private static String only(List<String> plan, String part) {
        List<String> found = plan.stream().filter(l -> l.contains(part)).toList();
        assertEquals(1, found.size(), "one line with \"" + part + "\" in\n" + String.join("\n", plan));
        return found.get(0);
    }

    @Test
    void aPrimaryKeyLookupIsOneScanLineReadingOneKey() {
        assertEquals(List.of("Scan STOCK  access: KEYS: 1 key (at most 1 slot)  columns: QTY"),
                explain("EXPLAIN SELECT qty FROM stock WHERE w = 1 AND i = 2"));
        assertEquals(List.of("Scan STOCK  access: KEYS: 3 keys (at most 3 slots)  filter: (QTY > 0)  columns: QTY"),
                explain("EXPLAIN SELECT qty FROM stock WHERE w = 1 AND i IN (1, 2, 3) AND qty > 0"),
                "the key conjuncts are consumed by the path, the rest is left to check");
    }

    @Test
    void eachScanNamesItsAccessPath() {
        assertTrue(only(explain("EXPLAIN SELECT * FROM stock WHERE w = 1 AND i > 5"), "Scan STOCK")
                .startsWith("Scan STOCK  access: PRIMARY_SPANS on W, range on I: 1 span (1 slot)  filter: (W = 1) AND (I > 5)"));
        assertTrue(only(explain("EXPLAIN SELECT c FROM customer WHERE w = 1 AND d = 2 AND last = 'X'"), "Scan CUSTOMER")
                .startsWith("Scan CUSTOMER  access: INDEX_SPANS of CUSTOMER_NAME on W, D, LAST: 1 span (1 slot)"));
        assertEquals("Scan STOCK  access: FULL_SCAN: all 65536 slots  filter: (QTY < 5)  in the ranges: (QTY < 5)  columns: I",
                only(explain("EXPLAIN SELECT i FROM stock WHERE qty < 5"), "Scan STOCK"));
        assertTrue(only(explain("EXPLAIN SELECT i FROM stock WHERE note LIKE 'a%'"), "Scan STOCK").contains("filter: LIKE(NOTE, 'a%')")
                && !only(explain("EXPLAIN SELECT i FROM stock WHERE note LIKE 'a%'"), "Scan STOCK").contains("in the ranges"),
                "LIKE is not a filter the ranges apply");
    }

    @Test
    void aJoinsInputsAreIndentedBelowIt() {
        List<String> plan = explain("EXPLAIN SELECT s.qty, t.name FROM stock s JOIN item t ON s.i = t.i WHERE s.w = ? AND t.price > 3");
        String join = only(plan, "Join");
        assertTrue(join.contains("INNER on (STOCK.I = ITEM.I)"), join);
        String stock = only(plan, "Scan STOCK");
        String item = only(plan, "Scan ITEM");
        assertTrue(stock.contains("access: PRIMARY_SPANS on W"), stock);
        assertTrue(item.contains("access: FULL_SCAN"), item);
        assertTrue(depth(stock) > depth(join) && depth(item) > depth(join), String.join("\n", plan));
        assertEquals(0, depth(plan.get(0)), "the root is not indented");
        for (int i = 1; i < plan.size(); i++) {
            assertTrue(depth(plan.get(i)) <= depth(plan.get(i - 1)) + 1, "a line is at most one level below the one before:\n"
                    + String.join("\n", plan));
        }
    }

    @Test
    void aggregatesSortsAndLimitsSayWhatTheyDo() {
        List<String> plan = explain("EXPLAIN SELECT w, count(*), sum(qty) FROM stock GROUP BY w ORDER BY w DESC LIMIT 3");
        assertEquals(List.of("Limit  limit: 3", "  Sort  by: W DESC", "    Aggregate  group: W  calls: COUNT(*), SUM(QTY)  (partially in the ranges)",
                "      Scan STOCK  access: FULL_SCAN: all 65536 slots  columns: W, QTY  (aggregated in the ranges)"), plan);
        // A filter the ranges cannot apply keeps the aggregate here.
        List<String> here = explain("EXPLAIN SELECT w, count(*) FROM stock WHERE note LIKE 'a%' GROUP BY w");
        assertEquals(List.of("Aggregate  group: W  calls: COUNT(*)",
                "  Scan STOCK  access: FULL_SCAN: all 65536 slots  filter: LIKE(NOTE, 'a%')  columns: W"), here);
    }

    @Test
    void subqueriesAreJoinsOverTheirOwnScans() {
        List<String> plan = explain("EXPLAIN SELECT name FROM item WHERE i IN (SELECT i FROM stock WHERE qty < 5)");
        assertTrue(only(plan, "Join").contains("SEMI"), String.join("\n", plan));
        only(plan, "Scan ITEM");
        only(plan, "Scan STOCK");
    }

    @Test
    void dmlIsItsWriteAboveTheRowsItReads() {
        List<String> update = explain("EXPLAIN UPDATE stock SET qty = qty + 1 WHERE w = 1 AND i = 2");
        assertTrue(update.get(0).startsWith("Update STOCK  set: QTY"), update.get(0));
        assertEquals(1, depth(only(update, "Scan STOCK  access: KEYS: 1 key")) - 1, "the source is one level below the write");
        List<String> delete = explain("EXPLAIN DELETE FROM stock WHERE qty < 3");
        assertTrue(delete.get(0).startsWith("Delete from STOCK"), delete.get(0));
        assertEquals(List.of("Insert into ITEM  values: 2 rows (written directly, without the optimizer)"),
                explain("EXPLAIN INSERT INTO item VALUES (1, 'a', 2), (?, ?, ?)"));
        List<String> insertSelect = explain("EXPLAIN INSERT INTO item SELECT i, note, 1 FROM stock");
        assertTrue(insertSelect.get(0).startsWith("Insert into ITEM  (the rows below"), insertSelect.get(0));
    }

    @Test
    void forUpdateLocksItsRowsBeforeTheQueryRuns() {
        List<String> plan = explain("EXPLAIN SELECT qty FROM stock WHERE w = 1 AND i = 2 FOR UPDATE");
        assertTrue(plan.get(0).startsWith("LockRows STOCK"), plan.get(0));
        assertEquals("  Scan STOCK  access: KEYS: 1 key (at most 1 slot)", plan.get(1), "the lock query reads whole rows");
        assertEquals("Scan STOCK  access: KEYS: 1 key (at most 1 slot)  columns: QTY", plan.get(2));
    }

    @Test
    void parametersNeedNoValuesAndWrongCountsAreRefused() {
        assertEquals(explain("EXPLAIN SELECT qty FROM stock WHERE w = ? AND i = ?"), explain("EXPLAIN SELECT qty FROM stock WHERE w = ? AND i = ?", 1, 2),
                "values are accepted and do not change the plan");
        BasaltException e = assertThrows(BasaltException.class, () -> explain("EXPLAIN SELECT qty FROM stock WHERE w = ? AND i = ?", 1));
        assertEquals("42000", e.code().sqlState());
    }

    @Test
    void analyzePlansCarryAProbeForEveryOperator() {
        Plan.Explain plan = (Plan.Explain) engine.plan("EXPLAIN ANALYZE SELECT s.qty, t.name FROM stock s JOIN item t ON s.i = t.i ORDER BY t.name");
        List<Integer> probes = new ArrayList<>();
        collectProbes(plan.operators(), probes);
        assertTrue(probes.size() >= 4, probes.toString());
        assertEquals(plan.probes(), probes.size(), "every probe is an operator line");
        assertEquals(probes.size(), probes.stream().distinct().count(), "no probe is shared: " + probes);
        assertTrue(probes.stream().allMatch(p -> p >= 0 && p < plan.probes()), probes.toString());
        Plan.Explain plain = (Plan.Explain) engine.plan("EXPLAIN SELECT s.qty, t.name FROM stock s JOIN item t ON s.i = t.i ORDER BY t.name");
        List<Integer> none = new ArrayList<>();
        collectProbes(plain.operators(), none);
        assertTrue(none.stream().allMatch(p -> p == -1) && plain.probes() == 0, "EXPLAIN without ANALYZE measures nothing");
    }

    @Test
    void analyzePlansCompileWithProbesOverEveryKindOfOperator() {
        // Calcite generates and compiles the code at planning, so a probe that breaks the code of
        // the operator above it fails here.
        for (String sql : List.of(
                "SELECT s.qty, t.name FROM stock s JOIN item t ON s.i = t.i WHERE s.w = 1 AND t.i = 2",
                "SELECT name FROM item WHERE price > (SELECT avg(price) FROM item)",
                "SELECT name FROM item t WHERE EXISTS (SELECT 1 FROM stock s WHERE s.i = t.i AND s.qty > t.i)",
                "SELECT i FROM stock UNION SELECT i FROM item",
                "SELECT i FROM stock INTERSECT SELECT i FROM item",
                "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v (x, y) WHERE x > 1",
                "SELECT DISTINCT w FROM stock ORDER BY w LIMIT 2 OFFSET 1",
                "SELECT w, row_number() OVER (PARTITION BY w ORDER BY i) FROM stock",
                "SELECT count(DISTINCT w), max(note) FROM stock",
                "SELECT s.w, t.name FROM stock s LEFT JOIN item t ON s.i = t.i",
                "SELECT 1 + 2",
                "SELECT qty FROM stock WHERE w = ? AND i = ? FOR UPDATE",
                "UPDATE stock SET qty = (SELECT count(*) FROM item) WHERE w = 1",
                "INSERT INTO item SELECT i, note, 1 FROM stock WHERE qty > 0",
                "DELETE FROM item WHERE i IN (SELECT i FROM stock)")) {
            Plan.Explain plan = (Plan.Explain) engine.plan("EXPLAIN ANALYZE " + sql);
            List<Integer> probes = new ArrayList<>();
            collectProbes(plan.operators(), probes);
            assertEquals(plan.probes(), probes.stream().filter(p -> p >= 0).count(), sql);
        }
    }

    private static void collectProbes(List<Explain.Operator> operators, List<Integer> out) {
        for (Explain.Operator op : operators) {
            out.add(op.probe());
            collectProbes(op.inputs(), out);
        }
    }

    @Test
    void explainFailsAsItsStatementWould() {
        assertEquals("42P01", assertThrows(BasaltException.class, () -> explain("EXPLAIN SELECT * FROM nowhere")).code().sqlState());
        BasaltException column = assertThrows(BasaltException.class, () -> explain("EXPLAIN UPDATE stock SET nothing = 1"));
        assertEquals("42703", column.code().sqlState());
        assertTrue(column.getMessage().contains("NOTHING"), column.getMessage());
        assertEquals("42601", assertThrows(BasaltException.class, () -> explain("EXPLAIN DROP TABLE stock")).code().sqlState());
        assertEquals("42601", assertThrows(BasaltException.class, () -> explain("EXPLAIN COMMIT")).code().sqlState());
    }
}
