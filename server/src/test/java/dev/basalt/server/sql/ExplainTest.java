package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * EXPLAIN and EXPLAIN ANALYZE through the JDBC driver against a real one-node cluster, on a known
 * data set: 100 rows in ITEMS (ids 1 to 100, ten per group) and 10 in KINDS. ANALYZE's row
 * counts are checked exactly; its times only for their form (non-negative numbers), as their
 * values are the machine's.
 */
@Timeout(600)
class ExplainTest {
    private static final Pattern MEASURED = Pattern.compile("\\(rows=(\\d+)(?: loops=(\\d+))? time=(\\d+\\.\\d{3}) ms\\)$");
    private static final Pattern STARTUP_TIME = Pattern.compile("^Start-up time: (\\d+\\.\\d{3}) ms$");
    private static final Pattern EXECUTION_TIME = Pattern.compile("^Execution time: (\\d+\\.\\d{3}) ms$");
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("explain", 1);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kinds (grp INT PRIMARY KEY, name VARCHAR(10))");
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, grp INT, v INT)");
            for (int g = 0; g < 10; g++) {
                s.execute("INSERT INTO kinds VALUES (" + g + ", 'g" + g + "')");
            }
            StringBuilder values = new StringBuilder();
            for (int id = 1; id <= 100; id++) {
                values.append(id > 1 ? ", " : "").append("(").append(id).append(", ").append(id % 10).append(", ").append(id).append(")");
            }
            s.execute("INSERT INTO items VALUES " + values);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SqlClusters.url(cluster));
    }

    private static List<String> lines(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1));
        }
        return out;
    }

    private static List<String> explain(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return lines(rs);
        }
    }

    /** The one line containing {@code part}. */
    private static String line(List<String> plan, String part) {
        List<String> found = plan.stream().filter(l -> l.contains(part)).toList();
        assertEquals(1, found.size(), "one line with \"" + part + "\" in\n" + String.join("\n", plan));
        return found.get(0);
    }

    /** The rows= count of an EXPLAIN ANALYZE line. */
    private static long rows(String line) {
        Matcher m = MEASURED.matcher(line);
        assertTrue(m.find(), "measured line: " + line);
        return Long.parseLong(m.group(1));
    }

    /**
     * Every operator line carries rows= and a non-negative time=, and the last two lines are the
     * start-up and execution times.
     */
    private static void assertMeasured(List<String> plan) {
        String text = String.join("\n", plan);
        assertTrue(plan.size() >= 3, text);
        for (String line : plan.subList(0, plan.size() - 2)) {
            Matcher m = MEASURED.matcher(line);
            assertTrue(m.find(), "line without rows= and time=: " + line + "\n" + text);
            assertTrue(Double.parseDouble(m.group(3)) >= 0, line);
        }
        Matcher startup = STARTUP_TIME.matcher(plan.get(plan.size() - 2));
        assertTrue(startup.matches(), text);
        assertTrue(Double.parseDouble(startup.group(1)) >= 0, text);
        Matcher total = EXECUTION_TIME.matcher(plan.get(plan.size() - 1));
        assertTrue(total.matches(), text);
        assertTrue(Double.parseDouble(total.group(1)) >= 0, text);
    }

    @Test
    void explainReturnsOneVarcharColumnNamedQueryPlanWithAnIndentedLinePerOperator() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN SELECT i.v, g.name FROM items i JOIN kinds g ON i.grp = g.grp WHERE i.v > 5")) {
            assertEquals(1, rs.getMetaData().getColumnCount());
            assertEquals("QUERY PLAN", rs.getMetaData().getColumnLabel(1));
            assertEquals(Types.VARCHAR, rs.getMetaData().getColumnType(1));
            List<String> plan = lines(rs);
            String join = line(plan, "Join");
            String items = line(plan, "Scan ITEMS");
            assertTrue(items.contains("access: FULL_SCAN") && items.contains("filter: (V > 5)"), items);
            assertTrue(join.contains("on (ITEMS.GRP = KINDS.GRP)") || join.contains("on (KINDS.GRP = ITEMS.GRP)"), join);
            assertTrue(indent(items) > indent(join), "a scan is indented below its join:\n" + String.join("\n", plan));
            assertFalse(String.join("\n", plan).contains("time="), "EXPLAIN without ANALYZE measures nothing");
        }
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    @Test
    void analyzeOfAFullScanCountsEveryRowAtTheScan() throws Exception {
        List<String> plan = explain("EXPLAIN ANALYZE SELECT * FROM items");
        assertMeasured(plan);
        assertEquals(100, rows(line(plan, "Scan ITEMS  access: FULL_SCAN")));
    }

    @Test
    void analyzeOfAPrimaryKeyLookupReadsOneRow() throws Exception {
        List<String> plan = explain("EXPLAIN ANALYZE SELECT v FROM items WHERE id = 42");
        assertMeasured(plan);
        assertEquals(1, rows(line(plan, "Scan ITEMS  access: KEYS: 1 key")));
    }

    @Test
    void analyzeOfAnAggregateTheRangesComputeShowsTheScanNeverRanOnTheGateway() throws Exception {
        List<String> plan = explain("EXPLAIN ANALYZE SELECT grp, count(*) FROM items WHERE v <= 30 GROUP BY grp");
        String text = String.join("\n", plan);
        String aggregate = line(plan, "Aggregate");
        assertTrue(aggregate.contains("(partially in the ranges)"), text);
        assertEquals(10, rows(aggregate));
        String scan = line(plan, "Scan ITEMS");
        assertTrue(scan.contains("(aggregated in the ranges)") && scan.endsWith("(never executed)"),
                "the ranges read the rows, not the gateway:\n" + text);
    }

    @Test
    void analyzeOfTheSameAggregateAfterTheTransactionWroteToTheTableCountsTheRowsAtTheScan() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("UPDATE items SET v = 31 WHERE id = 30");
            // The ranges cannot see a write still buffered on the gateway: the rows are read here.
            List<String> plan = lines(s.executeQuery("EXPLAIN ANALYZE SELECT grp, count(*) FROM items WHERE v <= 30 GROUP BY grp"));
            assertMeasured(plan);
            assertEquals(29, rows(line(plan, "Scan ITEMS")));
            assertEquals(10, rows(line(plan, "Aggregate")));
            c.rollback();
        }
    }

    @Test
    void aPreparedAggregateIsComputedInTheRangesWithEachExecutionsParameterValue() throws Exception {
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement("EXPLAIN ANALYZE SELECT count(*), sum(v) FROM items WHERE v < ?")) {
            p.setInt(1, 3);
            List<String> pushed = lines(p.executeQuery());
            assertTrue(line(pushed, "Scan ITEMS").endsWith("(never executed)"), String.join("\n", pushed));
        }
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement("SELECT count(*), sum(v) FROM items WHERE v < ?")) {
            for (int bound : new int[] {3, 11, 0}) {
                p.setInt(1, bound);
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(Math.max(0, bound - 1), rs.getLong(1), "count below " + bound);
                    long sum = rs.getLong(2);
                    assertEquals(bound == 0, rs.wasNull(), "the sum of no rows is NULL");
                    assertEquals((long) (bound - 1) * bound / 2, sum, "sum below " + bound);
                }
            }
        }
    }

    @Test
    void analyzeOfAJoinThatLooksUpItsInnerSideByKeyCountsTheOuterRowsAndNeverScansTheInnerTable() throws Exception {
        List<String> plan = explain("EXPLAIN ANALYZE SELECT i.id, g.name FROM items i JOIN kinds g ON i.grp = g.grp WHERE g.grp = 3");
        String text = String.join("\n", plan);
        String join = line(plan, "Join");
        assertTrue(join.contains("(key lookups of KINDS)"), text);
        assertEquals(10, rows(join), "the ten items of group 3, each joined to its kind:\n" + text);
        assertEquals(10, rows(line(plan, "Scan ITEMS")), "the group carried over to items' filter");
        assertTrue(line(plan, "Scan KINDS").endsWith("(never executed)"), "kinds are read by key, not scanned:\n" + text);
        assertEquals(10, rows(plan.get(0)), "the root");
    }

    @Test
    void analyzeOfAJoinWithoutAKeyToLookUpCountsRowsOnEverySide() throws Exception {
        List<String> plan = explain("EXPLAIN ANALYZE SELECT i.id, g.name FROM items i JOIN kinds g ON i.v = g.grp + 90 WHERE i.id > 95");
        assertMeasured(plan);
        String text = String.join("\n", plan);
        assertFalse(text.contains("key lookups"), text);
        assertEquals(5, rows(line(plan, "Scan ITEMS")), text);
        assertEquals(10, rows(line(plan, "Scan KINDS")), text);
        assertEquals(4, rows(plan.get(0)), "ids 96 to 99 meet kinds 6 to 9; 100 has none:\n" + text);
    }

    @Test
    void explainOfAPreparedStatementPlansWithoutValuesAndAnalyzeUsesThem() throws Exception {
        List<String> unbound = explain("EXPLAIN SELECT v FROM items WHERE id = ?");
        assertTrue(line(unbound, "Scan ITEMS").contains("KEYS: 1 key"), String.join("\n", unbound));
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement("EXPLAIN ANALYZE SELECT v FROM items WHERE id = ?")) {
            assertEquals(1, p.getParameterMetaData().getParameterCount());
            p.setInt(1, 7);
            try (ResultSet rs = p.executeQuery()) {
                assertEquals(1, rows(line(lines(rs), "Scan ITEMS")));
            }
            p.setInt(1, 1_000);
            try (ResultSet rs = p.executeQuery()) {
                assertEquals(0, rows(line(lines(rs), "Scan ITEMS")), "no item 1000");
            }
        }
    }

    @Test
    void explainOfAnUpdateChangesNothingAndAnalyzeOfItUpdates() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            List<String> plan = lines(s.executeQuery("EXPLAIN UPDATE items SET v = v + 1000 WHERE id = 5"));
            assertTrue(line(plan, "Update ITEMS").startsWith("Update ITEMS  set: V"), String.join("\n", plan));
            assertEquals(5, value(s, 5), "EXPLAIN did not run the update");

            List<String> analyzed = lines(s.executeQuery("EXPLAIN ANALYZE UPDATE items SET v = v + 1000 WHERE id = 5"));
            assertMeasured(analyzed);
            assertEquals(1, rows(line(analyzed, "Update ITEMS")));
            assertEquals(1005, value(s, 5), "EXPLAIN ANALYZE ran the update and, in autocommit, committed it");
            s.executeUpdate("UPDATE items SET v = 5 WHERE id = 5");
        }
    }

    @Test
    void analyzeRunsInTheSessionsTransaction() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            List<String> analyzed = lines(s.executeQuery("EXPLAIN ANALYZE DELETE FROM items WHERE grp = 9"));
            assertEquals(10, rows(line(analyzed, "Delete from ITEMS")));
            assertEquals(90, count(s), "the transaction sees its delete");
            c.rollback();
            assertEquals(100, count(s), "rolled back with the transaction");
            c.setAutoCommit(true);
        }
    }

    @Test
    void analyzeOfForUpdateCountsTheRowsItLocks() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            List<String> plan = lines(s.executeQuery("EXPLAIN ANALYZE SELECT * FROM items WHERE id IN (1, 2, 3) FOR UPDATE"));
            assertMeasured(plan);
            assertEquals(3, rows(line(plan, "LockRows ITEMS")));
            c.rollback();
        }
    }

    @Test
    void explainOfABadStatementFailsAsTheStatementWould() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertEquals("42P01", assertThrows(SQLException.class, () -> s.executeQuery("EXPLAIN SELECT * FROM nowhere")).getSQLState());
            SQLException column = assertThrows(SQLException.class, () -> s.executeQuery("EXPLAIN ANALYZE UPDATE items SET nothing = 1"));
            assertEquals("42703", column.getSQLState());
            assertTrue(column.getMessage().toUpperCase().contains("NOTHING"), column.getMessage());
            assertEquals("42601", assertThrows(SQLException.class, () -> s.executeQuery("EXPLAIN CREATE TABLE x (a INT)")).getSQLState());
        }
    }

    private static int value(Statement s, int id) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT v FROM items WHERE id = " + id)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private static int count(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }
}
