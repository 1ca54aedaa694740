package dev.basalt.sql.internal.rows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Partial aggregation in a range: what the ranges hand back, merged on the gateway, equals
 * aggregating every row in one place — however the rows are split into pages and ranges, with
 * NULLs, a filter, more groups than one partial holds, and sums past BIGINT's range.
 */
class PartialAggregateTest {
    private static final TableDef T = new TableDef(9, "T", List.of(
            new ColumnDef(1, "K", new ColumnType(ColumnType.Kind.INTEGER, 0, 0), false, null),
            new ColumnDef(2, "G", new ColumnType(ColumnType.Kind.INTEGER, 0, 0), true, null),
            new ColumnDef(3, "N", new ColumnType(ColumnType.Kind.BIGINT, 0, 0), true, null),
            new ColumnDef(4, "D", new ColumnType(ColumnType.Kind.DECIMAL, 8, 2), true, null),
            new ColumnDef(5, "S", new ColumnType(ColumnType.Kind.VARCHAR, 10, 0), true, null)),
            List.of(0), List.of(0), false, 6, List.of(), List.of());
    private static final List<PartialAggregate.Call> CALLS = List.of(
            new PartialAggregate.Call(PartialAggregate.Function.COUNT_ROWS, -1),
            new PartialAggregate.Call(PartialAggregate.Function.COUNT, 3),
            new PartialAggregate.Call(PartialAggregate.Function.SUM, 3),
            new PartialAggregate.Call(PartialAggregate.Function.SUM, 4),
            new PartialAggregate.Call(PartialAggregate.Function.MIN, 5),
            new PartialAggregate.Call(PartialAggregate.Function.MAX, 4));

    private static byte[] row(int k, Integer g, Long n, String d, String s) {
        return RowCodec.encode(T, new Object[] {k, g, n, d == null ? null : new BigDecimal(d), s});
    }

    /** Aggregates {@code rows} in the given number of ranges (round robin), each cut into pages of {@code pageRows} rows. */
    private static Map<List<Object>, Object[]> inRanges(List<byte[]> rows, byte[] filter, int[] groups, int ranges, int pageRows) {
        byte[] program = PartialAggregate.encode(filter, groups, CALLS);
        PartialAggregate.Groups gateway = new PartialAggregate.Groups(groups, CALLS);
        for (int r = 0; r < ranges; r++) {
            PartialAggregate range = PartialAggregate.decode(program); // a range builds a filter per page
            int inPage = 0;
            for (int i = r; i < rows.size(); i += ranges) {
                byte[] partial = range.apply(new byte[] {1}, rows.get(i));
                if (partial != null) {
                    gateway.merge(partial);
                }
                if (++inPage == pageRows) {
                    byte[] rest = range.flush();
                    if (rest != null) {
                        gateway.merge(rest);
                    }
                    range = PartialAggregate.decode(program);
                    inPage = 0;
                }
            }
            byte[] rest = range.flush();
            if (rest != null) {
                gateway.merge(rest);
            }
        }
        return gateway.states();
    }

    private static final byte[] ALL = RowFilter.encode(null, null);

    @Test
    void partialsMergedEqualOneAggregateOverEveryRowHoweverTheRowsAreSplit() {
        Random random = new Random(20261202L);
        List<byte[]> rows = new ArrayList<>();
        Map<Integer, long[]> expected = new HashMap<>(); // g -> count, count(n), sum(n)
        for (int k = 0; k < 2_000; k++) {
            int g = random.nextInt(5);
            Long n = random.nextInt(10) == 0 ? null : (long) random.nextInt(1_000) - 500;
            rows.add(row(k, g, n, "1.25", "s" + (char) ('a' + random.nextInt(26))));
            long[] e = expected.computeIfAbsent(g, x -> new long[3]);
            e[0]++;
            if (n != null) {
                e[1]++;
                e[2] += n;
            }
        }
        for (int[] split : new int[][] {{1, 1_000_000}, {3, 50}, {8, 1}}) {
            Map<List<Object>, Object[]> got = inRanges(rows, ALL, new int[] {2}, split[0], split[1]);
            assertEquals(expected.size(), got.size(), "groups with " + split[0] + " ranges, pages of " + split[1]);
            for (Map.Entry<Integer, long[]> e : expected.entrySet()) {
                Object[] state = got.get(Arrays.asList((Object) e.getKey().longValue()));
                assertEquals(e.getValue()[0], state[0], "COUNT(*) of group " + e.getKey());
                assertEquals(e.getValue()[1], state[1], "COUNT(n) of group " + e.getKey());
                assertEquals(e.getValue()[2], state[2], "SUM(n) of group " + e.getKey());
                assertEquals(0, new BigDecimal("1.25").multiply(BigDecimal.valueOf(e.getValue()[0])).compareTo((BigDecimal) state[3]));
                assertEquals("sa".compareTo((String) state[4]) <= 0, true, "MIN(s) is a value seen");
                assertEquals(new BigDecimal("1.25"), state[5]);
            }
        }
    }

    @Test
    void nullsAreNotCountedSummedOrCompared() {
        List<byte[]> rows = List.of(row(1, null, null, null, null), row(2, null, 5L, null, "b"), row(3, 1, null, "2.00", null));
        Map<List<Object>, Object[]> got = inRanges(rows, ALL, new int[] {2}, 2, 1);
        assertArrayEquals(new Object[] {2L, 1L, 5L, null, "b", null}, got.get(Arrays.asList((Object) null)), "the NULL group");
        assertArrayEquals(new Object[] {1L, 0L, null, new BigDecimal("2.00"), null, new BigDecimal("2.00")},
                got.get(Arrays.asList((Object) 1L)));
    }

    @Test
    void onlyTheRowsTheFilterKeepsAreAggregated() {
        List<byte[]> rows = List.of(row(1, 1, 10L, "1.00", "a"), row(2, 1, 20L, "1.00", "b"), row(3, 1, null, "1.00", "c"));
        byte[] above10 = RowFilter.encode(null, new RowFilter.Compare(RowFilter.Cmp.GT, 3, 10L));
        Map<List<Object>, Object[]> got = inRanges(rows, above10, new int[0], 1, 100);
        assertArrayEquals(new Object[] {1L, 1L, 20L, new BigDecimal("1.00"), "b", new BigDecimal("1.00")}, got.get(List.of()));
    }

    @Test
    void aRangeWithMoreGroupsThanOnePartialHoldsHandsBackSeveral() {
        List<byte[]> rows = new ArrayList<>();
        int groups = PartialAggregate.GROUPS_PER_PARTIAL_MAX * 2 + 10;
        for (int k = 0; k < groups * 2; k++) {
            rows.add(row(k, k % groups, 1L, "0.01", "x"));
        }
        PartialAggregate range = PartialAggregate.decode(PartialAggregate.encode(ALL, new int[] {2}, CALLS));
        PartialAggregate.Groups gateway = new PartialAggregate.Groups(new int[] {2}, CALLS);
        int partials = 0;
        for (byte[] r : rows) {
            byte[] partial = range.apply(new byte[] {1}, r);
            if (partial != null) {
                partials++;
                gateway.merge(partial);
            }
        }
        gateway.merge(range.flush());
        assertEquals(4, partials, "a partial each time " + PartialAggregate.GROUPS_PER_PARTIAL_MAX + " groups are held");
        assertNull(range.flush(), "nothing held after a flush");
        assertEquals(groups, gateway.size());
        for (Object[] state : gateway.states().values()) {
            assertEquals(2L, state[0]);
        }
    }

    @Test
    void sumsPastBigintsRangeStayExact() {
        List<byte[]> rows = List.of(row(1, 1, Long.MAX_VALUE, null, null), row(2, 1, Long.MAX_VALUE, null, null), row(3, 1, -1L, null, null));
        for (int pageRows : new int[] {1, 10}) {
            Object[] state = inRanges(rows, ALL, new int[0], 1, pageRows).get(List.of());
            assertEquals(BigDecimal.valueOf(Long.MAX_VALUE).multiply(BigDecimal.valueOf(2)).subtract(BigDecimal.ONE), state[2],
                    "pages of " + pageRows);
        }
    }

    @Test
    void malformedProgramsAndPartialsAreRefused() {
        BasaltException version = assertThrows(BasaltException.class, () -> PartialAggregate.decode(new byte[] {9}));
        assertEquals(ErrorCode.INVALID_REQUEST, version.code());
        byte[] program = PartialAggregate.encode(ALL, new int[] {2}, CALLS);
        BasaltException cut = assertThrows(BasaltException.class, () -> PartialAggregate.decode(Arrays.copyOf(program, program.length - 3)));
        assertEquals(ErrorCode.INVALID_REQUEST, cut.code());
        PartialAggregate.Groups gateway = new PartialAggregate.Groups(new int[] {2}, CALLS);
        BasaltException partial = assertThrows(BasaltException.class, () -> gateway.merge(new byte[] {1, 0, 0, 0, 5, 1}));
        assertEquals(ErrorCode.INTERNAL_ERROR, partial.code());
    }
}
