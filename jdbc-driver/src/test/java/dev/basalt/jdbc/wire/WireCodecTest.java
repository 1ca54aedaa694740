package dev.basalt.jdbc.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every record and every value tag survives a round trip; malformed payloads are refused. */
class WireCodecTest {
    private static final ColumnMeta C_ID = new ColumnMeta("C_ID", "C_ID", "CUSTOMER", Types.INTEGER, "INTEGER", 10, 0, false);
    private static final ColumnMeta C_BALANCE =
            new ColumnMeta("bal", "C_BALANCE", "CUSTOMER", Types.DECIMAL, "DECIMAL", 12, 2, true);

    /** Values at the edges of every tag. */
    static List<Object> edgeValues() {
        List<Object> values = new ArrayList<>();
        values.add(null);
        values.add(true);
        values.add(false);
        values.add(Short.MIN_VALUE);
        values.add(Short.MAX_VALUE);
        values.add(Integer.MIN_VALUE);
        values.add(Integer.MAX_VALUE);
        values.add(0);
        values.add(Long.MIN_VALUE);
        values.add(Long.MAX_VALUE);
        values.add(Float.NaN);
        values.add(Float.POSITIVE_INFINITY);
        values.add(Float.NEGATIVE_INFINITY);
        values.add(-0.0f);
        values.add(Float.MIN_VALUE);
        values.add(Double.NaN);
        values.add(Double.POSITIVE_INFINITY);
        values.add(Double.NEGATIVE_INFINITY);
        values.add(-0.0);
        values.add(Double.MAX_VALUE);
        values.add(new BigDecimal("12345678901234567890123456789012345678")); // 38 digits
        values.add(new BigDecimal("-99999999999999999999999999999999999999"));
        values.add(new BigDecimal("0.00000000000000000000000000000000000001"));
        values.add(new BigDecimal(BigInteger.valueOf(5), -3)); // 5E+3: a negative scale
        values.add(BigDecimal.ZERO);
        values.add(new BigDecimal("-0.50"));
        values.add("");
        values.add("plain ascii");
        values.add("umlaut ü, CJK 中文, emoji 😀 (4 bytes of UTF-8)");
        values.add(new byte[0]);
        values.add(new byte[] {0, -1, 127, -128});
        values.add(LocalDate.of(1970, 1, 1));
        values.add(LocalDate.of(-9999, 1, 1));
        values.add(LocalDate.of(9999, 12, 31));
        values.add(LocalDate.MIN);
        values.add(LocalDate.MAX);
        values.add(LocalTime.MIDNIGHT);
        values.add(LocalTime.MAX);
        values.add(LocalTime.of(10, 15, 30, 123_456_000));
        values.add(LocalDateTime.of(1, 1, 1, 0, 0));
        values.add(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)); // microseconds
        values.add(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_999)); // before the epoch, nanoseconds
        values.add(LocalDateTime.MIN);
        values.add(LocalDateTime.MAX);
        return values;
    }

    @Test
    void everyValueTagRoundTripsAtItsLimits() {
        for (Object v : edgeValues()) {
            ByteWriter w = new ByteWriter();
            WireValues.write(w, v);
            ByteReader r = new ByteReader(w.toByteArray());
            Object back = WireValues.read(r);
            r.expectEnd();
            assertSameValue(v, back);
        }
    }

    @Test
    void decimalKeepsScaleAndDigits() {
        BigDecimal d = new BigDecimal(BigInteger.valueOf(5), -3);
        BigDecimal back = (BigDecimal) roundTrip(d);
        assertEquals(-3, back.scale());
        assertEquals(d, back);
    }

    @Test
    void tagsAreTheDocumentedNumbers() {
        Object[] values = {null, true, (short) 1, 1, 1L, 1f, 1d, BigDecimal.ONE, "s", new byte[0],
                LocalDate.EPOCH, LocalTime.NOON, LocalDateTime.of(2024, 1, 2, 3, 4)};
        for (int tag = 0; tag < values.length; tag++) {
            ByteWriter w = new ByteWriter();
            WireValues.write(w, values[tag]);
            assertEquals(tag, w.toByteArray()[0] & 0xFF, "tag of " + values[tag]);
        }
    }

    @Test
    void aByteIsSentAsSmallint() {
        assertEquals((short) -7, roundTrip((byte) -7));
    }

    @Test
    void timestampBytesAreEpochSecondAtUtcThenNano() {
        ByteWriter w = new ByteWriter();
        WireValues.write(w, LocalDateTime.of(1970, 1, 1, 0, 0, 1, 500_000_000));
        ByteReader r = new ByteReader(w.toByteArray());
        assertEquals(WireValues.TAG_TIMESTAMP, r.u8());
        assertEquals(1L, r.i64());
        assertEquals(500_000_000, r.i32());
        r.expectEnd();
    }

    @Test
    void unknownTagIsRefused() {
        BasaltException e = assertThrows(BasaltException.class, () -> WireValues.read(new ByteReader(new byte[] {13})));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("13"), e.getMessage());
    }

    @Test
    void unknownJavaTypeIsRefusedNamingIt() {
        BasaltException e = assertThrows(BasaltException.class, () -> WireValues.write(new ByteWriter(), new StringBuilder("x")));
        assertEquals(ErrorCode.INVALID_VALUE, e.code());
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertMalformed(new ByteWriter().u8(WireValues.TAG_SMALLINT).i32(Short.MAX_VALUE + 1).toByteArray());
        assertMalformed(new ByteWriter().u8(WireValues.TAG_TIME).i64(-1).toByteArray());
        assertMalformed(new ByteWriter().u8(WireValues.TAG_TIMESTAMP).i64(0).i32(1_000_000_000).toByteArray());
        assertMalformed(new ByteWriter().u8(WireValues.TAG_TIMESTAMP).i64(Long.MAX_VALUE).i32(0).toByteArray());
        assertMalformed(new ByteWriter().u8(WireValues.TAG_DATE).i64(Long.MAX_VALUE).toByteArray());
        assertMalformed(new ByteWriter().u8(WireValues.TAG_DECIMAL).i32(0).bytes(new byte[0]).toByteArray());
        assertMalformed(new ByteWriter().u8(WireValues.TAG_VARCHAR).i32(-1).toByteArray());
        assertMalformed(new ByteWriter().u8(WireValues.TAG_BOOLEAN).u8(2).toByteArray());
    }

    private static void assertMalformed(byte[] bytes) {
        BasaltException e = assertThrows(BasaltException.class, () -> WireValues.read(new ByteReader(bytes)));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void columnMetaRoundTripsAndNullStringsBecomeEmpty() {
        assertEquals(C_BALANCE, ColumnMeta.decode(C_BALANCE.encode()));
        ColumnMeta computed = new ColumnMeta("N", null, null, Types.BIGINT, null, 19, 0, true);
        ColumnMeta back = ColumnMeta.decode(computed.encode());
        assertEquals("", back.name());
        assertEquals("", back.table());
        assertEquals("", back.typeName());
        assertEquals(computed, back);
    }

    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final byte[] SALT = new byte[16];
    private static final byte[] SIGNATURE = new byte[32];

    @Test
    void connectRoundTripsAndCarriesNoPassword() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("applicationName", "tpcc");
        props.put("z", "");
        ConnectRequest request = new ConnectRequest("app", "shop", props, NONCE);
        ConnectRequest back = ConnectRequest.decode(request.encode());
        assertEquals(request, back);
        assertEquals(List.of("applicationName", "z"), new ArrayList<>(back.properties().keySet()));
        assertEquals(new ConnectRequest("", "", Map.of(), NONCE), ConnectRequest.decode(new ConnectRequest(null, null, Map.of(), NONCE).encode()));
    }

    @Test
    void connectResponsesRoundTrip() {
        ConnectResponse opened = new ConnectResponse.Opened("0.1.0", 3, Long.MAX_VALUE);
        assertEquals(opened, ConnectResponse.decode(opened.encode()));
        assertFalse(((ConnectResponse.Opened) opened).authenticated());
        ConnectResponse signed = new ConnectResponse.Opened("0.1.0", 3, 7, SIGNATURE);
        assertEquals(signed, ConnectResponse.decode(signed.encode()));
        ConnectResponse challenge = new ConnectResponse.Challenge(NONCE + "serverpart", SALT, 4096);
        assertEquals(challenge, ConnectResponse.decode(challenge.encode()));
        AuthenticateRequest proof = new AuthenticateRequest(SIGNATURE);
        assertEquals(proof, AuthenticateRequest.decode(proof.encode()));
        assertFalse(proof.toString().contains("0, 0"), proof.toString());
    }

    @Test
    void connectRefusesABadNonceAndAHugeUserName() {
        BasaltException comma = assertThrows(BasaltException.class,
                () -> ConnectRequest.decode(new ConnectRequest("u", "", Map.of(), "abcdefgh,ijklmnop").encode()));
        assertEquals(ErrorCode.INVALID_REQUEST, comma.code());
        assertTrue(comma.getMessage().contains("client nonce"), comma.getMessage());
        BasaltException shortNonce = assertThrows(BasaltException.class,
                () -> ConnectRequest.decode(new ConnectRequest("u", "", Map.of(), "abc").encode()));
        assertEquals(ErrorCode.INVALID_REQUEST, shortNonce.code());
        BasaltException longUser = assertThrows(BasaltException.class,
                () -> ConnectRequest.decode(new ConnectRequest("u".repeat(ConnectRequest.USER_CHARS_MAX + 1), "", Map.of(), NONCE).encode()));
        assertTrue(longUser.getMessage().contains("user name"), longUser.getMessage());
    }

    @Test
    void aChallengeOutsideTheBoundsIsRefused() {
        byte[] tooManyIterations = new ByteWriter().u8(ConnectResponse.KIND_CHALLENGE).string(NONCE).bytes(SALT).i32(Integer.MAX_VALUE)
                .toByteArray();
        BasaltException e = assertThrows(BasaltException.class, () -> ConnectResponse.decode(tooManyIterations));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("iteration count"), e.getMessage());
        byte[] tinySalt = new ByteWriter().u8(ConnectResponse.KIND_CHALLENGE).string(NONCE).bytes(new byte[2]).i32(4096).toByteArray();
        assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(BasaltException.class, () -> ConnectResponse.decode(tinySalt)).code());
        byte[] badKind = new ByteWriter().u8(9).toByteArray();
        assertTrue(assertThrows(BasaltException.class, () -> ConnectResponse.decode(badKind)).getMessage().contains("kind 9"));
        byte[] shortSignature = new ByteWriter().u8(ConnectResponse.KIND_OPENED).string("v").i32(1).i64(1).bytes(new byte[5]).toByteArray();
        assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(BasaltException.class, () -> ConnectResponse.decode(shortSignature)).code());
        byte[] shortProof = new ByteWriter().bytes(new byte[31]).toByteArray();
        assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(BasaltException.class, () -> AuthenticateRequest.decode(shortProof)).code());
    }

    @Test
    void garbageNeverDecodesIntoAnAuthenticationMessage() {
        java.util.Random random = new java.util.Random(42);
        List<Function<byte[], Object>> decoders = List.of(ConnectRequest::decode, ConnectResponse::decode, AuthenticateRequest::decode);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            for (Function<byte[], Object> decoder : decoders) {
                try {
                    decoder.apply(garbage);
                } catch (BasaltException e) {
                    assertEquals(ErrorCode.INVALID_REQUEST, e.code(), e.getMessage());
                }
            }
        }
    }

    @Test
    void executeAndPrepareRequestsRoundTrip() {
        ExecuteRequest execute = new ExecuteRequest("SELECT ?", edgeValues(), 100, Long.MAX_VALUE);
        ExecuteRequest back = ExecuteRequest.decode(execute.encode());
        assertEquals(execute.sql(), back.sql());
        assertEquals(execute.fetchSize(), back.fetchSize());
        assertEquals(execute.maxRows(), back.maxRows());
        assertSameValues(execute.params(), back.params());

        assertEquals(new PrepareRequest("SELECT 1"), PrepareRequest.decode(new PrepareRequest("SELECT 1").encode()));

        ExecutePreparedRequest prepared = new ExecutePreparedRequest(7, Arrays.asList(1, null, "x"), 0, 0);
        ExecutePreparedRequest preparedBack = ExecutePreparedRequest.decode(prepared.encode());
        assertEquals(7, preparedBack.statementId());
        assertSameValues(prepared.params(), preparedBack.params());

        PrepareResponse response = new PrepareResponse(42, List.of(Types.INTEGER, Types.OTHER, Types.NULL), List.of(C_ID, C_BALANCE));
        assertEquals(response, PrepareResponse.decode(response.encode()));
        PrepareResponse dml = new PrepareResponse(1, List.of(), List.of());
        assertEquals(dml, PrepareResponse.decode(dml.encode()));
    }

    @Test
    void executeResultsRoundTripWithSessionFlags() {
        ExecuteResult.UpdateCount count = new ExecuteResult.UpdateCount(Long.MAX_VALUE, ExecuteResult.sessionFlags(true, false));
        ExecuteResult back = ExecuteResult.decode(count.encode());
        assertEquals(count, back);
        assertTrue(back.transactionOpen());
        assertFalse(back.autocommit());

        List<Object[]> rows = List.of(new Object[] {1, new BigDecimal("10.00")}, new Object[] {Integer.MIN_VALUE, null});
        ExecuteResult.Rows result = new ExecuteResult.Rows(List.of(C_ID, C_BALANCE), rows, 99, ExecuteResult.AUTOCOMMIT);
        ExecuteResult.Rows rowsBack = (ExecuteResult.Rows) ExecuteResult.decode(result.encode());
        assertEquals(result.columns(), rowsBack.columns());
        assertEquals(99, rowsBack.cursorId());
        assertEquals(ExecuteResult.AUTOCOMMIT, rowsBack.sessionFlags());
        assertRowsEqual(rows, rowsBack.rows());

        ExecuteResult.Rows empty = new ExecuteResult.Rows(List.of(C_ID), List.of(), 0, 0);
        assertRowsEqual(List.of(), ((ExecuteResult.Rows) ExecuteResult.decode(empty.encode())).rows());
    }

    @Test
    void executeResultLayoutIsKindPayloadFlags() {
        byte[] b = new ExecuteResult.UpdateCount(5, ExecuteResult.sessionFlags(true, true)).encode();
        ByteReader r = new ByteReader(b);
        assertEquals(ExecuteResult.KIND_UPDATE_COUNT, r.u8());
        assertEquals(5, r.i64());
        assertEquals(3, r.u8());
        r.expectEnd();
    }

    @Test
    void executeResultRefusesUnknownKindAndFlags() {
        assertThrows(BasaltException.class, () -> ExecuteResult.decode(new ByteWriter().u8(3).i64(1).u8(0).toByteArray()));
        assertThrows(BasaltException.class, () -> ExecuteResult.decode(new ByteWriter().u8(1).i64(1).u8(4).toByteArray()));
        assertThrows(BasaltException.class, () -> new ExecuteResult.Rows(List.of(C_ID), List.<Object[]>of(new Object[2]), 0, 0));
    }

    @Test
    void batchesRoundTrip() {
        BatchRequest prepared = new BatchRequest(7, List.of(), List.of(Arrays.asList(1, null), List.of(2, "x")));
        BatchRequest back = BatchRequest.decode(prepared.encode());
        assertEquals(7, back.statementId());
        assertEquals(2, back.size());
        assertSameValues(prepared.paramRows().get(0), back.paramRows().get(0));
        assertSameValues(prepared.paramRows().get(1), back.paramRows().get(1));

        BatchRequest texts = new BatchRequest(0, List.of("INSERT INTO T VALUES (1)", "DELETE FROM T"), List.of());
        assertEquals(texts, BatchRequest.decode(texts.encode()));
        assertThrows(BasaltException.class, () -> new BatchRequest(7, List.of("x"), List.of()));
        assertThrows(BasaltException.class, () -> new BatchRequest(0, List.of(), List.of(List.of(1))));

        BatchResponse response = new BatchResponse(new long[] {1, 0, -2, Long.MAX_VALUE});
        assertEquals(response, BatchResponse.decode(response.encode()));
    }

    @Test
    void queryTimeoutsTravelWithEveryRequestThatRunsSql() {
        assertEquals(1_500, ExecuteRequest.decode(new ExecuteRequest("SELECT 1", List.of(), 0, 0, 1_500).encode()).queryTimeoutMs());
        assertEquals(Integer.MAX_VALUE, ExecutePreparedRequest.decode(
                new ExecutePreparedRequest(7, List.of(), 0, 0, Integer.MAX_VALUE).encode()).queryTimeoutMs());
        assertEquals(2_000, BatchRequest.decode(new BatchRequest(0, List.of("DELETE FROM T"), List.of(), 2_000).encode()).queryTimeoutMs());
        assertEquals(new FetchRequest(9, 10, 3_000), FetchRequest.decode(new FetchRequest(9, 10, 3_000).encode()));
        assertThrows(BasaltException.class, () -> new ExecuteRequest("SELECT 1", List.of(), 0, 0, -1));
        assertThrows(BasaltException.class, () -> new FetchRequest(9, 10, -1));
        assertEquals("CANCEL", ClientMethods.name(ClientMethods.CANCEL));
        assertEquals(ClientMethods.AUTHENTICATE, ClientMethods.LAST, "the dispatcher routes every client method up to AUTHENTICATE");
    }

    @Test
    void fetchAndPagesRoundTrip() {
        FetchRequest fetch = new FetchRequest(9, 1000);
        assertEquals(fetch, FetchRequest.decode(fetch.encode()));
        assertThrows(BasaltException.class, () -> new FetchRequest(9, 0));

        List<Object[]> rows = List.of(new Object[] {"a", 1L}, new Object[] {null, Long.MIN_VALUE});
        RowsPage page = new RowsPage(rows, true);
        RowsPage back = RowsPage.decode(page.encode(2), 2);
        assertTrue(back.more());
        assertRowsEqual(rows, back.rows());
        RowsPage last = RowsPage.decode(new RowsPage(List.of(), false).encode(), 2);
        assertFalse(last.more());
        assertTrue(last.rows().isEmpty());
    }

    @Test
    void closeAndSetSessionRoundTrip() {
        assertEquals(new CloseRequest(5), CloseRequest.decode(new CloseRequest(5).encode()));
        SetSessionRequest set = new SetSessionRequest(SetSessionRequest.ISOLATION, "4");
        assertEquals(set, SetSessionRequest.decode(set.encode()));
    }

    @Test
    void methodNumbersAreTheDocumentedOnes() {
        int[] methods = {ClientMethods.CONNECT, ClientMethods.EXECUTE, ClientMethods.PREPARE, ClientMethods.EXECUTE_PREPARED,
            ClientMethods.EXECUTE_BATCH, ClientMethods.FETCH, ClientMethods.CLOSE_CURSOR, ClientMethods.CLOSE_STATEMENT,
            ClientMethods.COMMIT, ClientMethods.ROLLBACK, ClientMethods.SET_SESSION, ClientMethods.PING, ClientMethods.CANCEL,
            ClientMethods.AUTHENTICATE};
        for (int i = 0; i < methods.length; i++) {
            assertEquals(100 + i, methods[i]);
        }
        assertEquals("FETCH", ClientMethods.name(105));
    }

    @Test
    void truncatedPayloadsAreRefused() {
        byte[][] payloads = {
            new ExecuteRequest("SELECT 1", List.of("a", 1), 10, 0).encode(),
            new ConnectRequest("u", "d", Map.of("k", "v"), NONCE).encode(),
            new PrepareResponse(1, List.of(Types.INTEGER), List.of(C_ID)).encode(),
            new ExecuteResult.Rows(List.of(C_ID), List.<Object[]>of(new Object[] {1}), 0, 0).encode(),
            new BatchRequest(3, List.of(), List.of(List.of(1))).encode(),
            new RowsPage(List.<Object[]>of(new Object[] {1}), false).encode(1),
            new ConnectResponse.Challenge(NONCE + "server", SALT, 4096).encode(),
            new ConnectResponse.Opened("v", 1, 2, SIGNATURE).encode(),
            new AuthenticateRequest(SIGNATURE).encode(),
        };
        List<Function<byte[], Object>> decoders = List.of(ExecuteRequest::decode, ConnectRequest::decode,
                PrepareResponse::decode, ExecuteResult::decode, BatchRequest::decode, b -> RowsPage.decode(b, 1),
                ConnectResponse::decode, ConnectResponse::decode, AuthenticateRequest::decode);
        for (int p = 0; p < payloads.length; p++) {
            byte[] full = payloads[p];
            Function<byte[], Object> decoder = decoders.get(p);
            decoder.apply(full);
            for (int cut = 0; cut < full.length; cut++) {
                byte[] truncated = Arrays.copyOf(full, cut);
                BasaltException e = assertThrows(BasaltException.class, () -> decoder.apply(truncated),
                        "payload " + p + " cut at " + cut);
                assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            }
            byte[] longer = Arrays.copyOf(full, full.length + 1);
            assertThrows(BasaltException.class, () -> decoder.apply(longer), "payload " + p + " with a trailing byte");
        }
    }

    @Test
    void aHugeCountIsRefusedBeforeAllocating() {
        byte[] b = new ByteWriter().string("SELECT").i32(Integer.MAX_VALUE).toByteArray();
        BasaltException e = assertThrows(BasaltException.class, () -> ExecuteRequest.decode(b));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    // ---- helpers

    private static Object roundTrip(Object v) {
        ByteWriter w = new ByteWriter();
        WireValues.write(w, v);
        ByteReader r = new ByteReader(w.toByteArray());
        Object back = WireValues.read(r);
        r.expectEnd();
        return back;
    }

    static void assertSameValue(Object expected, Object actual) {
        if (expected instanceof byte[] e) {
            assertArrayEquals(e, (byte[]) actual);
        } else if (expected instanceof Float f) {
            assertEquals(Float.floatToIntBits(f), Float.floatToIntBits((Float) actual));
        } else if (expected instanceof Double d) {
            assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits((Double) actual));
        } else if (expected == null) {
            assertNull(actual);
        } else {
            assertEquals(expected, actual);
            assertEquals(expected.getClass(), actual.getClass());
        }
    }

    private static void assertSameValues(List<Object> expected, List<Object> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSameValue(expected.get(i), actual.get(i));
        }
    }

    private static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Arrays.deepEquals(expected.get(i), actual.get(i)),
                    Arrays.deepToString(expected.get(i)) + " vs " + Arrays.deepToString(actual.get(i)));
        }
    }
}
