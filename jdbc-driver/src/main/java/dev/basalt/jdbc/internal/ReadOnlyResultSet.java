package dev.basalt.jdbc.internal;

import java.sql.SQLException;

/**
 * The update half of {@link java.sql.ResultSet}: Basalt's result sets are read-only
 * ({@code CONCUR_READ_ONLY}), so every updater and row-change method throws
 * SQLFeatureNotSupportedException, as JDBC prescribes for a driver without updatable result sets.
 * Kept apart so that {@link BasaltResultSet} reads as what it does.
 */
abstract class ReadOnlyResultSet implements java.sql.ResultSet {
    private static SQLException readOnly(String method) {
        return Errors.notSupported("ResultSet." + method + " (result sets are read-only)");
    }

    @Override
    public final int getConcurrency() throws SQLException {
        return CONCUR_READ_ONLY;
    }

    @Override
    public final boolean rowUpdated() throws SQLException {
        throw readOnly("rowUpdated");
    }

    @Override
    public final boolean rowInserted() throws SQLException {
        throw readOnly("rowInserted");
    }

    @Override
    public final boolean rowDeleted() throws SQLException {
        throw readOnly("rowDeleted");
    }

    @Override
    public final void updateNull(int columnIndex) throws SQLException {
        throw readOnly("updateNull");
    }

    @Override
    public final void updateBoolean(int columnIndex, boolean x) throws SQLException {
        throw readOnly("updateBoolean");
    }

    @Override
    public final void updateByte(int columnIndex, byte x) throws SQLException {
        throw readOnly("updateByte");
    }

    @Override
    public final void updateShort(int columnIndex, short x) throws SQLException {
        throw readOnly("updateShort");
    }

    @Override
    public final void updateInt(int columnIndex, int x) throws SQLException {
        throw readOnly("updateInt");
    }

    @Override
    public final void updateLong(int columnIndex, long x) throws SQLException {
        throw readOnly("updateLong");
    }

    @Override
    public final void updateFloat(int columnIndex, float x) throws SQLException {
        throw readOnly("updateFloat");
    }

    @Override
    public final void updateDouble(int columnIndex, double x) throws SQLException {
        throw readOnly("updateDouble");
    }

    @Override
    public final void updateBigDecimal(int columnIndex, java.math.BigDecimal x) throws SQLException {
        throw readOnly("updateBigDecimal");
    }

    @Override
    public final void updateString(int columnIndex, String x) throws SQLException {
        throw readOnly("updateString");
    }

    @Override
    public final void updateBytes(int columnIndex, byte[] x) throws SQLException {
        throw readOnly("updateBytes");
    }

    @Override
    public final void updateDate(int columnIndex, java.sql.Date x) throws SQLException {
        throw readOnly("updateDate");
    }

    @Override
    public final void updateTime(int columnIndex, java.sql.Time x) throws SQLException {
        throw readOnly("updateTime");
    }

    @Override
    public final void updateTimestamp(int columnIndex, java.sql.Timestamp x) throws SQLException {
        throw readOnly("updateTimestamp");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, java.io.InputStream x, int length) throws SQLException {
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, java.io.InputStream x, int length) throws SQLException {
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, java.io.Reader x, int length) throws SQLException {
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateObject(int columnIndex, Object x, int length) throws SQLException {
        throw readOnly("updateObject");
    }

    @Override
    public final void updateObject(int columnIndex, Object x) throws SQLException {
        throw readOnly("updateObject");
    }

    @Override
    public final void updateNull(String columnLabel) throws SQLException {
        throw readOnly("updateNull");
    }

    @Override
    public final void updateBoolean(String columnLabel, boolean x) throws SQLException {
        throw readOnly("updateBoolean");
    }

    @Override
    public final void updateByte(String columnLabel, byte x) throws SQLException {
        throw readOnly("updateByte");
    }

    @Override
    public final void updateShort(String columnLabel, short x) throws SQLException {
        throw readOnly("updateShort");
    }

    @Override
    public final void updateInt(String columnLabel, int x) throws SQLException {
        throw readOnly("updateInt");
    }

    @Override
    public final void updateLong(String columnLabel, long x) throws SQLException {
        throw readOnly("updateLong");
    }

    @Override
    public final void updateFloat(String columnLabel, float x) throws SQLException {
        throw readOnly("updateFloat");
    }

    @Override
    public final void updateDouble(String columnLabel, double x) throws SQLException {
        throw readOnly("updateDouble");
    }

    @Override
    public final void updateBigDecimal(String columnLabel, java.math.BigDecimal x) throws SQLException {
        throw readOnly("updateBigDecimal");
    }

    @Override
    public final void updateString(String columnLabel, String x) throws SQLException {
        throw readOnly("updateString");
    }

    @Override
    public final void updateBytes(String columnLabel, byte[] x) throws SQLException {
        throw readOnly("updateBytes");
    }

    @Override
    public final void updateDate(String columnLabel, java.sql.Date x) throws SQLException {
        throw readOnly("updateDate");
    }

    @Override
    public final void updateTime(String columnLabel, java.sql.Time x) throws SQLException {
        throw readOnly("updateTime");
    }

    @Override
    public final void updateTimestamp(String columnLabel, java.sql.Timestamp x) throws SQLException {
        throw readOnly("updateTimestamp");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, java.io.Reader x, int length) throws SQLException {
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateObject(String columnLabel, Object x, int length) throws SQLException {
        throw readOnly("updateObject");
    }

    @Override
    public final void updateObject(String columnLabel, Object x) throws SQLException {
        throw readOnly("updateObject");
    }

    @Override
    public final void insertRow() throws SQLException {
        throw readOnly("insertRow");
    }

    @Override
    public final void updateRow() throws SQLException {
        throw readOnly("updateRow");
    }

    @Override
    public final void deleteRow() throws SQLException {
        throw readOnly("deleteRow");
    }

    @Override
    public final void refreshRow() throws SQLException {
        throw readOnly("refreshRow");
    }

    @Override
    public final void cancelRowUpdates() throws SQLException {
        throw readOnly("cancelRowUpdates");
    }

    @Override
    public final void moveToInsertRow() throws SQLException {
        throw readOnly("moveToInsertRow");
    }

    @Override
    public final void moveToCurrentRow() throws SQLException {
        throw readOnly("moveToCurrentRow");
    }

    @Override
    public final void updateRef(int columnIndex, java.sql.Ref x) throws SQLException {
        throw readOnly("updateRef");
    }

    @Override
    public final void updateRef(String columnLabel, java.sql.Ref x) throws SQLException {
        throw readOnly("updateRef");
    }

    @Override
    public final void updateBlob(int columnIndex, java.sql.Blob x) throws SQLException {
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateBlob(String columnLabel, java.sql.Blob x) throws SQLException {
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateClob(int columnIndex, java.sql.Clob x) throws SQLException {
        throw readOnly("updateClob");
    }

    @Override
    public final void updateClob(String columnLabel, java.sql.Clob x) throws SQLException {
        throw readOnly("updateClob");
    }

    @Override
    public final void updateArray(int columnIndex, java.sql.Array x) throws SQLException {
        throw readOnly("updateArray");
    }

    @Override
    public final void updateArray(String columnLabel, java.sql.Array x) throws SQLException {
        throw readOnly("updateArray");
    }

    @Override
    public final void updateRowId(int columnIndex, java.sql.RowId x) throws SQLException {
        throw readOnly("updateRowId");
    }

    @Override
    public final void updateRowId(String columnLabel, java.sql.RowId x) throws SQLException {
        throw readOnly("updateRowId");
    }

    @Override
    public final void updateNString(int columnIndex, String x) throws SQLException {
        throw readOnly("updateNString");
    }

    @Override
    public final void updateNString(String columnLabel, String x) throws SQLException {
        throw readOnly("updateNString");
    }

    @Override
    public final void updateNClob(int columnIndex, java.sql.NClob x) throws SQLException {
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateNClob(String columnLabel, java.sql.NClob x) throws SQLException {
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateSQLXML(int columnIndex, java.sql.SQLXML x) throws SQLException {
        throw readOnly("updateSQLXML");
    }

    @Override
    public final void updateSQLXML(String columnLabel, java.sql.SQLXML x) throws SQLException {
        throw readOnly("updateSQLXML");
    }

    @Override
    public final void updateNCharacterStream(int columnIndex, java.io.Reader x, long length) throws SQLException {
        throw readOnly("updateNCharacterStream");
    }

    @Override
    public final void updateNCharacterStream(String columnLabel, java.io.Reader x, long length) throws SQLException {
        throw readOnly("updateNCharacterStream");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, java.io.Reader x, long length) throws SQLException {
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, java.io.Reader x, long length) throws SQLException {
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateBlob(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateBlob(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateClob(int columnIndex, java.io.Reader x, long length) throws SQLException {
        throw readOnly("updateClob");
    }

    @Override
    public final void updateClob(String columnLabel, java.io.Reader x, long length) throws SQLException {
        throw readOnly("updateClob");
    }

    @Override
    public final void updateNClob(int columnIndex, java.io.Reader x, long length) throws SQLException {
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateNClob(String columnLabel, java.io.Reader x, long length) throws SQLException {
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateNCharacterStream(int columnIndex, java.io.Reader x) throws SQLException {
        throw readOnly("updateNCharacterStream");
    }

    @Override
    public final void updateNCharacterStream(String columnLabel, java.io.Reader x) throws SQLException {
        throw readOnly("updateNCharacterStream");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, java.io.InputStream x) throws SQLException {
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, java.io.InputStream x) throws SQLException {
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, java.io.Reader x) throws SQLException {
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, java.io.InputStream x) throws SQLException {
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, java.io.InputStream x) throws SQLException {
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, java.io.Reader x) throws SQLException {
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateBlob(int columnIndex, java.io.InputStream x) throws SQLException {
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateBlob(String columnLabel, java.io.InputStream x) throws SQLException {
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateClob(int columnIndex, java.io.Reader x) throws SQLException {
        throw readOnly("updateClob");
    }

    @Override
    public final void updateClob(String columnLabel, java.io.Reader x) throws SQLException {
        throw readOnly("updateClob");
    }

    @Override
    public final void updateNClob(int columnIndex, java.io.Reader x) throws SQLException {
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateNClob(String columnLabel, java.io.Reader x) throws SQLException {
        throw readOnly("updateNClob");
    }
}
