package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.wire.ColumnMeta;
import java.sql.JDBCType;
import java.sql.Types;

/**
 * Facts about {@link java.sql.Types} that metadata reports: the Java class {@code getObject}
 * returns for a type (pgJDBC's choices: SMALLINT and TINYINT come back as Integer), display
 * sizes, signedness, case sensitivity.
 */
final class JdbcTypes {
    /** Characters of "-32768", "-2147483648", "-9223372036854775808". */
    static final int SMALLINT_DISPLAY_SIZE = 6;
    static final int INTEGER_DISPLAY_SIZE = 11;
    static final int BIGINT_DISPLAY_SIZE = 20;
    /** "-3.4028235E38" and "-1.7976931348623157E308": the longest shortest-repr float and double. */
    static final int REAL_DISPLAY_SIZE = 15;
    static final int DOUBLE_DISPLAY_SIZE = 24;
    static final int BOOLEAN_DISPLAY_SIZE = 5;
    /** "yyyy-mm-dd", "hh:mm:ss", "yyyy-mm-dd hh:mm:ss". */
    static final int DATE_DISPLAY_SIZE = 10;
    static final int TIME_DISPLAY_SIZE = 8;
    static final int TIMESTAMP_DISPLAY_SIZE = 19;
    /** Sign and decimal point of a DECIMAL. */
    static final int DECIMAL_EXTRA_CHARS = 2;
    /** Reported for strings and byte arrays without a declared length. */
    static final int UNBOUNDED_DISPLAY_SIZE = Integer.MAX_VALUE;

    private JdbcTypes() {
    }

    /** The class {@code ResultSet.getObject} returns for a column of this type. */
    static String className(int jdbcType) {
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN -> Boolean.class.getName();
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> Integer.class.getName();
            case Types.BIGINT -> Long.class.getName();
            case Types.REAL -> Float.class.getName();
            case Types.FLOAT, Types.DOUBLE -> Double.class.getName();
            case Types.DECIMAL, Types.NUMERIC -> java.math.BigDecimal.class.getName();
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> String.class.getName();
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> byte[].class.getName();
            case Types.DATE -> java.sql.Date.class.getName();
            case Types.TIME -> java.sql.Time.class.getName();
            case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
            default -> Object.class.getName();
        };
    }

    static boolean isCharacter(int jdbcType) {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> true;
            default -> false;
        };
    }

    static boolean isSigned(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                    Types.DECIMAL, Types.NUMERIC -> true;
            default -> false;
        };
    }

    /** Characters needed to show any value of the column. */
    static int displaySize(ColumnMeta c) {
        return switch (c.jdbcType()) {
            case Types.BIT, Types.BOOLEAN -> BOOLEAN_DISPLAY_SIZE;
            case Types.TINYINT, Types.SMALLINT -> SMALLINT_DISPLAY_SIZE;
            case Types.INTEGER -> INTEGER_DISPLAY_SIZE;
            case Types.BIGINT -> BIGINT_DISPLAY_SIZE;
            case Types.REAL -> REAL_DISPLAY_SIZE;
            case Types.FLOAT, Types.DOUBLE -> DOUBLE_DISPLAY_SIZE;
            case Types.DECIMAL, Types.NUMERIC -> c.precision() > 0 ? c.precision() + DECIMAL_EXTRA_CHARS : UNBOUNDED_DISPLAY_SIZE;
            case Types.DATE -> DATE_DISPLAY_SIZE;
            case Types.TIME -> TIME_DISPLAY_SIZE + fractionChars(c.scale());
            case Types.TIMESTAMP -> TIMESTAMP_DISPLAY_SIZE + fractionChars(c.scale());
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    c.precision() > 0 && c.precision() < UNBOUNDED_DISPLAY_SIZE / 2 ? 2 * c.precision() + 2 : UNBOUNDED_DISPLAY_SIZE;
            default -> c.precision() > 0 ? c.precision() : UNBOUNDED_DISPLAY_SIZE;
        };
    }

    /** A name for a type number: the JDBCType name, or "OTHER" for a number JDBC does not know. */
    static String name(int jdbcType) {
        try {
            return JDBCType.valueOf(jdbcType).getName();
        } catch (IllegalArgumentException e) {
            return "OTHER";
        }
    }

    /** ".ffffff": a point and the fractional digits, or nothing. */
    private static int fractionChars(int scale) {
        return scale > 0 ? scale + 1 : 0;
    }
}
