package dev.basalt.sql.catalog;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog as stored in the meta group, one blob under {@code catalog/current}:
 * <pre>
 *   [u8 format = 3][i64 version][i32 tables][table...][i32 views][view...]
 *   table:  [i64 id][str name][i32 nextColumnId][bool hiddenRowId][i32 n][column...]
 *           [i32 n][i32 pk position...][i32 n][i32 distribution position...]
 *           [i32 n][index...][i32 n][foreign key...][bool named pk][str pk constraint name if named]
 *   index:  [i32 id][str name][bool unique][i32 n][i32 position...][i32 n][bool descending...][u8 state]
 *   fk:     [str name][i32 n][i32 position...][str parent][i32 n][str parent column...][u8 on delete]
 *   column: [i32 id][str name][u8 kind][i32 precision][i32 scale][bool nullable][str default or ""][bool has default]
 * </pre>
 * Format 1 (before index states) is read with every index READY; formats 1 and 2 (before
 * primary-key constraint names) with the default name.
 */
public final class CatalogCodec {
    static final int FORMAT = 3;
    private static final int FORMAT_WITHOUT_INDEX_STATES = 1;
    private static final int FORMAT_WITHOUT_KEY_NAMES = 2;

    private CatalogCodec() {
    }

    public static byte[] encode(Catalog c) {
        ByteWriter w = new ByteWriter(256).u8(FORMAT).i64(c.version()).i32(c.tables().size());
        for (TableDef t : c.tables().values()) {
            w.i64(t.tableId()).string(t.name()).i32(t.nextColumnId()).bool(t.hiddenRowId()).i32(t.columns().size());
            for (ColumnDef col : t.columns()) {
                w.i32(col.id()).string(col.name()).u8(col.type().kind().ordinal()).i32(col.type().precision()).i32(col.type().scale())
                        .bool(col.nullable()).string(col.defaultSql() == null ? "" : col.defaultSql()).bool(col.defaultSql() != null);
            }
            ints(w, t.primaryKey());
            ints(w, t.distribution());
            w.i32(t.indexes().size());
            for (TableDef.IndexDef ix : t.indexes()) {
                w.i32(ix.indexId()).string(ix.name()).bool(ix.unique());
                ints(w, ix.columns());
                w.i32(ix.descending().size());
                ix.descending().forEach(w::bool);
                w.u8(ix.state().ordinal());
            }
            w.i32(t.foreignKeys().size());
            for (TableDef.ForeignKeyDef fk : t.foreignKeys()) {
                w.string(fk.name());
                ints(w, fk.columns());
                w.string(fk.parent()).i32(fk.parentColumns().size());
                fk.parentColumns().forEach(w::string);
                w.u8(fk.onDelete().ordinal());
            }
            w.bool(t.primaryKeyConstraint() != null);
            if (t.primaryKeyConstraint() != null) {
                w.string(t.primaryKeyConstraint());
            }
        }
        w.i32(c.views().size());
        for (ViewDef v : c.views().values()) {
            w.string(v.name()).string(v.query()).i32(v.columnNames().size());
            v.columnNames().forEach(w::string);
        }
        return w.toByteArray();
    }

    public static Catalog decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int format = r.u8();
        if (format != FORMAT && format != FORMAT_WITHOUT_KEY_NAMES && format != FORMAT_WITHOUT_INDEX_STATES) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "catalog: unknown format " + format + " (this node reads format " + FORMAT + ")");
        }
        long version = r.i64();
        Map<String, TableDef> tables = new TreeMap<>();
        int tableCount = r.count(16);
        for (int i = 0; i < tableCount; i++) {
            long id = r.i64();
            String name = r.string();
            int nextColumnId = r.i32();
            boolean hidden = r.bool();
            int columnCount = r.count(20);
            List<ColumnDef> columns = new ArrayList<>(columnCount);
            for (int j = 0; j < columnCount; j++) {
                int colId = r.i32();
                String colName = r.string();
                ColumnType.Kind kind = ColumnType.Kind.values()[r.u8()];
                ColumnType type = new ColumnType(kind, r.i32(), r.i32());
                boolean nullable = r.bool();
                String def = r.string();
                boolean hasDefault = r.bool();
                columns.add(new ColumnDef(colId, colName, type, nullable, hasDefault ? def : null));
            }
            List<Integer> pk = ints(r);
            List<Integer> distribution = ints(r);
            int indexCount = r.count(13);
            List<TableDef.IndexDef> indexes = new ArrayList<>();
            for (int j = 0; j < indexCount; j++) {
                int indexId = r.i32();
                String indexName = r.string();
                boolean unique = r.bool();
                List<Integer> cols = ints(r);
                int n = r.count(1);
                List<Boolean> desc = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    desc.add(r.bool());
                }
                TableDef.IndexState state = format == FORMAT_WITHOUT_INDEX_STATES ? TableDef.IndexState.READY
                        : TableDef.IndexState.values()[r.u8()];
                indexes.add(new TableDef.IndexDef(indexId, indexName, cols, desc, unique, state));
            }
            int fkCount = r.count(16);
            List<TableDef.ForeignKeyDef> fks = new ArrayList<>();
            for (int j = 0; j < fkCount; j++) {
                String fkName = r.string();
                List<Integer> cols = ints(r);
                String parent = r.string();
                int n = r.count(4);
                List<String> parentCols = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    parentCols.add(r.string());
                }
                fks.add(new TableDef.ForeignKeyDef(fkName, cols, parent, parentCols, TableDef.OnDelete.values()[r.u8()]));
            }
            String pkName = format == FORMAT && r.bool() ? r.string() : null;
            tables.put(name, new TableDef(id, name, columns, pk, distribution, hidden, nextColumnId, indexes, fks, pkName));
        }
        Map<String, ViewDef> views = new TreeMap<>();
        int viewCount = r.count(12);
        for (int i = 0; i < viewCount; i++) {
            String name = r.string();
            String query = r.string();
            int n = r.count(4);
            List<String> cols = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                cols.add(r.string());
            }
            views.put(name, new ViewDef(name, query, cols));
        }
        r.expectEnd();
        return new Catalog(version, tables, views);
    }

    private static void ints(ByteWriter w, List<Integer> values) {
        w.i32(values.size());
        values.forEach(w::i32);
    }

    private static List<Integer> ints(ByteReader r) {
        int n = r.count(4);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.i32());
        }
        return out;
    }
}
