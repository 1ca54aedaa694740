package dev.basalt.sql.internal.rows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The filter a range applies to stored rows: SQL's three-valued logic on the stored bytes,
 * numbers compared by value across integer and DECIMAL, projection to a shorter row that decodes
 * to the same values, and malformed programs refused.
 */
class RowFilterTest {
    private static final TableDef T = new TableDef(9, "T", List.of(
            new ColumnDef(1, "K", new ColumnType(ColumnType.Kind.INTEGER, 0, 0), false, null),
            new ColumnDef(2, "AMOUNT", new ColumnType(ColumnType.Kind.DECIMAL, 8, 2), true, null),
            new ColumnDef(4, "NAME", new ColumnType(ColumnType.Kind.VARCHAR, 10, 0), true, null),
            new ColumnDef(5, "AT", new ColumnType(ColumnType.Kind.TIMESTAMP, 3, 0), true, null)),
            List.of(0), List.of(0), false, 6, List.of(), List.of());

    private static byte[] row(Integer k, String amount, String name, Long at) {
        return RowCodec.encode(T, new Object[] {k, amount == null ? null : new BigDecimal(amount), name, at});
    }

    private static boolean keeps(RowFilter.Node predicate, byte[] row) {
        return RowFilter.decode(RowFilter.encode(null, predicate)).apply(new byte[0], row) != null;
    }

    @Test
    void comparisonsFollowThreeValuedLogic() {
        RowFilter.Node amountAbove10 = new RowFilter.Compare(RowFilter.Cmp.GT, 2, new BigDecimal("10"));
        byte[] big = row(1, "12.50", "ann", 1_000L);
        byte[] small = row(2, "3.00", "bob", 2_000L);
        byte[] none = row(3, null, null, null);
        assertEquals(true, keeps(amountAbove10, big));
        assertEquals(false, keeps(amountAbove10, small));
        assertEquals(false, keeps(amountAbove10, none), "NULL > 10 is unknown: not kept");
        assertEquals(false, keeps(new RowFilter.Not(amountAbove10), none), "NOT unknown is unknown: not kept");
        assertEquals(true, keeps(new RowFilter.Not(amountAbove10), small));
        RowFilter.Node nameIsAnnOrNull = new RowFilter.Any(List.of(new RowFilter.Compare(RowFilter.Cmp.EQ, 4, "ann"),
                new RowFilter.Null(4, true)));
        assertEquals(true, keeps(nameIsAnnOrNull, big));
        assertEquals(false, keeps(nameIsAnnOrNull, small));
        assertEquals(true, keeps(nameIsAnnOrNull, none));
        RowFilter.Node both = new RowFilter.All(List.of(amountAbove10, new RowFilter.Compare(RowFilter.Cmp.NE, 4, "ann")));
        assertEquals(false, keeps(both, big));
        assertEquals(true, keeps(new RowFilter.Compare(RowFilter.Cmp.LE, 1, 2L), small), "integer column against a long");
        assertEquals(true, keeps(new RowFilter.Compare(RowFilter.Cmp.EQ, 1, new BigDecimal("2.00")), small), "integer against a decimal");
        assertEquals(true, keeps(new RowFilter.Compare(RowFilter.Cmp.GE, 5, 2_000L), small), "TIMESTAMP in milliseconds");
        assertEquals(false, keeps(new RowFilter.Compare(RowFilter.Cmp.EQ, 3, 1L), big), "a dropped column (id 3) is NULL");
        assertEquals(true, keeps(null, none), "no predicate keeps every row");
    }

    @Test
    void aProjectedRowDecodesToTheProjectedValues() {
        byte[] full = row(7, "1.25", "cy", 5_000L);
        byte[] cut = RowFilter.decode(RowFilter.encode(new int[] {4, 1}, null)).apply(new byte[0], full);
        assertNotNull(cut);
        Object[] decoded = RowCodec.decode(T, cut);
        assertArrayEquals(new Object[] {7, null, "cy", null}, decoded);
        assertEquals(full.length, RowFilter.decode(RowFilter.encode(new int[] {1, 2, 4, 5}, null)).apply(new byte[0], full).length);
    }

    @Test
    void aMalformedProgramIsRefused() {
        byte[] good = RowFilter.encode(null, new RowFilter.Compare(RowFilter.Cmp.EQ, 1, 1L));
        BasaltException cut = assertThrows(BasaltException.class, () -> RowFilter.decode(java.util.Arrays.copyOf(good, good.length - 3)));
        assertEquals(ErrorCode.INVALID_REQUEST, cut.code());
        byte[] badVersion = good.clone();
        badVersion[0] = 9;
        assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(BasaltException.class, () -> RowFilter.decode(badVersion)).code());
        assertNull(RowFilter.decode(good).apply(new byte[0], row(2, null, null, null)));
    }
}
