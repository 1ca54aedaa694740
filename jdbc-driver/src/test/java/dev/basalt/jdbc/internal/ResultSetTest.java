package dev.basalt.jdbc.internal;

import static dev.basalt.jdbc.internal.ConnectionTest.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ColumnMeta;
import dev.basalt.jdbc.wire.ExecuteResult;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Getters, conversions, NULLs, labels and metadata of a result set. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResultSetTest {
    private static final LocalDateTime MOMENT = LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000);
    private static final List<ColumnMeta> COLUMNS = List.of(
            column("I", Types.INTEGER, "INTEGER", "T"),
            column("B", Types.BIGINT, "BIGINT", "T"),
            column("S", Types.SMALLINT, "SMALLINT", "T"),
            column("D", Types.DOUBLE, "DOUBLE", "T"),
            column("R", Types.REAL, "REAL", "T"),
            new ColumnMeta("M", "M", "T", Types.DECIMAL, "DECIMAL", 12, 2, true),
            column("V", Types.VARCHAR, "VARCHAR", "T"),
            column("BOOL", Types.BOOLEAN, "BOOLEAN", "T"),
            column("DT", Types.DATE, "DATE", "T"),
            column("TM", Types.TIME, "TIME", "T"),
            new ColumnMeta("TS", "TS", "T", Types.TIMESTAMP, "TIMESTAMP", 26, 6, true),
            column("BIN", Types.VARBINARY, "VARBINARY", "T"),
            column("N", Types.INTEGER, "INTEGER", "T"),
            column("sum", Types.BIGINT, "BIGINT", ""),
            column("i", Types.VARCHAR, "VARCHAR", "U"));
    private static final Object[] ROW = {42, 9_000_000_000L, (short) -7, 2.5, 1.25f, new BigDecimal("12.50"), " 17 ",
        true, LocalDate.of(2024, 2, 29), LocalTime.of(13, 45, 30, 500_000_000), MOMENT, new byte[] {1, 2, (byte) 0xff},
        null, 99L, "second i"};

    private static ColumnMeta column(String label, int type, String typeName, String table) {
        return new ColumnMeta(label, label, table, type, typeName, 0, 0, true);
    }

    /** Runs {@code check} on a result set holding the given rows. */
    private static void withRows(List<ColumnMeta> columns, List<Object[]> rows, ResultSetCheck check) throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.answer(ClientMethods.EXECUTE, payload -> new ExecuteResult.Rows(columns, rows, 0, ExecuteResult.AUTOCOMMIT).encode());
            try (ResultSet rs = c.createStatement().executeQuery("SELECT ...")) {
                check.accept(rs);
            }
        }
    }

    interface ResultSetCheck {
        void accept(ResultSet rs) throws Exception;
    }

    @Test
    @SuppressWarnings("deprecation") // getBigDecimal(label, scale) is checked too
    void gettersConvertBetweenTypes() throws Exception {
        withRows(COLUMNS, List.<Object[]>of(ROW), rs -> {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt("I"));
            assertEquals(42L, rs.getLong("I"));
            assertEquals("42", rs.getString("I"));
            assertEquals(42.0, rs.getDouble("I"));
            assertEquals(new BigDecimal("42"), rs.getBigDecimal("I"));
            assertEquals(9_000_000_000L, rs.getLong("B"));
            assertEquals((short) -7, rs.getShort("S"));
            assertEquals((byte) -7, rs.getByte("S"));
            assertEquals(2, rs.getInt("D"), "a fraction is truncated toward zero");
            assertEquals(2.5f, rs.getFloat("D"));
            assertEquals(new BigDecimal("2.5"), rs.getBigDecimal("D"));
            assertEquals(1.25, rs.getDouble("R"));
            assertEquals(new BigDecimal("12.50"), rs.getBigDecimal("M"));
            assertEquals("12.50", rs.getString("M"));
            assertEquals(12, rs.getInt("M"));
            assertEquals(new BigDecimal("12.5"), rs.getBigDecimal("M", 1));
            assertEquals(17, rs.getInt("V"), "numeric text is parsed, trimmed");
            assertEquals(17L, rs.getLong("V"));
            assertTrue(rs.getBoolean("BOOL"));
            assertEquals("true", rs.getString("BOOL"));
            assertEquals(1, rs.getInt("BOOL"));
            assertEquals("2024-02-29", rs.getString("DT"));
            assertEquals(Date.valueOf("2024-02-29"), rs.getDate("DT"));
            assertEquals(Timestamp.valueOf("2024-02-29 00:00:00"), rs.getTimestamp("DT"));
            assertEquals("13:45:30.5", rs.getString("TM"));
            assertEquals(Time.valueOf("13:45:30").getTime() + 500, rs.getTime("TM").getTime());
            assertEquals("2024-02-29 13:45:30.123456", rs.getString("TS"));
            Timestamp ts = rs.getTimestamp("TS");
            assertEquals(123_456_000, ts.getNanos());
            assertEquals(MOMENT, ts.toLocalDateTime());
            assertEquals(Date.valueOf("2024-02-29"), rs.getDate("TS"));
            assertEquals(Time.valueOf("13:45:30").toLocalTime(), rs.getTime("TS").toLocalTime());
            assertArrayEquals(new byte[] {1, 2, (byte) 0xff}, rs.getBytes("BIN"));
            assertEquals("\\x0102ff", rs.getString("BIN"));
            assertArrayEquals(" 17 ".getBytes(java.nio.charset.StandardCharsets.UTF_8), rs.getBytes("V"));
            try (Reader reader = rs.getCharacterStream("V")) {
                char[] buffer = new char[8];
                assertEquals(4, reader.read(buffer));
            }
        });
    }

    @Test
    void getObjectReturnsTheJdbcStandardClasses() throws Exception {
        withRows(COLUMNS, List.<Object[]>of(ROW), rs -> {
            assertTrue(rs.next());
            assertEquals(Integer.valueOf(42), rs.getObject("I"));
            assertEquals(Long.valueOf(9_000_000_000L), rs.getObject("B"));
            assertEquals(Integer.valueOf(-7), rs.getObject("S"), "SMALLINT comes back as Integer, as in pgJDBC");
            assertEquals(Double.valueOf(2.5), rs.getObject("D"));
            assertEquals(Float.valueOf(1.25f), rs.getObject("R"));
            assertEquals(new BigDecimal("12.50"), rs.getObject("M"));
            assertEquals(" 17 ", rs.getObject("V"));
            assertEquals(Boolean.TRUE, rs.getObject("BOOL"));
            assertEquals(Date.valueOf("2024-02-29"), rs.getObject("DT"));
            assertInstanceOf(Time.class, rs.getObject("TM"));
            assertEquals(Timestamp.valueOf(MOMENT), rs.getObject("TS"));
            assertInstanceOf(byte[].class, rs.getObject("BIN"));
            assertNull(rs.getObject("N"));
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object value = rs.getObject(i);
                if (value != null) {
                    assertEquals(md.getColumnClassName(i), value.getClass().getName(), md.getColumnLabel(i));
                }
            }
        });
    }

    @Test
    void getObjectWithAClassConverts() throws Exception {
        withRows(COLUMNS, List.<Object[]>of(ROW), rs -> {
            assertTrue(rs.next());
            assertEquals(MOMENT, rs.getObject("TS", LocalDateTime.class));
            assertEquals(MOMENT.atOffset(ZoneOffset.UTC), rs.getObject("TS", OffsetDateTime.class));
            assertEquals(LocalDate.of(2024, 2, 29), rs.getObject("DT", LocalDate.class));
            assertEquals(LocalTime.of(13, 45, 30, 500_000_000), rs.getObject("TM", LocalTime.class));
            assertEquals(Short.valueOf((short) -7), rs.getObject("S", Short.class));
            assertEquals(Long.valueOf(42), rs.getObject("I", Long.class));
            assertEquals("42", rs.getObject("I", String.class));
            assertEquals(new BigDecimal("2.5"), rs.getObject("D", BigDecimal.class));
            assertNull(rs.getObject("N", Integer.class), "NULL is null for a boxed class");
            SQLException e = assertThrows(SQLException.class, () -> rs.getObject("I", StringBuilder.class));
            assertEquals("07006", e.getSQLState());
        });
    }

    @Test
    void nullReadsAsZeroAndWasNullSaysSo() throws Exception {
        withRows(COLUMNS, List.<Object[]>of(ROW), rs -> {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt("N"));
            assertTrue(rs.wasNull());
            assertEquals(42, rs.getInt("I"));
            assertFalse(rs.wasNull());
            assertEquals(0L, rs.getLong("N"));
            assertEquals(0.0, rs.getDouble("N"));
            assertFalse(rs.getBoolean("N"));
            assertTrue(rs.wasNull());
            assertNull(rs.getString("N"));
            assertNull(rs.getBigDecimal("N"));
            assertNull(rs.getTimestamp("N"));
            assertNull(rs.getDate("N"));
            assertNull(rs.getBytes("N"));
            assertTrue(rs.wasNull());
        });
    }

    @Test
    void labelsAreCaseInsensitiveAndTheFirstMatchWins() throws Exception {
        withRows(COLUMNS, List.<Object[]>of(ROW), rs -> {
            assertTrue(rs.next());
            assertEquals(99L, rs.getLong("SUM"));
            assertEquals(99L, rs.getLong("Sum"));
            assertEquals(1, rs.findColumn("i"), "\"I\" (column 1) comes before \"i\" (column 15)");
            assertEquals(42, rs.getInt("i"));
            SQLException e = assertThrows(SQLException.class, () -> rs.getInt("NOPE"));
            assertEquals("42703", e.getSQLState());
            assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
        });
    }

    @Test
    void badConversionsName22018Or22003WithColumnAndValue() throws Exception {
        List<ColumnMeta> columns = List.of(column("TXT", Types.VARCHAR, "VARCHAR", "T"), column("BIG", Types.BIGINT, "BIGINT", "T"),
                column("DBL", Types.DOUBLE, "DOUBLE", "T"));
        withRows(columns, List.<Object[]>of(new Object[] {"abc", Long.MAX_VALUE, Double.NaN}), rs -> {
            assertTrue(rs.next());
            SQLException text = assertThrows(SQLException.class, () -> rs.getInt("TXT"));
            assertEquals("22018", text.getSQLState());
            assertTrue(text.getMessage().contains("TXT") && text.getMessage().contains("abc"), text.getMessage());
            SQLException range = assertThrows(SQLException.class, () -> rs.getInt("BIG"));
            assertEquals("22003", range.getSQLState());
            assertTrue(range.getMessage().contains(Long.toString(Long.MAX_VALUE)), range.getMessage());
            assertEquals("22003", assertThrows(SQLException.class, () -> rs.getLong("DBL")).getSQLState());
            assertEquals("22018", assertThrows(SQLException.class, () -> rs.getBoolean("TXT")).getSQLState());
            assertEquals("22018", assertThrows(SQLException.class, () -> rs.getTimestamp("TXT")).getSQLState());
            assertEquals("22018", assertThrows(SQLException.class, () -> rs.getDate("BIG")).getSQLState());
        });
    }

    @Test
    void booleansReadFromNumbersAndText() throws Exception {
        List<ColumnMeta> columns = new ArrayList<>();
        List<Object> values = Arrays.asList("true", "t", "YES", "1", "on", "false", "f", "no", "0", 1, 0L, new BigDecimal("1.0"));
        for (int i = 0; i < values.size(); i++) {
            columns.add(column("C" + i, Types.VARCHAR, "VARCHAR", ""));
        }
        withRows(columns, List.<Object[]>of(values.toArray()), rs -> {
            assertTrue(rs.next());
            boolean[] expected = {true, true, true, true, true, false, false, false, false, true, false, true};
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], rs.getBoolean(i + 1), "value " + values.get(i));
            }
        });
    }

    @Test
    void calendarGettersReadTheLocalValueInTheCalendarsZone() throws Exception {
        withRows(COLUMNS, List.<Object[]>of(ROW), rs -> {
            assertTrue(rs.next());
            Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
            Timestamp ts = rs.getTimestamp("TS", tokyo);
            assertEquals(MOMENT.atZone(java.time.ZoneId.of("Asia/Tokyo")).toInstant(), ts.toInstant());
            Date d = rs.getDate("DT", tokyo);
            assertEquals(LocalDate.of(2024, 2, 29).atStartOfDay(java.time.ZoneId.of("Asia/Tokyo")).toInstant().toEpochMilli(), d.getTime());
        });
    }

    @Test
    void positionIsForwardOnly() throws Exception {
        withRows(List.of(StatementTest.ID, StatementTest.NAME), StatementTest.rows(1, 2), rs -> {
            assertTrue(rs.isBeforeFirst());
            assertEquals(0, rs.getRow());
            assertEquals("24000", assertThrows(SQLException.class, () -> rs.getInt(1)).getSQLState());
            assertTrue(rs.next());
            assertTrue(rs.isFirst());
            assertFalse(rs.isLast());
            assertEquals(1, rs.getRow());
            assertTrue(rs.next());
            assertTrue(rs.isLast());
            assertFalse(rs.next());
            assertTrue(rs.isAfterLast());
            assertFalse(rs.next());
            assertEquals("24000", assertThrows(SQLException.class, () -> rs.getInt(1)).getSQLState());
            assertEquals("24000", assertThrows(SQLException.class, rs::previous).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class, () -> rs.getInt(3)).getSQLState());
            assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
            assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
            assertThrows(SQLFeatureNotSupportedException.class, () -> rs.updateInt(1, 5));
            assertThrows(SQLFeatureNotSupportedException.class, rs::insertRow);
        });
    }

    @Test
    void anEmptyResultIsNeitherBeforeFirstNorAfterLast() throws Exception {
        withRows(List.of(StatementTest.ID), List.of(), rs -> {
            assertFalse(rs.isBeforeFirst());
            assertFalse(rs.next());
            assertFalse(rs.isAfterLast());
        });
    }

    @Test
    void metadataDescribesTheColumns() throws Exception {
        withRows(COLUMNS, List.<Object[]>of(ROW), rs -> {
            ResultSetMetaData md = rs.getMetaData();
            assertEquals(COLUMNS.size(), md.getColumnCount());
            assertEquals("M", md.getColumnLabel(6));
            assertEquals("M", md.getColumnName(6));
            assertEquals("T", md.getTableName(6));
            assertEquals("PUBLIC", md.getSchemaName(6));
            assertEquals("", md.getCatalogName(6));
            assertEquals(Types.DECIMAL, md.getColumnType(6));
            assertEquals("DECIMAL", md.getColumnTypeName(6));
            assertEquals(12, md.getPrecision(6));
            assertEquals(2, md.getScale(6));
            assertEquals(14, md.getColumnDisplaySize(6));
            assertEquals(ResultSetMetaData.columnNullable, md.isNullable(6));
            assertTrue(md.isSigned(6));
            assertFalse(md.isSigned(7));
            assertTrue(md.isCaseSensitive(7));
            assertFalse(md.isAutoIncrement(1));
            assertFalse(md.isCurrency(6));
            assertTrue(md.isSearchable(1));
            assertEquals(11, md.getColumnDisplaySize(1));
            assertEquals(26, md.getColumnDisplaySize(11));
            assertEquals("java.lang.Integer", md.getColumnClassName(3));
            assertFalse(md.isReadOnly(1));
            assertTrue(md.isReadOnly(14), "a computed column has no table");
            assertEquals("", md.getSchemaName(14));
            assertEquals("22023", assertThrows(SQLException.class, () -> md.getColumnLabel(0)).getSQLState());
        });
    }
}
