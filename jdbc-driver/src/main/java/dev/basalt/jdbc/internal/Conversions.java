package dev.basalt.jdbc.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Conversions between the values the wire carries (Boolean, Short, Integer, Long, Float, Double,
 * BigDecimal, String, byte[], LocalDate, LocalTime, LocalDateTime) and what a JDBC getter or
 * setter asks for. {@code what} names the column or parameter for messages, for example
 * {@code column 2 (C_BALANCE)}.
 *
 * <ul>
 *   <li>Numbers convert to any numeric type; a fractional value read as an integer type is
 *       truncated toward zero (as pgJDBC does); a value outside the target's range is 22003.
 *   <li>Strings are parsed (trimmed) into numbers, booleans, dates and times; text that does not
 *       parse is 22018.
 *   <li>Booleans read as numbers are 1 and 0; numbers read as booleans must be 0 or 1; strings
 *       {@code true/t/yes/y/on/1} and {@code false/f/no/n/off/0} (any case).
 *   <li>Anything reads as a string ({@link #toText}): TIMESTAMP as {@code 2024-01-02 10:15:00.123},
 *       VARBINARY as {@code \x0a0b} (PostgreSQL's form), DECIMAL without exponent.
 * </ul>
 *
 * NULL (a null value) is handled by the callers: primitive getters return 0 or false.
 */
final class Conversions {
    private static final int NANOS_PER_MILLI = 1_000_000;
    private static final int MILLIS_PER_SECOND = 1_000;
    private static final int NANO_DIGITS = 9;
    private static final int VALUE_CHARS_IN_MESSAGE_MAX = 100;
    /** "yyyy-mm-dd": text no longer than this is a date alone, longer text a timestamp. */
    private static final int DATE_TEXT_CHARS = 10;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Conversions() {
    }

    // ---- to text

    static String toText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        if (v instanceof LocalTime t) {
            return timeText(t);
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalDate() + " " + timeText(t.toLocalTime());
        }
        return v.toString();
    }

    /** hh:mm:ss with the fraction's significant digits: 10:15:00, 10:15:00.5, 10:15:00.000001. */
    private static String timeText(LocalTime t) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
        if (t.getNano() != 0) {
            String digits = String.format(Locale.ROOT, "%09d", t.getNano());
            int end = NANO_DIGITS;
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(digits, 0, end);
        }
        return s.toString();
    }

    // ---- to numbers

    /** An integral value within [min, max]; {@code typeName} names the target for messages. */
    static long toLong(Object v, String what, long min, long max, String typeName) throws SQLException {
        long result;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            result = ((Number) v).longValue();
        } else if (v instanceof Boolean b) {
            result = b ? 1 : 0;
        } else if (v instanceof BigDecimal d) {
            result = truncate(d, v, what, typeName);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw outOfRange(v, what, typeName);
            }
            result = truncate(new BigDecimal(d), v, what, typeName);
        } else if (v instanceof String s) {
            String text = s.strip();
            try {
                result = Long.parseLong(text);
            } catch (NumberFormatException notLong) {
                try {
                    result = truncate(new BigDecimal(text), v, what, typeName);
                } catch (NumberFormatException e) {
                    throw cannotConvert(v, what, typeName);
                }
            }
        } else {
            throw cannotConvert(v, what, typeName);
        }
        if (result < min || result > max) {
            throw outOfRange(v, what, typeName);
        }
        return result;
    }

    static int toInt(Object v, String what) throws SQLException {
        return (int) toLong(v, what, Integer.MIN_VALUE, Integer.MAX_VALUE, "INTEGER");
    }

    static short toShort(Object v, String what) throws SQLException {
        return (short) toLong(v, what, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
    }

    static byte toByte(Object v, String what) throws SQLException {
        return (byte) toLong(v, what, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
    }

    static long toLong(Object v, String what) throws SQLException {
        return toLong(v, what, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
    }

    static double toDouble(Object v, String what) throws SQLException {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw cannotConvert(v, what, "DOUBLE");
            }
        }
        throw cannotConvert(v, what, "DOUBLE");
    }

    static float toFloat(Object v, String what) throws SQLException {
        if (v instanceof Float f) {
            return f;
        }
        double d = toDouble(v, what);
        if (!Double.isNaN(d) && !Double.isInfinite(d) && Math.abs(d) > Float.MAX_VALUE) {
            throw outOfRange(v, what, "REAL");
        }
        return (float) d;
    }

    static BigDecimal toBigDecimal(Object v, String what) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw outOfRange(v, what, "DECIMAL");
            }
            // Through the shortest decimal text, so that 1.1 stays 1.1 rather than its binary expansion.
            return v instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d);
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                throw cannotConvert(v, what, "DECIMAL");
            }
        }
        throw cannotConvert(v, what, "DECIMAL");
    }

    static boolean toBoolean(Object v, String what) throws SQLException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number) {
            BigDecimal d = toBigDecimal(v, what);
            if (d.compareTo(BigDecimal.ZERO) == 0) {
                return false;
            }
            if (d.compareTo(BigDecimal.ONE) == 0) {
                return true;
            }
            throw cannotConvert(v, what, "BOOLEAN");
        }
        if (v instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "on", "1":
                    return true;
                case "false", "f", "no", "n", "off", "0":
                    return false;
                default:
                    throw cannotConvert(v, what, "BOOLEAN");
            }
        }
        throw cannotConvert(v, what, "BOOLEAN");
    }

    static byte[] toBytes(Object v, String what) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        throw cannotConvert(v, what, "VARBINARY");
    }

    // ---- to dates and times

    static LocalDate toLocalDate(Object v, String what) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        if (v instanceof String s) {
            String text = s.strip();
            try {
                return text.length() > DATE_TEXT_CHARS ? parseTimestamp(text).toLocalDate() : LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw cannotConvert(v, what, "DATE");
            }
        }
        throw cannotConvert(v, what, "DATE");
    }

    static LocalTime toLocalTime(Object v, String what) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalTime t) {
            return t;
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalTime();
        }
        if (v instanceof String s) {
            try {
                return LocalTime.parse(s.strip());
            } catch (DateTimeParseException e) {
                throw cannotConvert(v, what, "TIME");
            }
        }
        throw cannotConvert(v, what, "TIME");
    }

    static LocalDateTime toLocalDateTime(Object v, String what) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (v instanceof String s) {
            String text = s.strip();
            try {
                return text.length() <= DATE_TEXT_CHARS ? LocalDate.parse(text).atStartOfDay() : parseTimestamp(text);
            } catch (DateTimeParseException e) {
                throw cannotConvert(v, what, "TIMESTAMP");
            }
        }
        throw cannotConvert(v, what, "TIMESTAMP");
    }

    /** {@code 2024-01-02 10:15:00.5} or {@code 2024-01-02T10:15:00.5}. */
    private static LocalDateTime parseTimestamp(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T'));
    }

    /** java.sql.Time keeps milliseconds; its toLocalTime drops them, so they are added back. */
    static LocalTime localTimeOf(Time t) {
        int millis = (int) Math.floorMod(t.getTime(), (long) MILLIS_PER_SECOND);
        return t.toLocalTime().withNano(millis * NANOS_PER_MILLI);
    }

    /** A java.sql.Time with the LocalTime's milliseconds (Time.valueOf drops them). */
    static Time timeOf(LocalTime t) {
        Time time = Time.valueOf(t);
        time.setTime(time.getTime() + t.getNano() / NANOS_PER_MILLI);
        return time;
    }

    // ---- getObject

    /** The JDBC-standard object for a value of a column of {@code jdbcType} (see JdbcTypes.className). */
    static Object toJdbcObject(Object v, int jdbcType, String what) throws SQLException {
        if (v == null) {
            return null;
        }
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN -> toBoolean(v, what);
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> toInt(v, what);
            case Types.BIGINT -> toLong(v, what);
            case Types.REAL -> toFloat(v, what);
            case Types.FLOAT, Types.DOUBLE -> toDouble(v, what);
            case Types.DECIMAL, Types.NUMERIC -> toBigDecimal(v, what);
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> toText(v);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> toBytes(v, what);
            case Types.DATE -> java.sql.Date.valueOf(toLocalDate(v, what));
            case Types.TIME -> timeOf(toLocalTime(v, what));
            case Types.TIMESTAMP -> Timestamp.valueOf(toLocalDateTime(v, what));
            default -> byValueClass(v);
        };
    }

    /** For a column whose type says nothing: by the value's own class. */
    private static Object byValueClass(Object v) {
        if (v instanceof Short s) {
            return s.intValue();
        }
        if (v instanceof LocalDate d) {
            return java.sql.Date.valueOf(d);
        }
        if (v instanceof LocalTime t) {
            return timeOf(t);
        }
        if (v instanceof LocalDateTime t) {
            return Timestamp.valueOf(t);
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        return v;
    }

    /** getObject(i, type): null for NULL, else the value converted to {@code type} or 07006. */
    static <T> T toClass(Object v, Class<T> type, int jdbcType, String what) throws SQLException {
        if (type == null) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "getObject of " + what + ": the class is null");
        }
        if (v == null) {
            return null;
        }
        Object result;
        if (type == String.class) {
            result = toText(v);
        } else if (type == Integer.class) {
            result = toInt(v, what);
        } else if (type == Long.class) {
            result = toLong(v, what);
        } else if (type == Short.class) {
            result = toShort(v, what);
        } else if (type == Byte.class) {
            result = toByte(v, what);
        } else if (type == Boolean.class) {
            result = toBoolean(v, what);
        } else if (type == Double.class) {
            result = toDouble(v, what);
        } else if (type == Float.class) {
            result = toFloat(v, what);
        } else if (type == BigDecimal.class) {
            result = toBigDecimal(v, what);
        } else if (type == BigInteger.class) {
            result = toBigDecimal(v, what).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        } else if (type == byte[].class) {
            result = toBytes(v, what);
        } else if (type == LocalDate.class) {
            result = toLocalDate(v, what);
        } else if (type == LocalTime.class) {
            result = toLocalTime(v, what);
        } else if (type == LocalDateTime.class) {
            result = toLocalDateTime(v, what);
        } else if (type == OffsetDateTime.class) {
            // A TIMESTAMP has no time zone; like pgJDBC, read it as UTC.
            result = toLocalDateTime(v, what).atOffset(ZoneOffset.UTC);
        } else if (type == java.sql.Date.class) {
            result = java.sql.Date.valueOf(toLocalDate(v, what));
        } else if (type == Time.class) {
            result = timeOf(toLocalTime(v, what));
        } else if (type == Timestamp.class || type == java.util.Date.class) {
            result = Timestamp.valueOf(toLocalDateTime(v, what));
        } else if (type == Object.class) {
            result = toJdbcObject(v, jdbcType, what);
        } else {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_TYPE, what + ": cannot convert a value of type "
                    + valueTypeName(v) + " to " + type.getName());
        }
        return type.cast(result);
    }

    // ---- errors

    private static long truncate(BigDecimal d, Object original, String what, String typeName) throws SQLException {
        BigDecimal whole = d.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(LONG_MIN) < 0 || whole.compareTo(LONG_MAX) > 0) {
            throw outOfRange(original, what, typeName);
        }
        return whole.longValueExact();
    }

    static SQLException cannotConvert(Object v, String what, String typeName) {
        return Errors.driver(SqlStates.INVALID_CHARACTER_VALUE_FOR_CAST, what + ": " + valueTypeName(v) + " value "
                + quote(v) + " cannot be read as " + typeName);
    }

    static SQLException outOfRange(Object v, String what, String typeName) {
        return Errors.driver(SqlStates.NUMERIC_VALUE_OUT_OF_RANGE, what + ": value " + quote(v)
                + " is out of range for " + typeName);
    }

    private static String valueTypeName(Object v) {
        if (v instanceof String) {
            return "VARCHAR";
        }
        if (v instanceof byte[]) {
            return "VARBINARY";
        }
        if (v instanceof Short) {
            return "SMALLINT";
        }
        if (v instanceof Integer) {
            return "INTEGER";
        }
        if (v instanceof Long) {
            return "BIGINT";
        }
        if (v instanceof Float) {
            return "REAL";
        }
        if (v instanceof Double) {
            return "DOUBLE";
        }
        if (v instanceof BigDecimal) {
            return "DECIMAL";
        }
        if (v instanceof Boolean) {
            return "BOOLEAN";
        }
        if (v instanceof LocalDate) {
            return "DATE";
        }
        if (v instanceof LocalTime) {
            return "TIME";
        }
        if (v instanceof LocalDateTime) {
            return "TIMESTAMP";
        }
        return v.getClass().getSimpleName();
    }

    /** The value as text for a message, quoted and cut at {@link #VALUE_CHARS_IN_MESSAGE_MAX}. */
    private static String quote(Object v) {
        String text = toText(v);
        if (text.length() > VALUE_CHARS_IN_MESSAGE_MAX) {
            text = text.substring(0, VALUE_CHARS_IN_MESSAGE_MAX) + "...";
        }
        return "\"" + text + "\"";
    }
}
