package dev.basalt.server.cli;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog as {@code basalt sql}'s {@code \d} commands show it, read through the driver's
 * {@link DatabaseMetaData} (so it shows what any JDBC tool sees): {@code \d} lists tables and
 * views, {@code \d NAME} describes one (columns, then its indexes, foreign keys and the foreign
 * keys that reference it, as psql prints them), {@code \di} lists indexes. A name folds to upper
 * case unless it is in double quotes, as in SQL.
 */
final class Describe {
    /** A titled table of text cells with lines to print after it; {@code found} false when the named object does not exist. */
    record Listing(String title, String[] header, List<String[]> rows, List<String> footer, boolean found) {
    }

    private final DatabaseMetaData meta;

    Describe(DatabaseMetaData meta) {
        this.meta = meta;
    }

    /** {@code \d} and {@code \dt}: the tables and views of every schema but INFORMATION_SCHEMA. */
    Listing relations() throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE").toLowerCase(Locale.ROOT)});
            }
        }
        return new Listing("List of relations", new String[] {"Schema", "Name", "Type"}, rows, List.of(), true);
    }

    /** {@code \di}: every index, the primary keys' included. */
    Listing indexes() throws SQLException {
        List<String[]> rows = new ArrayList<>();
        for (String[] table : tables()) {
            for (Index index : indexesOf(table[0], table[1]).values()) {
                rows.add(new String[] {table[0], index.name, table[1], index.unique ? "unique" : ""});
            }
        }
        return new Listing("List of indexes", new String[] {"Schema", "Name", "Table", "Unique"}, rows, List.of(), true);
    }

    /** {@code \d NAME}: one table or view. */
    Listing relation(String typed) throws SQLException {
        String name = typed.length() > 1 && typed.startsWith("\"") && typed.endsWith("\"")
                ? typed.substring(1, typed.length() - 1) : typed.toUpperCase(Locale.ROOT);
        String schema = null;
        String kind = null;
        for (String[] t : tables()) {
            if (t[1].equals(name)) {
                schema = t[0];
                kind = t[2];
                break;
            }
        }
        if (schema == null) {
            return new Listing("Did not find any relation named \"" + typed + "\".", new String[0], List.of(), List.of(), false);
        }
        List<String[]> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(null, schema, escape(name), "%")) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString("COLUMN_NAME"), type(rs), "NO".equals(rs.getString("IS_NULLABLE")) ? "not null" : "",
                        rs.getString("COLUMN_DEF") == null ? "" : rs.getString("COLUMN_DEF")});
            }
        }
        List<String> footer = new ArrayList<>();
        Map<String, Index> indexes = indexesOf(schema, name);
        if (!indexes.isEmpty()) {
            footer.add("Indexes:");
            for (Index index : indexes.values()) {
                footer.add("    \"" + index.name + "\" " + (index.primary ? "PRIMARY KEY " : index.unique ? "UNIQUE " : "")
                        + "(" + String.join(", ", index.columns.values()) + ")");
            }
        }
        keys(meta.getImportedKeys(null, schema, name), "Foreign-key constraints:", false, footer);
        keys(meta.getExportedKeys(null, schema, name), "Referenced by:", true, footer);
        String title = ("VIEW".equals(kind) ? "View" : "Table") + " \"" + schema + "." + name + "\"";
        return new Listing(title, new String[] {"Column", "Type", "Nullable", "Default"}, columns, footer, true);
    }

    /** Every table and view as {schema, name, type}. */
    private List<String[]> tables() throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                out.add(new String[] {rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE")});
            }
        }
        return out;
    }

    private String escape(String name) throws SQLException {
        String e = meta.getSearchStringEscape();
        return name.replace(e, e + e).replace("%", e + "%").replace("_", e + "_");
    }

    /** The column's type as DDL writes it: VARCHAR(10), DECIMAL(8, 2), INTEGER. */
    private static String type(ResultSet column) throws SQLException {
        String name = column.getString("TYPE_NAME");
        int size = column.getInt("COLUMN_SIZE");
        return switch (column.getInt("DATA_TYPE")) {
            case Types.CHAR, Types.VARCHAR -> name + "(" + size + ")";
            case Types.DECIMAL, Types.NUMERIC -> name + "(" + size + ", " + column.getInt("DECIMAL_DIGITS") + ")";
            default -> name;
        };
    }

    private static final class Index {
        final String name;
        final boolean unique;
        final boolean primary;
        final Map<Integer, String> columns = new TreeMap<>();

        Index(String name, boolean unique, boolean primary) {
            this.name = name;
            this.unique = unique;
            this.primary = primary;
        }
    }

    /** The table's indexes by name, the primary key first. */
    private Map<String, Index> indexesOf(String schema, String table) throws SQLException {
        Map<String, Index> out = new LinkedHashMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                String name = rs.getString("PK_NAME") == null ? table + "_PKEY" : rs.getString("PK_NAME");
                out.computeIfAbsent(name, n -> new Index(n, true, true)).columns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        try (ResultSet rs = meta.getIndexInfo(null, schema, table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                Index index = out.get(name);
                if (index == null) {
                    index = new Index(name, !rs.getBoolean("NON_UNIQUE"), false);
                    out.put(name, index);
                }
                if (!index.primary) {
                    String order = "D".equals(rs.getString("ASC_OR_DESC")) ? " DESC" : "";
                    index.columns.put((int) rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME") + order);
                }
            }
        }
        return out;
    }

    /** Foreign keys as psql prints them, one line per constraint, under {@code heading}. */
    private static void keys(ResultSet rs, String heading, boolean referencing, List<String> footer) throws SQLException {
        Map<String, String[]> byName = new LinkedHashMap<>(); // name -> {table, fk columns, pk table, pk columns}
        try (rs) {
            while (rs.next()) {
                String name = rs.getString("FK_NAME");
                String[] k = byName.computeIfAbsent(name, n -> new String[] {"", "", "", ""});
                k[0] = rs.getString("FKTABLE_NAME");
                k[1] = k[1].isEmpty() ? rs.getString("FKCOLUMN_NAME") : k[1] + ", " + rs.getString("FKCOLUMN_NAME");
                k[2] = rs.getString("PKTABLE_NAME");
                k[3] = k[3].isEmpty() ? rs.getString("PKCOLUMN_NAME") : k[3] + ", " + rs.getString("PKCOLUMN_NAME");
            }
        }
        if (byName.isEmpty()) {
            return;
        }
        footer.add(heading);
        for (Map.Entry<String, String[]> e : byName.entrySet()) {
            String[] k = e.getValue();
            footer.add("    " + (referencing ? "TABLE \"" + k[0] + "\" " : "") + "CONSTRAINT \"" + e.getKey() + "\" FOREIGN KEY (" + k[1]
                    + ") REFERENCES " + k[2] + "(" + k[3] + ")");
        }
    }
}
