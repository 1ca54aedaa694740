package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DatabaseMetaData against a real one-node cluster, read the way tools read it: a SQL client
 * browsing catalogs, schemas, tables, columns, keys and indexes (each answer checked against the
 * DDL below and its column labels against the JDBC javadoc's list), and a benchmark harness
 * reading its schema back with {@code getTables(conn.getCatalog(), conn.getSchema(), null,
 * {"TABLE"})}.
 */
@Timeout(600)
class DatabaseMetaDataTest {
    private static final List<String> DDL = List.of(
            "CREATE TABLE mt_warehouse (w_id INT PRIMARY KEY, w_name VARCHAR(10) NOT NULL, w_tax DECIMAL(4, 4) DEFAULT 0.1,"
                    + " w_ytd DECIMAL(12, 2), w_city CHAR(20), w_since TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
                    + " CONSTRAINT mt_w_name UNIQUE (w_name))",
            "CREATE TABLE mt_district (d_w_id INT, d_id SMALLINT, d_name VARCHAR(10), d_next_o_id INT DEFAULT 1,"
                    + " PRIMARY KEY (d_w_id, d_id), CONSTRAINT mt_d_w FOREIGN KEY (d_w_id) REFERENCES mt_warehouse (w_id) ON DELETE CASCADE)",
            "CREATE TABLE mt_order_line (ol_w_id INT, ol_d_id SMALLINT, ol_o_id INT, ol_number INT, ol_amount DOUBLE NOT NULL,"
                    + " ol_note TEXT, ol_delivery DATE, ol_done BOOLEAN, ol_big BIGINT, ol_bytes VARBINARY(16),"
                    + " PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number),"
                    + " FOREIGN KEY (ol_w_id, ol_d_id) REFERENCES mt_district)",
            // what an unescaped MT_ORDER_LINE pattern also matches
            "CREATE TABLE mt_orderxline (x INT)",
            "CREATE VIEW mt_rich AS SELECT w_id, w_name FROM mt_warehouse WHERE w_ytd > 100",
            "CREATE INDEX mt_ol_amount ON mt_order_line (ol_amount DESC, ol_o_id)",
            // a dropped index stays in the catalog (its id is never reused) and must never be shown
            "CREATE INDEX mt_gone ON mt_district (d_name)",
            "DROP INDEX mt_gone");

    private static final List<String> TABLES_COLUMNS = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS",
            "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
    private static final List<String> COLUMNS_COLUMNS = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE",
            "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF",
            "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA",
            "SCOPE_TABLE", "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
    private static final List<String> PRIMARY_KEYS_COLUMNS = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ",
            "PK_NAME");
    private static final List<String> KEYS_COLUMNS = List.of("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME",
            "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME",
            "DEFERRABILITY");
    private static final List<String> INDEX_INFO_COLUMNS = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE",
            "INDEX_QUALIFIER", "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
            "FILTER_CONDITION");

    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("metadata", 1);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A connection whose URL names no database: getCatalog() is null. */
    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SqlClusters.url(cluster));
    }

    private static List<String> labels(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(md.getColumnLabel(i));
        }
        return out;
    }

    /** Each row as the named columns' values joined by single spaces (NULL as "null"). */
    private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (String c : columns) {
                    values.add(String.valueOf(rs.getObject(c)));
                }
                out.add(String.join(" ", values));
            }
        }
        return out;
    }

    @Test
    void catalogsAndSchemas() throws Exception {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            assertNull(c.getCatalog());
            try (ResultSet rs = md.getCatalogs()) {
                assertEquals(List.of("TABLE_CAT"), labels(rs));
                assertFalse(rs.next(), "no database in the URL, no catalog (as getCatalog() says)");
            }
            try (ResultSet rs = md.getSchemas()) {
                assertEquals(List.of("TABLE_SCHEM", "TABLE_CATALOG"), labels(rs));
            }
            assertEquals(List.of("INFORMATION_SCHEMA null", "PUBLIC null"), rows(md.getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG"));
            assertEquals(List.of("PUBLIC"), rows(md.getSchemas(null, "PUB%"), "TABLE_SCHEM"));
            assertEquals(List.of("INFORMATION_SCHEMA"), rows(md.getSchemas(null, "INFORMATION\\_SCHEMA"), "TABLE_SCHEM"));
            try (ResultSet rs = md.getTableTypes()) {
                assertEquals(List.of("TABLE_TYPE"), labels(rs));
            }
            assertEquals(List.of("SYSTEM TABLE", "TABLE", "VIEW"), rows(md.getTableTypes(), "TABLE_TYPE"));
        }
        try (Connection c = DriverManager.getConnection(SqlClusters.url(cluster) + "shop")) {
            assertEquals("shop", c.getCatalog());
            assertEquals(List.of("shop"), rows(c.getMetaData().getCatalogs(), "TABLE_CAT"));
            assertEquals(List.of("INFORMATION_SCHEMA shop", "PUBLIC shop"), rows(c.getMetaData().getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG"));
        }
    }

    @Test
    void tablesMatchPatternsWithTheSearchStringEscape() throws Exception {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            assertEquals("\\", md.getSearchStringEscape());
            try (ResultSet rs = md.getTables(null, null, "%", null)) {
                assertEquals(TABLES_COLUMNS, labels(rs));
            }
            assertEquals(List.of("MT_ORDER_LINE TABLE"), rows(md.getTables(null, null, "MT\\_ORDER\\_LINE", null), "TABLE_NAME", "TABLE_TYPE"));
            assertEquals(List.of("MT_ORDERXLINE", "MT_ORDER_LINE"), rows(md.getTables(null, null, "MT_ORDER_LINE", null), "TABLE_NAME"),
                    "an unescaped _ matches any one character");
            assertEquals(List.of("null PUBLIC MT_DISTRICT TABLE", "null PUBLIC MT_ORDERXLINE TABLE", "null PUBLIC MT_ORDER_LINE TABLE",
                    "null PUBLIC MT_WAREHOUSE TABLE", "null PUBLIC MT_RICH VIEW"),
                    rows(md.getTables(null, "PUBLIC", "%", null), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"),
                    "ordered by TABLE_TYPE, then name");
            assertEquals(List.of("MT_RICH"), rows(md.getTables(null, null, "MT%", new String[] {"VIEW"}), "TABLE_NAME"));
            assertEquals(List.of("INFORMATION_SCHEMA COLUMNS", "INFORMATION_SCHEMA KEY_COLUMN_USAGE", "INFORMATION_SCHEMA REFERENTIAL_CONSTRAINTS",
                    "INFORMATION_SCHEMA SCHEMATA", "INFORMATION_SCHEMA STATISTICS", "INFORMATION_SCHEMA TABLES",
                    "INFORMATION_SCHEMA TABLE_CONSTRAINTS", "INFORMATION_SCHEMA VIEWS"),
                    rows(md.getTables(null, null, null, new String[] {"SYSTEM TABLE"}), "TABLE_SCHEM", "TABLE_NAME"));
            List<String> all = rows(md.getTables(null, null, "%", null), "TABLE_TYPE");
            assertEquals(8 + 5, all.size());
            assertEquals("SYSTEM TABLE", all.get(0), "SYSTEM TABLE sorts before TABLE and VIEW");
            assertEquals(List.of(), rows(md.getTables(null, null, "DBEAVERFAKETABLENAMEFORPING", null), "TABLE_NAME"));
        }
    }

    @Test
    void columnsDescribeTheDdlInOrdinalOrder() throws Exception {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getColumns(null, null, "MT\\_WAREHOUSE", "%")) {
                assertEquals(COLUMNS_COLUMNS, labels(rs));
                assertEquals(Types.INTEGER, rs.getMetaData().getColumnType(5));
                assertEquals(Types.SMALLINT, rs.getMetaData().getColumnType(22));
            }
            String[] facts = {"ORDINAL_POSITION", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX",
                    "NULLABLE", "COLUMN_DEF", "IS_NULLABLE", "CHAR_OCTET_LENGTH", "IS_AUTOINCREMENT"};
            assertEquals(List.of(
                    "1 W_ID 4 INTEGER 10 0 10 0 null NO null NO",
                    "2 W_NAME 12 VARCHAR 10 null null 0 null NO 40 NO",
                    "3 W_TAX 3 DECIMAL 4 4 10 1 0.1 YES null NO",
                    "4 W_YTD 3 DECIMAL 12 2 10 1 null YES null NO",
                    "5 W_CITY 1 CHAR 20 null null 1 null YES 80 NO",
                    "6 W_SINCE 93 TIMESTAMP 23 3 null 1 CURRENT_TIMESTAMP YES null NO"),
                    rows(md.getColumns(null, "PUBLIC", "MT\\_WAREHOUSE", null), facts));
            assertEquals(List.of(
                    "1 OL_W_ID 4 INTEGER 10 0 10 0 null NO null NO",
                    "2 OL_D_ID 5 SMALLINT 5 0 10 0 null NO null NO",
                    "3 OL_O_ID 4 INTEGER 10 0 10 0 null NO null NO",
                    "4 OL_NUMBER 4 INTEGER 10 0 10 0 null NO null NO",
                    "5 OL_AMOUNT 8 DOUBLE 17 17 10 0 null NO null NO",
                    "6 OL_NOTE 12 VARCHAR 2147483647 null null 1 null YES 2147483647 NO",
                    "7 OL_DELIVERY 91 DATE 10 null null 1 null YES null NO",
                    "8 OL_DONE 16 BOOLEAN 1 null null 1 null YES null NO",
                    "9 OL_BIG -5 BIGINT 19 0 10 1 null YES null NO",
                    "10 OL_BYTES -3 VARBINARY 16 null null 1 null YES 16 NO"),
                    rows(md.getColumns(null, null, "MT\\_ORDER\\_LINE", "%"), facts));
            assertEquals(List.of("MT_DISTRICT D_NAME", "MT_RICH W_NAME", "MT_WAREHOUSE W_NAME"), rows(md.getColumns(null, null, "MT%", "%\\_NAME"),
                    "TABLE_NAME", "COLUMN_NAME"));
            assertEquals(List.of("W_ID 4 0", "W_NAME 12 0"), rows(md.getColumns(null, null, "MT\\_RICH", null), "COLUMN_NAME", "DATA_TYPE",
                    "NULLABLE"), "a view's columns come from its query");
        }
    }

    @Test
    void primaryKeysInColumnNameOrderWithTheirKeySequence() throws Exception {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getPrimaryKeys(null, null, "MT_ORDER_LINE")) {
                assertEquals(PRIMARY_KEYS_COLUMNS, labels(rs));
                assertEquals(Types.SMALLINT, rs.getMetaData().getColumnType(5));
            }
            assertEquals(List.of("MT_ORDER_LINE OL_D_ID 2 MT_ORDER_LINE_PKEY", "MT_ORDER_LINE OL_NUMBER 4 MT_ORDER_LINE_PKEY",
                    "MT_ORDER_LINE OL_O_ID 3 MT_ORDER_LINE_PKEY", "MT_ORDER_LINE OL_W_ID 1 MT_ORDER_LINE_PKEY"),
                    rows(md.getPrimaryKeys(null, "PUBLIC", "MT_ORDER_LINE"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
            assertEquals(List.of(), rows(md.getPrimaryKeys(null, null, "MT_ORDERXLINE"), "COLUMN_NAME"), "no primary key: a hidden row id");
            assertEquals(List.of(), rows(md.getPrimaryKeys(null, null, "MT_ORDER%"), "COLUMN_NAME"), "a table name is not a pattern");
            List<String> all = rows(md.getPrimaryKeys(null, null, "%"), "TABLE_NAME");
            assertEquals(Set.of("MT_WAREHOUSE", "MT_DISTRICT", "MT_ORDER_LINE"), new LinkedHashSet<>(all), "% reads the whole schema");
            assertEquals(List.of("2 W_ID 4 INTEGER 10 0 1"), rows(md.getBestRowIdentifier(null, null, "MT_WAREHOUSE",
                    DatabaseMetaData.bestRowSession, false), "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS",
                    "PSEUDO_COLUMN"));
        }
    }

    @Test
    void foreignKeysReadFromBothEnds() throws Exception {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            String[] facts = {"PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE",
                    "FK_NAME", "PK_NAME", "DEFERRABILITY"};
            try (ResultSet rs = md.getImportedKeys(null, null, "MT_DISTRICT")) {
                assertEquals(KEYS_COLUMNS, labels(rs));
            }
            String cascade = DatabaseMetaData.importedKeyCascade + " " + DatabaseMetaData.importedKeyCascade;
            String restrict = DatabaseMetaData.importedKeyRestrict + " " + DatabaseMetaData.importedKeyRestrict;
            int notDeferrable = DatabaseMetaData.importedKeyNotDeferrable;
            assertEquals(List.of("MT_WAREHOUSE W_ID MT_DISTRICT D_W_ID 1 " + cascade + " MT_D_W MT_WAREHOUSE_PKEY " + notDeferrable),
                    rows(md.getImportedKeys(null, "PUBLIC", "MT_DISTRICT"), facts));
            List<String> lines = List.of(
                    "MT_DISTRICT D_W_ID MT_ORDER_LINE OL_W_ID 1 " + restrict + " MT_ORDER_LINE_OL_W_ID_OL_D_ID_FKEY MT_DISTRICT_PKEY " + notDeferrable,
                    "MT_DISTRICT D_ID MT_ORDER_LINE OL_D_ID 2 " + restrict + " MT_ORDER_LINE_OL_W_ID_OL_D_ID_FKEY MT_DISTRICT_PKEY " + notDeferrable);
            assertEquals(lines, rows(md.getImportedKeys(null, null, "MT_ORDER_LINE"), facts));
            assertEquals(lines, rows(md.getExportedKeys(null, null, "MT_DISTRICT"), facts));
            assertEquals(lines, rows(md.getCrossReference(null, null, "MT_DISTRICT", null, null, "MT_ORDER_LINE"), facts));
            assertEquals(List.of(), rows(md.getCrossReference(null, null, "MT_WAREHOUSE", null, null, "MT_ORDER_LINE"), facts));
            assertEquals(List.of("MT_DISTRICT D_W_ID"), rows(md.getExportedKeys(null, null, "MT_WAREHOUSE"), "FKTABLE_NAME", "FKCOLUMN_NAME"));
            assertEquals(3, rows(md.getImportedKeys(null, null, "%"), "FK_NAME").size(), "% reads the whole schema");
        }
    }

    @Test
    void indexInfoListsReadyIndexesWithUniquenessAndColumnOrder() throws Exception {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getIndexInfo(null, null, "MT_ORDER_LINE", false, true)) {
                assertEquals(INDEX_INFO_COLUMNS, labels(rs));
                assertEquals(Types.BOOLEAN, rs.getMetaData().getColumnType(4));
                assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(11));
            }
            String[] facts = {"NON_UNIQUE", "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC"};
            int clustered = DatabaseMetaData.tableIndexClustered;
            int other = DatabaseMetaData.tableIndexOther;
            assertEquals(List.of(
                    "false MT_ORDER_LINE_PKEY " + clustered + " 1 OL_W_ID A",
                    "false MT_ORDER_LINE_PKEY " + clustered + " 2 OL_D_ID A",
                    "false MT_ORDER_LINE_PKEY " + clustered + " 3 OL_O_ID A",
                    "false MT_ORDER_LINE_PKEY " + clustered + " 4 OL_NUMBER A",
                    "true MT_OL_AMOUNT " + other + " 1 OL_AMOUNT D",
                    "true MT_OL_AMOUNT " + other + " 2 OL_O_ID A"),
                    rows(md.getIndexInfo(null, null, "MT_ORDER_LINE", false, false), facts));
            assertEquals(List.of("MT_ORDER_LINE_PKEY", "MT_ORDER_LINE_PKEY", "MT_ORDER_LINE_PKEY", "MT_ORDER_LINE_PKEY"),
                    rows(md.getIndexInfo(null, null, "MT_ORDER_LINE", true, false), "INDEX_NAME"), "unique: only unique indexes");
            assertEquals(List.of("false MT_WAREHOUSE_PKEY " + clustered + " 1 W_ID A", "false MT_W_NAME " + other + " 1 W_NAME A"),
                    rows(md.getIndexInfo(null, null, "MT_WAREHOUSE", false, true), facts));
            assertEquals(List.of("MT_DISTRICT_PKEY", "MT_DISTRICT_PKEY"), rows(md.getIndexInfo(null, null, "MT_DISTRICT", false, false),
                    "INDEX_NAME"), "the dropped index is not shown");
            List<String> schemaWide = rows(md.getIndexInfo(null, "PUBLIC", "%", false, true), "INDEX_NAME");
            assertFalse(schemaWide.contains("MT_GONE"));
            assertEquals(4 + 2 + 1 + 1 + 2, schemaWide.size());
        }
    }

    /** A call of each function the driver lists for the {@code {fn ...}} escape. */
    private static final Map<String, String> ESCAPE_CALLS = Map.ofEntries(
            Map.entry("ABS", "ABS(-1)"), Map.entry("ACOS", "ACOS(1)"), Map.entry("ASIN", "ASIN(0)"),
            Map.entry("ATAN", "ATAN(0)"), Map.entry("ATAN2", "ATAN2(0, 1)"), Map.entry("CEILING", "CEILING(1.2)"),
            Map.entry("COS", "COS(0)"), Map.entry("COT", "COT(1)"), Map.entry("DEGREES", "DEGREES(0)"),
            Map.entry("EXP", "EXP(0)"), Map.entry("FLOOR", "FLOOR(1.7)"), Map.entry("LOG", "LOG(1)"),
            Map.entry("LOG10", "LOG10(100)"), Map.entry("MOD", "MOD(7, 3)"), Map.entry("PI", "PI()"),
            Map.entry("POWER", "POWER(2, 3)"), Map.entry("RADIANS", "RADIANS(0)"), Map.entry("ROUND", "ROUND(1.25, 1)"),
            Map.entry("SIGN", "SIGN(-3)"), Map.entry("SIN", "SIN(0)"), Map.entry("SQRT", "SQRT(4)"),
            Map.entry("TAN", "TAN(0)"), Map.entry("TRUNCATE", "TRUNCATE(1.25, 1)"),
            Map.entry("ASCII", "ASCII('a')"), Map.entry("CHAR", "CHAR(97)"), Map.entry("CONCAT", "CONCAT('a', 'b')"),
            Map.entry("DIFFERENCE", "DIFFERENCE('a', 'b')"), Map.entry("INSERT", "INSERT('abc', 1, 1, 'x')"),
            Map.entry("LCASE", "LCASE('B')"), Map.entry("LEFT", "LEFT('abc', 2)"), Map.entry("LENGTH", "LENGTH('abc')"),
            Map.entry("LOCATE", "LOCATE('b', 'abc')"), Map.entry("LTRIM", "LTRIM('  a')"), Map.entry("REPEAT", "REPEAT('a', 2)"),
            Map.entry("REPLACE", "REPLACE('abc', 'b', 'x')"), Map.entry("RIGHT", "RIGHT('abc', 2)"),
            Map.entry("RTRIM", "RTRIM('a  ')"), Map.entry("SOUNDEX", "SOUNDEX('abc')"), Map.entry("SPACE", "SPACE(2)"),
            Map.entry("SUBSTRING", "SUBSTRING('abc', 2, 1)"), Map.entry("UCASE", "UCASE('a')"),
            Map.entry("IFNULL", "IFNULL(NULL, 1)"),
            Map.entry("CURDATE", "CURDATE()"), Map.entry("CURTIME", "CURTIME()"),
            Map.entry("DAYNAME", "DAYNAME(DATE '2024-01-01')"), Map.entry("DAYOFMONTH", "DAYOFMONTH(DATE '2024-01-05')"),
            Map.entry("DAYOFWEEK", "DAYOFWEEK(DATE '2024-01-10')"), Map.entry("DAYOFYEAR", "DAYOFYEAR(DATE '2024-02-05')"),
            Map.entry("HOUR", "HOUR(TIME '10:11:12')"), Map.entry("MINUTE", "MINUTE(TIME '10:11:12')"),
            Map.entry("MONTH", "MONTH(DATE '2024-02-05')"), Map.entry("MONTHNAME", "MONTHNAME(DATE '2024-01-01')"),
            Map.entry("NOW", "NOW()"), Map.entry("QUARTER", "QUARTER(DATE '2024-05-01')"),
            Map.entry("SECOND", "SECOND(TIME '10:11:12')"),
            Map.entry("TIMESTAMPADD", "TIMESTAMPADD(SQL_TSI_DAY, 1, TIMESTAMP '2024-01-01 00:00:00')"),
            Map.entry("TIMESTAMPDIFF", "TIMESTAMPDIFF(SQL_TSI_DAY, TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-03 00:00:00')"),
            Map.entry("WEEK", "WEEK(DATE '2024-01-10')"), Map.entry("YEAR", "YEAR(DATE '2024-02-05')"));

    @Test
    void everyListedEscapeFunctionRuns() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            Set<String> listed = new LinkedHashSet<>();
            for (String list : List.of(md.getNumericFunctions(), md.getStringFunctions(), md.getSystemFunctions(), md.getTimeDateFunctions())) {
                listed.addAll(List.of(list.split(",")));
            }
            assertEquals(ESCAPE_CALLS.keySet(), listed);
            for (String name : listed) {
                try (ResultSet rs = s.executeQuery("SELECT {fn " + ESCAPE_CALLS.get(name) + "}")) {
                    assertTrue(rs.next(), name);
                    assertTrue(rs.getString(1) != null, name);
                }
            }
            assertTrue(md.storesUpperCaseIdentifiers());
            assertFalse(md.storesLowerCaseIdentifiers());
            assertTrue(md.storesMixedCaseQuotedIdentifiers());
            assertEquals("\"", md.getIdentifierQuoteString());
            assertTrue(md.getDatabaseProductVersion().length() > 0);
            assertTrue(md.getDriverVersion().length() > 0);
        }
    }

    @Test
    void ddlInATransactionNeitherCommitsItNorIsRolledBack() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertFalse(c.getMetaData().dataDefinitionCausesTransactionCommit());
            assertFalse(c.getMetaData().supportsDataDefinitionAndDataManipulationTransactions());
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO mt_orderxline VALUES (1)");
            s.execute("CREATE TABLE mt_scratch (id INT PRIMARY KEY)");
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(List.of("0"), rows(s.executeQuery("SELECT COUNT(*) AS n FROM mt_orderxline"), "N"), "the insert was rolled back");
            assertEquals(List.of("MT_SCRATCH"), rows(c.getMetaData().getTables(null, null, "MT\\_SCRATCH", null), "TABLE_NAME"),
                    "the table stayed");
            s.execute("DROP TABLE mt_scratch");
        }
    }

    /** How benchmark and migration harnesses read back the schema they loaded. */
    @Test
    void aBenchmarkHarnessReadsItsSchemaBack() throws Exception {
        try (Connection c = DriverManager.getConnection(SqlClusters.url(cluster) + "tpcc")) {
            DatabaseMetaData md = c.getMetaData();
            assertEquals("tpcc", c.getCatalog());
            assertEquals("PUBLIC", c.getSchema());
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), null, new String[] {"TABLE"})) {
                while (rs.next()) {
                    assertEquals("tpcc", rs.getString("TABLE_CAT"));
                    assertEquals("PUBLIC", rs.getString("TABLE_SCHEM"));
                    assertEquals("TABLE", rs.getString("TABLE_TYPE"));
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertEquals(List.of("MT_DISTRICT", "MT_ORDERXLINE", "MT_ORDER_LINE", "MT_WAREHOUSE"), tables);
            for (String table : tables) {
                // A loader's INSERT INTO t VALUES (?, ...) binds columns in this order. Harnesses pass
                // the bare name, which is a pattern: MT_ORDER_LINE also matches MT_ORDERXLINE (as with
                // pgJDBC), so the rows of other tables are skipped; escaped, the name matches only itself.
                List<Integer> positions = new ArrayList<>();
                try (ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), table, null)) {
                    while (rs.next()) {
                        if (rs.getString("TABLE_NAME").equals(table)) {
                            positions.add(rs.getInt("ORDINAL_POSITION"));
                        }
                    }
                }
                String escaped = table.replace("_", md.getSearchStringEscape() + "_");
                assertEquals(java.util.Collections.nCopies(positions.size(), table),
                        rows(md.getColumns(c.getCatalog(), c.getSchema(), escaped, null), "TABLE_NAME"));
                assertFalse(positions.isEmpty(), table);
                for (int i = 0; i < positions.size(); i++) {
                    assertEquals(i + 1, positions.get(i), table);
                }
                try (ResultSet rs = md.getIndexInfo(c.getCatalog(), c.getSchema(), table, false, false)) {
                    while (rs.next()) {
                        assertEquals(table, rs.getString("TABLE_NAME"));
                        assertTrue(rs.getShort("ORDINAL_POSITION") >= 1);
                    }
                }
                try (ResultSet rs = md.getImportedKeys(c.getCatalog(), c.getSchema(), table)) {
                    while (rs.next()) {
                        assertTrue(tables.contains(rs.getString("PKTABLE_NAME")), "PKTABLE_NAME " + rs.getString("PKTABLE_NAME")
                                + " is one of the TABLE_NAMEs");
                        assertEquals(table, rs.getString("FKTABLE_NAME"));
                        assertEquals("tpcc", rs.getString("PKTABLE_CAT"));
                    }
                }
            }
            assertEquals(List.of(), rows(md.getTables("another", c.getSchema(), null, new String[] {"TABLE"}), "TABLE_NAME"),
                    "a catalog that is not the connection's has no tables");
        }
    }
}
