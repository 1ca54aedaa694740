package dev.basalt.common.key;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The SQL type of one key column: a kind plus the parameters that kind takes (precision and scale
 * for DECIMAL, a length in code points for CHAR and VARCHAR; zero where a kind takes none).
 *
 * <p>Every type admits NULL; nullability is a property of the column, not of its key encoding.
 * The Java class a value must have is fixed per kind (see {@link Kind}); {@link KeyCodec} takes
 * no other.
 */
public record KeyType(Kind kind, int precision, int scale, int length) {

    /** DECIMAL holds at most 38 digits, as most JDBC tools expect. */
    public static final int DECIMAL_PRECISION_MAX = 38;

    /** CHAR(n) and VARCHAR(n) in a key hold at most this many code points. */
    public static final int CHARACTER_LENGTH_MAX = 65_535;

    /** The kinds of value a key column can hold, each with the one Java class it takes. */
    public enum Kind {
        /** {@link Boolean}; FALSE sorts before TRUE. */
        BOOLEAN(Boolean.class),
        /** {@link Short}. */
        SMALLINT(Short.class),
        /** {@link Integer}. */
        INT(Integer.class),
        /** {@link Long}. */
        BIGINT(Long.class),
        /** {@link BigDecimal} with at most {@code precision} digits, {@code scale} of them fractional. */
        DECIMAL(BigDecimal.class),
        /** {@link Double}; -0.0 equals 0.0, and NaN equals itself and sorts after +Infinity. */
        DOUBLE(Double.class),
        /** {@link String} of at most {@code length} code points; not blank-padded. */
        CHAR(String.class),
        /** {@link String} of at most {@code length} code points. */
        VARCHAR(String.class),
        /** {@link LocalDate}. */
        DATE(LocalDate.class),
        /** {@link LocalDateTime} with microsecond precision and no zone. */
        TIMESTAMP(LocalDateTime.class);

        private final Class<?> javaClass;

        Kind(Class<?> javaClass) {
            this.javaClass = javaClass;
        }

        /** The class a value of this kind must have. */
        public Class<?> javaClass() {
            return javaClass;
        }
    }

    public KeyType {
        if (kind == null) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "key type needs a kind");
        }
        switch (kind) {
            case DECIMAL -> {
                if (precision < 1 || precision > DECIMAL_PRECISION_MAX) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "DECIMAL precision " + precision
                            + " is outside [1, " + DECIMAL_PRECISION_MAX + "]");
                }
                if (scale < 0 || scale > precision) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "DECIMAL(" + precision + "," + scale
                            + "): scale is outside [0, " + precision + "]");
                }
                requireZero(kind, "length", length);
            }
            case CHAR, VARCHAR -> {
                if (length < 1 || length > CHARACTER_LENGTH_MAX) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, kind + " length " + length
                            + " is outside [1, " + CHARACTER_LENGTH_MAX + "]");
                }
                requireZero(kind, "precision", precision);
                requireZero(kind, "scale", scale);
            }
            default -> {
                requireZero(kind, "precision", precision);
                requireZero(kind, "scale", scale);
                requireZero(kind, "length", length);
            }
        }
    }

    private static void requireZero(Kind kind, String parameter, int value) {
        if (value != 0) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, kind + " takes no " + parameter + ", got " + value);
        }
    }

    public static KeyType bool() {
        return new KeyType(Kind.BOOLEAN, 0, 0, 0);
    }

    public static KeyType smallint() {
        return new KeyType(Kind.SMALLINT, 0, 0, 0);
    }

    public static KeyType integer() {
        return new KeyType(Kind.INT, 0, 0, 0);
    }

    public static KeyType bigint() {
        return new KeyType(Kind.BIGINT, 0, 0, 0);
    }

    public static KeyType decimal(int precision, int scale) {
        return new KeyType(Kind.DECIMAL, precision, scale, 0);
    }

    /** SQL {@code DOUBLE PRECISION}: a 64-bit IEEE 754 binary floating-point number. */
    public static KeyType doublePrecision() {
        return new KeyType(Kind.DOUBLE, 0, 0, 0);
    }

    public static KeyType character(int length) {
        return new KeyType(Kind.CHAR, 0, 0, length);
    }

    public static KeyType varchar(int length) {
        return new KeyType(Kind.VARCHAR, 0, 0, length);
    }

    public static KeyType date() {
        return new KeyType(Kind.DATE, 0, 0, 0);
    }

    /** SQL {@code TIMESTAMP(6)} without time zone. */
    public static KeyType timestamp() {
        return new KeyType(Kind.TIMESTAMP, 0, 0, 0);
    }

    /** The SQL spelling: {@code INT}, {@code DECIMAL(12,2)}, {@code VARCHAR(16)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
            case CHAR, VARCHAR -> kind + "(" + length + ")";
            default -> kind.name();
        };
    }
}
