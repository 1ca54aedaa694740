package dev.basalt.sql.internal.calcite;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.ColumnType.Kind;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.catalog.ViewDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;

/**
 * The schema {@code INFORMATION_SCHEMA}: read-only tables that describe one catalog version, for
 * SQL users and for the JDBC driver's {@code DatabaseMetaData}, which is written as queries over
 * them. Names and meanings follow the SQL standard and PostgreSQL; values are upper case where
 * they are names, because unquoted names fold to upper case.
 *
 * <pre>
 *   SCHEMATA                 one row per schema: INFORMATION_SCHEMA, PUBLIC
 *   TABLES                   one row per table ('BASE TABLE'), view ('VIEW') and table of this
 *                            schema ('SYSTEM VIEW', as CockroachDB and MySQL call theirs)
 *   COLUMNS                  one row per column of each of those, ORDINAL_POSITION from 1
 *   TABLE_CONSTRAINTS        PRIMARY KEY (named T_PKEY), UNIQUE, FOREIGN KEY
 *   KEY_COLUMN_USAGE         one row per column of each of those constraints; a foreign key's
 *                            rows also name the column they reference (MySQL's REFERENCED_*)
 *   REFERENTIAL_CONSTRAINTS  one row per foreign key, with MySQL's TABLE_NAME and
 *                            REFERENCED_TABLE_NAME beside the standard columns
 *   VIEWS                    one row per view, with its defining query
 *   STATISTICS               one row per column of each index (MySQL's and CockroachDB's name),
 *                            the primary index (INDEX_TYPE 'PRIMARY') included
 * </pre>
 *
 * <b>Only READY indexes are shown</b> (in STATISTICS and as UNIQUE constraints): an index that is
 * being built or dropped (WRITE_ONLY) is not one queries may use yet, and a DROPPED one stays in
 * the catalog only so that its id is never reused. A unique index made by {@code CREATE UNIQUE
 * INDEX} is listed as a UNIQUE constraint too: the catalog does not tell the two apart.
 *
 * <p>The catalog name (TABLE_CATALOG and the like) is the database the session's client named
 * when it connected, or NULL when it named none: Basalt has one database, and this keeps
 * information_schema in agreement with the driver's {@code Connection.getCatalog()}.
 *
 * <p>Writes into these tables fail with 42809 ({@link #notWritable}).
 */
public final class InformationSchema extends AbstractSchema {
    public static final String NAME = "INFORMATION_SCHEMA";
    /** TABLE_TYPE of a table, a view, and a table of this schema. */
    public static final String BASE_TABLE = "BASE TABLE";
    public static final String VIEW = "VIEW";
    public static final String SYSTEM_VIEW = "SYSTEM VIEW";
    /** Names are at most this long (the catalog's bound). */
    static final int NAME_CHARS_MAX = 128;
    /** Bytes one character may take in UTF-8: CHARACTER_OCTET_LENGTH is this times the length. */
    static final int UTF8_BYTES_PER_CHAR_MAX = 4;

    private static final ColumnType NAME_TYPE = new ColumnType(Kind.VARCHAR, NAME_CHARS_MAX, 0);
    private static final ColumnType TEXT_TYPE = new ColumnType(Kind.VARCHAR, 0, 0);
    private static final ColumnType NUMBER_TYPE = ColumnType.of(Kind.INTEGER);

    private final Catalog catalog;
    private final SchemaPlus publicSchema;
    private final Map<String, Table> systemTables;
    /** Each view's columns, worked out once per catalog version on first use (null until then). */
    private volatile Map<String, List<ViewColumn>> viewColumns;

    /** A view's column as its query defines it. */
    private record ViewColumn(String name, RelDataType type) {
    }

    /**
     * @param publicSchema the schema holding {@code catalog}'s views as table macros, whose row
     *                     types give the views' columns
     */
    public InformationSchema(Catalog catalog, SchemaPlus publicSchema) {
        this.catalog = catalog;
        this.publicSchema = publicSchema;
        Map<String, Table> all = new LinkedHashMap<>();
        for (SystemTable t : List.of(
                table("SCHEMATA", this::schemata, name("CATALOG_NAME"), name("SCHEMA_NAME"), name("SCHEMA_OWNER")),
                table("TABLES", this::tables, name("TABLE_CATALOG"), name("TABLE_SCHEMA"), name("TABLE_NAME"), name("TABLE_TYPE"),
                        name("IS_INSERTABLE_INTO")),
                table("COLUMNS", this::columns, name("TABLE_CATALOG"), name("TABLE_SCHEMA"), name("TABLE_NAME"), name("COLUMN_NAME"),
                        number("ORDINAL_POSITION"), text("COLUMN_DEFAULT"), name("IS_NULLABLE"), name("DATA_TYPE"),
                        number("CHARACTER_MAXIMUM_LENGTH"), number("CHARACTER_OCTET_LENGTH"), number("NUMERIC_PRECISION"),
                        number("NUMERIC_PRECISION_RADIX"), number("NUMERIC_SCALE"), number("DATETIME_PRECISION"), name("UDT_NAME"),
                        name("IS_IDENTITY"), name("IS_GENERATED"), name("IS_UPDATABLE")),
                table("TABLE_CONSTRAINTS", this::tableConstraints, name("CONSTRAINT_CATALOG"), name("CONSTRAINT_SCHEMA"),
                        name("CONSTRAINT_NAME"), name("TABLE_CATALOG"), name("TABLE_SCHEMA"), name("TABLE_NAME"), name("CONSTRAINT_TYPE"),
                        name("IS_DEFERRABLE"), name("INITIALLY_DEFERRED")),
                table("KEY_COLUMN_USAGE", this::keyColumnUsage, name("CONSTRAINT_CATALOG"), name("CONSTRAINT_SCHEMA"),
                        name("CONSTRAINT_NAME"), name("TABLE_CATALOG"), name("TABLE_SCHEMA"), name("TABLE_NAME"), name("COLUMN_NAME"),
                        number("ORDINAL_POSITION"), number("POSITION_IN_UNIQUE_CONSTRAINT"), name("REFERENCED_TABLE_SCHEMA"),
                        name("REFERENCED_TABLE_NAME"), name("REFERENCED_COLUMN_NAME")),
                table("REFERENTIAL_CONSTRAINTS", this::referentialConstraints, name("CONSTRAINT_CATALOG"), name("CONSTRAINT_SCHEMA"),
                        name("CONSTRAINT_NAME"), name("UNIQUE_CONSTRAINT_CATALOG"), name("UNIQUE_CONSTRAINT_SCHEMA"),
                        name("UNIQUE_CONSTRAINT_NAME"), name("MATCH_OPTION"), name("UPDATE_RULE"), name("DELETE_RULE"),
                        name("TABLE_NAME"), name("REFERENCED_TABLE_NAME")),
                table("VIEWS", this::views, name("TABLE_CATALOG"), name("TABLE_SCHEMA"), name("TABLE_NAME"), text("VIEW_DEFINITION"),
                        name("CHECK_OPTION"), name("IS_UPDATABLE"), name("IS_INSERTABLE_INTO")),
                table("STATISTICS", this::statistics, name("TABLE_CATALOG"), name("TABLE_SCHEMA"), name("TABLE_NAME"),
                        name("NON_UNIQUE"), name("INDEX_SCHEMA"), name("INDEX_NAME"), number("SEQ_IN_INDEX"), name("COLUMN_NAME"),
                        name("DIRECTION"), name("INDEX_TYPE")))) {
            all.put(t.name(), t);
        }
        this.systemTables = Collections.unmodifiableMap(all);
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return systemTables;
    }

    /** Whether {@code qualifiedName} (as Calcite gives it: schema, table) names a table of this schema. */
    public static boolean contains(List<String> qualifiedName) {
        return qualifiedName.size() >= 2 && qualifiedName.get(qualifiedName.size() - 2).equals(NAME);
    }

    /** The error for an INSERT, UPDATE, DELETE or DDL aimed at a table of this schema. */
    public static BasaltException notWritable(String what, String table) {
        return new BasaltException(ErrorCode.WRONG_OBJECT_TYPE, "cannot " + what.toLowerCase(Locale.ROOT) + " " + NAME + "." + table
                + ": information_schema tables are read-only views of the catalog (change the catalog with DDL instead)");
    }

    // ---------------------------------------------------------------- columns

    private static SystemTable table(String name, Function<String, List<Object[]>> rows, SystemTable.Column... columns) {
        return new SystemTable(name, List.of(columns), rows);
    }

    private static SystemTable.Column name(String name) {
        return new SystemTable.Column(name, NAME_TYPE);
    }

    private static SystemTable.Column text(String name) {
        return new SystemTable.Column(name, TEXT_TYPE);
    }

    private static SystemTable.Column number(String name) {
        return new SystemTable.Column(name, NUMBER_TYPE);
    }

    // ---------------------------------------------------------------- rows

    private List<Object[]> schemata(String cat) {
        return List.of(new Object[] {cat, NAME, null}, new Object[] {cat, CatalogSchema.SCHEMA, null});
    }

    private List<Object[]> tables(String cat) {
        List<Object[]> out = new ArrayList<>();
        for (String name : systemTables.keySet()) {
            out.add(new Object[] {cat, NAME, name, SYSTEM_VIEW, "NO"});
        }
        for (TableDef t : catalog.tables().values()) {
            out.add(new Object[] {cat, CatalogSchema.SCHEMA, t.name(), BASE_TABLE, "YES"});
        }
        for (ViewDef v : catalog.views().values()) {
            out.add(new Object[] {cat, CatalogSchema.SCHEMA, v.name(), VIEW, "NO"});
        }
        return out;
    }

    private List<Object[]> columns(String cat) {
        List<Object[]> out = new ArrayList<>();
        for (Table table : systemTables.values()) {
            SystemTable t = (SystemTable) table;
            int position = 1;
            for (SystemTable.Column c : t.columns()) {
                out.add(column(cat, NAME, t.name(), c.name(), position++, null, true, TypeFacts.of(c.type()), "NO"));
            }
        }
        for (TableDef t : catalog.tables().values()) {
            int position = 1;
            for (ColumnDef c : t.columns()) {
                out.add(column(cat, CatalogSchema.SCHEMA, t.name(), c.name(), position++, columnDefault(c), c.nullable(),
                        TypeFacts.of(c.type()), "YES"));
            }
        }
        Map<String, List<ViewColumn>> views = viewColumns();
        for (ViewDef v : catalog.views().values()) {
            int position = 1;
            for (ViewColumn c : views.getOrDefault(v.name(), List.of())) {
                out.add(column(cat, CatalogSchema.SCHEMA, v.name(), c.name(), position++, null, c.type().isNullable(),
                        TypeFacts.of(c.type()), "NO"));
            }
        }
        return out;
    }

    private static Object[] column(String cat, String schema, String table, String column, int position, String columnDefault,
                                   boolean nullable, TypeFacts type, String updatable) {
        return new Object[] {cat, schema, table, column, position, columnDefault, yesNo(nullable), type.dataType(),
                type.characterMaximumLength(), type.characterOctetLength(), type.numericPrecision(), type.numericPrecisionRadix(),
                type.numericScale(), type.datetimePrecision(), type.udtName(), "NO", "NEVER", updatable};
    }

    /** The DEFAULT as SQL text; {@code DEFAULT NULL} is no default, as PostgreSQL reports it. */
    private static String columnDefault(ColumnDef c) {
        String d = c.defaultSql();
        return d == null || d.strip().equalsIgnoreCase("NULL") ? null : d;
    }

    /**
     * The columns of every view, from the row types of their queries (the same table macros that
     * expand a view in a query). A view whose query no longer validates shows no columns.
     */
    private Map<String, List<ViewColumn>> viewColumns() {
        Map<String, List<ViewColumn>> known = viewColumns;
        if (known != null) {
            return known;
        }
        SqlTypeFactoryImpl types = new SqlTypeFactoryImpl(BasaltTypeSystem.INSTANCE);
        Map<String, List<ViewColumn>> out = new LinkedHashMap<>();
        for (ViewDef v : catalog.views().values()) {
            List<ViewColumn> columns = new ArrayList<>();
            try {
                for (org.apache.calcite.schema.Function f : publicSchema.getFunctions(v.name())) {
                    if (f instanceof TableMacro macro && macro.getParameters().isEmpty()) {
                        for (RelDataTypeField field : macro.apply(List.of()).getRowType(types).getFieldList()) {
                            columns.add(new ViewColumn(field.getName(), field.getType()));
                        }
                        break;
                    }
                }
            } catch (RuntimeException e) {
                columns.clear(); // the view fails in queries too, with the reason; here it has no columns
            }
            out.put(v.name(), List.copyOf(columns));
        }
        viewColumns = out;
        return out;
    }

    private List<Object[]> tableConstraints(String cat) {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : catalog.tables().values()) {
            if (!t.hiddenRowId()) {
                out.add(new Object[] {cat, CatalogSchema.SCHEMA, t.primaryKeyName(), cat, CatalogSchema.SCHEMA, t.name(), "PRIMARY KEY", "NO", "NO"});
            }
            for (TableDef.IndexDef ix : t.indexes()) {
                if (ix.readable() && ix.unique()) {
                    out.add(new Object[] {cat, CatalogSchema.SCHEMA, ix.name(), cat, CatalogSchema.SCHEMA, t.name(), "UNIQUE", "NO", "NO"});
                }
            }
            for (TableDef.ForeignKeyDef fk : t.foreignKeys()) {
                out.add(new Object[] {cat, CatalogSchema.SCHEMA, fk.name(), cat, CatalogSchema.SCHEMA, t.name(), "FOREIGN KEY", "NO", "NO"});
            }
        }
        return out;
    }

    private List<Object[]> keyColumnUsage(String cat) {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : catalog.tables().values()) {
            if (!t.hiddenRowId()) {
                keyColumns(out, cat, t, t.primaryKeyName(), t.primaryKey(), null);
            }
            for (TableDef.IndexDef ix : t.indexes()) {
                if (ix.readable() && ix.unique()) {
                    keyColumns(out, cat, t, ix.name(), ix.columns(), null);
                }
            }
            for (TableDef.ForeignKeyDef fk : t.foreignKeys()) {
                keyColumns(out, cat, t, fk.name(), fk.columns(), fk);
            }
        }
        return out;
    }

    /** The rows of one constraint; {@code fk} is the foreign key they belong to, or null. */
    private static void keyColumns(List<Object[]> out, String cat, TableDef t, String constraint, List<Integer> positions,
                                   TableDef.ForeignKeyDef fk) {
        for (int i = 0; i < positions.size(); i++) {
            // A foreign key references its parent's whole primary key in key order (the DDL checks
            // it), so its i-th column references the parent key's i-th.
            out.add(new Object[] {cat, CatalogSchema.SCHEMA, constraint, cat, CatalogSchema.SCHEMA, t.name(),
                    t.column(positions.get(i)).name(), i + 1, fk == null ? null : (Object) (i + 1),
                    fk == null ? null : CatalogSchema.SCHEMA, fk == null ? null : fk.parent(), fk == null ? null : fk.parentColumns().get(i)});
        }
    }

    private List<Object[]> referentialConstraints(String cat) {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : catalog.tables().values()) {
            for (TableDef.ForeignKeyDef fk : t.foreignKeys()) {
                TableDef parent = fk.parent().equals(t.name()) ? t : catalog.table(fk.parent());
                String parentKey = parent == null ? fk.parent() + "_PKEY" : parent.primaryKeyName();
                // A parent whose key changes gets the ON DELETE action too (RowWriter applies it to
                // the old key), so the update rule is the delete rule.
                String rule = switch (fk.onDelete()) {
                    case RESTRICT -> "RESTRICT";
                    case CASCADE -> "CASCADE";
                    case SET_NULL -> "SET NULL";
                };
                out.add(new Object[] {cat, CatalogSchema.SCHEMA, fk.name(), cat, CatalogSchema.SCHEMA, parentKey, "NONE", rule, rule,
                        t.name(), fk.parent()});
            }
        }
        return out;
    }

    private List<Object[]> views(String cat) {
        List<Object[]> out = new ArrayList<>();
        for (ViewDef v : catalog.views().values()) {
            out.add(new Object[] {cat, CatalogSchema.SCHEMA, v.name(), v.query(), "NONE", "NO", "NO"});
        }
        return out;
    }

    private List<Object[]> statistics(String cat) {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : catalog.tables().values()) {
            if (!t.hiddenRowId()) {
                for (int i = 0; i < t.primaryKey().size(); i++) {
                    out.add(new Object[] {cat, CatalogSchema.SCHEMA, t.name(), "NO", CatalogSchema.SCHEMA, t.primaryKeyName(), i + 1,
                            t.column(t.primaryKey().get(i)).name(), "ASC", "PRIMARY"});
                }
            }
            for (TableDef.IndexDef ix : t.indexes()) {
                if (!ix.readable()) {
                    continue;
                }
                for (int i = 0; i < ix.columns().size(); i++) {
                    boolean descending = i < ix.descending().size() && ix.descending().get(i);
                    out.add(new Object[] {cat, CatalogSchema.SCHEMA, t.name(), yesNo(!ix.unique()), CatalogSchema.SCHEMA, ix.name(), i + 1,
                            t.column(ix.columns().get(i)).name(), descending ? "DESC" : "ASC", "SECONDARY"});
                }
            }
        }
        return out;
    }

    private static String yesNo(boolean b) {
        return b ? "YES" : "NO";
    }
}
