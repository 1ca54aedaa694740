package dev.basalt.jdbc.internal;

import static dev.basalt.jdbc.internal.ConnectionTest.open;
import static dev.basalt.jdbc.internal.ConnectionTest.updateCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.jdbc.wire.BatchRequest;
import dev.basalt.jdbc.wire.BatchResponse;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.CloseRequest;
import dev.basalt.jdbc.wire.ColumnMeta;
import dev.basalt.jdbc.wire.ExecutePreparedRequest;
import dev.basalt.jdbc.wire.ExecuteResult;
import dev.basalt.jdbc.wire.PrepareRequest;
import dev.basalt.jdbc.wire.PrepareResponse;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
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
import java.time.ZoneId;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Prepared statements: PREPARE, parameter encoding, batches, metadata, closing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PreparedStatementTest {
    private static final long STATEMENT_ID = 77;
    private static final ColumnMeta BALANCE = new ColumnMeta("C_BALANCE", "C_BALANCE", "CUSTOMER", Types.DECIMAL, "DECIMAL", 12, 2, true);

    /** PREPARE answers statement 77 with {@code params} parameters; EXECUTE_PREPARED answers an update count of 1. */
    private static FakeNode node(int params) {
        FakeNode node = new FakeNode();
        node.answer(ClientMethods.PREPARE, payload ->
                new PrepareResponse(STATEMENT_ID, java.util.Collections.nCopies(params, Types.OTHER), List.of()).encode());
        node.answer(ClientMethods.EXECUTE_PREPARED, payload -> updateCount(1, false, true));
        return node;
    }

    /** The parameters of the n-th EXECUTE_PREPARED the node received. */
    private static List<Object> sentParams(FakeNode node, int n) {
        ExecutePreparedRequest request = ExecutePreparedRequest.decode(node.requests(ClientMethods.EXECUTE_PREPARED).get(n).payload());
        assertEquals(STATEMENT_ID, request.statementId());
        return request.params();
    }

    @Test
    void preparingSendsTheSqlOnceAndExecutingSendsTheId() throws Exception {
        try (FakeNode node = node(1); Connection c = open(node);
                PreparedStatement ps = c.prepareStatement("UPDATE T SET A = A + 1 WHERE ID = ?")) {
            assertEquals(new PrepareRequest("UPDATE T SET A = A + 1 WHERE ID = ?"),
                    PrepareRequest.decode(node.requests(ClientMethods.PREPARE).get(0).payload()));
            ps.setInt(1, 5);
            assertEquals(1, ps.executeUpdate());
            ps.setInt(1, 6);
            assertEquals(1L, ps.executeLargeUpdate());
            assertEquals(List.of(5), sentParams(node, 0));
            assertEquals(List.of(6), sentParams(node, 1));
            assertEquals(1, node.requests(ClientMethods.PREPARE).size());
        }
    }

    @Test
    void everySetterSendsTheWireValueItShould() throws Exception {
        try (FakeNode node = node(20); Connection c = open(node); PreparedStatement ps = c.prepareStatement("INSERT ...")) {
            Timestamp micros = Timestamp.valueOf("2024-01-02 03:04:05.123456");
            ps.setNull(1, 0);
            ps.setNull(2, Types.VARCHAR);
            ps.setBoolean(3, true);
            ps.setByte(4, (byte) -3);
            ps.setShort(5, (short) 300);
            ps.setInt(6, Integer.MIN_VALUE);
            ps.setLong(7, Long.MAX_VALUE);
            ps.setFloat(8, 1.5f);
            ps.setDouble(9, 2.25);
            ps.setBigDecimal(10, new BigDecimal("-12.34"));
            ps.setString(11, "ünïcödé 😀");
            ps.setBytes(12, new byte[] {9, 8});
            ps.setDate(13, Date.valueOf("2024-02-29"));
            ps.setTime(14, new Time(Time.valueOf("10:11:12").getTime() + 345));
            ps.setTimestamp(15, micros);
            ps.setObject(16, 1.5, Types.DECIMAL);
            ps.setObject(17, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6));
            ps.setObject(18, "42", Types.INTEGER);
            ps.setObject(19, new BigInteger("123"));
            ps.setObject(20, 0.1, JDBCType.NUMERIC);
            ps.execute();
            List<Object> sent = sentParams(node, 0);
            assertNull(sent.get(0));
            assertNull(sent.get(1));
            assertEquals(true, sent.get(2));
            assertEquals((short) -3, sent.get(3));
            assertEquals((short) 300, sent.get(4));
            assertEquals(Integer.MIN_VALUE, sent.get(5));
            assertEquals(Long.MAX_VALUE, sent.get(6));
            assertEquals(1.5f, sent.get(7));
            assertEquals(2.25, sent.get(8));
            assertEquals(new BigDecimal("-12.34"), sent.get(9));
            assertEquals("ünïcödé 😀", sent.get(10));
            assertArrayEquals(new byte[] {9, 8}, (byte[]) sent.get(11));
            assertEquals(LocalDate.of(2024, 2, 29), sent.get(12));
            assertEquals(LocalTime.of(10, 11, 12, 345_000_000), sent.get(13));
            assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), sent.get(14), "microseconds are kept");
            assertEquals(new BigDecimal("1.5"), sent.get(15), "a double bound to DECIMAL is its shortest decimal");
            assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6), sent.get(16));
            assertEquals(42, sent.get(17));
            assertEquals(new BigDecimal("123"), sent.get(18));
            assertEquals(new BigDecimal("0.1"), sent.get(19));
        }
    }

    @Test
    void setObjectConvertsToTheTargetTypeOrNamesTheParameter() throws Exception {
        try (FakeNode node = node(6); Connection c = open(node); PreparedStatement ps = c.prepareStatement("INSERT ...")) {
            ps.setObject(1, 2.345, Types.DECIMAL, 2);
            ps.setObject(2, 7, Types.VARCHAR);
            ps.setObject(3, "2024-05-06", Types.DATE);
            ps.setObject(4, "2024-05-06 07:08:09.5", Types.TIMESTAMP);
            ps.setObject(5, 1, Types.BOOLEAN);
            ps.setObject(6, UUID.fromString("00000000-0000-0000-0000-000000000001"));
            ps.execute();
            List<Object> sent = sentParams(node, 0);
            assertEquals(new BigDecimal("2.35"), sent.get(0));
            assertEquals("7", sent.get(1));
            assertEquals(LocalDate.of(2024, 5, 6), sent.get(2));
            assertEquals(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 500_000_000), sent.get(3));
            assertEquals(true, sent.get(4));
            assertEquals("00000000-0000-0000-0000-000000000001", sent.get(5));

            SQLException text = assertThrows(SQLException.class, () -> ps.setObject(1, "abc", Types.INTEGER));
            assertEquals("22018", text.getSQLState());
            assertTrue(text.getMessage().contains("parameter 1"), text.getMessage());
            assertEquals("22003", assertThrows(SQLException.class, () -> ps.setObject(1, 70_000, Types.SMALLINT)).getSQLState());
            assertEquals("22003", assertThrows(SQLException.class, () -> ps.setObject(1, Double.NaN, Types.DECIMAL)).getSQLState());
            assertEquals("07006", assertThrows(SQLException.class, () -> ps.setObject(1, new StringBuilder())).getSQLState());
            assertThrows(SQLFeatureNotSupportedException.class, () -> ps.setObject(1, "x", Types.ARRAY));
        }
    }

    @Test
    void calendarSettersReadTheMomentInTheCalendarsZone() throws Exception {
        try (FakeNode node = node(1); Connection c = open(node); PreparedStatement ps = c.prepareStatement("INSERT ...")) {
            Timestamp moment = Timestamp.from(java.time.Instant.parse("2024-01-02T00:30:00.000001Z"));
            ps.setTimestamp(1, moment, Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo")));
            ps.execute();
            assertEquals(LocalDateTime.ofInstant(moment.toInstant(), ZoneId.of("Asia/Tokyo")), sentParams(node, 0).get(0));
        }
    }

    @Test
    void streamsAreReadWhole() throws Exception {
        try (FakeNode node = node(3); Connection c = open(node); PreparedStatement ps = c.prepareStatement("INSERT ...")) {
            ps.setCharacterStream(1, new StringReader("chars"));
            ps.setBinaryStream(2, new ByteArrayInputStream(new byte[] {1, 2, 3}), 2);
            ps.setAsciiStream(3, new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII)));
            ps.execute();
            List<Object> sent = sentParams(node, 0);
            assertEquals("chars", sent.get(0));
            assertArrayEquals(new byte[] {1, 2}, (byte[]) sent.get(1));
            assertEquals("ascii", sent.get(2));
        }
    }

    @Test
    void aStreamLongerThanTheDriverSendsIsRefusedBeforeReading() throws Exception {
        try (FakeNode node = node(1); Connection c = open(node); PreparedStatement ps = c.prepareStatement("INSERT ...")) {
            SQLException e = assertThrows(SQLException.class,
                    () -> ps.setCharacterStream(1, new StringReader("x"), (long) Streams.CHARS_MAX + 1));
            assertEquals("22001", e.getSQLState());
            assertEquals("22001", assertThrows(SQLException.class,
                    () -> ps.setBinaryStream(1, new ByteArrayInputStream(new byte[0]), (long) Streams.BYTES_MAX + 1)).getSQLState());
        }
    }

    @Test
    void anUnsetParameterIs07001NamingIt() throws Exception {
        try (FakeNode node = node(2); Connection c = open(node); PreparedStatement ps = c.prepareStatement("SELECT ?, ?")) {
            ps.setInt(1, 1);
            SQLException e = assertThrows(SQLException.class, ps::execute);
            assertEquals("07001", e.getSQLState());
            assertTrue(e.getMessage().contains("parameter 2"), e.getMessage());
            ps.setInt(2, 2);
            ps.clearParameters();
            assertEquals("07001", assertThrows(SQLException.class, ps::execute).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class, () -> ps.setInt(3, 1)).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class, () -> ps.setInt(0, 1)).getSQLState());
            assertTrue(node.requests(ClientMethods.EXECUTE_PREPARED).isEmpty());
        }
    }

    @Test
    void aBatchIsOneExecuteBatchWithTheStatementId() throws Exception {
        try (FakeNode node = node(2); Connection c = open(node); PreparedStatement ps = c.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
            node.answer(ClientMethods.EXECUTE_BATCH, payload -> new BatchResponse(new long[] {1, 1, 1}).encode());
            for (int i = 0; i < 3; i++) {
                ps.setInt(1, i);
                ps.setNull(2, Types.NULL);
                ps.addBatch();
            }
            assertArrayEquals(new int[] {1, 1, 1}, ps.executeBatch());
            List<FakeNode.Request> batches = node.requests(ClientMethods.EXECUTE_BATCH);
            assertEquals(1, batches.size());
            BatchRequest sent = BatchRequest.decode(batches.get(0).payload());
            assertEquals(STATEMENT_ID, sent.statementId());
            assertTrue(sent.sqls().isEmpty());
            assertEquals(3, sent.paramRows().size());
            assertEquals(2, sent.paramRows().get(2).get(0));
            assertNull(sent.paramRows().get(2).get(1));
            assertThrows(SQLException.class, () -> ps.addBatch("INSERT INTO T VALUES (9, 9)"));
            assertThrows(SQLException.class, () -> ps.executeQuery("SELECT 1"));
        }
    }

    @Test
    void metadataComesFromPrepare() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.answer(ClientMethods.PREPARE, payload ->
                    new PrepareResponse(3, List.of(Types.INTEGER, Types.NULL), List.of(BALANCE)).encode());
            node.answer(ClientMethods.EXECUTE_PREPARED, payload -> new ExecuteResult.Rows(List.of(BALANCE),
                    List.<Object[]>of(new Object[] {new BigDecimal("-10.00")}), 0, ExecuteResult.AUTOCOMMIT).encode());
            try (PreparedStatement ps = c.prepareStatement("SELECT C_BALANCE FROM CUSTOMER WHERE C_W_ID = ? AND C_D_ID = ?")) {
                ResultSetMetaData md = ps.getMetaData();
                assertEquals(1, md.getColumnCount());
                assertEquals("C_BALANCE", md.getColumnLabel(1));
                ParameterMetaData pmd = ps.getParameterMetaData();
                assertEquals(2, pmd.getParameterCount());
                assertEquals(Types.INTEGER, pmd.getParameterType(1));
                assertEquals("INTEGER", pmd.getParameterTypeName(1));
                assertEquals(Types.NULL, pmd.getParameterType(2));
                assertEquals(ParameterMetaData.parameterModeIn, pmd.getParameterMode(1));
                ps.setInt(1, 1);
                ps.setInt(2, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(new BigDecimal("-10.00"), rs.getBigDecimal("c_balance"));
                }
            }
        }
    }

    @Test
    void aStatementWithoutRowsHasNoResultMetadata() throws Exception {
        try (FakeNode node = node(0); Connection c = open(node); PreparedStatement ps = c.prepareStatement("DELETE FROM T")) {
            assertNull(ps.getMetaData());
        }
    }

    @Test
    void closingSendsCloseStatement() throws Exception {
        try (FakeNode node = node(0); Connection c = open(node)) {
            PreparedStatement ps = c.prepareStatement("DELETE FROM T");
            ps.close();
            ps.close();
            List<FakeNode.Request> closes = node.awaitRequests(ClientMethods.CLOSE_STATEMENT, 1, 10_000);
            assertEquals(STATEMENT_ID, CloseRequest.decode(closes.get(0).payload()).id());
            assertEquals(1, closes.size());
            assertEquals("55000", assertThrows(SQLException.class, ps::execute).getSQLState());
        }
    }

    @Test
    void aFailedPrepareIsTheServersError() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.fail(ClientMethods.PREPARE, dev.basalt.common.ErrorCode.SYNTAX_ERROR, "syntax error at line 1, column 8");
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement("SELEC 1"));
            assertEquals("42601", e.getSQLState());
            assertEquals(dev.basalt.common.ErrorCode.SYNTAX_ERROR.code(), e.getErrorCode());
        }
    }
}
