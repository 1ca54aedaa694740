package dev.basalt.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.sql.internal.exec.Plan;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which access path a statement's filter gives each table (DESIGN.md section 6): the whole primary
 * key by {@code =} or {@code IN} is a multi-get, fixed distribution columns and a key prefix are
 * spans of the primary index, fixed leading columns of a secondary index are spans of that index,
 * and anything else scans the table. The chosen path is the last line of the physical plan.
 */
class AccessPathPlanTest {
    private static final Pattern ACCESS = Pattern.compile("access (\\w+): (.*)");
    private SqlEngine engine;

    @BeforeEach
    void createTables() {
        engine = new SqlEngine(null, new CatalogVisibilityTest.MemoryStore());
        try (SqlSession s = engine.openSession()) {
            for (String ddl : List.of(
                    "CREATE TABLE stock (w INT, i INT, qty INT, note CHAR(4), PRIMARY KEY (w, i))",
                    "CREATE TABLE tags (name CHAR(4) PRIMARY KEY, n INT)",
                    // (indexes as constraints: CREATE INDEX would fill them, which needs a cluster)
                    "CREATE TABLE customer (w INT, d INT, c INT, last VARCHAR(16), first VARCHAR(16), balance DECIMAL(12, 2),"
                            + " PRIMARY KEY (w, d, c), CONSTRAINT customer_name UNIQUE (w, d, last, first, c),"
                            + " CONSTRAINT customer_first UNIQUE (first))",
                    "CREATE TABLE orders (w INT, d INT, o INT, c INT, PRIMARY KEY (w, d, o)) DISTRIBUTE BY HASH (w)",
                    "CREATE TABLE spread (a INT, b INT, v INT, PRIMARY KEY (a, b)) DISTRIBUTE BY HASH (b)")) {
                s.execute(ddl, List.of(), 0, 0);
            }
        }
    }

    private String path(String sql) {
        Plan plan = engine.plan(sql);
        String text = plan instanceof Plan.Query q ? q.physicalPlan() : ((Plan.Dml) plan).physicalPlan();
        Matcher m = ACCESS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (m.group(2).equals("full scan")) {
                continue; // Calcite hands filters to a scan that reads everything too
            }
            out.append(out.length() == 0 ? "" : "; ").append(m.group(1)).append(": ").append(m.group(2));
        }
        return out.length() == 0 ? "full scan" : out.toString();
    }

    @Test
    void theWholeKeyByEqualityOrInIsAMultiGet() {
        assertEquals("STOCK: keys", path("SELECT qty FROM stock WHERE w = ? AND i = ?"));
        assertEquals("STOCK: keys", path("SELECT qty FROM stock WHERE i = 7 AND w = 1 AND qty > 0"));
        assertEquals("STOCK: keys", path("UPDATE stock SET qty = qty - 1 WHERE w = ? AND i = ?"));
        assertEquals("STOCK: keys", path("DELETE FROM stock WHERE w = 1 AND i = 2"));
        assertEquals("STOCK: keys", path("SELECT qty FROM stock WHERE w = 1 AND i IN (1, 2, 3)"));
        assertEquals("STOCK: keys", path("SELECT qty FROM stock WHERE w = ? AND (i = ? OR i = ?)"));
    }

    @Test
    void aKeyPrefixOrARangeAfterItScansSpansOfThePrimaryIndex() {
        assertEquals("STOCK: primary key spans", path("SELECT qty FROM stock WHERE w = ?"));
        assertEquals("STOCK: primary key spans", path("SELECT qty FROM stock WHERE w = 1 AND i BETWEEN 10 AND 20"));
        assertEquals("ORDERS: primary key spans", path("SELECT o FROM orders WHERE w = ? AND d = ? AND o >= ? AND o < ? ORDER BY o"));
        assertEquals("SPREAD: primary key spans", path("SELECT v FROM spread WHERE b = 3"), "the slot is known: one slot is scanned");
        assertEquals("full scan", path("SELECT v FROM spread WHERE a = 3"), "the slot needs b");
    }

    @Test
    void anIndexWhoseLeadingColumnsAreFixedIsScannedWhenItFixesMoreThanTheKey() {
        assertEquals("CUSTOMER: index CUSTOMER_NAME", path("SELECT c FROM customer WHERE w = ? AND d = ? AND last = ? ORDER BY first"));
        assertEquals("CUSTOMER: index CUSTOMER_FIRST", path("SELECT c FROM customer WHERE first = 'ANN'"));
        assertEquals("CUSTOMER: keys", path("SELECT c FROM customer WHERE w = 1 AND d = 2 AND c = 3 AND last = 'X'"),
                "a full key beats any index");
        assertEquals("CUSTOMER: primary key spans", path("SELECT c FROM customer WHERE w = 1 AND d = 2"),
                "on a tie the primary index wins: its rows need no second read");
    }

    @Test
    void joinConditionsReachEachTablesScan() {
        String p = path("SELECT s.qty, c.balance FROM stock s, customer c WHERE s.w = ? AND s.i = c.c AND c.w = s.w AND c.d = ?");
        assertTrue(p.contains("STOCK: primary key spans"), p);
        assertTrue(p.contains("CUSTOMER: primary key spans"), p);
    }

    @Test
    void otherFiltersScanTheTable() {
        assertEquals("full scan", path("SELECT qty FROM stock WHERE i = 1"), "not the leading column");
        assertEquals("full scan", path("SELECT qty FROM stock WHERE w > 1"), "a range on the distribution column");
        assertEquals("full scan", path("SELECT qty FROM stock WHERE w = 1 OR i = 2"));
        assertEquals("full scan", path("SELECT n FROM tags WHERE name = 'ab'"), "CHAR equality ignores trailing blanks, which the key bytes do not");
        assertEquals("full scan", path("SELECT c FROM customer WHERE last = 'X'"), "the index leads with w");
    }
}
