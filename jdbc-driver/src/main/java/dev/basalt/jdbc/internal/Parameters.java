package dev.basalt.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.UUID;

/**
 * Turns what a PreparedStatement setter receives into a value the wire carries
 * ({@link dev.basalt.jdbc.wire.WireValues}). Without a target type, the Java class decides
 * ({@link #fromObject}); with one ({@code setObject(i, x, Types.DECIMAL)}) the value is converted
 * to that SQL type first, so a double bound to DECIMAL is sent as the BigDecimal of its shortest
 * decimal text (1.5, not 1.5000000000000000000001).
 *
 * <p>Dates and times: {@code java.sql.Date/Time/Timestamp} are read in the JVM's time zone, or in
 * the Calendar's when one is given, and sent as local values (TIMESTAMP has no time zone).
 * Timestamps keep their nanoseconds.
 */
final class Parameters {
    private Parameters() {
    }

    /** A value by its Java class; a class the protocol cannot carry is 07006. */
    static Object fromObject(Object x, String what) throws SQLException {
        if (x == null || x instanceof Boolean || x instanceof Short || x instanceof Integer || x instanceof Long
                || x instanceof Float || x instanceof Double || x instanceof BigDecimal || x instanceof String
                || x instanceof byte[] || x instanceof LocalDate || x instanceof LocalTime || x instanceof LocalDateTime) {
            return x;
        }
        if (x instanceof Byte b) {
            return b.shortValue();
        }
        if (x instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (x instanceof Character c) {
            return c.toString();
        }
        if (x instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (x instanceof Time t) {
            return Conversions.localTimeOf(t);
        }
        if (x instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (x instanceof java.util.Date d) {
            return new Timestamp(d.getTime()).toLocalDateTime();
        }
        if (x instanceof UUID u) {
            return u.toString();
        }
        if (x instanceof Reader r) {
            return Streams.readChars(r, Streams.LENGTH_UNKNOWN, what);
        }
        if (x instanceof InputStream in) {
            return Streams.readBytes(in, Streams.LENGTH_UNKNOWN, what);
        }
        if (x instanceof Clob c) {
            return Streams.readClob(c, what);
        }
        if (x instanceof Blob b) {
            return Streams.readBlob(b, what);
        }
        throw Errors.driver(SqlStates.INVALID_PARAMETER_TYPE, what + ": cannot send a value of class "
                + x.getClass().getName() + "; use setObject with a java.sql.Types target or a supported class"
                + " (Boolean, numbers, String, byte[], java.sql and java.time dates and times)");
    }

    /**
     * A value converted to {@code targetSqlType}; {@code scale} (negative for none) rounds a
     * DECIMAL half-up to that many digits after the point.
     */
    static Object fromObject(Object x, int targetSqlType, int scale, String what) throws SQLException {
        Object v = fromObject(x, what);
        if (v == null) {
            return null;
        }
        switch (targetSqlType) {
            case Types.BIT:
            case Types.BOOLEAN:
                return Conversions.toBoolean(v, what);
            case Types.TINYINT:
            case Types.SMALLINT:
                return Conversions.toShort(v, what);
            case Types.INTEGER:
                return Conversions.toInt(v, what);
            case Types.BIGINT:
                return Conversions.toLong(v, what);
            case Types.REAL:
                return Conversions.toFloat(v, what);
            case Types.FLOAT:
            case Types.DOUBLE:
                return Conversions.toDouble(v, what);
            case Types.DECIMAL:
            case Types.NUMERIC: {
                BigDecimal d = Conversions.toBigDecimal(v, what);
                return scale >= 0 ? d.setScale(scale, RoundingMode.HALF_UP) : d;
            }
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
                return Conversions.toText(v);
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                if (!(v instanceof byte[])) {
                    throw Conversions.cannotConvert(v, what, "VARBINARY");
                }
                return v;
            case Types.DATE:
                return Conversions.toLocalDate(v, what);
            case Types.TIME:
                return Conversions.toLocalTime(v, what);
            case Types.TIMESTAMP:
                return Conversions.toLocalDateTime(v, what);
            case Types.NULL:
            case Types.OTHER:
            case Types.JAVA_OBJECT:
                return v;
            case Types.TIME_WITH_TIMEZONE:
            case Types.TIMESTAMP_WITH_TIMEZONE:
            case Types.ARRAY:
            case Types.STRUCT:
            case Types.REF:
            case Types.DATALINK:
            case Types.ROWID:
            case Types.SQLXML:
            case Types.DISTINCT:
            case Types.REF_CURSOR:
                throw Errors.notSupported("setObject with target type " + JdbcTypes.name(targetSqlType));
            default:
                throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, what + ": " + targetSqlType
                        + " is not a java.sql.Types constant");
        }
    }

    static LocalDate fromDate(java.sql.Date d, Calendar cal) {
        if (d == null) {
            return null;
        }
        return cal == null ? d.toLocalDate() : Instant.ofEpochMilli(d.getTime()).atZone(zoneOf(cal)).toLocalDate();
    }

    static LocalTime fromTime(Time t, Calendar cal) {
        if (t == null) {
            return null;
        }
        return cal == null ? Conversions.localTimeOf(t) : Instant.ofEpochMilli(t.getTime()).atZone(zoneOf(cal)).toLocalTime();
    }

    static LocalDateTime fromTimestamp(Timestamp t, Calendar cal) {
        if (t == null) {
            return null;
        }
        return cal == null ? t.toLocalDateTime() : LocalDateTime.ofInstant(t.toInstant(), zoneOf(cal));
    }

    static ZoneId zoneOf(Calendar cal) {
        return cal.getTimeZone().toZoneId();
    }
}
