package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnType;
import java.math.RoundingMode;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type limits, raised to what JDBC tools and TPC-C expect: DECIMAL up to 38 digits
 * (Calcite's default is 19), and rounding that matches PostgreSQL's.
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

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
