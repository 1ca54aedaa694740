package dev.basalt.tpcc;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * TPC-C's nine tables (clause 1.3) as the harness creates them: every key of a warehouse's rows
 * starts with the warehouse id, so that on Basalt (whose rows are placed by the first
 * primary-key column unless a table says otherwise) a warehouse's rows share hash slots, and a
 * transaction on one warehouse mostly stays on few ranges. Column order is the order the loader's
 * {@code INSERT INTO t VALUES (?, ...)} binds.
 *
 * <p>Two departures from clause 1.3, both for placement: ORDER is named OORDER (ORDER is a
 * reserved word), and HISTORY, which has no key in the spec, gets {@code (H_W_ID, H_ID)} with a
 * random 64-bit H_ID, so its rows live beside their warehouse instead of being scattered by a
 * hidden row id. Money is DECIMAL, ids INT, dates TIMESTAMP.
 */
public final class Schema {
    /** A column: its name, its type in DDL and the JDBC type a NULL is bound with. */
    public record Column(String name, String ddlType, int jdbcType) {
    }

    /** A foreign key of a table: its columns and the parent's primary key they reference. */
    public record ForeignKey(List<String> columns, Table parent) {
    }

    /** The tables in creation order: a parent before its children. */
    public enum Table {
        ITEM(List.of("I_ID"),
                cols("I_ID INT", "I_NAME VARCHAR(24)", "I_PRICE DECIMAL(5,2)", "I_DATA VARCHAR(50)", "I_IM_ID INT")),
        WAREHOUSE(List.of("W_ID"),
                cols("W_ID INT", "W_YTD DECIMAL(12,2)", "W_TAX DECIMAL(4,4)", "W_NAME VARCHAR(10)", "W_STREET_1 VARCHAR(20)",
                        "W_STREET_2 VARCHAR(20)", "W_CITY VARCHAR(20)", "W_STATE CHAR(2)", "W_ZIP CHAR(9)")),
        STOCK(List.of("S_W_ID", "S_I_ID"),
                cols("S_W_ID INT", "S_I_ID INT", "S_QUANTITY INT", "S_YTD INT", "S_ORDER_CNT INT", "S_REMOTE_CNT INT",
                        "S_DATA VARCHAR(50)", "S_DIST_01 CHAR(24)", "S_DIST_02 CHAR(24)", "S_DIST_03 CHAR(24)", "S_DIST_04 CHAR(24)",
                        "S_DIST_05 CHAR(24)", "S_DIST_06 CHAR(24)", "S_DIST_07 CHAR(24)", "S_DIST_08 CHAR(24)", "S_DIST_09 CHAR(24)",
                        "S_DIST_10 CHAR(24)"),
                fk(List.of("S_W_ID"), "WAREHOUSE"), fk(List.of("S_I_ID"), "ITEM")),
        DISTRICT(List.of("D_W_ID", "D_ID"),
                cols("D_W_ID INT", "D_ID INT", "D_YTD DECIMAL(12,2)", "D_TAX DECIMAL(4,4)", "D_NEXT_O_ID INT", "D_NAME VARCHAR(10)",
                        "D_STREET_1 VARCHAR(20)", "D_STREET_2 VARCHAR(20)", "D_CITY VARCHAR(20)", "D_STATE CHAR(2)", "D_ZIP CHAR(9)"),
                fk(List.of("D_W_ID"), "WAREHOUSE")),
        CUSTOMER(List.of("C_W_ID", "C_D_ID", "C_ID"),
                cols("C_W_ID INT", "C_D_ID INT", "C_ID INT", "C_DISCOUNT DECIMAL(4,4)", "C_CREDIT CHAR(2)", "C_LAST VARCHAR(16)",
                        "C_FIRST VARCHAR(16)", "C_CREDIT_LIM DECIMAL(12,2)", "C_BALANCE DECIMAL(12,2)", "C_YTD_PAYMENT DECIMAL(12,2)",
                        "C_PAYMENT_CNT INT", "C_DELIVERY_CNT INT", "C_STREET_1 VARCHAR(20)", "C_STREET_2 VARCHAR(20)",
                        "C_CITY VARCHAR(20)", "C_STATE CHAR(2)", "C_ZIP CHAR(9)", "C_PHONE CHAR(16)", "C_SINCE TIMESTAMP",
                        "C_MIDDLE CHAR(2)", "C_DATA VARCHAR(500)"),
                fk(List.of("C_W_ID", "C_D_ID"), "DISTRICT")),
        HISTORY(List.of("H_W_ID", "H_ID"),
                cols("H_W_ID INT", "H_ID BIGINT", "H_C_ID INT", "H_C_D_ID INT", "H_C_W_ID INT", "H_D_ID INT", "H_DATE TIMESTAMP",
                        "H_AMOUNT DECIMAL(6,2)", "H_DATA VARCHAR(24)"),
                fk(List.of("H_C_W_ID", "H_C_D_ID", "H_C_ID"), "CUSTOMER"), fk(List.of("H_W_ID", "H_D_ID"), "DISTRICT")),
        OORDER(List.of("O_W_ID", "O_D_ID", "O_ID"),
                cols("O_W_ID INT", "O_D_ID INT", "O_ID INT", "O_C_ID INT", "O_CARRIER_ID INT", "O_OL_CNT INT", "O_ALL_LOCAL INT",
                        "O_ENTRY_D TIMESTAMP"),
                fk(List.of("O_W_ID", "O_D_ID", "O_C_ID"), "CUSTOMER")),
        NEW_ORDER(List.of("NO_W_ID", "NO_D_ID", "NO_O_ID"),
                cols("NO_W_ID INT", "NO_D_ID INT", "NO_O_ID INT"),
                fk(List.of("NO_W_ID", "NO_D_ID", "NO_O_ID"), "OORDER")),
        ORDER_LINE(List.of("OL_W_ID", "OL_D_ID", "OL_O_ID", "OL_NUMBER"),
                cols("OL_W_ID INT", "OL_D_ID INT", "OL_O_ID INT", "OL_NUMBER INT", "OL_I_ID INT", "OL_DELIVERY_D TIMESTAMP",
                        "OL_AMOUNT DECIMAL(6,2)", "OL_SUPPLY_W_ID INT", "OL_QUANTITY INT", "OL_DIST_INFO CHAR(24)"),
                fk(List.of("OL_W_ID", "OL_D_ID", "OL_O_ID"), "OORDER"), fk(List.of("OL_SUPPLY_W_ID", "OL_I_ID"), "STOCK"));

        private final List<String> primaryKey;
        private final List<Column> columns;
        private final String[][] foreignKeys;

        Table(List<String> primaryKey, List<Column> columns, String[]... foreignKeys) {
            this.primaryKey = primaryKey;
            this.columns = columns;
            this.foreignKeys = foreignKeys;
        }

        public List<Column> columns() {
            return columns;
        }

        public List<String> primaryKey() {
            return primaryKey;
        }

        public List<ForeignKey> foreignKeys() {
            List<ForeignKey> out = new ArrayList<>();
            for (String[] fk : foreignKeys) {
                out.add(new ForeignKey(List.of(fk).subList(0, fk.length - 1), Table.valueOf(fk[fk.length - 1])));
            }
            return out;
        }

        /** {@code INSERT INTO T VALUES (?, ..., ?)}: one parameter per column, no column list. */
        public String insertAll() {
            return "INSERT INTO " + name() + " VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        }

        private static String[] fk(List<String> columns, String parent) {
            List<String> all = new ArrayList<>(columns);
            all.add(parent);
            return all.toArray(String[]::new);
        }

        private static List<Column> cols(String... definitions) {
            List<Column> out = new ArrayList<>();
            for (String d : definitions) {
                String[] parts = d.split(" ", 2);
                out.add(new Column(parts[0], parts[1], jdbcType(parts[1])));
            }
            return List.copyOf(out);
        }

        private static int jdbcType(String ddlType) {
            if (ddlType.equals("INT")) {
                return Types.INTEGER;
            } else if (ddlType.equals("BIGINT")) {
                return Types.BIGINT;
            } else if (ddlType.startsWith("DECIMAL")) {
                return Types.DECIMAL;
            } else if (ddlType.startsWith("VARCHAR")) {
                return Types.VARCHAR;
            } else if (ddlType.startsWith("CHAR")) {
                return Types.CHAR;
            } else if (ddlType.equals("TIMESTAMP")) {
                return Types.TIMESTAMP;
            }
            throw new IllegalArgumentException("no JDBC type for DDL type " + ddlType);
        }
    }

    /** A secondary index the transactions need. */
    public record Index(String name, Table table, List<String> columns) {
        public String ddl() {
            return "CREATE INDEX " + name + " ON " + table.name() + " (" + String.join(", ", columns) + ")";
        }
    }

    /**
     * Payment and Order-Status find a customer by last name (clause 2.5.2.2) ordered by first name;
     * Order-Status finds a customer's latest order. Both lead with the warehouse id, so on Basalt
     * they are local to the warehouse's slot.
     */
    public static final List<Index> INDEXES = List.of(
            new Index("IDX_CUSTOMER_NAME", Table.CUSTOMER, List.of("C_W_ID", "C_D_ID", "C_LAST", "C_FIRST")),
            new Index("IDX_OORDER_CUSTOMER", Table.OORDER, List.of("O_W_ID", "O_D_ID", "O_C_ID", "O_ID")));

    private Schema() {
    }

    /** {@code CREATE TABLE} for a table: NOT NULL key columns, the primary key, foreign keys to parents' primary keys. */
    public static String createTable(Table table) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(table.name()).append(" (");
        for (Column c : table.columns()) {
            sb.append(c.name()).append(' ').append(c.ddlType());
            if (table.primaryKey().contains(c.name())) {
                sb.append(" NOT NULL");
            }
            sb.append(", ");
        }
        sb.append("PRIMARY KEY (").append(String.join(", ", table.primaryKey())).append(')');
        int n = 1;
        for (ForeignKey fk : table.foreignKeys()) {
            sb.append(", CONSTRAINT FK_").append(table.name()).append('_').append(n++)
                    .append(" FOREIGN KEY (").append(String.join(", ", fk.columns())).append(") REFERENCES ")
                    .append(fk.parent().name()).append(" (").append(String.join(", ", fk.parent().primaryKey())).append(')');
        }
        return sb.append(')').toString();
    }

    /** Drop statements, children first. */
    public static List<String> dropAll(Dialect dialect) {
        List<String> out = new ArrayList<>();
        Table[] tables = Table.values();
        for (int i = tables.length - 1; i >= 0; i--) {
            out.add(dialect.dropTable(tables[i].name()));
        }
        return out;
    }
}
