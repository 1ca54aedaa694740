package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnType;
import java.math.RoundingMode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type limits, raised to what JDBC tools and TPC-C expect: DECIMAL up to 38 digits
 * (Calcite's default is 19), rounding that matches PostgreSQL's, and AVG and SUM of integers typed as
 * PostgreSQL types them.
 */
public final class BasaltTypeSystem extends RelDataTypeSystemImpl {
    public static final BasaltTypeSystem INSTANCE = new BasaltTypeSystem();

    private BasaltTypeSystem() {
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? ColumnType.DECIMAL_PRECISION_MAX : super.getMaxScale(typeName);
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case DECIMAL -> ColumnType.DECIMAL_PRECISION_MAX;
            case VARCHAR, CHAR, VARBINARY, BINARY -> ColumnType.LENGTH_MAX;
            default -> super.getMaxPrecision(typeName);
        };
    }

    /** Casts to DECIMAL round half up, as PostgreSQL does (Calcite's default truncates). */
    @Override
    public RoundingMode roundingMode() {
        return RoundingMode.HALF_UP;
    }

    /** Digits after the point of the average of integers (PostgreSQL's numeric average shows 16). */
    public static final int INTEGER_AVG_SCALE = 16;

    /**
     * AVG of integers is a DECIMAL, as in PostgreSQL ({@code avg(int)} is numeric: the average of 1
     * and 2 is 1.5), not an integer cut toward zero as in Calcite's default.
     */
    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        return switch (argumentType.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> typeFactory.createTypeWithNullability(
                    typeFactory.createSqlType(SqlTypeName.DECIMAL, ColumnType.DECIMAL_PRECISION_MAX, INTEGER_AVG_SCALE),
                    argumentType.isNullable());
            default -> super.deriveAvgAggType(typeFactory, argumentType);
        };
    }

    /**
     * SUM of SMALLINT and INTEGER is a BIGINT, as in PostgreSQL, not the argument's own type (in
     * which Calcite's default lets a sum of a few large values wrap around silently). SUM of
     * BIGINT stays BIGINT: PostgreSQL makes it numeric, but Calcite's generated code cannot add
     * BIGINT values into a DECIMAL. A BIGINT sum computed in the ranges that leaves BIGINT's range
     * fails with 22003 ({@link RangeAggregate}).
     */
    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        return switch (argumentType.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER -> typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.BIGINT),
                    argumentType.isNullable());
            default -> super.deriveSumType(typeFactory, argumentType);
        };
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
