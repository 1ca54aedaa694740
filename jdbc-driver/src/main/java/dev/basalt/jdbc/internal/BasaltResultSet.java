package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.CloseRequest;
import dev.basalt.jdbc.wire.ColumnMeta;
import dev.basalt.jdbc.wire.FetchRequest;
import dev.basalt.jdbc.wire.RowsPage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forward-only, read-only cursor over a query's rows. The first page comes with the execute
 * answer; while the server holds a cursor for the rest ({@code cursorId > 0}), {@link #next}
 * fetches further pages of {@link #getFetchSize} rows (or {@link #FETCH_ROWS_DEFAULT}) with FETCH
 * until a page says {@code more = false}; the server has then closed the cursor. Closing the result
 * set early sends CLOSE_CURSOR without waiting for the answer.
 *
 * <p>Columns are found by label case-insensitively, the first match winning, as JDBC says; an
 * unknown label is 42703. Getters follow {@link Conversions}; a primitive getter on NULL returns 0
 * or false and {@link #wasNull} says so.
 */
final class BasaltResultSet extends ReadOnlyResultSet {
    /** Rows asked for per FETCH when neither the result set nor its statement has a fetch size. */
    static final int FETCH_ROWS_DEFAULT = 1_000;
    /** Consecutive empty pages that still say "more" before the driver calls the server broken. */
    static final int EMPTY_PAGES_IN_A_ROW_MAX = 100;

    /** The statement that made this result set; null for results the driver builds itself (metadata). */
    private final BasaltStatement statement;
    private final BasaltConnection connection;
    private final List<ColumnMeta> columns;
    private final long maxRows;
    private Map<String, Integer> columnsByLabel;

    /** Rows received and not yet reached by next(). */
    private List<Object[]> page;
    private int pageIndex;
    /** The server's cursor for the rest of the rows; 0 when there is none (finished or never opened). */
    private long cursorId;
    private int fetchSize;

    private Object[] row;
    /** Rows next() has returned so far; the current row's number while on a row. */
    private long rowNumber;
    /** next() has returned false: past the last row (or the result is empty). */
    private boolean exhausted;
    private boolean lastValueNull;
    private boolean closed;

    BasaltResultSet(BasaltStatement statement, BasaltConnection connection, List<ColumnMeta> columns,
            List<Object[]> firstPage, long cursorId, int fetchSize, long maxRows) {
        this.statement = statement;
        this.connection = connection;
        this.columns = List.copyOf(columns);
        this.page = firstPage;
        this.cursorId = cursorId;
        this.fetchSize = fetchSize;
        this.maxRows = maxRows;
    }

    /** A result with no columns and no rows (getGeneratedKeys). */
    static BasaltResultSet empty(BasaltStatement statement, BasaltConnection connection) {
        return new BasaltResultSet(statement, connection, List.of(), List.of(), 0, 0, 0);
    }

    /** A complete result the driver built itself, for example for metadata. */
    static BasaltResultSet ofRows(BasaltConnection connection, List<ColumnMeta> columns, List<Object[]> rows) {
        return new BasaltResultSet(null, connection, columns, rows, 0, 0, 0);
    }

    // ---- moving

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (exhausted) {
            return false;
        }
        if ((maxRows > 0 && rowNumber >= maxRows) || !buffered()) {
            exhausted = true;
            row = null;
            closeCursor();
            return false;
        }
        row = page.get(pageIndex++);
        rowNumber++;
        return true;
    }

    /** Whether a row is waiting in the page, fetching pages from the cursor while there is one. */
    private boolean buffered() throws SQLException {
        int emptyPages = 0;
        while (pageIndex >= page.size()) {
            if (cursorId == 0) {
                return false;
            }
            RowsPage next = fetch();
            page = next.rows();
            pageIndex = 0;
            if (!next.more()) {
                cursorId = 0;
            } else if (next.rows().isEmpty() && ++emptyPages >= EMPTY_PAGES_IN_A_ROW_MAX) {
                throw Errors.driver(SqlStates.INTERNAL_ERROR, "the server sent " + emptyPages
                        + " empty pages in a row for cursor " + cursorId + " while saying more rows follow");
            }
        }
        return true;
    }

    private RowsPage fetch() throws SQLException {
        int pageRows = fetchSize > 0 ? fetchSize : statementFetchSize();
        if (maxRows > 0) {
            pageRows = (int) Math.min(pageRows, Math.max(1, maxRows - rowNumber));
        }
        long cursor = cursorId;
        byte[] answer = statement == null
                ? connection.call(ClientMethods.FETCH, new FetchRequest(cursor, pageRows).encode(), 0)
                : statement.call(ClientMethods.FETCH, new FetchRequest(cursor, pageRows, statement.queryTimeoutMs()).encode());
        return connection.decode(ClientMethods.FETCH, answer, b -> RowsPage.decode(b, columns.size()));
    }

    private int statementFetchSize() {
        int size = statement == null ? 0 : statement.requestFetchSize();
        return size > 0 ? size : FETCH_ROWS_DEFAULT;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return rowNumber == 0 && !exhausted && buffered();
    }

    /** JDBC: false for an empty result. */
    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return exhausted && rowNumber > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return rowNumber == 1 && row != null;
    }

    /** May fetch the next page to learn whether another row follows. */
    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        if (row == null) {
            return false;
        }
        if (maxRows > 0 && rowNumber >= maxRows) {
            return true;
        }
        return !buffered();
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return row == null ? 0 : (int) Math.min(rowNumber, Integer.MAX_VALUE);
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw forwardOnly("beforeFirst");
    }

    @Override
    public void afterLast() throws SQLException {
        throw forwardOnly("afterLast");
    }

    @Override
    public boolean first() throws SQLException {
        throw forwardOnly("first");
    }

    @Override
    public boolean last() throws SQLException {
        throw forwardOnly("last");
    }

    @Override
    public boolean absolute(int rowIndex) throws SQLException {
        throw forwardOnly("absolute");
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        throw forwardOnly("relative");
    }

    @Override
    public boolean previous() throws SQLException {
        throw forwardOnly("previous");
    }

    private SQLException forwardOnly(String method) throws SQLException {
        checkOpen();
        return Errors.driver(SqlStates.INVALID_CURSOR_STATE, "ResultSet." + method
                + " needs a scrollable result set; Basalt's are TYPE_FORWARD_ONLY");
    }

    // ---- columns

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        Integer index = columnIndexByLabel().get(labelKey(columnLabel));
        if (index == null) {
            throw Errors.driver(SqlStates.UNDEFINED_COLUMN, "the result has no column labelled \"" + columnLabel
                    + "\"; its columns are " + labels());
        }
        return index;
    }

    private Map<String, Integer> columnIndexByLabel() {
        if (columnsByLabel == null) {
            Map<String, Integer> byLabel = new HashMap<>();
            for (int i = columns.size() - 1; i >= 0; i--) {
                byLabel.put(labelKey(columns.get(i).label()), i + 1); // walking backwards, the first match wins
            }
            columnsByLabel = byLabel;
        }
        return columnsByLabel;
    }

    private static String labelKey(String label) {
        return label == null ? "" : label.toUpperCase(Locale.ROOT);
    }

    private String labels() {
        StringBuilder s = new StringBuilder();
        for (ColumnMeta c : columns) {
            s.append(s.length() == 0 ? "" : ", ").append(c.label());
        }
        return "[" + s + "]";
    }

    /** The value of a column of the current row; records whether it was NULL. */
    private Object value(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex < 1 || columnIndex > columns.size()) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "column index " + columnIndex
                    + " is out of range; the result has " + columns.size() + " columns");
        }
        if (row == null) {
            throw Errors.driver(SqlStates.INVALID_CURSOR_STATE, exhausted
                    ? "the result set has no current row: it is past its last row"
                    : "the result set is before its first row: call next() first");
        }
        Object v = row[columnIndex - 1];
        lastValueNull = v == null;
        return v;
    }

    /** "column 2 (C_BALANCE)": how messages name a column. */
    private String what(int columnIndex) {
        return "column " + columnIndex + " (" + columns.get(columnIndex - 1).label() + ")";
    }

    private int jdbcType(int columnIndex) {
        return columns.get(columnIndex - 1).jdbcType();
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return lastValueNull;
    }

    // ---- getters by index

    @Override
    public String getString(int columnIndex) throws SQLException {
        return Conversions.toText(value(columnIndex));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v != null && Conversions.toBoolean(v, what(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : Conversions.toByte(v, what(columnIndex));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : Conversions.toShort(v, what(columnIndex));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v instanceof Integer i) {
            return i;
        }
        return v == null ? 0 : Conversions.toInt(v, what(columnIndex));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v instanceof Long l) {
            return l;
        }
        return v == null ? 0 : Conversions.toLong(v, what(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : Conversions.toFloat(v, what(columnIndex));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : Conversions.toDouble(v, what(columnIndex));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return Conversions.toBigDecimal(value(columnIndex), what(columnIndex));
    }

    /** @deprecated as in JDBC; rounds half-up to {@code scale} digits. */
    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return Conversions.toBytes(value(columnIndex), what(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        LocalDate d = Conversions.toLocalDate(value(columnIndex), what(columnIndex));
        return d == null ? null : Date.valueOf(d);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        LocalTime t = Conversions.toLocalTime(value(columnIndex), what(columnIndex));
        return t == null ? null : Conversions.timeOf(t);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        LocalDateTime t = Conversions.toLocalDateTime(value(columnIndex), what(columnIndex));
        return t == null ? null : Timestamp.valueOf(t);
    }

    /** The date at midnight in the Calendar's time zone. */
    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        LocalDate d = Conversions.toLocalDate(value(columnIndex), what(columnIndex));
        if (d == null || cal == null) {
            return d == null ? null : Date.valueOf(d);
        }
        return new Date(d.atStartOfDay(Parameters.zoneOf(cal)).toInstant().toEpochMilli());
    }

    /** The time of day on 1970-01-01 in the Calendar's time zone. */
    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        LocalTime t = Conversions.toLocalTime(value(columnIndex), what(columnIndex));
        if (t == null || cal == null) {
            return t == null ? null : Conversions.timeOf(t);
        }
        return new Time(t.atDate(LocalDate.EPOCH).atZone(Parameters.zoneOf(cal)).toInstant().toEpochMilli());
    }

    /** The local timestamp read as a moment in the Calendar's time zone. */
    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        LocalDateTime t = Conversions.toLocalDateTime(value(columnIndex), what(columnIndex));
        if (t == null || cal == null) {
            return t == null ? null : Timestamp.valueOf(t);
        }
        return Timestamp.from(t.atZone(Parameters.zoneOf(cal)).toInstant());
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** @deprecated as in JDBC. */
    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw Errors.notSupported("getUnicodeStream (deprecated; use getCharacterStream)");
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] b = getBytes(columnIndex);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    /** The JDBC-standard class for the column's type (SMALLINT as Integer, as pgJDBC does). */
    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return Conversions.toJdbcObject(value(columnIndex), jdbcType(columnIndex), what(columnIndex));
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return Conversions.toClass(value(columnIndex), type, jdbcType(columnIndex), what(columnIndex));
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw Errors.notSupported("getObject with a user-defined type map");
        }
        return getObject(columnIndex);
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw Errors.notSupported("getRef");
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        throw Errors.notSupported("getBlob (use getBytes)");
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        throw Errors.notSupported("getClob (use getString)");
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw Errors.notSupported("getNClob (use getString)");
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        throw Errors.notSupported("getArray");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        throw Errors.notSupported("getURL");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw Errors.notSupported("getRowId");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw Errors.notSupported("getSQLXML");
    }

    // ---- getters by label

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    /** @deprecated as in JDBC. */
    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel), cal);
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel), cal);
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    /** @deprecated as in JDBC. */
    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return getRef(findColumn(columnLabel));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return getNClob(findColumn(columnLabel));
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return getURL(findColumn(columnLabel));
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return getRowId(findColumn(columnLabel));
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return getSQLXML(findColumn(columnLabel));
    }

    // ---- the result set itself

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new BasaltResultSetMetaData(columns);
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public String getCursorName() throws SQLException {
        throw Errors.notSupported("getCursorName");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw Errors.driver(SqlStates.INVALID_CURSOR_STATE, "fetch direction " + direction
                    + " needs a scrollable result set; Basalt's are TYPE_FORWARD_ONLY");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    /** Rows per FETCH from now on; 0 goes back to the statement's fetch size or the default. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "fetch size " + rows + " is negative");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return CLOSE_CURSORS_AT_COMMIT;
    }

    // ---- closing

    /** Sends CLOSE_CURSOR if the server still holds the rest of the rows, and tells the statement. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closeWithoutCompletion();
        if (statement != null) {
            statement.resultSetClosed(this);
        }
    }

    /** Closes without telling the statement (the statement itself is closing it). */
    void closeWithoutCompletion() {
        if (closed) {
            return;
        }
        closed = true;
        row = null;
        closeCursor();
    }

    /** The connection closed: nothing is sent, the cursor dies with the session. */
    void closeLocally() {
        closed = true;
        row = null;
        cursorId = 0;
    }

    private void closeCursor() {
        if (cursorId != 0) {
            long cursor = cursorId;
            cursorId = 0;
            connection.send(ClientMethods.CLOSE_CURSOR, new CloseRequest(cursor).encode());
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * A closed result set is 55000, or 08003 when it was closed by its connection closing. Rows
     * already received stay readable after the connection broke; fetching more then fails with 08003.
     */
    private void checkOpen() throws SQLException {
        if (closed) {
            connection.checkOpen();
            throw Errors.driver(SqlStates.OBJECT_NOT_IN_STATE, "the result set is closed");
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, "the result set does not implement " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
