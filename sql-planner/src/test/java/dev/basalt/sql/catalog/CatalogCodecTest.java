package dev.basalt.sql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.basalt.common.ByteWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored catalog round-trips, index states included, and a catalog stored before index states reads as READY indexes. */
class CatalogCodecTest {
    private static TableDef table(TableDef.IndexState state) {
        ColumnDef k = new ColumnDef(1, "K", new ColumnType(ColumnType.Kind.INTEGER, 0, 0), false, null);
        ColumnDef v = new ColumnDef(2, "V", new ColumnType(ColumnType.Kind.VARCHAR, 10, 0), true, null);
        TableDef.IndexDef index = new TableDef.IndexDef(3, "T_V", List.of(1), List.of(false), false, state);
        return new TableDef(7, "T", List.of(k, v), List.of(0), List.of(0), false, 3, List.of(index), List.of());
    }

    @Test
    void indexStatesRoundTrip() {
        for (TableDef.IndexState state : TableDef.IndexState.values()) {
            Catalog c = new Catalog(5, Map.of("T", table(state)), Map.of());
            assertEquals(c, CatalogCodec.decode(CatalogCodec.encode(c)));
        }
    }

    @Test
    void aFormatOneCatalogHasReadyIndexes() {
        ByteWriter w = new ByteWriter(128).u8(1).i64(5).i32(1);
        w.i64(7).string("T").i32(3).bool(false).i32(2);
        w.i32(1).string("K").u8(ColumnType.Kind.INTEGER.ordinal()).i32(0).i32(0).bool(false).string("").bool(false);
        w.i32(2).string("V").u8(ColumnType.Kind.VARCHAR.ordinal()).i32(10).i32(0).bool(true).string("").bool(false);
        w.i32(1).i32(0).i32(1).i32(0); // primary key (0), distribution (0)
        w.i32(1).i32(3).string("T_V").bool(false).i32(1).i32(1).i32(1).bool(false); // one index, no state byte
        w.i32(0).i32(0); // no foreign keys, no views
        Catalog decoded = CatalogCodec.decode(w.toByteArray());
        assertEquals(new Catalog(5, Map.of("T", table(TableDef.IndexState.READY)), Map.of()), decoded);
    }

    @Test
    void aNamedPrimaryKeyKeepsItsNameAndAFormatTwoCatalogHasTheDefaultOne() {
        TableDef t = table(TableDef.IndexState.READY);
        TableDef named = new TableDef(t.tableId(), t.name(), t.columns(), t.primaryKey(), t.distribution(), t.hiddenRowId(),
                t.nextColumnId(), t.indexes(), t.foreignKeys(), "T_MAIN");
        Catalog c = new Catalog(6, Map.of("T", named), Map.of());
        Catalog decoded = CatalogCodec.decode(CatalogCodec.encode(c));
        assertEquals(c, decoded);
        assertEquals("T_MAIN", decoded.tables().get("T").primaryKeyName());
        assertEquals("T_PKEY", t.primaryKeyName());
        byte[] formatTwo = CatalogCodec.encode(new Catalog(6, Map.of("T", t), Map.of()));
        formatTwo[0] = 2;
        // format 2 ends each table after its foreign keys: drop format 3's "no name" flag
        byte[] cut = new byte[formatTwo.length - 1];
        int flag = formatTwo.length - Integer.BYTES - 1; // the flag, then the view count
        System.arraycopy(formatTwo, 0, cut, 0, flag);
        System.arraycopy(formatTwo, flag + 1, cut, flag, Integer.BYTES);
        assertEquals("T_PKEY", CatalogCodec.decode(cut).tables().get("T").primaryKeyName());
    }
}
