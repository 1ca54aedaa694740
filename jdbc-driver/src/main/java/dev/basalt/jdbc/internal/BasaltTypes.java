package dev.basalt.jdbc.internal;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Basalt's SQL types as {@code DatabaseMetaData} reports them, by the name result metadata and
 * {@code information_schema.COLUMNS.UDT_NAME} give ({@code VARCHAR}, {@code DOUBLE}, ...): the
 * {@link Types} number, the column size and decimal digits of a column whose type has no declared
 * length or precision, and the rows of getTypeInfo. Sizes of numbers are in decimal digits (radix
 * 10), as pgJDBC reports them, REAL and DOUBLE included (8 and 17: the digits that round-trip a
 * value); of text and bytes in characters and bytes; of dates and times in characters of their
 * text form ({@code yyyy-mm-dd hh:mm:ss.fff} is 23).
 */
enum BasaltTypes {
    BIGINT(Types.BIGINT, 19, 19, 0, true, null, null, null),
    VARBINARY(Types.VARBINARY, BasaltTypes.LENGTH_MAX, null, null, false, "X'", "'", "length"),
    CHAR(Types.CHAR, BasaltTypes.LENGTH_MAX, null, null, false, "'", "'", "length"),
    /** Not a stored type: DDL's NUMERIC is stored as DECIMAL. Listed because tools look types up by number. */
    NUMERIC(Types.NUMERIC, BasaltTypes.DECIMAL_PRECISION_MAX, null, null, true, null, null, "precision,scale"),
    DECIMAL(Types.DECIMAL, BasaltTypes.DECIMAL_PRECISION_MAX, null, null, true, null, null, "precision,scale"),
    INTEGER(Types.INTEGER, 10, 10, 0, true, null, null, null),
    SMALLINT(Types.SMALLINT, 5, 5, 0, true, null, null, null),
    REAL(Types.REAL, 8, 8, 8, true, null, null, null),
    DOUBLE(Types.DOUBLE, 17, 17, 17, true, null, null, null),
    VARCHAR(Types.VARCHAR, BasaltTypes.LENGTH_MAX, null, null, false, "'", "'", "length"),
    BOOLEAN(Types.BOOLEAN, 1, 1, null, false, null, null, null),
    DATE(Types.DATE, 10, 10, null, false, "DATE '", "'", null),
    TIME(Types.TIME, 8, 8, 0, false, "TIME '", "'", null),
    TIMESTAMP(Types.TIMESTAMP, 23, 23, BasaltTypes.TIMESTAMP_FRACTION_DIGITS, false, "TIMESTAMP '", "'", null);

    /** The longest CHAR(n), VARCHAR(n) or VARBINARY(n) a table may declare (the server's ColumnType.LENGTH_MAX). */
    static final int LENGTH_MAX = 1 << 20;
    /** DECIMAL holds at most this many digits (the server's ColumnType.DECIMAL_PRECISION_MAX). */
    static final int DECIMAL_PRECISION_MAX = 38;
    /** TIMESTAMP keeps milliseconds. */
    static final int TIMESTAMP_FRACTION_DIGITS = 3;
    /** The size reported for text and bytes without a declared length (pgJDBC's choice for text). */
    static final int UNBOUNDED_SIZE = Integer.MAX_VALUE;
    private static final int DECIMAL_RADIX = 10;

    final int jdbcType;
    final int precisionMax;
    /** COLUMN_SIZE of every column of this type; null when the column declares it (length, precision). */
    final Integer fixedSize;
    /** DECIMAL_DIGITS of every column of this type; null when it does not apply or the column declares it. */
    final Integer fixedDigits;
    final boolean numeric;
    final String literalPrefix;
    final String literalSuffix;
    final String createParams;

    BasaltTypes(int jdbcType, int precisionMax, Integer fixedSize, Integer fixedDigits, boolean numeric, String literalPrefix,
                String literalSuffix, String createParams) {
        this.jdbcType = jdbcType;
        this.precisionMax = precisionMax;
        this.fixedSize = fixedSize;
        this.fixedDigits = fixedDigits;
        this.numeric = numeric;
        this.literalPrefix = literalPrefix;
        this.literalSuffix = literalSuffix;
        this.createParams = createParams;
    }

    /** The type of this name, or null for a name Basalt's tables do not use (a view column of another type). */
    static BasaltTypes byName(String name) {
        for (BasaltTypes t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** NUM_PREC_RADIX: 10 for numbers, null otherwise. */
    Integer radix() {
        return numeric ? DECIMAL_RADIX : null;
    }

    /**
     * COLUMN_SIZE of a column of this type with the given declared length (text, bytes) or
     * precision (DECIMAL), either null when not declared.
     */
    Integer columnSize(Integer length, Integer precision) {
        if (fixedSize != null) {
            return fixedSize;
        }
        if (this == DECIMAL || this == NUMERIC) {
            return precision;
        }
        return length == null ? UNBOUNDED_SIZE : length;
    }

    /** DECIMAL_DIGITS of a column of this type with the given declared scale (DECIMAL). */
    Integer decimalDigits(Integer scale) {
        return this == DECIMAL || this == NUMERIC ? scale : fixedDigits;
    }

    /** Whether CHAR_OCTET_LENGTH applies (text and bytes). */
    boolean hasOctets() {
        return this == CHAR || this == VARCHAR || this == VARBINARY;
    }

    private short scaleMax() {
        if (this == DECIMAL || this == NUMERIC) {
            return DECIMAL_PRECISION_MAX;
        }
        return (short) (this == TIMESTAMP ? TIMESTAMP_FRACTION_DIGITS : 0);
    }

    /** The rows of getTypeInfo, ordered by DATA_TYPE (the enum's order). */
    static List<Object[]> typeInfoRows() {
        List<Object[]> rows = new ArrayList<>();
        for (BasaltTypes t : values()) {
            boolean text = t == CHAR || t == VARCHAR;
            rows.add(new Object[] {t.name(), t.jdbcType, t.precisionMax, t.literalPrefix, t.literalSuffix, t.createParams,
                    (short) DatabaseMetaData.typeNullable, text, (short) DatabaseMetaData.typeSearchable, false, false, false, null,
                    (short) 0, t.scaleMax(), null, null, t.radix()});
        }
        return rows;
    }
}
