package dev.basalt.sql.internal.rows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.ScanFilter;
import dev.basalt.sql.catalog.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A predicate and a projection that a range applies to stored rows ({@link ScanFilter}, kind
 * {@link #KIND}): the SQL layer builds one per scan from the conditions it can express here, with
 * parameter values already bound, and the range evaluates it on each row's stored bytes
 * ({@link RowCodec}'s format, read by column id — no catalog needed on the range).
 * <pre>
 *   program: [u8 version = 1][i32 n projected column ids, -1 = all][i32 id...][predicate]
 *   predicate: TRUE | AND [i32 n] predicate... | OR [i32 n] predicate... | NOT predicate
 *            | IS_NULL [i32 column id] | IS_NOT_NULL [i32 column id]
 *            | COMPARE [u8 EQ NE LT LE GT GE] [i32 column id] [constant]
 *   constant: LONG [i64] | DECIMAL [i32 scale][bytes unscaled] | STRING [string] | BOOLEAN [bool]
 * </pre>
 * Evaluation is SQL's three-valued logic; a row is kept when the predicate is TRUE. Integers,
 * DATE, TIME and TIMESTAMP compare as longs (TIMESTAMP in milliseconds, as the engine sees it),
 * DECIMAL numerically, strings and booleans by equality only.
 */
public final class RowFilter implements ScanFilter {
    /** The filter kind scans carry for SQL rows. */
    public static final int KIND = 1;
    static final int VERSION = 1;
    private static final int MICROS_PER_MILLI = 1_000;

    enum Op { TRUE, AND, OR, NOT, IS_NULL, IS_NOT_NULL, COMPARE }

    public enum Cmp { EQ, NE, LT, LE, GT, GE }

    enum ConstantType { LONG, DECIMAL, STRING, BOOLEAN }

    /** Three-valued truth. */
    private enum Truth { TRUE, FALSE, UNKNOWN }

    /** A node of the predicate tree. */
    public sealed interface Node permits All, Any, Not, Null, Compare {
    }

    public record All(List<Node> parts) implements Node {
    }

    public record Any(List<Node> parts) implements Node {
    }

    public record Not(Node part) implements Node {
    }

    public record Null(int columnId, boolean isNull) implements Node {
    }

    /** {@code column <cmp> constant}; the constant is a Long, BigDecimal, String or Boolean. */
    public record Compare(Cmp cmp, int columnId, Object constant) implements Node {
    }

    private final int[] projected;
    private final Node predicate;

    RowFilter(int[] projected, Node predicate) {
        this.projected = projected;
        this.predicate = predicate;
    }

    // ---------------------------------------------------------------- encoding

    /** The program of a filter keeping rows where {@code predicate} (null: every row) holds, shortened to {@code projected} ids (null: all). */
    public static byte[] encode(int[] projected, Node predicate) {
        ByteWriter w = new ByteWriter(64).u8(VERSION);
        if (projected == null) {
            w.i32(-1);
        } else {
            w.i32(projected.length);
            for (int id : projected) {
                w.i32(id);
            }
        }
        write(w, predicate);
        return w.toByteArray();
    }

    private static void write(ByteWriter w, Node n) {
        if (n == null) {
            w.u8(Op.TRUE.ordinal());
        } else if (n instanceof All a) {
            w.u8(Op.AND.ordinal()).i32(a.parts().size());
            a.parts().forEach(p -> write(w, p));
        } else if (n instanceof Any a) {
            w.u8(Op.OR.ordinal()).i32(a.parts().size());
            a.parts().forEach(p -> write(w, p));
        } else if (n instanceof Not not) {
            w.u8(Op.NOT.ordinal());
            write(w, not.part());
        } else if (n instanceof Null nul) {
            w.u8((nul.isNull() ? Op.IS_NULL : Op.IS_NOT_NULL).ordinal()).i32(nul.columnId());
        } else if (n instanceof Compare c) {
            w.u8(Op.COMPARE.ordinal()).u8(c.cmp().ordinal()).i32(c.columnId());
            Object k = c.constant();
            if (k instanceof Long l) {
                w.u8(ConstantType.LONG.ordinal()).i64(l);
            } else if (k instanceof BigDecimal d) {
                w.u8(ConstantType.DECIMAL.ordinal()).i32(d.scale()).bytes(d.unscaledValue().toByteArray());
            } else if (k instanceof String s) {
                w.u8(ConstantType.STRING.ordinal()).string(s);
            } else if (k instanceof Boolean b) {
                w.u8(ConstantType.BOOLEAN.ordinal()).bool(b);
            } else {
                throw new IllegalArgumentException("a row filter constant must be Long, BigDecimal, String or Boolean: " + k);
            }
        }
    }

    /** The filter of a program made by {@link #encode}; a malformed one is refused (INVALID_REQUEST). */
    public static RowFilter decode(byte[] program) {
        try {
            ByteReader r = new ByteReader(program);
            int version = r.u8();
            if (version != VERSION) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "row filter version " + version + " is unknown (this node reads " + VERSION + ")");
            }
            int n = r.i32();
            int[] projected = null;
            if (n >= 0) {
                projected = new int[Math.min(n, r.remaining() / Integer.BYTES)];
                if (projected.length != n) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "row filter: projection of " + n + " columns is cut short");
                }
                for (int i = 0; i < n; i++) {
                    projected[i] = r.i32();
                }
                Arrays.sort(projected);
            }
            Node predicate = read(r, 0);
            r.expectEnd();
            return new RowFilter(projected, predicate);
        } catch (BasaltException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "row filter program is malformed: " + e.getMessage(), e);
        }
    }

    /** Predicates nest at most this deep. */
    static final int DEPTH_MAX = 64;

    private static Node read(ByteReader r, int depth) {
        if (depth > DEPTH_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "row filter nests deeper than " + DEPTH_MAX);
        }
        Op op = Op.values()[r.u8()];
        return switch (op) {
            case TRUE -> null;
            case AND, OR -> {
                int n = r.count(1);
                List<Node> parts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    parts.add(read(r, depth + 1));
                }
                yield op == Op.AND ? new All(parts) : new Any(parts);
            }
            case NOT -> new Not(read(r, depth + 1));
            case IS_NULL, IS_NOT_NULL -> new Null(r.i32(), op == Op.IS_NULL);
            case COMPARE -> {
                Cmp cmp = Cmp.values()[r.u8()];
                int column = r.i32();
                Object constant = switch (ConstantType.values()[r.u8()]) {
                    case LONG -> r.i64();
                    case DECIMAL -> {
                        int scale = r.i32();
                        yield new BigDecimal(new BigInteger(r.bytes()), scale);
                    }
                    case STRING -> r.string();
                    case BOOLEAN -> r.bool();
                };
                yield new Compare(cmp, column, constant);
            }
        };
    }

    // ---------------------------------------------------------------- evaluation

    @Override
    public byte[] apply(byte[] key, byte[] value) {
        if (predicate != null && eval(predicate, value) != Truth.TRUE) {
            return null;
        }
        return projected == null ? value : project(value);
    }

    private Truth eval(Node n, byte[] row) {
        if (n instanceof All a) {
            Truth out = Truth.TRUE;
            for (Node p : a.parts()) {
                Truth t = eval(p, row);
                if (t == Truth.FALSE) {
                    return Truth.FALSE;
                }
                if (t == Truth.UNKNOWN) {
                    out = Truth.UNKNOWN;
                }
            }
            return out;
        }
        if (n instanceof Any a) {
            Truth out = Truth.FALSE;
            for (Node p : a.parts()) {
                Truth t = eval(p, row);
                if (t == Truth.TRUE) {
                    return Truth.TRUE;
                }
                if (t == Truth.UNKNOWN) {
                    out = Truth.UNKNOWN;
                }
            }
            return out;
        }
        if (n instanceof Not not) {
            Truth t = eval(not.part(), row);
            return t == Truth.UNKNOWN ? t : t == Truth.TRUE ? Truth.FALSE : Truth.TRUE;
        }
        if (n instanceof Null nul) {
            return (column(row, nul.columnId()) == null) == nul.isNull() ? Truth.TRUE : Truth.FALSE;
        }
        Compare c = (Compare) n;
        Object v = column(row, c.columnId());
        if (v == null) {
            return Truth.UNKNOWN;
        }
        int order;
        Object k = c.constant();
        if (v instanceof Long l && k instanceof Long kl) {
            order = Long.compare(l, kl);
        } else if (v instanceof Number && k instanceof Number) {
            order = decimal(v).compareTo(decimal(k));
        } else if (v instanceof String || v instanceof Boolean) {
            if (c.cmp() != Cmp.EQ && c.cmp() != Cmp.NE) {
                return Truth.TRUE; // never built; keep the row and let the reader decide
            }
            order = v.equals(k) ? 0 : 1;
        } else {
            return Truth.TRUE; // a type this filter does not compare: keep the row
        }
        boolean holds = switch (c.cmp()) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
        };
        return holds ? Truth.TRUE : Truth.FALSE;
    }

    private static BigDecimal decimal(Object n) {
        return n instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) n).longValue());
    }

    /**
     * The value of column {@code id} in a stored row, as this filter compares it: integers, DATE,
     * TIME and TIMESTAMP (milliseconds) as Long, DECIMAL as BigDecimal, text as String, BOOLEAN as
     * Boolean, others as a marker object; null when absent (NULL).
     */
    static Object column(byte[] row, int id) {
        ByteReader r = new ByteReader(row);
        r.u8();
        int n = r.count(5);
        for (int i = 0; i < n; i++) {
            int columnId = r.i32();
            ColumnType.Kind kind = ColumnType.Kind.values()[r.u8()];
            if (columnId == id) {
                return value(r, kind);
            }
            if (columnId > id) {
                return null; // ids ascend within a row
            }
            skip(r, kind);
        }
        return null;
    }

    /**
     * The values of the columns {@code ids} (ascending, no repeats) of a stored row, read in one
     * pass, as {@link #column} reads each; null where absent.
     */
    static Object[] columns(byte[] row, int[] ids) {
        Object[] out = new Object[ids.length];
        ByteReader r = new ByteReader(row);
        r.u8();
        int n = r.count(5);
        int next = 0;
        for (int i = 0; i < n && next < ids.length; i++) {
            int columnId = r.i32();
            ColumnType.Kind kind = ColumnType.Kind.values()[r.u8()];
            while (next < ids.length && ids[next] < columnId) {
                next++; // absent: NULL
            }
            if (next < ids.length && ids[next] == columnId) {
                out[next++] = value(r, kind);
            } else {
                skip(r, kind);
            }
        }
        return out;
    }

    private static Object value(ByteReader r, ColumnType.Kind kind) {
        return switch (kind) {
            case SMALLINT, INTEGER, BIGINT, DATE, TIME -> r.i64();
            case TIMESTAMP -> Math.floorDiv(r.i64(), MICROS_PER_MILLI);
            case DECIMAL -> {
                int scale = r.i32();
                yield new BigDecimal(new BigInteger(r.bytes()), scale);
            }
            case CHAR, VARCHAR -> r.string();
            case BOOLEAN -> r.bool();
            default -> {
                skip(r, kind);
                yield new Object();
            }
        };
    }

    private static void skip(ByteReader r, ColumnType.Kind kind) {
        switch (kind) {
            case SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP, REAL, DOUBLE -> r.i64();
            case DECIMAL -> {
                r.i32();
                r.bytes();
            }
            case CHAR, VARCHAR -> r.string();
            case BOOLEAN -> r.bool();
            case VARBINARY -> r.bytes();
        }
    }

    /** The row with only the projected columns (a shorter row in the same format). */
    private byte[] project(byte[] row) {
        ByteReader r = new ByteReader(row);
        int format = r.u8();
        int n = r.count(5);
        List<int[]> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int start = row.length - r.remaining();
            int columnId = r.i32();
            ColumnType.Kind kind = ColumnType.Kind.values()[r.u8()];
            skip(r, kind);
            if (Arrays.binarySearch(projected, columnId) >= 0) {
                kept.add(new int[] {start, row.length - r.remaining()});
            }
        }
        if (kept.size() == n) {
            return row;
        }
        ByteWriter w = new ByteWriter(row.length).u8(format).i32(kept.size());
        for (int[] span : kept) {
            w.raw(row, span[0], span[1] - span[0]);
        }
        return w.toByteArray();
    }
}
