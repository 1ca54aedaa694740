package dev.basalt.sql.parser;

import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** The type names Basalt's grammar adds to Calcite's, and what each one means. */
public final class DataTypes {
    /** FLOAT(p) counts binary digits of mantissa: up to this many it is a REAL, as in PostgreSQL. */
    public static final int FLOAT_REAL_MAX_PRECISION = 24;
    /** ... and up to this many a DOUBLE; more has no type. */
    public static final int FLOAT_DOUBLE_MAX_PRECISION = 53;
    /** PostgreSQL's unbounded string type, which Basalt reads as VARCHAR without a length. */
    public static final String TEXT = "TEXT";

    private DataTypes() {
    }

    /** REAL or DOUBLE for FLOAT(precision), or {@code null} when no type has that precision. */
    public static SqlTypeName floatType(int precision) {
        if (precision < 1 || precision > FLOAT_DOUBLE_MAX_PRECISION) {
            return null;
        }
        return precision <= FLOAT_REAL_MAX_PRECISION ? SqlTypeName.REAL : SqlTypeName.DOUBLE;
    }

    /** Why FLOAT(precision) has no type. */
    public static String floatPrecisionError(int precision) {
        return "precision for type FLOAT must be between 1 and " + FLOAT_DOUBLE_MAX_PRECISION + " bits, not " + precision;
    }

    /** Whether an unquoted identifier, as written, names the TEXT type. */
    public static boolean isTextTypeName(String unquotedImage) {
        return TEXT.equals(unquotedImage.toUpperCase(Locale.ROOT));
    }

    /** The type TEXT stands for: VARCHAR with no length. */
    public static SqlBasicTypeNameSpec text(SqlParserPos pos) {
        return new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos);
    }
}
