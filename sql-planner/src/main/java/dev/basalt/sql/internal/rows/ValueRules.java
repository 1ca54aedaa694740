package dev.basalt.sql.internal.rows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.calcite.avatica.util.ByteString;

/**
 * The checks a value passes before it is stored in a column, with PostgreSQL's SQLStates and
 * messages that name the column and the value: NULL into NOT NULL (23502), text longer than the
 * column (22001), a number outside the column's type (22003). Values are rounded to a DECIMAL
 * column's scale, as PostgreSQL does. CHAR(n) values are stored without trailing blanks (they are
 * insignificant in CHAR comparisons); unlike PostgreSQL, they are also returned without padding.
 */
public final class ValueRules {
    /** A value quoted in an error message is cut to this many characters. */
    static final int QUOTED_CHARS_MAX = 64;

    private ValueRules() {
    }

    /** Checks and normalizes {@code row} (in place) for storing in {@code table}. */
    public static void check(TableDef table, Object[] row) {
        for (int i = 0; i < table.columns().size(); i++) {
            row[i] = assign(table, table.column(i), row[i]);
        }
    }

    /** {@code v} as stored in column {@code c} of {@code table}, or the error that storing it is. */
    public static Object assign(TableDef table, ColumnDef c, Object v) {
        if (v == null) {
            if (!c.nullable()) {
                throw new BasaltException(ErrorCode.NOT_NULL_VIOLATION, "null value in column \"" + c.name() + "\" of relation \""
                        + table.name() + "\" violates not-null constraint");
            }
            return null;
        }
        ColumnType t = c.type();
        return switch (t.kind()) {
            case SMALLINT -> (short) integral(table, c, v, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> (int) integral(table, c, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> integral(table, c, v, Long.MIN_VALUE, Long.MAX_VALUE);
            case DECIMAL -> decimal(table, c, v);
            case REAL -> {
                double d = ((Number) v).doubleValue();
                float f = (float) d;
                if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                    throw outOfRange(table, c, v);
                }
                yield f;
            }
            case DOUBLE -> ((Number) v).doubleValue();
            case CHAR -> text(table, c, v.toString()).stripTrailing();
            case VARCHAR -> text(table, c, v.toString());
            case VARBINARY -> {
                ByteString b = (ByteString) v;
                if (t.bounded() && b.length() > t.precision()) {
                    throw new BasaltException(ErrorCode.STRING_TOO_LONG, "value too long for type " + t + " in column \"" + c.name()
                            + "\" of relation \"" + table.name() + "\": " + b.length() + " bytes");
                }
                yield b;
            }
            default -> v;
        };
    }

    private static long integral(TableDef table, ColumnDef c, Object v, long min, long max) {
        if (v instanceof BigDecimal d) {
            BigDecimal rounded = d.setScale(0, RoundingMode.HALF_UP);
            if (rounded.compareTo(BigDecimal.valueOf(min)) < 0 || rounded.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw outOfRange(table, c, v);
            }
            return rounded.longValueExact();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = Math.rint(((Number) v).doubleValue());
            if (Double.isNaN(d) || d < min || d > max) {
                throw outOfRange(table, c, v);
            }
            return (long) d;
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            throw outOfRange(table, c, v);
        }
        return n;
    }

    private static BigDecimal decimal(TableDef table, ColumnDef c, Object v) {
        BigDecimal d;
        if (v instanceof BigDecimal b) {
            d = b;
        } else if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw outOfRange(table, c, v);
            }
            d = BigDecimal.valueOf(x);
        } else {
            d = BigDecimal.valueOf(((Number) v).longValue());
        }
        ColumnType t = c.type();
        BigDecimal scaled = d.setScale(t.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > t.precision() - t.scale()) {
            throw new BasaltException(ErrorCode.NUMERIC_OUT_OF_RANGE, "numeric field overflow: column \"" + c.name() + "\" of relation \""
                    + table.name() + "\" is " + t + " and holds absolute values below 10^" + (t.precision() - t.scale())
                    + "; got " + quote(d.toPlainString()));
        }
        return scaled;
    }

    private static String text(TableDef table, ColumnDef c, String s) {
        ColumnType t = c.type();
        if (t.bounded() && s.codePointCount(0, s.length()) > t.precision()) {
            // PostgreSQL drops trailing spaces that do not fit rather than failing.
            String trimmed = s.stripTrailing();
            if (trimmed.codePointCount(0, trimmed.length()) <= t.precision()) {
                return trimmed;
            }
            throw new BasaltException(ErrorCode.STRING_TOO_LONG, "value too long for type " + t.sql().replace("VARCHAR", "character varying")
                    + " in column \"" + c.name() + "\" of relation \"" + table.name() + "\": " + quote(s));
        }
        return s;
    }

    private static BasaltException outOfRange(TableDef table, ColumnDef c, Object v) {
        return new BasaltException(ErrorCode.NUMERIC_OUT_OF_RANGE, "value " + quote(String.valueOf(v)) + " is out of range for type "
                + c.type() + " of column \"" + c.name() + "\" of relation \"" + table.name() + "\"");
    }

    static String quote(String s) {
        String cut = s.length() > QUOTED_CHARS_MAX ? s.substring(0, QUOTED_CHARS_MAX) + "..." : s;
        return "'" + cut + "'";
    }
}
