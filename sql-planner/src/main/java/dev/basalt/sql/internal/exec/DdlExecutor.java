package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.ColumnType.Kind;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.catalog.ViewDef;
import dev.basalt.sql.internal.calcite.CatalogSchema;
import dev.basalt.sql.internal.calcite.InformationSchema;
import dev.basalt.sql.parser.DropBehavior;
import dev.basalt.sql.parser.SqlAlterTableAddColumn;
import dev.basalt.sql.parser.SqlColumnDeclaration;
import dev.basalt.sql.parser.SqlCreateIndex;
import dev.basalt.sql.parser.SqlCreateTable;
import dev.basalt.sql.parser.SqlCreateView;
import dev.basalt.sql.parser.SqlDropIndex;
import dev.basalt.sql.parser.SqlDropTable;
import dev.basalt.sql.parser.SqlDropView;
import dev.basalt.sql.parser.SqlIndexColumn;
import dev.basalt.sql.parser.SqlTableConstraint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Runs DDL against the catalog: each statement computes a new catalog version from the newest
 * one and installs it by compare-and-set ({@link Context#change}), so DDLs racing on several
 * nodes apply one after the other. A DDL is not part of any transaction: it takes effect at once.
 */
public final class DdlExecutor {
    /** A table has at most this many columns. */
    static final int COLUMNS_MAX = 1_600;
    /** Identifiers (table, column, index names) are at most this long. */
    static final int NAME_CHARS_MAX = 128;

    /** What DDL needs of the engine. */
    public interface Context {
        /** Applies {@code change} to the newest catalog and installs the result (returning the same catalog means no change). */
        Catalog change(UnaryOperator<Catalog> change);

        long newTableId();

        /** Fills a new index of a table with entries for its existing rows. */
        void backfillIndex(TableDef table, TableDef.IndexDef index);

        /**
         * Returns once every node runs new statements on a catalog at least as new as the one
         * this DDL last stored, and commits planned on an older one have settled.
         */
        void awaitCatalogLease();
    }

    private DdlExecutor() {
    }

    public static void run(SqlNode node, Context ctx) {
        if (node instanceof SqlCreateTable create) {
            createTable(create, ctx);
        } else if (node instanceof SqlDropTable drop) {
            dropTables(drop, ctx);
        } else if (node instanceof SqlAlterTableAddColumn alter) {
            addColumn(alter, ctx);
        } else if (node instanceof SqlCreateIndex index) {
            createIndex(index, ctx);
        } else if (node instanceof SqlDropIndex drop) {
            dropIndex(drop, ctx);
        } else if (node instanceof SqlCreateView view) {
            createView(view, ctx);
        } else if (node instanceof SqlDropView drop) {
            dropViews(drop, ctx);
        } else {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "not a DDL statement: " + node.getKind());
        }
    }

    // ---------------------------------------------------------------- tables

    private static void createTable(SqlCreateTable create, Context ctx) {
        String name = name(create.getName());
        // Checked before an id is spent on it; checked again against the newest catalog below.
        List<ColumnDef> columns = new ArrayList<>();
        for (SqlColumnDeclaration c : create.getColumns()) {
            String column = name(c.getName());
            for (ColumnDef existing : columns) {
                if (existing.name().equals(column)) {
                    throw new BasaltException(ErrorCode.DUPLICATE_COLUMN, "column \"" + column + "\" specified more than once");
                }
            }
            columns.add(new ColumnDef(columns.size() + 1, column, columnType(c.getDataType(), column), !Boolean.FALSE.equals(c.getNullable()),
                    c.getDefaultValue() == null ? null : Statements.unparse(c.getDefaultValue())));
        }
        if (columns.isEmpty() || columns.size() > COLUMNS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "table \"" + name + "\" must have between 1 and " + COLUMNS_MAX
                    + " columns, not " + columns.size());
        }
        List<Integer> primaryKey = null;
        String primaryKeyName = null;
        List<TableDef.IndexDef> indexes = new ArrayList<>();
        List<TableDef.ForeignKeyDef> foreignKeys = new ArrayList<>();
        for (SqlTableConstraint c : create.getAllConstraints()) {
            List<Integer> positions = positions(c.getColumns(), columns, name);
            switch (c.getConstraintKind()) {
                case PRIMARY_KEY -> {
                    if (primaryKey != null) {
                        throw new BasaltException(ErrorCode.INVALID_TABLE_DEFINITION, "multiple primary keys for table \"" + name + "\" are not allowed");
                    }
                    primaryKey = positions;
                    primaryKeyName = c.getName() == null ? null : name(c.getName());
                    for (int p : positions) {
                        ColumnDef col = columns.get(p);
                        columns.set(p, new ColumnDef(col.id(), col.name(), col.type(), false, col.defaultSql()));
                    }
                }
                case UNIQUE -> {
                    String indexName = c.getName() != null ? name(c.getName()) : name + "_" + String.join("_", names(positions, columns)) + "_KEY";
                    indexes.add(new TableDef.IndexDef(indexes.size() + 1, indexName, positions, falses(positions.size()), true,
                            TableDef.IndexState.READY));
                }
                case FOREIGN_KEY -> {
                    String fkName = c.getName() != null ? name(c.getName()) : name + "_" + String.join("_", names(positions, columns)) + "_FKEY";
                    List<String> parentColumns = new ArrayList<>();
                    c.getReferencedColumns().forEach(id -> parentColumns.add(name(id)));
                    TableDef.OnDelete onDelete = switch (c.getOnDelete()) {
                        case CASCADE -> TableDef.OnDelete.CASCADE;
                        case SET_NULL -> TableDef.OnDelete.SET_NULL;
                        default -> TableDef.OnDelete.RESTRICT;
                    };
                    foreignKeys.add(new TableDef.ForeignKeyDef(fkName, positions, name(c.getReferencedTable()), parentColumns, onDelete));
                }
            }
        }
        List<Integer> distribution = create.getDistributeBy().isEmpty()
                ? (primaryKey == null ? List.of() : List.of(primaryKey.get(0)))
                : positions(create.getDistributeBy(), columns, name);
        if (primaryKey != null && !create.getDistributeBy().isEmpty() && !primaryKey.containsAll(distribution)) {
            throw new BasaltException(ErrorCode.INVALID_TABLE_DEFINITION, "the DISTRIBUTE BY columns of \"" + name
                    + "\" must be part of its primary key, so that a row's key decides its slot");
        }
        List<Integer> pk = primaryKey == null ? List.of() : primaryKey;
        boolean hidden = primaryKey == null;
        if (hidden && !create.getDistributeBy().isEmpty()) {
            throw new BasaltException(ErrorCode.INVALID_TABLE_DEFINITION, "DISTRIBUTE BY needs a primary key on table \"" + name + "\"");
        }
        long[] tableId = {0};
        String pkName = primaryKeyName;
        ctx.change(catalog -> {
            if (catalog.nameTaken(name)) {
                if (create.isIfNotExists()) {
                    return catalog;
                }
                throw new BasaltException(ErrorCode.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            List<TableDef.ForeignKeyDef> resolved = new ArrayList<>();
            for (TableDef.ForeignKeyDef fk : foreignKeys) {
                resolved.add(resolveForeignKey(catalog, name, columns, pk, fk));
            }
            if (tableId[0] == 0) {
                tableId[0] = ctx.newTableId();
            }
            return catalog.withTable(new TableDef(tableId[0], name, columns, pk, distribution, hidden, columns.size() + 1, indexes, resolved,
                    pkName));
        });
    }

    /** Checks a foreign key against its parent (which may be the table itself) and fills in the parent's key columns. */
    private static TableDef.ForeignKeyDef resolveForeignKey(Catalog catalog, String table, List<ColumnDef> columns, List<Integer> pk,
                                                            TableDef.ForeignKeyDef fk) {
        List<ColumnDef> parentColumns;
        List<Integer> parentKey;
        if (fk.parent().equals(table)) {
            parentColumns = columns;
            parentKey = pk;
        } else {
            TableDef parent = catalog.table(fk.parent());
            if (parent == null) {
                throw new BasaltException(ErrorCode.UNDEFINED_TABLE, "relation \"" + fk.parent() + "\" referenced by foreign key \""
                        + fk.name() + "\" does not exist");
            }
            parentColumns = parent.columns();
            parentKey = parent.primaryKey();
        }
        List<String> referenced = fk.parentColumns();
        if (referenced.isEmpty()) {
            referenced = new ArrayList<>();
            for (int p : parentKey) {
                referenced.add(parentColumns.get(p).name());
            }
        }
        List<String> keyNames = new ArrayList<>();
        for (int p : parentKey) {
            keyNames.add(parentColumns.get(p).name());
        }
        if (!keyNames.equals(referenced)) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "foreign key \"" + fk.name() + "\" must reference the primary key "
                    + keyNames + " of \"" + fk.parent() + "\", not " + referenced);
        }
        if (referenced.size() != fk.columns().size()) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "foreign key \"" + fk.name() + "\" has " + fk.columns().size()
                    + " columns but references " + referenced.size());
        }
        return new TableDef.ForeignKeyDef(fk.name(), fk.columns(), fk.parent(), referenced, fk.onDelete());
    }

    private static void dropTables(SqlDropTable drop, Context ctx) {
        List<String> names = new ArrayList<>();
        drop.getNames().forEach(id -> names.add(name(id)));
        boolean cascade = drop.getBehavior() == DropBehavior.CASCADE;
        ctx.change(catalog -> {
            Set<String> dropping = new LinkedHashSet<>();
            for (String n : names) {
                if (catalog.table(n) == null) {
                    if (drop.isIfExists()) {
                        continue;
                    }
                    throw new BasaltException(ErrorCode.UNDEFINED_TABLE, "table \"" + n + "\" does not exist");
                }
                dropping.add(n);
            }
            if (dropping.isEmpty()) {
                return catalog;
            }
            Catalog next = catalog;
            // Foreign keys of other tables that point at a dropped table: refused, or with CASCADE dropped.
            for (TableDef t : catalog.tables().values()) {
                if (dropping.contains(t.name())) {
                    continue;
                }
                List<TableDef.ForeignKeyDef> kept = new ArrayList<>();
                for (TableDef.ForeignKeyDef fk : t.foreignKeys()) {
                    if (dropping.contains(fk.parent())) {
                        if (!cascade) {
                            throw new BasaltException(ErrorCode.DEPENDENT_OBJECTS_EXIST, "cannot drop table \"" + fk.parent()
                                    + "\" because constraint \"" + fk.name() + "\" on table \"" + t.name() + "\" depends on it "
                                    + "(use DROP ... CASCADE to drop the constraint too)");
                        }
                    } else {
                        kept.add(fk);
                    }
                }
                if (kept.size() != t.foreignKeys().size()) {
                    next = next.withTable(new TableDef(t.tableId(), t.name(), t.columns(), t.primaryKey(), t.distribution(), t.hiddenRowId(),
                            t.nextColumnId(), t.indexes(), kept, t.primaryKeyConstraint()));
                }
            }
            for (ViewDef v : catalog.views().values()) {
                for (String d : dropping) {
                    if (mentions(v.query(), d)) {
                        if (!cascade) {
                            throw new BasaltException(ErrorCode.DEPENDENT_OBJECTS_EXIST, "cannot drop table \"" + d + "\" because view \""
                                    + v.name() + "\" depends on it (use DROP ... CASCADE to drop the view too)");
                        }
                        next = next.withoutView(v.name());
                    }
                }
            }
            Catalog result = next.withoutTables(dropping);
            return new Catalog(catalog.version() + 1, result.tables(), result.views());
        });
    }

    private static void addColumn(SqlAlterTableAddColumn alter, Context ctx) {
        String table = name(alter.getTable());
        SqlColumnDeclaration c = alter.getColumn();
        String column = name(c.getName());
        ColumnType type = columnType(c.getDataType(), column);
        if (!c.getConstraints().isEmpty()) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "ALTER TABLE ... ADD COLUMN cannot add constraints yet; add the column, "
                    + "then create an index");
        }
        if (Boolean.FALSE.equals(c.getNullable()) && c.getDefaultValue() == null) {
            throw new BasaltException(ErrorCode.NOT_NULL_VIOLATION, "column \"" + column + "\" of relation \"" + table
                    + "\" is NOT NULL without a default, and the existing rows would hold NULL");
        }
        if (c.getDefaultValue() != null) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "ALTER TABLE ... ADD COLUMN with a DEFAULT would have to fill every "
                    + "existing row; add the column without one (existing rows read NULL)");
        }
        ctx.change(catalog -> {
            TableDef t = catalog.table(table);
            if (t == null) {
                throw new BasaltException(ErrorCode.UNDEFINED_TABLE, "relation \"" + table + "\" does not exist");
            }
            if (t.columnIndex(column) >= 0) {
                if (alter.isIfNotExists()) {
                    return catalog;
                }
                throw new BasaltException(ErrorCode.DUPLICATE_COLUMN, "column \"" + column + "\" of relation \"" + table + "\" already exists");
            }
            if (t.columns().size() >= COLUMNS_MAX) {
                throw new BasaltException(ErrorCode.INVALID_STATEMENT, "table \"" + table + "\" already has " + COLUMNS_MAX + " columns");
            }
            List<ColumnDef> columns = new ArrayList<>(t.columns());
            columns.add(new ColumnDef(t.nextColumnId(), column, type, true, null));
            return catalog.withTable(new TableDef(t.tableId(), t.name(), columns, t.primaryKey(), t.distribution(), t.hiddenRowId(),
                    t.nextColumnId() + 1, t.indexes(), t.foreignKeys(), t.primaryKeyConstraint()));
        });
    }

    // ---------------------------------------------------------------- indexes

    /**
     * CREATE INDEX, online: the index enters the catalog WRITE_ONLY, so that writers maintain it
     * while queries ignore it; once every node runs its statements on that catalog
     * ({@link Context#awaitCatalogLease}) the existing rows are filled in, and only then is the
     * index READY for queries. An index that fails to build is DROPPED (its id is not reused).
     */
    private static void createIndex(SqlCreateIndex create, Context ctx) {
        String index = name(create.getName());
        String table = name(create.getTable());
        TableDef.IndexDef[] made = new TableDef.IndexDef[1];
        ctx.change(catalog -> {
            made[0] = null;
            TableDef t = catalog.table(table);
            if (t == null) {
                throw new BasaltException(ErrorCode.UNDEFINED_TABLE, "relation \"" + table + "\" does not exist");
            }
            for (TableDef other : catalog.tables().values()) {
                if (other.index(index) != null) {
                    if (create.isIfNotExists()) {
                        return catalog;
                    }
                    throw new BasaltException(ErrorCode.DUPLICATE_TABLE, "relation \"" + index + "\" already exists");
                }
            }
            List<SqlIdentifier> ids = new ArrayList<>();
            List<Boolean> descending = new ArrayList<>();
            for (SqlIndexColumn c : create.getColumns()) {
                ids.add(c.getName());
                descending.add(c.isDescending());
            }
            List<Integer> positions = positions(ids, t.columns(), table);
            made[0] = new TableDef.IndexDef(t.nextIndexId(), index, positions, descending, create.isUnique(), TableDef.IndexState.WRITE_ONLY);
            List<TableDef.IndexDef> indexes = new ArrayList<>(t.indexes());
            indexes.add(made[0]);
            return catalog.withTable(withIndexes(t, indexes));
        });
        if (made[0] == null) {
            return;
        }
        try {
            ctx.awaitCatalogLease();
            Catalog current = ctx.change(catalog -> catalog);
            TableDef t = current.table(table);
            if (t == null || !t.indexes().contains(made[0])) {
                throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "index \"" + index + "\" was dropped while it was being built");
            }
            ctx.backfillIndex(t, made[0]);
            ctx.change(catalog -> withIndexState(catalog, table, made[0], TableDef.IndexState.WRITE_ONLY, TableDef.IndexState.READY, index));
        } catch (RuntimeException e) {
            // Not built (a duplicate under UNIQUE, a failure while filling it): never half-filled for queries.
            try {
                ctx.change(catalog -> withIndexState(catalog, table, made[0], null, TableDef.IndexState.DROPPED, index));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * DROP INDEX, online: queries stop reading the index (WRITE_ONLY) before writers stop
     * maintaining it (DROPPED), a catalog lease apart, so no query reads entries writers no
     * longer keep.
     */
    private static void dropIndex(SqlDropIndex drop, Context ctx) {
        String index = name(drop.getName());
        TableDef.IndexDef[] found = new TableDef.IndexDef[1];
        String[] table = new String[1];
        ctx.change(catalog -> {
            found[0] = null;
            for (TableDef t : catalog.tables().values()) {
                TableDef.IndexDef ix = t.index(index);
                if (ix != null) {
                    found[0] = ix;
                    table[0] = t.name();
                    return ix.state() == TableDef.IndexState.READY
                            ? withIndexState(catalog, t.name(), ix, TableDef.IndexState.READY, TableDef.IndexState.WRITE_ONLY, index)
                            : catalog;
                }
            }
            if (drop.isIfExists()) {
                return catalog;
            }
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "index \"" + index + "\" does not exist");
        });
        if (found[0] == null) {
            return;
        }
        if (found[0].state() == TableDef.IndexState.READY) {
            ctx.awaitCatalogLease();
        }
        ctx.change(catalog -> withIndexState(catalog, table[0], found[0], null, TableDef.IndexState.DROPPED, index));
    }

    /**
     * The catalog with index {@code ix} (matched by id) of {@code table} moved from state
     * {@code from} (null: any) to {@code to}; unchanged if the index is already {@code to}.
     */
    private static Catalog withIndexState(Catalog catalog, String table, TableDef.IndexDef ix, TableDef.IndexState from,
                                          TableDef.IndexState to, String name) {
        TableDef t = catalog.table(table);
        List<TableDef.IndexDef> indexes = new ArrayList<>();
        boolean changed = false;
        for (TableDef.IndexDef i : t == null ? List.<TableDef.IndexDef>of() : t.indexes()) {
            if (i.indexId() == ix.indexId() && i.state() != to) {
                if (from != null && i.state() != from) {
                    throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "index \"" + name + "\" was dropped meanwhile");
                }
                i = i.withState(to);
                changed = true;
            }
            indexes.add(i);
        }
        if (!changed) {
            if (to == TableDef.IndexState.DROPPED) {
                return catalog;
            }
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "index \"" + name + "\" was dropped meanwhile");
        }
        return catalog.withTable(withIndexes(t, indexes));
    }

    private static TableDef withIndexes(TableDef t, List<TableDef.IndexDef> indexes) {
        return new TableDef(t.tableId(), t.name(), t.columns(), t.primaryKey(), t.distribution(), t.hiddenRowId(), t.nextColumnId(), indexes,
                t.foreignKeys(), t.primaryKeyConstraint());
    }

    // ---------------------------------------------------------------- views

    private static void createView(SqlCreateView create, Context ctx) {
        String name = name(create.getName());
        List<String> columns = new ArrayList<>();
        create.getColumns().forEach(id -> columns.add(name(id)));
        String query = Statements.unparse(create.getQuery());
        if (!columns.isEmpty()) {
            StringBuilder aliased = new StringBuilder("SELECT * FROM (").append(query).append(") AS \"V\" (");
            for (int i = 0; i < columns.size(); i++) {
                aliased.append(i > 0 ? ", " : "").append('"').append(columns.get(i).replace("\"", "\"\"")).append('"');
            }
            query = aliased.append(')').toString();
        }
        String definition = query;
        ctx.change(catalog -> {
            if (catalog.table(name) != null || (catalog.views().containsKey(name) && !create.isOrReplace())) {
                throw new BasaltException(ErrorCode.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            return catalog.withView(new ViewDef(name, definition, columns));
        });
    }

    private static void dropViews(SqlDropView drop, Context ctx) {
        List<String> names = new ArrayList<>();
        drop.getNames().forEach(id -> names.add(name(id)));
        ctx.change(catalog -> {
            Catalog next = catalog;
            for (String n : names) {
                if (!catalog.views().containsKey(n)) {
                    if (drop.isIfExists()) {
                        continue;
                    }
                    throw new BasaltException(ErrorCode.UNDEFINED_TABLE, "view \"" + n + "\" does not exist");
                }
                next = next.withoutView(n);
            }
            return next == catalog ? catalog : new Catalog(catalog.version() + 1, next.tables(), next.views());
        });
    }

    /** Whether a view's SQL names {@code table} (as a quoted identifier, as unparsed views are stored). */
    private static boolean mentions(String viewSql, String table) {
        return viewSql.contains("\"" + table + "\"");
    }

    // ---------------------------------------------------------------- helpers

    static ColumnType columnType(SqlDataTypeSpec spec, String column) {
        if (!(spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic)) {
            throw new BasaltException(ErrorCode.DATATYPE_MISMATCH, "column \"" + column + "\": type " + spec + " is not supported");
        }
        SqlTypeName type = SqlTypeName.get(basic.getTypeName().getSimple());
        int precision = basic.getPrecision();
        int scale = basic.getScale();
        if (type == null) {
            throw new BasaltException(ErrorCode.DATATYPE_MISMATCH, "column \"" + column + "\": type " + basic.getTypeName() + " does not exist");
        }
        return switch (type) {
            case TINYINT, SMALLINT -> ColumnType.of(Kind.SMALLINT);
            case INTEGER -> ColumnType.of(Kind.INTEGER);
            case BIGINT -> ColumnType.of(Kind.BIGINT);
            case DECIMAL -> new ColumnType(Kind.DECIMAL, precision < 0 ? ColumnType.DECIMAL_PRECISION_MAX : precision, Math.max(scale, 0));
            case REAL, FLOAT -> ColumnType.of(Kind.REAL);
            case DOUBLE -> ColumnType.of(Kind.DOUBLE);
            case CHAR -> new ColumnType(Kind.CHAR, precision < 0 ? 1 : precision, 0);
            case VARCHAR -> new ColumnType(Kind.VARCHAR, Math.max(precision, 0), 0);
            case BOOLEAN -> ColumnType.of(Kind.BOOLEAN);
            case DATE -> ColumnType.of(Kind.DATE);
            case TIME -> ColumnType.of(Kind.TIME);
            case TIMESTAMP -> ColumnType.of(Kind.TIMESTAMP);
            case BINARY, VARBINARY -> new ColumnType(Kind.VARBINARY, Math.max(precision, 0), 0);
            default -> throw new BasaltException(ErrorCode.DATATYPE_MISMATCH, "column \"" + column + "\": type " + type + " is not supported");
        };
    }

    private static List<Integer> positions(List<SqlIdentifier> ids, List<ColumnDef> columns, String table) {
        List<Integer> out = new ArrayList<>();
        for (SqlIdentifier id : ids) {
            String n = name(id);
            int found = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(n)) {
                    found = i;
                }
            }
            if (found < 0) {
                throw new BasaltException(ErrorCode.UNDEFINED_COLUMN, "column \"" + n + "\" named in a key does not exist in table \"" + table + "\"");
            }
            if (out.contains(found)) {
                throw new BasaltException(ErrorCode.DUPLICATE_COLUMN, "column \"" + n + "\" appears twice in a key of table \"" + table + "\"");
            }
            out.add(found);
        }
        return out;
    }

    private static List<String> names(List<Integer> positions, List<ColumnDef> columns) {
        List<String> out = new ArrayList<>();
        positions.forEach(p -> out.add(columns.get(p).name()));
        return out;
    }

    private static List<Boolean> falses(int n) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(false);
        }
        return out;
    }

    static String name(SqlIdentifier id) {
        if (!id.isSimple()) {
            List<String> names = id.names;
            if (names.size() == 2 && names.get(0).equals(CatalogSchema.SCHEMA)) {
                return checkedName(names.get(1));
            }
            if (names.size() == 2 && names.get(0).equals(InformationSchema.NAME)) {
                throw InformationSchema.notWritable("change", names.get(1));
            }
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "schema \"" + String.join(".", names.subList(0, names.size() - 1))
                    + "\" does not exist (tables and views live in schema PUBLIC; INFORMATION_SCHEMA is read-only)");
        }
        return checkedName(id.getSimple());
    }

    private static String checkedName(String name) {
        if (name.isEmpty() || name.length() > NAME_CHARS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "names must have 1 to " + NAME_CHARS_MAX + " characters: \"" + name + "\"");
        }
        return name;
    }
}
