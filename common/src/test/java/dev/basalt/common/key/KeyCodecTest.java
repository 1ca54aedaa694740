package dev.basalt.common.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** One behaviour each; {@link KeyCodecPropertyTest} checks order and round trips at random. */
class KeyCodecTest {

    private static KeyCodec codec(KeyType type, SortOrder order) {
        return KeyCodec.of(new KeyColumn(type, order));
    }

    private static byte[] encode(KeyType type, SortOrder order, Object value) {
        return codec(type, order).encode(Arrays.asList(value));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static void assertSortsBefore(byte[] smaller, byte[] larger) {
        assertTrue(Arrays.compareUnsigned(smaller, larger) < 0,
                Arrays.toString(smaller) + " should sort before " + Arrays.toString(larger));
    }

    private static BasaltException assertFails(ErrorCode code, Executable executable) {
        BasaltException e = assertThrows(BasaltException.class, executable);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    // ---- the byte format, pinned: it is on disk -------------------------------------------

    @Test
    void nullIsOneMarkerByteThatDescInverts() {
        assertArrayEquals(bytes(0x00), encode(KeyType.integer(), SortOrder.ASC, null));
        assertArrayEquals(bytes(0xFF), encode(KeyType.integer(), SortOrder.DESC, null));
    }

    @Test
    void integersAreSignFlippedBigEndian() {
        assertArrayEquals(bytes(0x01, 0x80, 0x00, 0x00, 0x01), encode(KeyType.integer(), SortOrder.ASC, 1));
        assertArrayEquals(bytes(0x01, 0x7F, 0xFF, 0xFF, 0xFF), encode(KeyType.integer(), SortOrder.ASC, -1));
        assertArrayEquals(bytes(0x01, 0x00, 0x00), encode(KeyType.smallint(), SortOrder.ASC, Short.MIN_VALUE));
        assertArrayEquals(bytes(0xFE, 0x7F, 0xFF, 0xFF, 0xFE), encode(KeyType.integer(), SortOrder.DESC, 1));
    }

    @Test
    void doublesHaveTheSignBitFlippedOrAllBitsInverted() {
        assertArrayEquals(bytes(0x01, 0xBF, 0xF0, 0, 0, 0, 0, 0, 0),
                encode(KeyType.doublePrecision(), SortOrder.ASC, 1.0));
        assertArrayEquals(bytes(0x01, 0x40, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
                encode(KeyType.doublePrecision(), SortOrder.ASC, -1.0));
    }

    @Test
    void decimalsAreASignAndLengthHeaderThenTheMagnitudeAtTheColumnScale() {
        KeyType type = KeyType.decimal(12, 2);
        assertArrayEquals(bytes(0x01, 0x80), encode(type, SortOrder.ASC, BigDecimal.ZERO));
        assertArrayEquals(bytes(0x01, 0x81, 0x96), encode(type, SortOrder.ASC, new BigDecimal("1.50")));
        assertArrayEquals(bytes(0x01, 0x7F, 0x69), encode(type, SortOrder.ASC, new BigDecimal("-1.50")));
        assertArrayEquals(bytes(0x01, 0x82, 0x01, 0x00), encode(type, SortOrder.ASC, new BigDecimal("2.56")));
    }

    @Test
    void stringsAreUtf8WithNulEscapedAndATerminator() {
        assertArrayEquals(bytes(0x01, 0x61, 0x00, 0xFF, 0xC3, 0xA9, 0x00, 0x01),
                encode(KeyType.varchar(4), SortOrder.ASC, "a\u0000\u00e9"));
        assertArrayEquals(bytes(0xFE, 0xFF, 0xFE), encode(KeyType.varchar(4), SortOrder.DESC, ""));
    }

    @Test
    void datesAreDaysAndTimestampsMicrosecondsSinceTheEpoch() {
        assertArrayEquals(bytes(0x01, 0x80, 0x00, 0x00, 0x01),
                encode(KeyType.date(), SortOrder.ASC, LocalDate.of(1970, 1, 2)));
        assertArrayEquals(bytes(0x01, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
                encode(KeyType.timestamp(), SortOrder.ASC, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)));
    }

    // ---- order -----------------------------------------------------------------------------

    @Test
    void nullSortsFirstInAscAndLastInDesc() {
        assertSortsBefore(encode(KeyType.bigint(), SortOrder.ASC, null),
                encode(KeyType.bigint(), SortOrder.ASC, Long.MIN_VALUE));
        assertSortsBefore(encode(KeyType.bigint(), SortOrder.DESC, Long.MIN_VALUE),
                encode(KeyType.bigint(), SortOrder.DESC, null));
    }

    @Test
    void stringSortsBeforeItsExtensionByNulAndThatBeforeOtherExtensions() {
        for (SortOrder order : SortOrder.values()) {
            byte[] a = encode(KeyType.varchar(4), order, "a");
            byte[] aNul = encode(KeyType.varchar(4), order, "a\u0000");
            byte[] ab = encode(KeyType.varchar(4), order, "ab");
            if (order == SortOrder.ASC) {
                assertSortsBefore(a, aNul);
                assertSortsBefore(aNul, ab);
            } else {
                assertSortsBefore(ab, aNul);
                assertSortsBefore(aNul, a);
            }
        }
    }

    @Test
    void stringColumnDoesNotLeakIntoTheNextColumn() {
        KeyCodec asc = KeyCodec.of(KeyColumn.asc(KeyType.varchar(4)), KeyColumn.asc(KeyType.integer()));
        assertSortsBefore(asc.encode(List.of("a", Integer.MAX_VALUE)), asc.encode(List.of("ab", Integer.MIN_VALUE)));
        KeyCodec desc = KeyCodec.of(KeyColumn.desc(KeyType.varchar(4)), KeyColumn.asc(KeyType.integer()));
        assertSortsBefore(desc.encode(List.of("ab", Integer.MAX_VALUE)), desc.encode(List.of("a", Integer.MIN_VALUE)));
    }

    @Test
    void stringsSortByCodePointNotByUtf16Unit() {
        // U+FFFF > U+D83D (the high surrogate of U+1F600) as UTF-16 units, but U+FFFF < U+1F600.
        assertSortsBefore(encode(KeyType.varchar(1), SortOrder.ASC, "\uFFFF"),
                encode(KeyType.varchar(1), SortOrder.ASC, "\uD83D\uDE00"));
    }

    @Test
    void negativeZeroEncodesAsZero() {
        assertArrayEquals(encode(KeyType.doublePrecision(), SortOrder.ASC, 0.0),
                encode(KeyType.doublePrecision(), SortOrder.ASC, -0.0));
        assertEquals(List.of(0.0), codec(KeyType.doublePrecision(), SortOrder.ASC)
                .decode(encode(KeyType.doublePrecision(), SortOrder.ASC, -0.0)));
    }

    @Test
    void everyNanIsOneNanThatSortsAfterInfinity() {
        double otherNan = Double.longBitsToDouble(0xFFF0_0000_0000_0001L);
        assertArrayEquals(encode(KeyType.doublePrecision(), SortOrder.ASC, Double.NaN),
                encode(KeyType.doublePrecision(), SortOrder.ASC, otherNan));
        assertSortsBefore(encode(KeyType.doublePrecision(), SortOrder.ASC, Double.POSITIVE_INFINITY),
                encode(KeyType.doublePrecision(), SortOrder.ASC, Double.NaN));
    }

    @Test
    void prefixEncodingIsAPrefixOfTheFullKey() {
        KeyCodec codec = KeyCodec.of(KeyColumn.asc(KeyType.integer()), KeyColumn.desc(KeyType.varchar(8)));
        byte[] full = codec.encode(List.of(7, "x"));
        byte[] prefix = codec.encodePrefix(List.of(7));
        assertArrayEquals(prefix, Arrays.copyOf(full, prefix.length));
    }

    // ---- values ----------------------------------------------------------------------------

    @Test
    void decimalWithFewerFractionDigitsTakesTheColumnScale() {
        KeyCodec codec = codec(KeyType.decimal(12, 2), SortOrder.ASC);
        byte[] key = codec.encode(List.of(new BigDecimal("1.5")));
        assertArrayEquals(codec.encode(List.of(new BigDecimal("1.50"))), key);
        BigDecimal decoded = (BigDecimal) codec.decode(key).get(0);
        assertEquals(new BigDecimal("1.50"), decoded);
        assertEquals(2, decoded.scale());
    }

    @Test
    void decimalsAtFullPrecisionRoundTrip() {
        BigInteger nines = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
        for (KeyType type : List.of(KeyType.decimal(38, 0), KeyType.decimal(38, 38), KeyType.decimal(38, 19))) {
            KeyCodec codec = codec(type, SortOrder.ASC);
            for (BigDecimal value : List.of(new BigDecimal(nines, type.scale()), new BigDecimal(nines.negate(), type.scale()))) {
                assertEquals(List.of(value), codec.decode(codec.encode(List.of(value))), type.toString());
            }
        }
    }

    @Test
    void timestampsKeepMicrosecondsBeforeAndAfterTheEpoch() {
        KeyCodec codec = codec(KeyType.timestamp(), SortOrder.DESC);
        for (LocalDateTime value : List.of(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1_000),
                LocalDateTime.of(2024, 2, 29, 12, 0, 0, 999_999_000))) {
            assertEquals(List.of(value), codec.decode(codec.encode(List.of(value))));
        }
    }

    @Test
    void timestampsCoverTheWholeSixtyFourBitMicrosecondRange() {
        KeyCodec codec = codec(KeyType.timestamp(), SortOrder.ASC);
        LocalDateTime earliest = LocalDateTime.of(-290308, 12, 21, 19, 59, 5, 224_192_000);
        LocalDateTime latest = LocalDateTime.of(294247, 1, 10, 4, 0, 54, 775_807_000);
        assertArrayEquals(bytes(0x01, 0, 0, 0, 0, 0, 0, 0, 0), codec.encode(List.of(earliest)));
        assertArrayEquals(bytes(0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), codec.encode(List.of(latest)));
        assertEquals(List.of(earliest), codec.decode(codec.encode(List.of(earliest))));
        assertFails(ErrorCode.INVALID_VALUE, () -> codec.encode(List.of(earliest.minusNanos(1_000))));
        assertFails(ErrorCode.INVALID_VALUE, () -> codec.encode(List.of(latest.plusNanos(1_000))));
    }

    @Test
    void supplementaryCharacterCountsAsOneCodePoint() {
        KeyCodec codec = codec(KeyType.varchar(2), SortOrder.ASC);
        assertEquals(List.of("\uD83D\uDE00\uD83D\uDE00"), codec.decode(codec.encode(List.of("\uD83D\uDE00\uD83D\uDE00"))));
    }

    // ---- values that do not fit: INVALID_VALUE --------------------------------------------

    @Test
    void decimalWithTooManyIntegerDigitsDoesNotFit() {
        BasaltException e = assertFails(ErrorCode.INVALID_VALUE,
                () -> encode(KeyType.decimal(12, 2), SortOrder.ASC, new BigDecimal("12345678901.5")));
        assertEquals("key column 0: value 12345678901.5 does not fit DECIMAL(12,2)", e.getMessage());
    }

    @Test
    void decimalWithTooManyFractionDigitsDoesNotFit() {
        assertFails(ErrorCode.INVALID_VALUE, () -> encode(KeyType.decimal(12, 2), SortOrder.ASC, new BigDecimal("1.005")));
    }

    @Test
    void decimalWithAHugeExponentDoesNotFit() {
        assertFails(ErrorCode.INVALID_VALUE, () -> encode(KeyType.decimal(38, 2), SortOrder.ASC, new BigDecimal("1E-1000000")));
        assertFails(ErrorCode.INVALID_VALUE, () -> encode(KeyType.decimal(38, 2), SortOrder.ASC, new BigDecimal("1E+1000000")));
    }

    @Test
    void zeroFitsADecimalWithoutIntegerDigits() {
        KeyCodec codec = codec(KeyType.decimal(2, 2), SortOrder.ASC);
        assertEquals(List.of(new BigDecimal("0.00")), codec.decode(codec.encode(List.of(new BigDecimal("0E+5")))));
    }

    @Test
    void varcharLongerThanItsLengthDoesNotFit() {
        BasaltException e = assertFails(ErrorCode.INVALID_VALUE, () -> encode(KeyType.varchar(5), SortOrder.ASC, "abcdef"));
        assertEquals("key column 0: value 'abcdef' does not fit VARCHAR(5): 6 code points", e.getMessage());
    }

    @Test
    void stringWithAnUnpairedSurrogateDoesNotFit() {
        assertFails(ErrorCode.INVALID_VALUE, () -> encode(KeyType.varchar(5), SortOrder.ASC, "a\uD83D"));
    }

    @Test
    void timestampWithNanosecondsDoesNotFit() {
        BasaltException e = assertFails(ErrorCode.INVALID_VALUE, () -> encode(KeyType.timestamp(), SortOrder.ASC,
                LocalDateTime.of(2024, 5, 1, 10, 0, 0, 500)));
        assertTrue(e.getMessage().startsWith("key column 0: value 2024-05-01T10:00:00.000000500 does not fit TIMESTAMP"),
                e.getMessage());
    }

    @Test
    void timestampBeyondSixtyFourBitsOfMicrosecondsDoesNotFit() {
        assertFails(ErrorCode.INVALID_VALUE, () -> encode(KeyType.timestamp(), SortOrder.ASC, LocalDateTime.MAX));
    }

    @Test
    void dateBeyondThirtyTwoBitsOfDaysDoesNotFit() {
        assertFails(ErrorCode.INVALID_VALUE, () -> encode(KeyType.date(), SortOrder.ASC, LocalDate.MAX));
    }

    @Test
    void valueOfTheWrongClassDoesNotFitAndTheMessageNamesColumnTypeAndValue() {
        KeyCodec codec = KeyCodec.of(KeyColumn.asc(KeyType.varchar(4)), KeyColumn.asc(KeyType.integer()));
        BasaltException e = assertFails(ErrorCode.INVALID_VALUE, () -> codec.encode(List.of("x", "abc")));
        assertEquals("key column 1: value 'abc' does not fit INT: expected Integer, got String", e.getMessage());
    }

    @Test
    void wrongNumberOfValuesIsAnInvalidRequest() {
        KeyCodec codec = KeyCodec.of(KeyColumn.asc(KeyType.integer()), KeyColumn.asc(KeyType.integer()));
        assertFails(ErrorCode.INVALID_REQUEST, () -> codec.encode(List.of(1)));
        assertFails(ErrorCode.INVALID_REQUEST, () -> codec.encodePrefix(List.of(1, 2, 3)));
    }

    // ---- bytes that are no key: INVALID_REQUEST -------------------------------------------

    @Test
    void everyTruncationOfAKeyIsAnInvalidRequest() {
        KeyCodec codec = KeyCodec.of(
                KeyColumn.asc(KeyType.bool()), KeyColumn.desc(KeyType.smallint()),
                KeyColumn.asc(KeyType.integer()), KeyColumn.desc(KeyType.bigint()),
                KeyColumn.asc(KeyType.decimal(20, 4)), KeyColumn.desc(KeyType.doublePrecision()),
                KeyColumn.asc(KeyType.character(3)), KeyColumn.desc(KeyType.varchar(8)),
                KeyColumn.asc(KeyType.date()), KeyColumn.desc(KeyType.timestamp()));
        byte[] key = codec.encode(List.of(true, (short) -3, 42, -42L, new BigDecimal("-12345.6789"), 2.5,
                "a\u0000b", "\u00e9t\u00e9", LocalDate.of(2020, 1, 1), LocalDateTime.of(2020, 1, 1, 0, 0)));
        for (int length = 0; length < key.length; length++) {
            byte[] truncated = Arrays.copyOf(key, length);
            assertFails(ErrorCode.INVALID_REQUEST, () -> codec.decode(truncated));
        }
    }

    @Test
    void trailingBytesAreAnInvalidRequest() {
        KeyCodec codec = codec(KeyType.integer(), SortOrder.ASC);
        byte[] key = Arrays.copyOf(codec.encode(List.of(1)), 6);
        assertFails(ErrorCode.INVALID_REQUEST, () -> codec.decode(key));
    }

    @Test
    void malformedColumnsAreAnInvalidRequest() {
        assertFails(ErrorCode.INVALID_REQUEST, () -> codec(KeyType.integer(), SortOrder.ASC).decode(bytes(0x02, 0, 0, 0, 0)));
        assertFails(ErrorCode.INVALID_REQUEST, () -> codec(KeyType.bool(), SortOrder.ASC).decode(bytes(0x01, 0x02)));
        KeyCodec decimal = codec(KeyType.decimal(4, 0), SortOrder.ASC);
        assertFails(ErrorCode.INVALID_REQUEST, () -> decimal.decode(bytes(0x01, 0x91)));
        assertFails(ErrorCode.INVALID_REQUEST, () -> decimal.decode(bytes(0x01, 0x82, 0x00, 0x01)));
        assertFails(ErrorCode.INVALID_REQUEST, () -> decimal.decode(bytes(0x01, 0x82, 0x27, 0x10)));
        KeyCodec string = codec(KeyType.varchar(2), SortOrder.ASC);
        assertFails(ErrorCode.INVALID_REQUEST, () -> string.decode(bytes(0x01, 0x61, 0x00, 0x05)));
        assertFails(ErrorCode.INVALID_REQUEST, () -> string.decode(bytes(0x01, 0xC3, 0x28, 0x00, 0x01)));
        assertFails(ErrorCode.INVALID_REQUEST, () -> string.decode(bytes(0x01, 0x61, 0x61, 0x61, 0x00, 0x01)));
        assertFails(ErrorCode.INVALID_REQUEST, () -> codec(KeyType.doublePrecision(), SortOrder.ASC)
                .decode(bytes(0x01, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)));
    }
}
