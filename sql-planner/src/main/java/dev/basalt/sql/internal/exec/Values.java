package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Between client values (Java types of the wire protocol: Boolean, Short, Integer, Long, Float,
 * Double, BigDecimal, String, byte[], LocalDate, LocalTime, LocalDateTime) and Calcite's internal
 * representation (DATE as Integer days, TIME as Integer milliseconds, TIMESTAMP as Long
 * milliseconds, VARBINARY as ByteString, exact Java class per SQL type).
 */
public final class Values {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Values() {
    }

    /** A parameter value converted to the type the statement expects at that marker. */
    public static Object toInternal(Object v, RelDataType type, int index) {
        if (v == null) {
            return null;
        }
        try {
            return switch (type.getSqlTypeName()) {
                case BOOLEAN -> v instanceof Boolean b ? b : v instanceof Number n ? n.intValue() != 0 : parseBoolean(v.toString());
                case TINYINT -> number(v).byteValue();
                case SMALLINT -> number(v).shortValue();
                case INTEGER -> number(v).intValue();
                case BIGINT -> number(v).longValue();
                case DECIMAL -> v instanceof BigDecimal d ? d : v instanceof Number n ? (n instanceof Double || n instanceof Float
                        ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue())) : new BigDecimal(v.toString().trim());
                case REAL, FLOAT -> number(v).floatValue();
                case DOUBLE -> number(v).doubleValue();
                case CHAR, VARCHAR -> v instanceof byte[] ? new String((byte[]) v, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
                case BINARY, VARBINARY -> v instanceof byte[] b ? new ByteString(b) : new ByteString(v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                case DATE -> (int) (v instanceof LocalDate d ? d : v instanceof LocalDateTime t ? t.toLocalDate() : LocalDate.parse(v.toString().trim())).toEpochDay();
                case TIME -> (int) ((v instanceof LocalTime t ? t : v instanceof LocalDateTime dt ? dt.toLocalTime()
                        : LocalTime.parse(v.toString().trim())).toNanoOfDay() / 1_000_000);
                case TIMESTAMP -> millis(v instanceof LocalDateTime t ? t : v instanceof LocalDate d ? d.atStartOfDay()
                        : LocalDateTime.parse(v.toString().trim().replace(' ', 'T')));
                default -> v;
            };
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new BasaltException(ErrorCode.INVALID_TEXT_REPRESENTATION, "parameter " + (index + 1) + ": invalid input syntax for type "
                    + type.getSqlTypeName() + ": \"" + v + "\"");
        }
    }

    /** A result value as the client protocol sends it. */
    public static Object toClient(Object v, RelDataType type) {
        if (v == null) {
            return null;
        }
        return switch (type.getSqlTypeName()) {
            case DATE -> LocalDate.ofEpochDay(((Number) v).longValue());
            case TIME -> LocalTime.ofNanoOfDay(Math.floorMod(((Number) v).longValue(), MILLIS_PER_DAY) * 1_000_000);
            case TIMESTAMP -> {
                long ms = ((Number) v).longValue();
                yield LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000), (int) Math.floorMod(ms, 1000) * 1_000_000, ZoneOffset.UTC);
            }
            case BINARY, VARBINARY -> ((ByteString) v).getBytes();
            case TINYINT -> ((Number) v).shortValue();
            case CHAR, VARCHAR -> v.toString();
            default -> v;
        };
    }

    private static long millis(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) * 1000 + t.getNano() / 1_000_000;
    }

    private static Number number(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return new BigDecimal(v.toString().trim());
    }

    private static boolean parseBoolean(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> throw new NumberFormatException(s);
        };
    }
}
