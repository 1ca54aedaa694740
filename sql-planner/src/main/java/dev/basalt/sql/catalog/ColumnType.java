package dev.basalt.sql.catalog;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.sql.Types;

/**
 * A column's SQL type as the catalog stores it: the kind, and the precision and scale where the
 * kind has them (DECIMAL(p, s), CHAR(n), VARCHAR(n), VARBINARY(n), TIMESTAMP(p)). Precision 0 on
 * VARCHAR or VARBINARY means unbounded (TEXT).
 */
public record ColumnType(Kind kind, int precision, int scale) {
    /** DECIMAL holds at most this many digits (DESIGN.md section 6). */
    public static final int DECIMAL_PRECISION_MAX = 38;
    /** CHAR, VARCHAR and VARBINARY lengths are bounded by this many characters or bytes. */
    public static final int LENGTH_MAX = 1 << 20;

    public enum Kind {
        SMALLINT(Types.SMALLINT), INTEGER(Types.INTEGER), BIGINT(Types.BIGINT), DECIMAL(Types.DECIMAL),
        REAL(Types.REAL), DOUBLE(Types.DOUBLE), CHAR(Types.CHAR), VARCHAR(Types.VARCHAR), BOOLEAN(Types.BOOLEAN),
        DATE(Types.DATE), TIME(Types.TIME), TIMESTAMP(Types.TIMESTAMP), VARBINARY(Types.VARBINARY);

        private final int jdbcType;

        Kind(int jdbcType) {
            this.jdbcType = jdbcType;
        }
    }

    public ColumnType {
        switch (kind) {
            case DECIMAL -> {
                if (precision < 1 || precision > DECIMAL_PRECISION_MAX || scale < 0 || scale > precision) {
                    throw new BasaltException(ErrorCode.INVALID_STATEMENT, "DECIMAL(" + precision + ", " + scale
                            + ") is not a valid type: precision must be in [1, " + DECIMAL_PRECISION_MAX + "] and scale in [0, precision]");
                }
            }
            case CHAR, VARCHAR, VARBINARY -> {
                if (precision < 0 || precision > LENGTH_MAX || (kind == Kind.CHAR && precision == 0)) {
                    throw new BasaltException(ErrorCode.INVALID_STATEMENT, kind + "(" + precision + ") is not a valid type: length must be in [1, "
                            + LENGTH_MAX + "]");
                }
            }
            default -> {
            }
        }
    }

    public static ColumnType of(Kind kind) {
        return new ColumnType(kind, 0, 0);
    }

    public int jdbcType() {
        return kind.jdbcType;
    }

    /** The plain type name tools expect (INTEGER, VARCHAR, DECIMAL, ...), without precision. */
    public String typeName() {
        return kind.name();
    }

    /** Whether values of this type carry a length limit (CHAR(n), VARCHAR(n), VARBINARY(n)). */
    public boolean bounded() {
        return (kind == Kind.CHAR || kind == Kind.VARCHAR || kind == Kind.VARBINARY) && precision > 0;
    }

    /** The type as SQL text, for error messages and DDL output. */
    public String sql() {
        return switch (kind) {
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case CHAR, VARCHAR, VARBINARY -> precision > 0 ? kind + "(" + precision + ")" : kind.name();
            default -> kind.name();
        };
    }

    @Override
    public String toString() {
        return sql();
    }
}
