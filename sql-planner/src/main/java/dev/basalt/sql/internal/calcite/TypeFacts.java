package dev.basalt.sql.internal.calcite;

import dev.basalt.common.BasaltException;
import dev.basalt.sql.catalog.ColumnType;
import org.apache.calcite.rel.type.RelDataType;

/**
 * What {@code information_schema.COLUMNS} says about a column's type, in the SQL standard's terms
 * with PostgreSQL's choices: DATA_TYPE spelled out ({@code CHARACTER VARYING}, {@code DOUBLE
 * PRECISION}, {@code TIMESTAMP WITHOUT TIME ZONE}); lengths of bounded text and bytes; integer and
 * float precisions in bits (radix 2), DECIMAL's in digits (radix 10); fractional-second digits of
 * dates and times. UDT_NAME is Basalt's own name for the type, the one result metadata reports
 * ({@code VARCHAR}, {@code DOUBLE}, {@code VARBINARY}). NULL where a fact does not apply.
 */
record TypeFacts(String dataType, Integer characterMaximumLength, Integer characterOctetLength, Integer numericPrecision,
                 Integer numericPrecisionRadix, Integer numericScale, Integer datetimePrecision, String udtName) {
    private static final int BINARY = 2;
    private static final int DECIMAL = 10;

    static TypeFacts of(ColumnType t) {
        String udt = t.typeName();
        Integer length = t.bounded() ? t.precision() : null;
        return switch (t.kind()) {
            case SMALLINT -> number("SMALLINT", Short.SIZE, BINARY, 0, udt);
            case INTEGER -> number("INTEGER", Integer.SIZE, BINARY, 0, udt);
            case BIGINT -> number("BIGINT", Long.SIZE, BINARY, 0, udt);
            case DECIMAL -> number("DECIMAL", t.precision(), DECIMAL, t.scale(), udt);
            // significand bits of IEEE 754 single and double precision, as PostgreSQL reports them
            case REAL -> number("REAL", 24, BINARY, null, udt);
            case DOUBLE -> number("DOUBLE PRECISION", 53, BINARY, null, udt);
            case CHAR -> text("CHARACTER", length, udt);
            case VARCHAR -> text("CHARACTER VARYING", length, udt);
            case VARBINARY -> new TypeFacts("BINARY VARYING", length, length, null, null, null, null, udt);
            case BOOLEAN -> new TypeFacts("BOOLEAN", null, null, null, null, null, null, udt);
            case DATE -> time("DATE", 0, udt);
            case TIME -> time("TIME WITHOUT TIME ZONE", 0, udt);
            case TIMESTAMP -> time("TIMESTAMP WITHOUT TIME ZONE", TypeMapping.TIMESTAMP_PRECISION, udt);
        };
    }

    /** The facts of a view column's type; a type no table column can have is named as Calcite names it. */
    static TypeFacts of(RelDataType t) {
        try {
            return of(TypeMapping.fromRelType(t));
        } catch (BasaltException e) {
            String name = t.getSqlTypeName().getName();
            return new TypeFacts(name, null, null, null, null, null, null, name);
        }
    }

    private static TypeFacts number(String name, int precision, int radix, Integer scale, String udt) {
        return new TypeFacts(name, null, null, precision, radix, scale, null, udt);
    }

    private static TypeFacts text(String name, Integer length, String udt) {
        Integer octets = length == null ? null : length * InformationSchema.UTF8_BYTES_PER_CHAR_MAX;
        return new TypeFacts(name, length, octets, null, null, null, null, udt);
    }

    private static TypeFacts time(String name, int fractionDigits, String udt) {
        return new TypeFacts(name, null, null, null, null, null, fractionDigits, udt);
    }
}
