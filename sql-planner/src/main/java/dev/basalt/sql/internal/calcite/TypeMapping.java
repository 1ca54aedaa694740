package dev.basalt.sql.internal.calcite;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.ColumnType.Kind;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Between the catalog's column types and Calcite's types. */
public final class TypeMapping {
    /** Fractional-second digits of TIMESTAMP values (milliseconds; DESIGN.md section 6). */
    public static final int TIMESTAMP_PRECISION = 3;

    private TypeMapping() {
    }

    public static RelDataType toRelType(RelDataTypeFactory f, ColumnType t, boolean nullable) {
        RelDataType type = switch (t.kind()) {
            case SMALLINT -> f.createSqlType(SqlTypeName.SMALLINT);
            case INTEGER -> f.createSqlType(SqlTypeName.INTEGER);
            case BIGINT -> f.createSqlType(SqlTypeName.BIGINT);
            case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, t.precision(), t.scale());
            case REAL -> f.createSqlType(SqlTypeName.REAL);
            case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
            // CHAR(n) is stored without its trailing blanks and compared as VARCHAR(n): PostgreSQL's
            // CHAR ignores trailing blanks in comparisons, which Calcite's CHAR does not.
            case CHAR -> f.createSqlType(SqlTypeName.VARCHAR, t.precision());
            case VARCHAR -> t.precision() > 0 ? f.createSqlType(SqlTypeName.VARCHAR, t.precision())
                    : f.createSqlType(SqlTypeName.VARCHAR, ColumnType.LENGTH_MAX);
            case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
            case DATE -> f.createSqlType(SqlTypeName.DATE);
            case TIME -> f.createSqlType(SqlTypeName.TIME);
            case TIMESTAMP -> f.createSqlType(SqlTypeName.TIMESTAMP, TIMESTAMP_PRECISION);
            case VARBINARY -> t.precision() > 0 ? f.createSqlType(SqlTypeName.VARBINARY, t.precision())
                    : f.createSqlType(SqlTypeName.VARBINARY, ColumnType.LENGTH_MAX);
        };
        return f.createTypeWithNullability(type, nullable);
    }

    /** The column type of a Calcite type (for result metadata and CREATE TABLE ... AS). */
    public static ColumnType fromRelType(RelDataType t) {
        return switch (t.getSqlTypeName()) {
            case TINYINT, SMALLINT -> ColumnType.of(Kind.SMALLINT);
            case INTEGER -> ColumnType.of(Kind.INTEGER);
            case BIGINT -> ColumnType.of(Kind.BIGINT);
            case DECIMAL -> new ColumnType(Kind.DECIMAL, Math.max(1, t.getPrecision()), Math.max(0, t.getScale()));
            case REAL, FLOAT -> ColumnType.of(Kind.REAL);
            case DOUBLE -> ColumnType.of(Kind.DOUBLE);
            case CHAR -> new ColumnType(Kind.CHAR, Math.max(1, t.getPrecision()), 0);
            case VARCHAR -> new ColumnType(Kind.VARCHAR, t.getPrecision() >= ColumnType.LENGTH_MAX || t.getPrecision() < 0 ? 0 : t.getPrecision(), 0);
            case BOOLEAN -> ColumnType.of(Kind.BOOLEAN);
            case DATE -> ColumnType.of(Kind.DATE);
            case TIME, TIME_WITH_LOCAL_TIME_ZONE -> ColumnType.of(Kind.TIME);
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> ColumnType.of(Kind.TIMESTAMP);
            case BINARY, VARBINARY -> new ColumnType(Kind.VARBINARY, t.getPrecision() >= ColumnType.LENGTH_MAX || t.getPrecision() < 0 ? 0 : t.getPrecision(), 0);
            case NULL -> ColumnType.of(Kind.VARCHAR);
            default -> throw new BasaltException(ErrorCode.DATATYPE_MISMATCH, "values of type " + t.getFullTypeString()
                    + " cannot be stored or sent to a client yet");
        };
    }
}
