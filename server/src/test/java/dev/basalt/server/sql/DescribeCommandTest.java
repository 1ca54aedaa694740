package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.cli.Cli;
import dev.basalt.server.internal.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code basalt sql}'s {@code \d}, {@code \d NAME} and {@code \di} against a real node: each
 * shows what the DDL made — columns with types, nullability and defaults, the primary key, a
 * unique and a plain index, foreign keys both ways — and an unknown name fails the script.
 */
@Timeout(300)
class DescribeCommandTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("describe", 1);
        try (Connection c = DriverManager.getConnection(SqlClusters.url(cluster)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE d_parent (id INT PRIMARY KEY, code CHAR(3) NOT NULL, UNIQUE (code))");
            s.execute("CREATE TABLE d_child (id INT, parent_id INT NOT NULL DEFAULT 1, amount DECIMAL(8, 2), note VARCHAR(20),"
                    + " PRIMARY KEY (id), CONSTRAINT d_child_parent FOREIGN KEY (parent_id) REFERENCES d_parent (id))");
            s.execute("CREATE INDEX d_child_amount ON d_child (amount DESC)");
            s.execute("CREATE VIEW d_view AS SELECT id FROM d_child");
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The output of {@code basalt sql -e script} and its exit status (last line). */
    private static List<String> sql(String script) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = new Cli(out, out).run(new String[] {"sql", "--url", SqlClusters.url(cluster), "-e", script});
        List<String> lines = new java.util.ArrayList<>(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        lines.add("exit " + status);
        return lines;
    }

    @Test
    void explainPrintsItsPlanLinesWholeUnderQueryPlan() {
        List<String> out = sql("EXPLAIN SELECT c.id, c.amount, c.note, p.code FROM d_child c JOIN d_parent p ON c.parent_id = p.id"
                + " WHERE c.amount > 10 AND c.note = 'a rather long literal that makes the plan line longer than eighty characters'");
        String text = String.join("\n", out);
        assertEquals("QUERY PLAN", out.get(0).strip(), text);
        assertTrue(out.get(1).matches("-+"), text);
        assertTrue(out.stream().anyMatch(l -> l.contains("a rather long literal that makes the plan line longer than eighty characters")),
                "a plan line is not cut short:\n" + text);
        assertTrue(out.stream().noneMatch(l -> l.endsWith("...")), text);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("  ")), "inputs are indented under their operator:\n" + text);
        assertEquals("exit 0", out.get(out.size() - 1), text);
    }

    @Test
    void backslashDListsTablesAndViews() {
        List<String> out = sql("\\d");
        String text = String.join("\n", out);
        assertEquals("List of relations", out.get(0), text);
        assertTrue(out.stream().anyMatch(l -> l.matches("PUBLIC\\s+\\|\\s+D_CHILD\\s+\\|\\s+table")), text);
        assertTrue(out.stream().anyMatch(l -> l.matches("PUBLIC\\s+\\|\\s+D_VIEW\\s+\\|\\s+view")), text);
        assertTrue(out.stream().noneMatch(l -> l.contains("INFORMATION_SCHEMA")), "system tables are not listed:\n" + text);
        assertEquals("exit 0", out.get(out.size() - 1));
    }

    @Test
    void backslashDNameShowsColumnsIndexesAndForeignKeysBothWays() {
        List<String> child = sql("\\d d_child");
        String text = String.join("\n", child);
        assertEquals("Table \"PUBLIC.D_CHILD\"", child.get(0), text);
        assertTrue(child.stream().anyMatch(l -> l.matches("ID\\s+\\|\\s+INTEGER\\s+\\|\\s+not null.*")), text);
        assertTrue(child.stream().anyMatch(l -> l.matches("PARENT_ID\\s+\\|\\s+INTEGER\\s+\\|\\s+not null\\s+\\|\\s+1")), text);
        assertTrue(child.stream().anyMatch(l -> l.matches("AMOUNT\\s+\\|\\s+DECIMAL\\(8, 2\\).*")), text);
        assertTrue(child.stream().anyMatch(l -> l.matches("NOTE\\s+\\|\\s+VARCHAR\\(20\\).*")), text);
        assertTrue(child.contains("Indexes:"), text);
        assertTrue(child.stream().anyMatch(l -> l.matches("\\s+\"\\w+\" PRIMARY KEY \\(ID\\)")), text);
        assertTrue(child.contains("    \"D_CHILD_AMOUNT\" (AMOUNT DESC)"), text);
        assertTrue(child.contains("    CONSTRAINT \"D_CHILD_PARENT\" FOREIGN KEY (PARENT_ID) REFERENCES D_PARENT(ID)"), text);
        List<String> parent = sql("\\d d_parent");
        String parentText = String.join("\n", parent);
        assertTrue(parent.stream().anyMatch(l -> l.matches("\\s+\"\\w+\" UNIQUE \\(CODE\\)")), parentText);
        assertTrue(parent.contains("Referenced by:"), parentText);
        assertTrue(parent.contains("    TABLE \"D_CHILD\" CONSTRAINT \"D_CHILD_PARENT\" FOREIGN KEY (PARENT_ID) REFERENCES D_PARENT(ID)"), parentText);
    }

    @Test
    void backslashDiListsEveryIndexWithItsTable() {
        List<String> out = sql("\\di");
        String text = String.join("\n", out);
        assertEquals("List of indexes", out.get(0), text);
        assertTrue(out.stream().anyMatch(l -> l.matches("PUBLIC\\s+\\|\\s+D_CHILD_AMOUNT\\s+\\|\\s+D_CHILD\\s+\\|")), text);
        assertTrue(out.stream().anyMatch(l -> l.matches("PUBLIC\\s+\\|\\s+\\w+\\s+\\|\\s+D_PARENT\\s+\\|\\s+unique")), text);
    }

    @Test
    void anUnknownNameFailsTheScriptAsPsqlSaysIt() {
        List<String> out = sql("\\d nothing_here; SELECT 1");
        assertEquals(List.of("Did not find any relation named \"nothing_here\".", "exit 1"), out);
    }
}
