package dev.basalt.sql.internal.rows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.ColumnType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Order-preserving encoding of key columns: for two values of one column type, the unsigned byte
 * order of their encodings is the SQL order of the values, so a range of keys is a range of bytes.
 * Values are the engine's internal representation (see {@link RowCodec}); key columns are never
 * NULL (index columns may be: {@link #writeNullable}).
 * <pre>
 *   SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP   8 bytes big-endian, sign bit flipped
 *   DECIMAL(p, s)            the unscaled value at scale s, 16 bytes two's complement, sign bit flipped
 *   REAL, DOUBLE             IEEE 754 bits; negative: all bits flipped, else the sign bit flipped
 *   BOOLEAN                  1 byte, 0 or 1
 *   CHAR, VARCHAR, VARBINARY bytes (UTF-8 for text), 0x00 written as 0x00 0xFF, ended by 0x00 0x01
 * </pre>
 */
public final class KeyCodec {
    private static final int DECIMAL_BYTES = 16;

    private KeyCodec() {
    }

    public static void write(ByteArrayOutputStream out, ColumnType type, Object value) {
        if (value == null) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "a key column of type " + type + " is NULL");
        }
        switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT, DATE, TIME -> writeLong(out, ((Number) value).longValue());
            case TIMESTAMP -> writeLong(out, ((Number) value).longValue());
            case DECIMAL -> {
                BigInteger unscaled = ((BigDecimal) value).setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue();
                byte[] twos = unscaled.toByteArray();
                byte[] fixed = new byte[DECIMAL_BYTES];
                byte fill = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
                int pad = DECIMAL_BYTES - twos.length;
                for (int i = 0; i < DECIMAL_BYTES; i++) {
                    fixed[i] = i < pad ? fill : twos[i - pad];
                }
                fixed[0] ^= (byte) 0x80;
                out.writeBytes(fixed);
            }
            case REAL, DOUBLE -> {
                double d = ((Number) value).doubleValue();
                if (d == 0.0) {
                    d = 0.0; // -0.0 and 0.0 are one key
                }
                long bits = Double.doubleToLongBits(d);
                writeRaw(out, bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
            }
            case BOOLEAN -> out.write((Boolean) value ? 1 : 0);
            case CHAR, VARCHAR -> writeEscaped(out, ((String) value).getBytes(StandardCharsets.UTF_8));
            case VARBINARY -> writeEscaped(out, ((ByteString) value).getBytes());
        }
    }

    /** An index column, which may be NULL: NULL sorts first, as a 0x00 byte; a value follows a 0x01. */
    public static void writeNullable(ByteArrayOutputStream out, ColumnType type, Object value) {
        if (value == null) {
            out.write(0);
        } else {
            out.write(1);
            write(out, type, value);
        }
    }

    /** The offset just past the {@link #writeNullable} encoding of a {@code type} value that starts at {@code offset}. */
    public static int skipNullable(byte[] key, int offset, ColumnType type) {
        if (key[offset] == 0) {
            return offset + 1;
        }
        int at = offset + 1;
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP, REAL, DOUBLE -> at + Long.BYTES;
            case DECIMAL -> at + DECIMAL_BYTES;
            case BOOLEAN -> at + 1;
            case CHAR, VARCHAR, VARBINARY -> {
                // an escaped 0x00 is followed by 0xFF; the end is 0x00 0x01
                while (!(key[at] == 0 && key[at + 1] == 1)) {
                    at += key[at] == 0 ? 2 : 1;
                }
                yield at + 2;
            }
        };
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        writeRaw(out, v ^ Long.MIN_VALUE);
    }

    private static void writeRaw(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift) & 0xFF);
        }
    }

    private static void writeEscaped(ByteArrayOutputStream out, byte[] bytes) {
        for (byte b : bytes) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        out.write(0);
        out.write(1);
    }
}
