package dev.basalt.sql.internal.rows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.ScanFilter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Partial aggregation inside a range (DESIGN.md section 6: partial aggregates pushed into range
 * scans): a {@link ScanFilter} of kind {@link #KIND} that keeps the rows its {@link RowFilter}
 * keeps, folds them into one state per group, and hands the states back instead of the rows — when
 * it holds {@link #GROUPS_PER_PARTIAL_MAX} groups, and when the page ends. The gateway merges the
 * partials of every page of every range ({@link Groups#merge}) and finishes the aggregate.
 * <pre>
 *   program: [u8 version = 1][bytes row filter program][i32 n][i32 group column id]...
 *            [i32 m]([u8 function][i32 column id, -1 for COUNT(*)])...
 *   partial: [u8 version = 1][i32 groups]([value] × n group columns, [value] × m states)...
 *   value:   NULL | LONG [i64] | DECIMAL [i32 scale][bytes unscaled] | STRING [string] | BOOLEAN [bool]
 * </pre>
 * Values are read as {@link RowFilter} reads them (integers, DATE, TIME and TIMESTAMP as Long,
 * DECIMAL as BigDecimal, text as String, BOOLEAN as Boolean); the planner pushes only aggregates
 * whose columns have those types. A SUM is a Long until it would overflow, then a BigDecimal, so no
 * partial sum wraps; COUNT is a Long; MIN and MAX keep the smallest and largest value (NULLs never
 * count). A NULL state means the function has seen no non-NULL value.
 */
public final class PartialAggregate implements ScanFilter {
    /** The filter kind scans carry for partial aggregation. */
    public static final int KIND = 2;
    static final int VERSION = 1;
    /** Groups one partial holds at most; a scan of more groups hands back several partials per page. */
    public static final int GROUPS_PER_PARTIAL_MAX = 4_096;
    /** Group columns and calls a program may name at most. */
    static final int COLUMNS_MAX = 1_024;

    /** An aggregate function the ranges compute partially. */
    public enum Function { COUNT_ROWS, COUNT, SUM, MIN, MAX }

    /** One aggregate: its function and the column id it reads (-1 for COUNT(*)). */
    public record Call(Function function, int columnId) {
    }

    private enum Tag { NULL, LONG, DECIMAL, STRING, BOOLEAN }

    private final RowFilter filter;
    private final Groups groups;

    private PartialAggregate(RowFilter filter, Groups groups) {
        this.filter = filter;
        this.groups = groups;
    }

    /** The program of a partial aggregation of the rows {@code rowFilter} (a {@link RowFilter} program) keeps. */
    public static byte[] encode(byte[] rowFilter, int[] groupColumnIds, List<Call> calls) {
        ByteWriter w = new ByteWriter(64).u8(VERSION).bytes(rowFilter).i32(groupColumnIds.length);
        for (int id : groupColumnIds) {
            w.i32(id);
        }
        w.i32(calls.size());
        for (Call c : calls) {
            w.u8(c.function().ordinal()).i32(c.columnId());
        }
        return w.toByteArray();
    }

    /** The filter of a program made by {@link #encode}; a malformed one is refused (INVALID_REQUEST). */
    public static PartialAggregate decode(byte[] program) {
        try {
            ByteReader r = new ByteReader(program);
            int version = r.u8();
            if (version != VERSION) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "partial aggregate version " + version
                        + " is unknown (this node reads " + VERSION + ")");
            }
            RowFilter filter = RowFilter.decode(r.bytes());
            int n = bounded(r.count(Integer.BYTES), "group columns");
            int[] groupColumns = new int[n];
            for (int i = 0; i < n; i++) {
                groupColumns[i] = r.i32();
            }
            int m = bounded(r.count(1 + Integer.BYTES), "aggregate calls");
            List<Call> calls = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                calls.add(new Call(Function.values()[r.u8()], r.i32()));
            }
            r.expectEnd();
            return new PartialAggregate(filter, new Groups(groupColumns, calls));
        } catch (BasaltException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "partial aggregate program is malformed: " + e.getMessage(), e);
        }
    }

    private static int bounded(int n, String what) {
        if (n > COLUMNS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "partial aggregate names " + n + " " + what
                    + "; at most " + COLUMNS_MAX + " are allowed");
        }
        return n;
    }

    @Override
    public byte[] apply(byte[] key, byte[] value) {
        if (filter.apply(key, value) == null) {
            return null;
        }
        groups.add(value);
        return groups.size() >= GROUPS_PER_PARTIAL_MAX ? groups.drain() : null;
    }

    @Override
    public byte[] flush() {
        return groups.size() == 0 ? null : groups.drain();
    }

    /**
     * Aggregate states by group: filled from stored rows in a range ({@link #add}) and from
     * partials on the gateway ({@link #merge}).
     */
    public static final class Groups {
        private final int[] groupColumns;
        private final List<Call> calls;
        private final Map<List<Object>, Object[]> states = new HashMap<>();
        /** The column ids a row is read for, ascending, each once; and where each group column and call finds its value there. */
        private final int[] read;
        private final int[] groupAt;
        private final int[] callAt;

        public Groups(int[] groupColumns, List<Call> calls) {
            this.groupColumns = groupColumns.clone();
            this.calls = List.copyOf(calls);
            java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
            for (int id : groupColumns) {
                ids.add(id);
            }
            for (Call c : calls) {
                if (c.function() != Function.COUNT_ROWS) {
                    ids.add(c.columnId());
                }
            }
            this.read = ids.stream().mapToInt(Integer::intValue).toArray();
            this.groupAt = Arrays.stream(groupColumns).map(id -> Arrays.binarySearch(read, id)).toArray();
            this.callAt = this.calls.stream().mapToInt(c -> c.function() == Function.COUNT_ROWS ? -1 : Arrays.binarySearch(read, c.columnId()))
                    .toArray();
        }

        public int size() {
            return states.size();
        }

        /** Each group's values (in group column order) and its states (in call order). */
        public Map<List<Object>, Object[]> states() {
            return states;
        }

        /** Folds one stored row (RowCodec's format) into its group. */
        void add(byte[] row) {
            Object[] values = RowFilter.columns(row, read);
            Object[] group = new Object[groupColumns.length];
            for (int i = 0; i < group.length; i++) {
                group[i] = values[groupAt[i]];
            }
            Object[] state = states.computeIfAbsent(Arrays.asList(group), g -> new Object[calls.size()]);
            for (int i = 0; i < state.length; i++) {
                Object v = callAt[i] < 0 ? Boolean.TRUE : values[callAt[i]];
                state[i] = combine(calls.get(i).function(), state[i], v, false);
            }
        }

        /** Folds a partial made by a range's {@link #drain} into these groups. */
        public void merge(byte[] partial) {
            try {
                ByteReader r = new ByteReader(partial);
                int version = r.u8();
                if (version != VERSION) {
                    throw new BasaltException(ErrorCode.INTERNAL_ERROR, "partial aggregate version " + version + " is unknown");
                }
                int n = r.count(groupColumns.length + calls.size());
                for (int g = 0; g < n; g++) {
                    Object[] group = new Object[groupColumns.length];
                    for (int i = 0; i < group.length; i++) {
                        group[i] = readValue(r);
                    }
                    Object[] state = states.computeIfAbsent(Arrays.asList(group), k -> new Object[calls.size()]);
                    for (int i = 0; i < state.length; i++) {
                        state[i] = combine(calls.get(i).function(), state[i], readValue(r), true);
                    }
                }
                r.expectEnd();
            } catch (RuntimeException e) {
                if (e instanceof BasaltException b && b.code() == ErrorCode.INTERNAL_ERROR) {
                    throw b;
                }
                throw new BasaltException(ErrorCode.INTERNAL_ERROR, "a range answered a malformed partial aggregate: " + e.getMessage(), e);
            }
        }

        /** The groups as one partial; they are then cleared. */
        byte[] drain() {
            ByteWriter w = new ByteWriter(64 + 16 * states.size() * (groupColumns.length + calls.size()));
            w.u8(VERSION).i32(states.size());
            for (Map.Entry<List<Object>, Object[]> e : states.entrySet()) {
                e.getKey().forEach(v -> writeValue(w, v));
                for (Object s : e.getValue()) {
                    writeValue(w, s);
                }
            }
            states.clear();
            return w.toByteArray();
        }

        /**
         * {@code state} with {@code v} folded in: a row's value, or ({@code partial}) another
         * state of the same function — for the counts a partial is a count to add.
         */
        private static Object combine(Function f, Object state, Object v, boolean partial) {
            if (f == Function.COUNT_ROWS || f == Function.COUNT) {
                long count = state == null ? 0 : (Long) state;
                if (partial) {
                    return count + (v == null ? 0 : (Long) v);
                }
                return v == null ? count : count + 1;
            }
            if (v == null) {
                return state;
            }
            if (state == null) {
                return v;
            }
            return switch (f) {
                case SUM -> add(state, v);
                case MIN -> compare(v, state) < 0 ? v : state;
                case MAX -> compare(v, state) > 0 ? v : state;
                default -> throw new IllegalStateException(f.name());
            };
        }

        private static Object add(Object a, Object b) {
            if (a instanceof Long x && b instanceof Long y) {
                long sum = x + y;
                if (((x ^ sum) & (y ^ sum)) >= 0) {
                    return sum;
                }
            }
            return decimal(a).add(decimal(b));
        }

        private static BigDecimal decimal(Object n) {
            return n instanceof BigDecimal d ? d : BigDecimal.valueOf((Long) n);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static int compare(Object a, Object b) {
            if (a instanceof Number && b instanceof Number && a.getClass() != b.getClass()) {
                return decimal(a).compareTo(decimal(b));
            }
            return ((Comparable) a).compareTo(b);
        }
    }

    private static void writeValue(ByteWriter w, Object v) {
        if (v == null) {
            w.u8(Tag.NULL.ordinal());
        } else if (v instanceof Long l) {
            w.u8(Tag.LONG.ordinal()).i64(l);
        } else if (v instanceof BigDecimal d) {
            w.u8(Tag.DECIMAL.ordinal()).i32(d.scale()).bytes(d.unscaledValue().toByteArray());
        } else if (v instanceof String s) {
            w.u8(Tag.STRING.ordinal()).string(s);
        } else if (v instanceof Boolean b) {
            w.u8(Tag.BOOLEAN.ordinal()).bool(b);
        } else {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "a partial aggregate cannot hold a " + v.getClass().getSimpleName());
        }
    }

    private static Object readValue(ByteReader r) {
        return switch (Tag.values()[r.u8()]) {
            case NULL -> null;
            case LONG -> r.i64();
            case DECIMAL -> {
                int scale = r.i32();
                yield new BigDecimal(new BigInteger(r.bytes()), scale);
            }
            case STRING -> r.string();
            case BOOLEAN -> r.bool();
        };
    }
}
