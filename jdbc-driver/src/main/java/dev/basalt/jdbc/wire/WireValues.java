package dev.basalt.jdbc.wire;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * One SQL value on the wire: a u8 tag, then the value. The Java class of a decoded value is fixed
 * by its tag, so both ends agree on what a value is without a schema:
 *
 * <pre>
 *   tag  SQL type    bytes after the tag                          Java class
 *    0   NULL        (none)                                       null
 *    1   BOOLEAN     u8 0 or 1                                    Boolean
 *    2   SMALLINT    i32 (within the range of a short)            Short    (a Byte is sent as SMALLINT)
 *    3   INTEGER     i32                                          Integer
 *    4   BIGINT      i64                                          Long
 *    5   REAL        i32 Float.floatToIntBits                     Float
 *    6   DOUBLE      i64 Double.doubleToLongBits                  Double
 *    7   DECIMAL     i32 scale, bytes: unscaled BigInteger.toByteArray()   BigDecimal
 *    8   VARCHAR     string: i32 byte count + UTF-8               String
 *    9   VARBINARY   bytes: i32 byte count + bytes                byte[]
 *   10   DATE        i64 epoch day                                LocalDate
 *   11   TIME        i64 nano of day                              LocalTime
 *   12   TIMESTAMP   i64 epoch second as if at UTC, i32 nano      LocalDateTime (no time zone)
 * </pre>
 *
 * Decoding checks every value it builds: an unknown tag, a SMALLINT outside a short, a date, time
 * or timestamp outside what java.time holds, an empty DECIMAL magnitude or a null string or byte
 * array (null is tag 0) fail with {@link ErrorCode#INVALID_REQUEST}. Encoding a Java class not in
 * the table fails with {@link ErrorCode#INVALID_VALUE} naming the class.
 */
public final class WireValues {
    public static final int TAG_NULL = 0;
    public static final int TAG_BOOLEAN = 1;
    public static final int TAG_SMALLINT = 2;
    public static final int TAG_INTEGER = 3;
    public static final int TAG_BIGINT = 4;
    public static final int TAG_REAL = 5;
    public static final int TAG_DOUBLE = 6;
    public static final int TAG_DECIMAL = 7;
    public static final int TAG_VARCHAR = 8;
    public static final int TAG_VARBINARY = 9;
    public static final int TAG_DATE = 10;
    public static final int TAG_TIME = 11;
    public static final int TAG_TIMESTAMP = 12;

    /** Every value takes at least its tag: the bound {@link ByteReader#count} checks a value count against. */
    public static final int VALUE_BYTES_MIN = 1;

    private static final int NANOS_PER_SECOND = 1_000_000_000;

    private WireValues() {
    }

    public static void write(ByteWriter w, Object v) {
        if (v == null) {
            w.u8(TAG_NULL);
        } else if (v instanceof Boolean b) {
            w.u8(TAG_BOOLEAN).bool(b);
        } else if (v instanceof Short s) {
            w.u8(TAG_SMALLINT).i32(s);
        } else if (v instanceof Byte b) {
            w.u8(TAG_SMALLINT).i32(b);
        } else if (v instanceof Integer i) {
            w.u8(TAG_INTEGER).i32(i);
        } else if (v instanceof Long l) {
            w.u8(TAG_BIGINT).i64(l);
        } else if (v instanceof Float f) {
            w.u8(TAG_REAL).i32(Float.floatToIntBits(f));
        } else if (v instanceof Double d) {
            w.u8(TAG_DOUBLE).i64(Double.doubleToLongBits(d));
        } else if (v instanceof BigDecimal d) {
            w.u8(TAG_DECIMAL).i32(d.scale()).bytes(d.unscaledValue().toByteArray());
        } else if (v instanceof String s) {
            w.u8(TAG_VARCHAR).string(s);
        } else if (v instanceof byte[] b) {
            w.u8(TAG_VARBINARY).bytes(b);
        } else if (v instanceof LocalDate d) {
            w.u8(TAG_DATE).i64(d.toEpochDay());
        } else if (v instanceof LocalTime t) {
            w.u8(TAG_TIME).i64(t.toNanoOfDay());
        } else if (v instanceof LocalDateTime t) {
            w.u8(TAG_TIMESTAMP).i64(t.toEpochSecond(ZoneOffset.UTC)).i32(t.getNano());
        } else {
            throw new BasaltException(ErrorCode.INVALID_VALUE, "a value of class " + v.getClass().getName()
                    + " has no wire encoding; the client protocol carries Boolean, Byte, Short, Integer, Long, Float, "
                    + "Double, BigDecimal, String, byte[], LocalDate, LocalTime and LocalDateTime");
        }
    }

    public static Object read(ByteReader r) {
        int tag = r.u8();
        switch (tag) {
            case TAG_NULL:
                return null;
            case TAG_BOOLEAN:
                return r.bool();
            case TAG_SMALLINT: {
                int v = r.i32();
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw malformed("SMALLINT value " + v + " is outside [" + Short.MIN_VALUE + ", " + Short.MAX_VALUE + "]");
                }
                return (short) v;
            }
            case TAG_INTEGER:
                return r.i32();
            case TAG_BIGINT:
                return r.i64();
            case TAG_REAL:
                return Float.intBitsToFloat(r.i32());
            case TAG_DOUBLE:
                return Double.longBitsToDouble(r.i64());
            case TAG_DECIMAL: {
                int scale = r.i32();
                byte[] unscaled = r.bytes();
                if (unscaled == null || unscaled.length == 0) {
                    throw malformed("DECIMAL value without digits (scale " + scale + ")");
                }
                return new BigDecimal(new BigInteger(unscaled), scale);
            }
            case TAG_VARCHAR: {
                String s = r.string();
                if (s == null) {
                    throw malformed("VARCHAR value with length -1 (NULL is tag 0)");
                }
                return s;
            }
            case TAG_VARBINARY: {
                byte[] b = r.bytes();
                if (b == null) {
                    throw malformed("VARBINARY value with length -1 (NULL is tag 0)");
                }
                return b;
            }
            case TAG_DATE: {
                long epochDay = r.i64();
                try {
                    return LocalDate.ofEpochDay(epochDay);
                } catch (DateTimeException e) {
                    throw malformed("DATE epoch day " + epochDay + " is outside the supported range");
                }
            }
            case TAG_TIME: {
                long nanoOfDay = r.i64();
                try {
                    return LocalTime.ofNanoOfDay(nanoOfDay);
                } catch (DateTimeException e) {
                    throw malformed("TIME nano of day " + nanoOfDay + " is outside [0, 86399999999999]");
                }
            }
            case TAG_TIMESTAMP: {
                long epochSecond = r.i64();
                int nano = r.i32();
                if (nano < 0 || nano >= NANOS_PER_SECOND) {
                    throw malformed("TIMESTAMP nano " + nano + " is outside [0, 999999999]");
                }
                try {
                    return LocalDateTime.ofEpochSecond(epochSecond, nano, ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    throw malformed("TIMESTAMP epoch second " + epochSecond + " is outside the supported range");
                }
            }
            default:
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed message: unknown value tag " + tag);
        }
    }

    private static BasaltException malformed(String what) {
        return new BasaltException(ErrorCode.INVALID_REQUEST, "malformed message: " + what);
    }
}
