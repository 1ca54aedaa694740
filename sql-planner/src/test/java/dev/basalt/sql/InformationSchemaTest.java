package dev.basalt.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.CatalogCodec;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.calcite.BasaltTypeSystem;
import dev.basalt.sql.internal.calcite.ExecContext;
import dev.basalt.sql.internal.exec.Plan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.Enumerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code information_schema} over an in-memory catalog: what each table says about the DDL that
 * made the catalog, that it is ordinary SQL (filters, joins, ORDER BY), that only READY indexes
 * show, and that it cannot be written. The tables need no transaction, so the compiled plans run
 * here without a cluster.
 */
class InformationSchemaTest {
    private static final JavaTypeFactoryImpl TYPES = new JavaTypeFactoryImpl(BasaltTypeSystem.INSTANCE);
    private CatalogVisibilityTest.MemoryStore store;
    private SqlEngine engine;

    @BeforeEach
    void createTables() {
        store = new CatalogVisibilityTest.MemoryStore();
        engine = new SqlEngine(null, store);
        ddl("CREATE TABLE warehouse (w_id INT PRIMARY KEY, w_name VARCHAR(10) NOT NULL, w_tax DECIMAL(4, 4) DEFAULT 0.1,"
                + " w_note TEXT, w_code CHAR(3), w_since TIMESTAMP DEFAULT CURRENT_TIMESTAMP, w_flag BOOLEAN DEFAULT NULL)");
        ddl("CREATE TABLE order_line (ol_w_id INT, ol_o_id BIGINT, ol_number SMALLINT, ol_amount DOUBLE, ol_qty REAL,"
                + " ol_day DATE, ol_at TIME, ol_blob VARBINARY(8),"
                + " PRIMARY KEY (ol_w_id, ol_o_id, ol_number),"
                + " CONSTRAINT ol_wh FOREIGN KEY (ol_w_id) REFERENCES warehouse (w_id) ON DELETE CASCADE,"
                + " CONSTRAINT ol_unique UNIQUE (ol_o_id, ol_number))");
        ddl("CREATE TABLE loose (a INT, b INT REFERENCES warehouse ON DELETE SET NULL)");
        ddl("CREATE VIEW rich AS SELECT w_id, w_name AS name, w_tax * 2 AS double_tax FROM warehouse");
    }

    private void ddl(String sql) {
        try (SqlSession s = engine.openSession()) {
            s.execute(sql, List.of(), 0, 0);
        }
    }

    private List<String> query(String sql) {
        return query(sql, "shop");
    }

    /** The rows of {@code sql}, each as its values joined by single spaces. */
    private List<String> query(String sql, String database) {
        Plan.Query plan = (Plan.Query) engine.plan(sql);
        ExecContext context = new ExecContext(engine.schema().root(), TYPES, null, new Object[0], database);
        List<String> out = new ArrayList<>();
        Enumerator<?> rows = plan.bindable().bind(context).enumerator();
        while (rows.moveNext()) {
            Object row = rows.current();
            Object[] values = row instanceof Object[] a ? a : new Object[] {row};
            out.add(String.join(" ", Arrays.stream(values).map(String::valueOf).toList()));
        }
        return out;
    }

    @Test
    void tablesListsTablesViewsAndTheSchemasOwnTables() {
        assertEquals(List.of("shop PUBLIC LOOSE BASE TABLE YES", "shop PUBLIC ORDER_LINE BASE TABLE YES", "shop PUBLIC RICH VIEW NO",
                "shop PUBLIC WAREHOUSE BASE TABLE YES"),
                query("SELECT * FROM information_schema.tables WHERE table_schema = 'PUBLIC' ORDER BY table_name"));
        assertEquals(List.of("COLUMNS SYSTEM VIEW", "KEY_COLUMN_USAGE SYSTEM VIEW", "REFERENTIAL_CONSTRAINTS SYSTEM VIEW",
                "SCHEMATA SYSTEM VIEW", "STATISTICS SYSTEM VIEW", "TABLES SYSTEM VIEW", "TABLE_CONSTRAINTS SYSTEM VIEW", "VIEWS SYSTEM VIEW"),
                query("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'INFORMATION_SCHEMA'"
                        + " ORDER BY table_name"));
        assertEquals(List.of("shop INFORMATION_SCHEMA null", "shop PUBLIC null"),
                query("SELECT * FROM information_schema.schemata ORDER BY schema_name"));
    }

    @Test
    void theCatalogNameIsTheSessionsDatabaseOrNull() {
        assertEquals(List.of("null"), query("SELECT DISTINCT table_catalog FROM information_schema.tables", null));
        assertEquals(List.of("tpcc"), query("SELECT DISTINCT table_catalog FROM information_schema.columns", "tpcc"));
    }

    @Test
    void columnsDescribeEachColumnInDeclarationOrder() {
        assertEquals(List.of(
                "1 W_ID null NO INTEGER null null 32 2 0 null INTEGER YES",
                "2 W_NAME null NO CHARACTER VARYING 10 40 null null null null VARCHAR YES",
                "3 W_TAX 0.1 YES DECIMAL null null 4 10 4 null DECIMAL YES",
                "4 W_NOTE null YES CHARACTER VARYING null null null null null null VARCHAR YES",
                "5 W_CODE null YES CHARACTER 3 12 null null null null CHAR YES",
                "6 W_SINCE CURRENT_TIMESTAMP YES TIMESTAMP WITHOUT TIME ZONE null null null null null 3 TIMESTAMP YES",
                "7 W_FLAG null YES BOOLEAN null null null null null null BOOLEAN YES"),
                query("SELECT ordinal_position, column_name, column_default, is_nullable, data_type, character_maximum_length,"
                        + " character_octet_length, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision,"
                        + " udt_name, is_updatable FROM information_schema.columns WHERE table_name = 'WAREHOUSE' ORDER BY ordinal_position"));
        assertEquals(List.of("OL_W_ID NO INTEGER", "OL_O_ID NO BIGINT", "OL_NUMBER NO SMALLINT", "OL_AMOUNT YES DOUBLE PRECISION",
                "OL_QTY YES REAL", "OL_DAY YES DATE", "OL_AT YES TIME WITHOUT TIME ZONE", "OL_BLOB YES BINARY VARYING"),
                query("SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_name = 'ORDER_LINE'"
                        + " ORDER BY ordinal_position"));
        assertEquals(List.of("W_ID NO INTEGER NO", "NAME NO CHARACTER VARYING NO", "DOUBLE_TAX YES DECIMAL NO"),
                query("SELECT column_name, is_nullable, data_type, is_updatable FROM information_schema.columns"
                        + " WHERE table_name = 'RICH' ORDER BY ordinal_position"));
    }

    @Test
    void constraintsJoinToTheirColumnsAndReferences() {
        assertEquals(List.of("LOOSE LOOSE_B_FKEY FOREIGN KEY", "ORDER_LINE OL_UNIQUE UNIQUE", "ORDER_LINE OL_WH FOREIGN KEY",
                "ORDER_LINE ORDER_LINE_PKEY PRIMARY KEY", "WAREHOUSE WAREHOUSE_PKEY PRIMARY KEY"),
                query("SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints"
                        + " ORDER BY table_name, constraint_name"));
        assertEquals(List.of("ORDER_LINE_PKEY OL_W_ID 1 null null", "ORDER_LINE_PKEY OL_O_ID 2 null null",
                "ORDER_LINE_PKEY OL_NUMBER 3 null null", "OL_UNIQUE OL_O_ID 1 null null", "OL_UNIQUE OL_NUMBER 2 null null",
                "OL_WH OL_W_ID 1 1 WAREHOUSE.W_ID"),
                query("SELECT constraint_name, column_name, ordinal_position, position_in_unique_constraint,"
                        + " referenced_table_name || '.' || referenced_column_name"
                        + " FROM information_schema.key_column_usage WHERE table_name = 'ORDER_LINE'"));
        // the standard's way from a foreign key's column to the column it references
        assertEquals(List.of("LOOSE B WAREHOUSE W_ID SET NULL SET NULL", "ORDER_LINE OL_W_ID WAREHOUSE W_ID CASCADE CASCADE"),
                query("SELECT fk.table_name, fk.column_name, pk.table_name, pk.column_name, rc.update_rule, rc.delete_rule"
                        + " FROM information_schema.referential_constraints rc"
                        + " JOIN information_schema.key_column_usage fk ON fk.constraint_name = rc.constraint_name"
                        + " AND fk.table_name = rc.table_name"
                        + " JOIN information_schema.key_column_usage pk ON pk.constraint_name = rc.unique_constraint_name"
                        + " AND pk.table_name = rc.referenced_table_name AND pk.ordinal_position = fk.position_in_unique_constraint"
                        + " ORDER BY fk.table_name"));
        assertEquals(List.of("RICH NONE NO"), query("SELECT table_name, check_option, is_updatable FROM information_schema.views"));
        assertTrue(query("SELECT view_definition FROM information_schema.views").get(0).contains("\"WAREHOUSE\""));
    }

    @Test
    void statisticsShowsOnlyReadyIndexesAndThePrimaryIndex() {
        Catalog c = engine.catalog();
        TableDef t = c.table("WAREHOUSE");
        List<TableDef.IndexDef> indexes = new ArrayList<>(t.indexes());
        indexes.add(new TableDef.IndexDef(t.nextIndexId(), "W_READY", List.of(2, 1), List.of(false, true), false, TableDef.IndexState.READY));
        indexes.add(new TableDef.IndexDef(t.nextIndexId() + 1, "W_BUILDING", List.of(1), List.of(false), true,
                TableDef.IndexState.WRITE_ONLY));
        indexes.add(new TableDef.IndexDef(t.nextIndexId() + 2, "W_GONE", List.of(1), List.of(false), true, TableDef.IndexState.DROPPED));
        Catalog next = c.withTable(new TableDef(t.tableId(), t.name(), t.columns(), t.primaryKey(), t.distribution(), t.hiddenRowId(),
                t.nextColumnId(), indexes, t.foreignKeys()));
        assertTrue(store.compareAndSet(c.version(), CatalogCodec.encode(next)));
        engine.refreshCatalog();
        assertEquals(List.of("NO WAREHOUSE_PKEY 1 W_ID ASC PRIMARY", "YES W_READY 1 W_TAX ASC SECONDARY", "YES W_READY 2 W_NAME DESC SECONDARY"),
                query("SELECT non_unique, index_name, seq_in_index, column_name, direction, index_type FROM information_schema.statistics"
                        + " WHERE table_name = 'WAREHOUSE' ORDER BY non_unique, index_name, seq_in_index"));
        assertEquals(List.of("WAREHOUSE_PKEY"), query("SELECT constraint_name FROM information_schema.table_constraints"
                + " WHERE table_name = 'WAREHOUSE'"), "the unique index being built is not a constraint yet");
        assertEquals(List.of("ORDER_LINE OL_UNIQUE 1 OL_O_ID", "ORDER_LINE OL_UNIQUE 2 OL_NUMBER"),
                query("SELECT table_name, index_name, seq_in_index, column_name FROM information_schema.statistics"
                        + " WHERE index_type = 'SECONDARY' AND table_name LIKE 'ORDER\\_%' ESCAPE '\\' ORDER BY seq_in_index"));
        assertEquals(List.of(), query("SELECT * FROM information_schema.statistics WHERE table_name = 'LOOSE'"),
                "a table without a primary key has no primary index to show");
    }

    @Test
    void writesAndDdlAreRefusedAsTheWrongKindOfObject() {
        for (String sql : List.of(
                "INSERT INTO information_schema.tables VALUES ('x', 'PUBLIC', 'T', 'BASE TABLE', 'YES')",
                "INSERT INTO information_schema.views (table_name) SELECT table_name FROM information_schema.tables",
                "UPDATE information_schema.columns SET is_nullable = 'NO'",
                "DELETE FROM information_schema.schemata")) {
            BasaltException e = assertThrows(BasaltException.class, () -> engine.plan(sql), sql);
            assertEquals(ErrorCode.WRONG_OBJECT_TYPE, e.code(), sql + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
        for (String sql : List.of(
                "DROP TABLE information_schema.tables",
                "CREATE TABLE information_schema.mine (id INT PRIMARY KEY)",
                "CREATE INDEX i ON information_schema.columns (table_name)",
                "ALTER TABLE information_schema.views ADD COLUMN x INT")) {
            BasaltException e = assertThrows(BasaltException.class, () -> ddl(sql), sql);
            assertEquals(ErrorCode.WRONG_OBJECT_TYPE, e.code(), sql + ": " + e.getMessage());
        }
        assertEquals("42809", ErrorCode.WRONG_OBJECT_TYPE.sqlState());
    }
}
