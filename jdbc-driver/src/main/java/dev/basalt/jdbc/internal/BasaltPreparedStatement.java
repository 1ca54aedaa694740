package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.wire.BatchRequest;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.CloseRequest;
import dev.basalt.jdbc.wire.ColumnMeta;
import dev.basalt.jdbc.wire.ExecutePreparedRequest;
import dev.basalt.jdbc.wire.PrepareResponse;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A statement prepared on the server: PREPARE when it is created (the server caches plans by SQL
 * text, so preparing per call is cheap), EXECUTE_PREPARED per execution, one EXECUTE_BATCH for a
 * whole batch, CLOSE_STATEMENT (not waited for) when it closes. Its id belongs to the session.
 *
 * <p>Parameters are converted when they are set ({@link Parameters}), so a bad value fails at the
 * setter that received it. Executing with a parameter never set is 07001 naming the parameter.
 */
final class BasaltPreparedStatement extends BasaltStatement implements PreparedStatement {
    /** Marks a parameter that has not been set (null is a set SQL NULL). */
    private static final Object UNSET = new Object();

    private final String sql;
    private final long statementId;
    private final List<Integer> paramTypes;
    private final List<ColumnMeta> columns;
    private final Object[] params;
    private final List<List<Object>> batchRows = new ArrayList<>();

    BasaltPreparedStatement(BasaltConnection connection, String sql, PrepareResponse prepared) {
        super(connection);
        this.sql = sql;
        this.statementId = prepared.statementId();
        this.paramTypes = prepared.paramJdbcTypes();
        this.columns = prepared.columns();
        this.params = new Object[paramTypes.size()];
        Arrays.fill(params, UNSET);
    }

    long statementId() {
        return statementId;
    }

    // ---- executing

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        ExecutePreparedRequest request = new ExecutePreparedRequest(statementId, boundParameters(), requestFetchSize(),
                maxRowsValue(), queryTimeoutMs());
        return run(ClientMethods.EXECUTE_PREPARED, request.encode());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        execute();
        return requireResultSet(sql);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return clampCount(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        execute();
        return requireUpdateCount(sql);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batchRows.add(boundParameters());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batchRows.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toIntCounts(executeLargeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (batchRows.isEmpty()) {
            return new long[0];
        }
        List<List<Object>> rows = List.copyOf(batchRows);
        batchRows.clear();
        return runBatch(new BatchRequest(statementId, List.of(), rows, queryTimeoutMs()));
    }

    /** Every parameter's value, in order; 07001 if one was never set. */
    private List<Object> boundParameters() throws SQLException {
        List<Object> values = new ArrayList<>(params.length);
        for (int i = 0; i < params.length; i++) {
            if (params[i] == UNSET) {
                throw Errors.driver(SqlStates.WRONG_NUMBER_OF_PARAMETERS, "no value specified for parameter " + (i + 1)
                        + " of " + params.length + " in: " + abbreviate(sql));
            }
            values.add(params[i]);
        }
        return values;
    }

    // ---- SQL text methods JDBC forbids on a prepared statement

    private SQLException textOnPrepared() {
        return Errors.driver(SqlStates.WRONG_OBJECT_TYPE, "a PreparedStatement runs its own SQL; the methods taking SQL text belong to Statement");
    }

    @Override
    public boolean execute(String sqlText) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public ResultSet executeQuery(String sqlText) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public int executeUpdate(String sqlText) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sqlText) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public void addBatch(String sqlText) throws SQLException {
        throw textOnPrepared();
    }

    // ---- metadata

    /** The result's columns from PREPARE; null for a statement that returns no rows. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return columns.isEmpty() ? null : new BasaltResultSetMetaData(columns);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new BasaltParameterMetaData(paramTypes);
    }

    // ---- setting parameters

    private void set(int parameterIndex, Object value) throws SQLException {
        checkIndex(parameterIndex);
        params[parameterIndex - 1] = value;
    }

    private void checkIndex(int parameterIndex) throws SQLException {
        checkOpen();
        if (parameterIndex < 1 || parameterIndex > params.length) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "parameter index " + parameterIndex
                    + " is out of range; the statement has " + params.length + " parameters");
        }
    }

    private static String what(int parameterIndex) {
        return "parameter " + parameterIndex;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, UNSET);
    }

    /** Any type, including 0 (Types.NULL): NULL carries no type on the wire. */
    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        set(parameterIndex, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        set(parameterIndex, null);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        set(parameterIndex, x);
    }

    /** Sent as SMALLINT. */
    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        set(parameterIndex, (short) x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        set(parameterIndex, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        set(parameterIndex, Parameters.fromDate(x, null));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        set(parameterIndex, Parameters.fromTime(x, null));
    }

    /** Keeps the nanoseconds; read in the JVM's time zone. */
    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        set(parameterIndex, Parameters.fromTimestamp(x, null));
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        set(parameterIndex, Parameters.fromDate(x, cal));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        set(parameterIndex, Parameters.fromTime(x, cal));
    }

    /** The moment read as a local date-time in the Calendar's time zone. */
    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        set(parameterIndex, Parameters.fromTimestamp(x, cal));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Parameters.fromObject(x, what(parameterIndex)));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Parameters.fromObject(x, targetSqlType, -1, what(parameterIndex)));
    }

    /** For DECIMAL and NUMERIC, {@code scaleOrLength} is the scale the value is rounded to (half-up). */
    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Parameters.fromObject(x, targetSqlType, scaleOrLength, what(parameterIndex)));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        setObject(parameterIndex, x, vendorTypeNumber(targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        setObject(parameterIndex, x, vendorTypeNumber(targetSqlType), scaleOrLength);
    }

    private static int vendorTypeNumber(SQLType type) throws SQLException {
        if (type instanceof JDBCType jdbcType) {
            return jdbcType.getVendorTypeNumber();
        }
        throw Errors.notSupported("SQLType " + type + " (only java.sql.JDBCType)");
    }

    // ---- streams and LOBs, read whole (bounded by Streams)

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        setAsciiStream(parameterIndex, x, (long) length);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Streams.readText(x, length, StandardCharsets.US_ASCII, what(parameterIndex)));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        setAsciiStream(parameterIndex, x, Streams.LENGTH_UNKNOWN);
    }

    /** @deprecated as in JDBC; the bytes are read as UTF-8. */
    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Streams.readText(x, length, StandardCharsets.UTF_8, what(parameterIndex)));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        setBinaryStream(parameterIndex, x, (long) length);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Streams.readBytes(x, length, what(parameterIndex)));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        setBinaryStream(parameterIndex, x, Streams.LENGTH_UNKNOWN);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        setCharacterStream(parameterIndex, reader, (long) length);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Streams.readChars(reader, length, what(parameterIndex)));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        setCharacterStream(parameterIndex, reader, Streams.LENGTH_UNKNOWN);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        setCharacterStream(parameterIndex, value, length);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        setCharacterStream(parameterIndex, value);
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Streams.readBlob(x, what(parameterIndex)));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        setBinaryStream(parameterIndex, inputStream, length);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        setBinaryStream(parameterIndex, inputStream);
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        checkIndex(parameterIndex);
        set(parameterIndex, Streams.readClob(x, what(parameterIndex)));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        setCharacterStream(parameterIndex, reader, length);
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        setCharacterStream(parameterIndex, reader);
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        setClob(parameterIndex, value);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        setCharacterStream(parameterIndex, reader, length);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        setCharacterStream(parameterIndex, reader);
    }

    /** Sent as its text. */
    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        set(parameterIndex, x == null ? null : x.toString());
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        throw Errors.notSupported("setRef");
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        throw Errors.notSupported("setArray");
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        throw Errors.notSupported("setRowId");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        throw Errors.notSupported("setSQLXML");
    }

    // ---- closing

    /** Releases the server's statement; the answer is not waited for. */
    @Override
    void closed() {
        batchRows.clear();
        connection.send(ClientMethods.CLOSE_STATEMENT, new CloseRequest(statementId).encode());
    }

    @Override
    public String toString() {
        return "BasaltPreparedStatement[" + statementId + ": " + abbreviate(sql) + "]";
    }
}
