package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.wire.ColumnMeta;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The catalog-browsing half of {@link DatabaseMetaData}, written as queries over the server's
 * {@code information_schema} on the connection itself: SQL does the matching (name patterns as
 * {@code LIKE ... ESCAPE '\'}, see {@link NamePatterns}), the joins and the order the javadoc
 * prescribes; this class only renames and recodes the answers into the JDBC columns
 * ({@link MetadataColumns}) — type names to {@link java.sql.Types} numbers ({@link BasaltTypes}),
 * 'SYSTEM VIEW' to 'SYSTEM TABLE', rule names to {@code importedKey*} numbers. Each query has
 * fixed text with parameters, so the server plans it once per catalog version.
 *
 * <p>The catalog (TABLE_CAT, ...) is the database named in the URL, or null without one: the
 * server reports the same name as {@code information_schema}'s TABLE_CATALOG. A {@code catalog}
 * argument narrows nothing when it is null, empty or that name, and matches nothing otherwise.
 * A query runs in the connection's transaction when one is open, as pgJDBC's do.
 */
final class CatalogBrowser {
    /** Rows asked for per page: a catalog's rows usually come in one. */
    static final int FETCH_ROWS = 10_000;
    /** The table types getTableTypes lists, in its order, and getTables reports. */
    static final String SYSTEM_TABLE = "SYSTEM TABLE";
    static final String TABLE = "TABLE";
    static final String VIEW = "VIEW";

    private static final String LIKE = " LIKE ? ESCAPE '\\'";

    private static final String SCHEMAS_SQL = "SELECT schema_name, catalog_name FROM information_schema.schemata"
            + " WHERE schema_name" + LIKE + " ORDER BY catalog_name, schema_name";

    private static final String TABLES_SQL = "SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables"
            + " WHERE table_schema" + LIKE + " AND table_name" + LIKE
            // the order of the JDBC names: SYSTEM TABLE, TABLE, VIEW
            + " ORDER BY CASE table_type WHEN 'SYSTEM VIEW' THEN 0 WHEN 'BASE TABLE' THEN 1 ELSE 2 END,"
            + " table_catalog, table_schema, table_name";

    private static final String COLUMNS_SQL = "SELECT table_catalog, table_schema, table_name, column_name, udt_name,"
            + " character_maximum_length, character_octet_length, numeric_precision, numeric_scale, is_nullable, column_default,"
            + " ordinal_position FROM information_schema.columns"
            + " WHERE table_schema" + LIKE + " AND table_name" + LIKE + " AND column_name" + LIKE
            + " ORDER BY table_catalog, table_schema, table_name, ordinal_position";

    private static final String PRIMARY_KEY_JOIN = " FROM information_schema.table_constraints c"
            + " JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema"
            + " AND k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name";

    private static final String PRIMARY_KEY_WHERE = " WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema" + LIKE
            + " AND c.table_name" + LIKE;

    private static final String PRIMARY_KEYS_SQL = "SELECT k.table_catalog, k.table_schema, k.table_name, k.column_name,"
            + " k.ordinal_position, k.constraint_name" + PRIMARY_KEY_JOIN + PRIMARY_KEY_WHERE
            + " ORDER BY k.column_name, k.table_schema, k.table_name";

    /** The primary key's columns and types, by the primary index (the same columns; one join fewer to plan). */
    private static final String BEST_ROW_SQL = "SELECT s.column_name, col.udt_name, col.character_maximum_length,"
            + " col.numeric_precision, col.numeric_scale FROM information_schema.statistics s"
            + " JOIN information_schema.columns col ON col.table_schema = s.table_schema AND col.table_name = s.table_name"
            + " AND col.column_name = s.column_name"
            + " WHERE s.index_type = 'PRIMARY' AND s.table_schema" + LIKE + " AND s.table_name" + LIKE
            + " ORDER BY s.table_schema, s.table_name, s.seq_in_index";

    /**
     * Every foreign-key column with the parent column it references (MySQL's REFERENCED_* columns
     * of KEY_COLUMN_USAGE; two tables, not the standard's three, because each join costs planning
     * time); parameters: parent schema and table, child schema and table.
     */
    private static final String KEYS_SELECT = "SELECT k.table_catalog, k.referenced_table_schema, k.referenced_table_name,"
            + " k.referenced_column_name, k.table_catalog, k.table_schema, k.table_name, k.column_name, k.ordinal_position,"
            + " rc.update_rule, rc.delete_rule, rc.constraint_name, rc.unique_constraint_name"
            + " FROM information_schema.key_column_usage k"
            + " JOIN information_schema.referential_constraints rc ON rc.constraint_schema = k.constraint_schema"
            + " AND rc.constraint_name = k.constraint_name AND rc.table_name = k.table_name"
            + " WHERE k.referenced_table_schema" + LIKE + " AND k.referenced_table_name" + LIKE
            + " AND k.table_schema" + LIKE + " AND k.table_name" + LIKE;

    private static final String KEYS_BY_PARENT_SQL = KEYS_SELECT
            + " ORDER BY k.table_catalog, k.referenced_table_schema, k.referenced_table_name, k.ordinal_position, rc.constraint_name";

    private static final String KEYS_BY_CHILD_SQL = KEYS_SELECT
            + " ORDER BY k.table_catalog, k.table_schema, k.table_name, k.ordinal_position, rc.constraint_name";

    private static final String INDEX_INFO_SQL = "SELECT table_catalog, table_schema, table_name, non_unique, index_name, index_type,"
            + " seq_in_index, column_name, direction FROM information_schema.statistics"
            + " WHERE table_schema" + LIKE + " AND table_name" + LIKE
            // NON_UNIQUE false first; TYPE: the primary index (clustered) before the secondary ones
            + " ORDER BY non_unique, index_type, index_name, table_schema, table_name, seq_in_index";

    private final BasaltConnection connection;

    CatalogBrowser(BasaltConnection connection) {
        this.connection = connection;
    }

    // ---------------------------------------------------------------- catalogs, schemas, tables

    ResultSet catalogs() throws SQLException {
        String catalog = connection.getCatalog();
        List<Object[]> rows = catalog == null ? List.of() : List.<Object[]>of(new Object[] {catalog});
        return result(MetadataColumns.CATALOGS, rows);
    }

    ResultSet schemas(String catalog, String schemaPattern) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog)) {
            for (Row r : query(SCHEMAS_SQL, NamePatterns.pattern(schemaPattern))) {
                rows.add(new Object[] {r.text(0), r.text(1)});
            }
        }
        return result(MetadataColumns.SCHEMAS, rows);
    }

    ResultSet tableTypes() {
        return result(MetadataColumns.TABLE_TYPES, List.of(new Object[] {SYSTEM_TABLE}, new Object[] {TABLE}, new Object[] {VIEW}));
    }

    ResultSet tables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
        Set<String> wanted = null;
        if (types != null) {
            wanted = new HashSet<>();
            for (String t : types) {
                if (t != null) {
                    wanted.add(t.toUpperCase(Locale.ROOT));
                }
            }
        }
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog) && (wanted == null || !wanted.isEmpty())) {
            for (Row r : query(TABLES_SQL, NamePatterns.pattern(schemaPattern), NamePatterns.pattern(tableNamePattern))) {
                String type = jdbcTableType(r.text(3));
                if (wanted == null || wanted.contains(type)) {
                    rows.add(new Object[] {r.text(0), r.text(1), r.text(2), type, null, null, null, null, null, null});
                }
            }
        }
        return result(MetadataColumns.TABLES, rows);
    }

    /** information_schema's TABLE_TYPE as JDBC's: BASE TABLE is TABLE, SYSTEM VIEW is SYSTEM TABLE. */
    static String jdbcTableType(String informationSchemaType) {
        return switch (informationSchemaType) {
            case "BASE TABLE" -> TABLE;
            case "SYSTEM VIEW" -> SYSTEM_TABLE;
            default -> informationSchemaType;
        };
    }

    ResultSet columns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog)) {
            for (Row r : query(COLUMNS_SQL, NamePatterns.pattern(schemaPattern), NamePatterns.pattern(tableNamePattern),
                    NamePatterns.pattern(columnNamePattern))) {
                String typeName = r.text(4);
                BasaltTypes type = BasaltTypes.byName(typeName);
                boolean nullable = "YES".equals(r.text(9));
                Integer octets = type != null && type.hasOctets()
                        ? Objects.requireNonNullElse(r.number(6), BasaltTypes.UNBOUNDED_SIZE) : null;
                rows.add(new Object[] {r.text(0), r.text(1), r.text(2), r.text(3),
                        type == null ? java.sql.Types.OTHER : type.jdbcType, typeName,
                        type == null ? null : type.columnSize(r.number(5), r.number(7)), null,
                        type == null ? null : type.decimalDigits(r.number(8)), type == null ? null : type.radix(),
                        nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls, null, r.text(10), null, null, octets,
                        r.number(11), nullable ? "YES" : "NO", null, null, null, null, "NO", "NO"});
            }
        }
        return result(MetadataColumns.COLUMNS, rows);
    }

    // ---------------------------------------------------------------- keys and indexes

    ResultSet primaryKeys(String catalog, String schema, String table) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog)) {
            for (Row r : query(PRIMARY_KEYS_SQL, NamePatterns.name(schema), NamePatterns.name(table))) {
                rows.add(new Object[] {r.text(0), r.text(1), r.text(2), r.text(3), r.number(4).shortValue(), r.text(5)});
            }
        }
        return result(MetadataColumns.PRIMARY_KEYS, rows);
    }

    ResultSet importedKeys(String catalog, String schema, String table) throws SQLException {
        return keys(catalog, null, null, null, schema, table, KEYS_BY_PARENT_SQL);
    }

    ResultSet exportedKeys(String catalog, String schema, String table) throws SQLException {
        return keys(catalog, catalog, schema, table, null, null, KEYS_BY_CHILD_SQL);
    }

    ResultSet crossReference(String parentCatalog, String parentSchema, String parentTable, String foreignCatalog, String foreignSchema,
                             String foreignTable) throws SQLException {
        return keys(parentCatalog, foreignCatalog, parentSchema, parentTable, foreignSchema, foreignTable, KEYS_BY_CHILD_SQL);
    }

    private ResultSet keys(String catalog, String otherCatalog, String parentSchema, String parentTable, String childSchema,
                           String childTable, String sql) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog) && catalogMatches(otherCatalog)) {
            for (Row r : query(sql, NamePatterns.name(parentSchema), NamePatterns.name(parentTable), NamePatterns.name(childSchema),
                    NamePatterns.name(childTable))) {
                rows.add(new Object[] {r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7),
                        r.number(8).shortValue(), rule(r.text(9)), rule(r.text(10)), r.text(11), r.text(12),
                        (short) DatabaseMetaData.importedKeyNotDeferrable});
            }
        }
        return result(MetadataColumns.KEYS, rows);
    }

    /** An UPDATE_RULE or DELETE_RULE of information_schema as an {@code importedKey*} number. */
    static short rule(String rule) {
        return (short) switch (rule) {
            case "CASCADE" -> DatabaseMetaData.importedKeyCascade;
            case "SET NULL" -> DatabaseMetaData.importedKeySetNull;
            case "SET DEFAULT" -> DatabaseMetaData.importedKeySetDefault;
            case "RESTRICT" -> DatabaseMetaData.importedKeyRestrict;
            default -> DatabaseMetaData.importedKeyNoAction;
        };
    }

    /**
     * Every index column, the primary index (TYPE tableIndexClustered: rows are stored in its
     * order) included. There are no statistics yet: CARDINALITY and PAGES are null, whatever
     * {@code approximate} says, and no tableIndexStatistic row is returned.
     */
    ResultSet indexInfo(String catalog, String schema, String table, boolean unique) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog)) {
            for (Row r : query(INDEX_INFO_SQL, NamePatterns.name(schema), NamePatterns.name(table))) {
                boolean nonUnique = "YES".equals(r.text(3));
                if (unique && nonUnique) {
                    continue;
                }
                short type = (short) ("PRIMARY".equals(r.text(5)) ? DatabaseMetaData.tableIndexClustered : DatabaseMetaData.tableIndexOther);
                rows.add(new Object[] {r.text(0), r.text(1), r.text(2), nonUnique, r.text(0), r.text(4), type, r.number(6).shortValue(),
                        r.text(7), "DESC".equals(r.text(8)) ? "D" : "A", null, null, null});
            }
        }
        return result(MetadataColumns.INDEX_INFO, rows);
    }

    /**
     * The primary key, which identifies a row for as long as the session lasts (SCOPE
     * bestRowSession); a table without one (its rows have a hidden id) has no best row identifier.
     */
    ResultSet bestRowIdentifier(String catalog, String schema, String table) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog)) {
            for (Row r : query(BEST_ROW_SQL, NamePatterns.name(schema), NamePatterns.name(table))) {
                BasaltTypes type = BasaltTypes.byName(r.text(1));
                Integer digits = type == null ? null : type.decimalDigits(r.number(4));
                rows.add(new Object[] {(short) DatabaseMetaData.bestRowSession, r.text(0), type == null ? java.sql.Types.OTHER : type.jdbcType,
                        r.text(1), type == null ? null : type.columnSize(r.number(2), r.number(3)), null,
                        digits == null ? null : digits.shortValue(), (short) DatabaseMetaData.bestRowNotPseudo});
            }
        }
        return result(MetadataColumns.ROW_IDENTIFIER, rows);
    }

    ResultSet typeInfo() {
        return result(MetadataColumns.TYPE_INFO, BasaltTypes.typeInfoRows());
    }

    /** The JDBC columns of {@code columns} and no rows: for what Basalt does not have (procedures, UDTs, privileges, ...). */
    ResultSet empty(List<ColumnMeta> columns) {
        return result(columns, List.of());
    }

    // ---------------------------------------------------------------- running the queries

    private boolean catalogMatches(String catalog) throws SQLException {
        return catalog == null || catalog.isEmpty() || catalog.equals(connection.getCatalog());
    }

    private ResultSet result(List<ColumnMeta> columns, List<Object[]> rows) {
        return BasaltResultSet.ofRows(connection, columns, rows);
    }

    /** One row of a query's answer, read by column index. */
    private record Row(Object[] values) {
        String text(int i) {
            return values[i] == null ? null : values[i].toString();
        }

        Integer number(int i) {
            return values[i] == null ? null : ((Number) values[i]).intValue();
        }
    }

    private List<Row> query(String sql, String... params) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.setFetchSize(FETCH_ROWS);
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] values = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        values[c] = rs.getObject(c + 1);
                    }
                    rows.add(new Row(values));
                }
            }
        }
        return rows;
    }
}
