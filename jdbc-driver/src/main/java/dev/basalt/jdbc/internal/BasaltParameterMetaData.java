package dev.basalt.jdbc.internal;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The parameters of a prepared statement as PREPARE described them: a java.sql.Types number each
 * ({@code OTHER} or {@code NULL} where the server could not tell). Precision, scale and
 * nullability are not sent: they read as 0 and "unknown".
 */
final class BasaltParameterMetaData implements ParameterMetaData {
    private final List<Integer> types;

    BasaltParameterMetaData(List<Integer> types) {
        this.types = List.copyOf(types);
    }

    private int type(int param) throws SQLException {
        if (param < 1 || param > types.size()) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "parameter index " + param
                    + " is out of range; the statement has " + types.size() + " parameters");
        }
        return types.get(param - 1);
    }

    @Override
    public int getParameterCount() {
        return types.size();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        type(param);
        return parameterNullableUnknown;
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return JdbcTypes.isSigned(type(param));
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        type(param);
        return 0;
    }

    @Override
    public int getScale(int param) throws SQLException {
        type(param);
        return 0;
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return type(param);
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        int type = type(param);
        return type == Types.NULL ? "OTHER" : JdbcTypes.name(type);
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return JdbcTypes.className(type(param));
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        type(param);
        return parameterModeIn;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "the metadata does not implement " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
