package dev.basalt.common.key;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Encodes the values of a composite key to bytes whose unsigned lexicographic order is the SQL
 * order of the values, column by column, and decodes them back. The byte format and why it
 * preserves order are described in the {@linkplain dev.basalt.common.key package documentation}.
 *
 * <p>A codec is immutable and safe to share between threads. Values are passed as a list with
 * one element per column, {@code null} for SQL NULL, each of the Java class its kind takes
 * ({@link KeyType.Kind#javaClass()}); a value that does not fit its column is
 * {@link ErrorCode#INVALID_VALUE}. Bytes that are not an encoding this codec could have produced
 * are {@link ErrorCode#INVALID_REQUEST}.
 */
public final class KeyCodec {

    /** A key has at most this many columns. */
    public static final int KEY_COLUMNS_MAX = 32;

    /** First byte of an ASC column: NULL sorts before every value. */
    static final int NULL_MARKER = 0x00;
    static final int VALUE_MARKER = 0x01;

    /** In a string, 0x00 starts a two-byte escape: 0x00 0x01 ends the string, 0x00 0xFF is a NUL character. */
    static final int STRING_ESCAPE = 0x00;
    static final int STRING_TERMINATOR = 0x01;
    static final int STRING_ESCAPED_NUL = 0xFF;

    /** A DECIMAL header is 0x80 for zero, 0x80 + n for a positive and 0x80 - n for a negative of n magnitude bytes. */
    static final int DECIMAL_ZERO_HEADER = 0x80;
    /** |unscaled| < 10^38 < 2^127, so a magnitude never needs more than 16 bytes. */
    static final int DECIMAL_MAGNITUDE_BYTES_MAX = 16;

    private static final int DESC_MASK = 0xFF;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int NANOS_PER_MICRO = 1_000;
    private static final int VALUE_DESCRIPTION_CHARS_MAX = 64;
    private static final BigInteger[] POWERS_OF_TEN = new BigInteger[KeyType.DECIMAL_PRECISION_MAX + 1];

    static {
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = BigInteger.TEN.pow(i);
        }
    }

    private final List<KeyColumn> columns;

    public KeyCodec(List<KeyColumn> columns) {
        if (columns.isEmpty() || columns.size() > KEY_COLUMNS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "a key has 1 to " + KEY_COLUMNS_MAX
                    + " columns, got " + columns.size());
        }
        this.columns = List.copyOf(columns);
    }

    public static KeyCodec of(KeyColumn... columns) {
        return new KeyCodec(Arrays.asList(columns));
    }

    public List<KeyColumn> columns() {
        return columns;
    }

    /** The key of all columns; {@code values} has one element per column. */
    public byte[] encode(List<?> values) {
        if (values.size() != columns.size()) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "key has " + columns.size()
                    + " columns, got " + values.size() + " values");
        }
        return encodePrefix(values);
    }

    /**
     * The key of the first {@code values.size()} columns. It is a byte prefix of the full key of
     * every row whose leading columns hold these values, so it is where a scan of them starts.
     */
    public byte[] encodePrefix(List<?> values) {
        if (values.size() > columns.size()) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "key has " + columns.size()
                    + " columns, got " + values.size() + " values");
        }
        KeyWriter out = new KeyWriter();
        for (int i = 0; i < values.size(); i++) {
            encodeColumn(out, i, values.get(i));
        }
        return out.toByteArray();
    }

    /** The values of a key of all columns, {@code null} for NULL; the inverse of {@link #encode}. */
    public List<Object> decode(byte[] key) {
        return decode(key, 0, key.length);
    }

    /** Decodes the key that fills exactly {@code length} bytes of {@code buf} from {@code offset}. */
    public List<Object> decode(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        KeyReader in = new KeyReader(buf, offset, offset + length);
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            values.add(decodeColumn(in, i));
        }
        if (in.remaining() != 0) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed key: " + in.remaining()
                    + " bytes after the last column");
        }
        return Collections.unmodifiableList(values);
    }

    // ---- encoding -------------------------------------------------------------------------

    private void encodeColumn(KeyWriter out, int index, Object value) {
        KeyColumn column = columns.get(index);
        KeyType type = column.type();
        out.mask = column.order() == SortOrder.DESC ? DESC_MASK : 0;
        if (value == null) {
            out.put(NULL_MARKER);
            return;
        }
        if (!type.kind().javaClass().isInstance(value)) {
            throw doesNotFit(index, type, value, "expected " + type.kind().javaClass().getSimpleName()
                    + ", got " + value.getClass().getSimpleName());
        }
        out.put(VALUE_MARKER);
        switch (type.kind()) {
            case BOOLEAN -> out.put((Boolean) value ? 1 : 0);
            case SMALLINT -> out.putSignFlipped((Short) value, Short.BYTES);
            case INT -> out.putSignFlipped((Integer) value, Integer.BYTES);
            case BIGINT -> out.putSignFlipped((Long) value, Long.BYTES);
            case DECIMAL -> encodeDecimal(out, index, type, (BigDecimal) value);
            case DOUBLE -> out.putBigEndian(orderedBits((Double) value), Long.BYTES);
            case CHAR, VARCHAR -> encodeString(out, index, type, (String) value);
            case DATE -> out.putSignFlipped(epochDay(index, type, (LocalDate) value), Integer.BYTES);
            case TIMESTAMP -> out.putSignFlipped(epochMicros(index, type, (LocalDateTime) value), Long.BYTES);
        }
    }

    /** The value at the column's scale as a sign-and-length header and a big-endian magnitude. */
    private static void encodeDecimal(KeyWriter out, int index, KeyType type, BigDecimal value) {
        BigInteger unscaled = unscaledAtScale(index, type, value);
        if (unscaled.signum() == 0) {
            out.put(DECIMAL_ZERO_HEADER);
            return;
        }
        byte[] magnitude = magnitudeBytes(unscaled.abs());
        assert magnitude.length <= DECIMAL_MAGNITUDE_BYTES_MAX : magnitude.length;
        boolean negative = unscaled.signum() < 0;
        out.put(negative ? DECIMAL_ZERO_HEADER - magnitude.length : DECIMAL_ZERO_HEADER + magnitude.length);
        for (byte b : magnitude) {
            out.put(negative ? ~b : b);
        }
    }

    /**
     * The unscaled value of {@code value} at the type's scale, checked without rounding. The
     * digit counts are read from the stripped value, so a hostile {@code 1E-1000000} is refused
     * without computing a million-digit power of ten.
     */
    private static BigInteger unscaledAtScale(int index, KeyType type, BigDecimal value) {
        if (value.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int fractionDigits = stripped.scale();
        long integerDigits = (long) stripped.precision() - stripped.scale();
        if (fractionDigits > type.scale() || integerDigits > type.precision() - type.scale()) {
            throw doesNotFit(index, type, value, null);
        }
        BigInteger unscaled = stripped.setScale(type.scale()).unscaledValue();
        assert unscaled.abs().compareTo(POWERS_OF_TEN[type.precision()]) < 0 : unscaled;
        return unscaled;
    }

    /** The big-endian bytes of a positive number, without a leading zero byte. */
    private static byte[] magnitudeBytes(BigInteger positive) {
        byte[] bytes = positive.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /**
     * The bits of a double, rearranged so that unsigned order is numeric order: a non-negative
     * number gets its sign bit set, a negative one has all bits inverted. -0.0 is stored as 0.0
     * and every NaN as the one canonical NaN, which thereby sorts after +Infinity.
     */
    static long orderedBits(double value) {
        long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private static void encodeString(KeyWriter out, int index, KeyType type, String value) {
        int codePoints = 0;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (Character.getType(codePoint) == Character.SURROGATE) {
                throw doesNotFit(index, type, value, "unpaired surrogate at index " + i);
            }
            codePoints++;
            if (codePoints > type.length()) {
                throw doesNotFit(index, type, value, value.codePointCount(0, value.length()) + " code points");
            }
            i += Character.charCount(codePoint);
        }
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b == 0) {
                out.put(STRING_ESCAPE);
                out.put(STRING_ESCAPED_NUL);
            } else {
                out.put(b);
            }
        }
        out.put(STRING_ESCAPE);
        out.put(STRING_TERMINATOR);
    }

    private static int epochDay(int index, KeyType type, LocalDate value) {
        long day = value.toEpochDay();
        if (day < Integer.MIN_VALUE || day > Integer.MAX_VALUE) {
            throw doesNotFit(index, type, value, "days since 1970-01-01 exceed 32 bits");
        }
        return (int) day;
    }

    private static long epochMicros(int index, KeyType type, LocalDateTime value) {
        if (value.getNano() % NANOS_PER_MICRO != 0) {
            throw doesNotFit(index, type, value, "it has nanoseconds, TIMESTAMP keeps microseconds");
        }
        long seconds = value.toEpochSecond(ZoneOffset.UTC);
        long micros = value.getNano() / NANOS_PER_MICRO;
        if (seconds < 0 && micros > 0) {
            // Borrow a second so the product stays in range for the earliest timestamps.
            seconds += 1;
            micros -= MICROS_PER_SECOND;
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), micros);
        } catch (ArithmeticException overflow) {
            throw doesNotFit(index, type, value, "microseconds since 1970-01-01 exceed 64 bits");
        }
    }

    private static BasaltException doesNotFit(int index, KeyType type, Object value, String reason) {
        return new BasaltException(ErrorCode.INVALID_VALUE, "key column " + index + ": value " + describe(value)
                + " does not fit " + type + (reason == null ? "" : ": " + reason));
    }

    private static String describe(Object value) {
        String text = value instanceof BigDecimal decimal ? decimal.toString() : String.valueOf(value);
        if (text.length() > VALUE_DESCRIPTION_CHARS_MAX) {
            text = text.substring(0, VALUE_DESCRIPTION_CHARS_MAX) + "...";
        }
        return value instanceof String ? "'" + text + "'" : text;
    }

    // ---- decoding -------------------------------------------------------------------------

    private Object decodeColumn(KeyReader in, int index) {
        KeyColumn column = columns.get(index);
        KeyType type = column.type();
        in.startColumn(index, column.order() == SortOrder.DESC ? DESC_MASK : 0);
        int marker = in.get();
        if (marker == NULL_MARKER) {
            return null;
        }
        if (marker != VALUE_MARKER) {
            throw in.malformed("marker byte " + marker + " is neither NULL nor value");
        }
        return switch (type.kind()) {
            case BOOLEAN -> decodeBoolean(in);
            case SMALLINT -> (short) in.getSignFlipped(Short.BYTES);
            case INT -> (int) in.getSignFlipped(Integer.BYTES);
            case BIGINT -> in.getSignFlipped(Long.BYTES);
            case DECIMAL -> decodeDecimal(in, type);
            case DOUBLE -> decodeDouble(in);
            case CHAR, VARCHAR -> decodeString(in, type);
            case DATE -> LocalDate.ofEpochDay(in.getSignFlipped(Integer.BYTES));
            case TIMESTAMP -> decodeTimestamp(in.getSignFlipped(Long.BYTES));
        };
    }

    private static Boolean decodeBoolean(KeyReader in) {
        int b = in.get();
        if (b > 1) {
            throw in.malformed("boolean byte " + b);
        }
        return b == 1;
    }

    private static BigDecimal decodeDecimal(KeyReader in, KeyType type) {
        int header = in.get();
        int length = Math.abs(header - DECIMAL_ZERO_HEADER);
        if (length > DECIMAL_MAGNITUDE_BYTES_MAX) {
            throw in.malformed("decimal header byte " + header);
        }
        boolean negative = header < DECIMAL_ZERO_HEADER;
        byte[] magnitude = new byte[length];
        for (int i = 0; i < length; i++) {
            magnitude[i] = (byte) (negative ? ~in.get() : in.get());
        }
        if (length > 0 && magnitude[0] == 0) {
            throw in.malformed("decimal magnitude has a leading zero byte");
        }
        BigInteger unscaled = new BigInteger(1, magnitude);
        if (unscaled.compareTo(POWERS_OF_TEN[type.precision()]) >= 0) {
            throw in.malformed("decimal has more than " + type.precision() + " digits");
        }
        return new BigDecimal(negative ? unscaled.negate() : unscaled, type.scale());
    }

    private static Double decodeDouble(KeyReader in) {
        long ordered = in.getBigEndian(Long.BYTES);
        long bits = ordered < 0 ? ordered ^ Long.MIN_VALUE : ~ordered;
        double value = Double.longBitsToDouble(bits);
        if (orderedBits(value) != ordered) {
            throw in.malformed("double is not canonical (-0.0 or a non-canonical NaN)");
        }
        return value;
    }

    private static String decodeString(KeyReader in, KeyType type) {
        byte[] utf8 = new byte[in.remaining()];
        int length = 0;
        while (true) {
            int b = in.get();
            if (b != STRING_ESCAPE) {
                utf8[length++] = (byte) b;
                continue;
            }
            int escaped = in.get();
            if (escaped == STRING_TERMINATOR) {
                break;
            }
            if (escaped != STRING_ESCAPED_NUL) {
                throw in.malformed("string escape 0x00 is followed by " + escaped);
            }
            utf8[length++] = 0;
        }
        String value;
        try {
            value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw in.malformed("string is not valid UTF-8");
        }
        if (value.codePointCount(0, value.length()) > type.length()) {
            throw in.malformed("string is longer than " + type);
        }
        return value;
    }

    private static LocalDateTime decodeTimestamp(long micros) {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        int nanos = (int) Math.floorMod(micros, MICROS_PER_SECOND) * NANOS_PER_MICRO;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }

    // ---- bytes ----------------------------------------------------------------------------

    /** Appends bytes XOR the current column's mask: 0x00 for ASC, 0xFF for DESC. */
    private static final class KeyWriter {
        private byte[] buf = new byte[32];
        private int length;
        int mask;

        void put(int b) {
            if (length == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[length++] = (byte) (b ^ mask);
        }

        void putBigEndian(long value, int bytes) {
            for (int shift = (bytes - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
                put((int) (value >>> shift));
            }
        }

        /** Two's complement with the sign bit flipped, so that unsigned order is signed order. */
        void putSignFlipped(long value, int bytes) {
            putBigEndian(value ^ (1L << (bytes * Byte.SIZE - 1)), bytes);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, length);
        }
    }

    /** Reads bytes XOR the current column's mask; running out of bytes is a malformed key. */
    private static final class KeyReader {
        private final byte[] buf;
        private final int end;
        private int pos;
        private int column;
        private int mask;

        KeyReader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        void startColumn(int column, int mask) {
            this.column = column;
            this.mask = mask;
        }

        int remaining() {
            return end - pos;
        }

        int get() {
            if (pos == end) {
                throw malformed("it ends early");
            }
            return (buf[pos++] ^ mask) & 0xFF;
        }

        long getBigEndian(int bytes) {
            long value = 0;
            for (int i = 0; i < bytes; i++) {
                value = (value << Byte.SIZE) | get();
            }
            return value;
        }

        long getSignFlipped(int bytes) {
            int unusedBits = Long.SIZE - bytes * Byte.SIZE;
            long value = getBigEndian(bytes) ^ (1L << (bytes * Byte.SIZE - 1));
            return (value << unusedBits) >> unusedBits;
        }

        BasaltException malformed(String what) {
            return new BasaltException(ErrorCode.INVALID_REQUEST, "malformed key: column " + column
                    + " at offset " + pos + ": " + what);
        }
    }
}
