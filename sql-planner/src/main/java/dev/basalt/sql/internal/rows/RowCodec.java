package dev.basalt.sql.internal.rows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;

/**
 * A stored row: the non-NULL columns, each tagged with its column id and kind, so a column added
 * later reads as NULL in old rows and a dropped column's value is skipped (ALTER TABLE rewrites
 * nothing):
 * <pre>
 *   [u8 format = 1][i32 n] n x ([i32 column id][u8 kind][value])
 *   value: integers, DATE, TIME and TIMESTAMP as i64; DECIMAL as [i32 scale][bytes unscaled];
 *          REAL and DOUBLE as i64 double bits; CHAR and VARCHAR as a string; BOOLEAN as bool;
 *          VARBINARY as bytes
 * </pre>
 * In the engine a row is an {@code Object[]} in Calcite's internal representation, one slot per
 * column in declaration order: SMALLINT Short, INTEGER Integer, BIGINT Long, DECIMAL BigDecimal,
 * REAL Float, DOUBLE Double, CHAR/VARCHAR String, BOOLEAN Boolean, DATE Integer (days since
 * 1970-01-01), TIME Integer (milliseconds of the day), TIMESTAMP Long (milliseconds since
 * 1970-01-01 00:00, no time zone), VARBINARY ByteString. TIMESTAMP is stored in microseconds so
 * that a later engine with microsecond precision reads old rows unchanged.
 */
public final class RowCodec {
    static final int FORMAT = 1;
    private static final long MICROS_PER_MILLI = 1_000;

    private RowCodec() {
    }

    public static byte[] encode(TableDef table, Object[] row) {
        List<ColumnDef> columns = table.columns();
        int present = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (row[i] != null) {
                present++;
            }
        }
        ByteWriter w = new ByteWriter(16 + 12 * columns.size()).u8(FORMAT).i32(present);
        for (int i = 0; i < columns.size(); i++) {
            Object v = row[i];
            if (v == null) {
                continue;
            }
            ColumnType.Kind kind = columns.get(i).type().kind();
            w.i32(columns.get(i).id()).u8(kind.ordinal());
            switch (kind) {
                case SMALLINT, INTEGER, BIGINT, DATE, TIME -> w.i64(((Number) v).longValue());
                case TIMESTAMP -> w.i64(((Number) v).longValue() * MICROS_PER_MILLI);
                case DECIMAL -> w.i32(((BigDecimal) v).scale()).bytes(((BigDecimal) v).unscaledValue().toByteArray());
                case REAL, DOUBLE -> w.i64(Double.doubleToLongBits(((Number) v).doubleValue()));
                case CHAR, VARCHAR -> w.string((String) v);
                case BOOLEAN -> w.bool((Boolean) v);
                case VARBINARY -> w.bytes(((ByteString) v).getBytes());
            }
        }
        return w.toByteArray();
    }

    public static Object[] decode(TableDef table, byte[] bytes) {
        List<ColumnDef> columns = table.columns();
        Object[] row = new Object[columns.size()];
        int position = 0;
        ByteReader r = new ByteReader(bytes);
        int format = r.u8();
        if (format != FORMAT) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "table " + table.name() + ": a stored row has unknown format " + format);
        }
        int n = r.count(5);
        for (int i = 0; i < n; i++) {
            int id = r.i32();
            ColumnType.Kind stored = ColumnType.Kind.values()[r.u8()];
            Object v = switch (stored) {
                case SMALLINT -> (short) r.i64();
                case INTEGER, DATE, TIME -> (int) r.i64();
                case BIGINT -> r.i64();
                case TIMESTAMP -> Math.floorDiv(r.i64(), MICROS_PER_MILLI);
                case DECIMAL -> {
                    int scale = r.i32();
                    yield new BigDecimal(new BigInteger(r.bytes()), scale);
                }
                case REAL -> (float) Double.longBitsToDouble(r.i64());
                case DOUBLE -> Double.longBitsToDouble(r.i64());
                case CHAR, VARCHAR -> r.string();
                case BOOLEAN -> r.bool();
                case VARBINARY -> new ByteString(r.bytes());
            };
            // Stored values come in column order and column ids grow with position (ADD COLUMN
            // appends with the next id), so one forward walk finds each; an id no column has
            // (a dropped column) is skipped.
            while (position < columns.size() && columns.get(position).id() < id) {
                position++;
            }
            if (position < columns.size() && columns.get(position).id() == id) {
                row[position] = v;
            }
        }
        r.expectEnd();
        return row;
    }
}
