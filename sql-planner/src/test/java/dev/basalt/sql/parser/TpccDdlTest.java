package dev.basalt.sql.parser;

import static dev.basalt.sql.parser.ParserAssertions.name;
import static dev.basalt.sql.parser.ParserAssertions.names;
import static dev.basalt.sql.parser.ParserAssertions.precision;
import static dev.basalt.sql.parser.ParserAssertions.scale;
import static dev.basalt.sql.parser.ParserAssertions.typeName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TPC-C schema as benchmark harnesses write it for PostgreSQL, parsed as one script. */
class TpccDdlTest {
    static final String DDL = """
            DROP TABLE IF EXISTS history, new_order, order_line, oorder, customer, district, stock, item, warehouse CASCADE;

            CREATE TABLE warehouse (
                w_id       int            NOT NULL,
                w_ytd      decimal(12, 2) NOT NULL,
                w_tax      decimal(4, 4)  NOT NULL,
                w_name     varchar(10)    NOT NULL,
                w_street_1 varchar(20)    NOT NULL,
                w_street_2 varchar(20)    NOT NULL,
                w_city     varchar(20)    NOT NULL,
                w_state    char(2)        NOT NULL,
                w_zip      char(9)        NOT NULL,
                PRIMARY KEY (w_id)
            );

            CREATE TABLE item (
                i_id    int           NOT NULL,
                i_name  varchar(24)   NOT NULL,
                i_price decimal(5, 2) NOT NULL,
                i_data  varchar(50)   NOT NULL,
                i_im_id int           NOT NULL,
                PRIMARY KEY (i_id)
            );

            CREATE TABLE stock (
                s_w_id       int           NOT NULL,
                s_i_id       int           NOT NULL,
                s_quantity   int           NOT NULL,
                s_ytd        decimal(8, 2) NOT NULL,
                s_order_cnt  int           NOT NULL,
                s_remote_cnt int           NOT NULL,
                s_data       varchar(50)   NOT NULL,
                s_dist_01    char(24)      NOT NULL,
                s_dist_02    char(24)      NOT NULL,
                s_dist_03    char(24)      NOT NULL,
                s_dist_04    char(24)      NOT NULL,
                s_dist_05    char(24)      NOT NULL,
                s_dist_06    char(24)      NOT NULL,
                s_dist_07    char(24)      NOT NULL,
                s_dist_08    char(24)      NOT NULL,
                s_dist_09    char(24)      NOT NULL,
                s_dist_10    char(24)      NOT NULL,
                FOREIGN KEY (s_w_id) REFERENCES warehouse (w_id) ON DELETE CASCADE,
                FOREIGN KEY (s_i_id) REFERENCES item (i_id) ON DELETE CASCADE,
                PRIMARY KEY (s_w_id, s_i_id)
            );

            CREATE TABLE district (
                d_w_id      int            NOT NULL,
                d_id        int            NOT NULL,
                d_ytd       decimal(12, 2) NOT NULL,
                d_tax       decimal(4, 4)  NOT NULL,
                d_next_o_id int            NOT NULL,
                d_name      varchar(10)    NOT NULL,
                d_street_1  varchar(20)    NOT NULL,
                d_street_2  varchar(20)    NOT NULL,
                d_city      varchar(20)    NOT NULL,
                d_state     char(2)        NOT NULL,
                d_zip       char(9)        NOT NULL,
                FOREIGN KEY (d_w_id) REFERENCES warehouse (w_id) ON DELETE CASCADE,
                PRIMARY KEY (d_w_id, d_id)
            );

            CREATE TABLE customer (
                c_w_id         int            NOT NULL,
                c_d_id         int            NOT NULL,
                c_id           int            NOT NULL,
                c_discount     decimal(4, 4)  NOT NULL,
                c_credit       char(2)        NOT NULL,
                c_last         varchar(16)    NOT NULL,
                c_first        varchar(16)    NOT NULL,
                c_credit_lim   decimal(12, 2) NOT NULL,
                c_balance      decimal(12, 2) NOT NULL,
                c_ytd_payment  float          NOT NULL,
                c_payment_cnt  int            NOT NULL,
                c_delivery_cnt int            NOT NULL,
                c_street_1     varchar(20)    NOT NULL,
                c_street_2     varchar(20)    NOT NULL,
                c_city         varchar(20)    NOT NULL,
                c_state        char(2)        NOT NULL,
                c_zip          char(9)        NOT NULL,
                c_phone        char(16)       NOT NULL,
                c_since        timestamp      NOT NULL DEFAULT CURRENT_TIMESTAMP,
                c_middle       char(2)        NOT NULL,
                c_data         varchar(500)   NOT NULL,
                FOREIGN KEY (c_w_id, c_d_id) REFERENCES district (d_w_id, d_id) ON DELETE CASCADE,
                PRIMARY KEY (c_w_id, c_d_id, c_id)
            );

            CREATE TABLE history (
                h_c_id   int           NOT NULL,
                h_c_d_id int           NOT NULL,
                h_c_w_id int           NOT NULL,
                h_d_id   int           NOT NULL,
                h_w_id   int           NOT NULL,
                h_date   timestamp     NOT NULL DEFAULT CURRENT_TIMESTAMP,
                h_amount decimal(6, 2) NOT NULL,
                h_data   varchar(24)   NOT NULL,
                FOREIGN KEY (h_c_w_id, h_c_d_id, h_c_id) REFERENCES customer (c_w_id, c_d_id, c_id) ON DELETE CASCADE,
                FOREIGN KEY (h_w_id, h_d_id) REFERENCES district (d_w_id, d_id) ON DELETE CASCADE
            );

            CREATE TABLE oorder (
                o_w_id       int       NOT NULL,
                o_d_id       int       NOT NULL,
                o_id         int       NOT NULL,
                o_c_id       int       NOT NULL,
                o_carrier_id int                DEFAULT NULL,
                o_ol_cnt     int       NOT NULL,
                o_all_local  int       NOT NULL,
                o_entry_d    timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
                PRIMARY KEY (o_w_id, o_d_id, o_id),
                FOREIGN KEY (o_w_id, o_d_id, o_c_id) REFERENCES customer (c_w_id, c_d_id, c_id) ON DELETE CASCADE,
                UNIQUE (o_w_id, o_d_id, o_c_id, o_id)
            );

            CREATE TABLE new_order (
                no_w_id int NOT NULL,
                no_d_id int NOT NULL,
                no_o_id int NOT NULL,
                FOREIGN KEY (no_w_id, no_d_id, no_o_id) REFERENCES oorder (o_w_id, o_d_id, o_id) ON DELETE CASCADE,
                PRIMARY KEY (no_w_id, no_d_id, no_o_id)
            );

            CREATE TABLE order_line (
                ol_w_id        int           NOT NULL,
                ol_d_id        int           NOT NULL,
                ol_o_id        int           NOT NULL,
                ol_number      int           NOT NULL,
                ol_i_id        int           NOT NULL,
                ol_delivery_d  timestamp     NULL DEFAULT NULL,
                ol_amount      decimal(6, 2) NOT NULL,
                ol_supply_w_id int           NOT NULL,
                ol_quantity    decimal(6, 2) NOT NULL,
                ol_dist_info   char(24)      NOT NULL,
                FOREIGN KEY (ol_w_id, ol_d_id, ol_o_id) REFERENCES oorder (o_w_id, o_d_id, o_id) ON DELETE CASCADE,
                FOREIGN KEY (ol_supply_w_id, ol_i_id) REFERENCES stock (s_w_id, s_i_id) ON DELETE CASCADE,
                PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number)
            );

            CREATE INDEX idx_customer_name ON customer (c_w_id, c_d_id, c_last, c_first);
            """;

    private static List<SqlNode> statements;
    private static final Map<String, SqlCreateTable> TABLES = new LinkedHashMap<>();

    @BeforeAll
    static void parseTheScript() {
        statements = SqlParsers.parseScript(DDL);
        for (SqlNode statement : statements) {
            if (statement instanceof SqlCreateTable create) {
                TABLES.put(name(create.getName()), create);
            }
        }
    }

    private static SqlColumnDeclaration column(String table, String column) {
        return TABLES.get(table).getColumns().stream()
                .filter(c -> name(c.getName()).equals(column))
                .findFirst()
                .orElseThrow(() -> new AssertionError(table + " has no column " + column));
    }

    @Test
    void nineTablesAndAnIndex() {
        assertEquals(11, statements.size());
        SqlDropTable drop = assertInstanceOf(SqlDropTable.class, statements.get(0));
        assertEquals(9, drop.getNames().size());
        assertEquals(DropBehavior.CASCADE, drop.getBehavior());
        assertEquals(List.of("WAREHOUSE", "ITEM", "STOCK", "DISTRICT", "CUSTOMER", "HISTORY", "OORDER", "NEW_ORDER",
                "ORDER_LINE"), List.copyOf(TABLES.keySet()));
        SqlCreateIndex index = assertInstanceOf(SqlCreateIndex.class, statements.get(10));
        assertEquals("IDX_CUSTOMER_NAME", name(index.getName()));
        assertEquals("CUSTOMER", name(index.getTable()));
        assertEquals(List.of("C_W_ID", "C_D_ID", "C_LAST", "C_FIRST"),
                index.getColumns().stream().map(c -> name(c.getName())).toList());
    }

    @Test
    void everyStatementRoundTrips() {
        statements.forEach(ParserAssertions::assertRoundTrip);
        // The whole script, unparsed statement by statement, reads back as the same script.
        String script = String.join(";\n", statements.stream().map(SqlParsers::unparse).toList());
        List<SqlNode> again = SqlParsers.parseScript(script);
        assertEquals(statements.size(), again.size());
        for (int i = 0; i < again.size(); i++) {
            assertTrue(statements.get(i).equalsDeep(again.get(i), Litmus.THROW));
        }
    }

    @Test
    void warehouse() {
        SqlCreateTable warehouse = TABLES.get("WAREHOUSE");
        assertEquals(9, warehouse.getColumns().size());
        SqlColumnDeclaration ytd = column("WAREHOUSE", "W_YTD");
        assertEquals(SqlTypeName.DECIMAL, typeName(ytd.getDataType()));
        assertEquals(12, precision(ytd.getDataType()));
        assertEquals(2, scale(ytd.getDataType()));
        assertEquals(4, scale(column("WAREHOUSE", "W_TAX").getDataType()));
        assertEquals(SqlTypeName.CHAR, typeName(column("WAREHOUSE", "W_ZIP").getDataType()));
        assertEquals(Boolean.FALSE, column("WAREHOUSE", "W_ID").getNullable());
        SqlTableConstraint pk = warehouse.getTableConstraints().get(0);
        assertEquals(ConstraintKind.PRIMARY_KEY, pk.getConstraintKind());
        assertEquals(List.of("W_ID"), names(pk.getColumns()));
    }

    @Test
    void foreignKeysCascade() {
        SqlTableConstraint fk = TABLES.get("DISTRICT").getTableConstraints().get(0);
        assertEquals(ConstraintKind.FOREIGN_KEY, fk.getConstraintKind());
        assertEquals(List.of("D_W_ID"), names(fk.getColumns()));
        assertEquals("WAREHOUSE", name(fk.getReferencedTable()));
        assertEquals(List.of("W_ID"), names(fk.getReferencedColumns()));
        assertEquals(ReferentialAction.CASCADE, fk.getOnDelete());
        assertEquals(ReferentialAction.NO_ACTION, fk.getOnUpdate());

        SqlCreateTable history = TABLES.get("HISTORY");
        assertEquals(2, history.getTableConstraints().size());
        assertTrue(history.getTableConstraints().stream()
                .allMatch(c -> c.getConstraintKind() == ConstraintKind.FOREIGN_KEY), "history has no primary key");
        assertEquals(List.of("H_C_W_ID", "H_C_D_ID", "H_C_ID"), names(history.getTableConstraints().get(0).getColumns()));

        SqlCreateTable orderLine = TABLES.get("ORDER_LINE");
        assertEquals(List.of("S_W_ID", "S_I_ID"), names(orderLine.getTableConstraints().get(1).getReferencedColumns()));
        assertEquals(List.of("OL_W_ID", "OL_D_ID", "OL_O_ID", "OL_NUMBER"),
                names(orderLine.getTableConstraints().get(2).getColumns()));
    }

    @Test
    void defaultsAndNullability() {
        SqlColumnDeclaration since = column("CUSTOMER", "C_SINCE");
        assertEquals(SqlTypeName.TIMESTAMP, typeName(since.getDataType()));
        assertEquals(Boolean.FALSE, since.getNullable());
        assertEquals("CURRENT_TIMESTAMP", name((SqlIdentifier) since.getDefaultValue()));
        assertEquals(SqlTypeName.FLOAT, typeName(column("CUSTOMER", "C_YTD_PAYMENT").getDataType()));
        assertEquals(500, precision(column("CUSTOMER", "C_DATA").getDataType()));

        SqlColumnDeclaration carrier = column("OORDER", "O_CARRIER_ID");
        assertNull(carrier.getNullable());
        assertTrue(SqlUtil.isNullLiteral(carrier.getDefaultValue(), false));

        SqlColumnDeclaration delivery = column("ORDER_LINE", "OL_DELIVERY_D");
        assertEquals(Boolean.TRUE, delivery.getNullable());
        assertTrue(SqlUtil.isNullLiteral(delivery.getDefaultValue(), false));

        SqlTableConstraint unique = TABLES.get("OORDER").getTableConstraints().get(2);
        assertEquals(ConstraintKind.UNIQUE, unique.getConstraintKind());
        assertEquals(4, unique.getColumns().size());
    }
}
