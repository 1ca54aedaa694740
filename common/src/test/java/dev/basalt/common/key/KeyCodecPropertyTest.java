package dev.basalt.common.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random composite keys against a reference comparator written straight from the SQL order.
 * Deterministic for a seed: every failure message starts with it, and
 * {@code -Dbasalt.test.seed=N} reruns with another.
 */
class KeyCodecPropertyTest {

    private static final long SEED = Long.getLong("basalt.test.seed", 0xBA5A17L);
    private static final int SCHEMAS = 250;
    private static final int KEYS_PER_SCHEMA = 48;
    private static final int COLUMNS_MAX = 4;
    private static final int GARBAGE_KEYS = 20_000;

    private static final int[] CHARACTER_LENGTHS = {1, 2, 3, 8, 16};
    /** Code points chosen to sit at the UTF-8 length boundaries and where UTF-16 order differs. */
    private static final int[] ALPHABET = {0x00, 0x01, ' ', 'a', 'b', 'z', 0x7F, 0x80, 0xE9, 0x7FF, 0x800,
        0x20AC, 0xE000, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    private static final List<String> SPECIAL_STRINGS = List.of("", "\u0000", "\u0000\u0000", "a", "a\u0000", "ab");
    private static final List<Double> SPECIAL_DOUBLES = List.of(Double.NaN, Double.longBitsToDouble(0xFFF8_0000_0000_0001L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0);

    @Test
    void byteOrderOfEncodingsIsTheSqlOrderOfKeys() {
        Random random = new Random(SEED);
        for (int s = 0; s < SCHEMAS; s++) {
            List<KeyColumn> columns = randomColumns(random);
            KeyCodec codec = new KeyCodec(columns);
            List<List<Object>> keys = randomKeys(random, columns);
            List<byte[]> encoded = new ArrayList<>();
            for (List<Object> key : keys) {
                encoded.add(codec.encode(key));
            }
            for (int i = 0; i < keys.size(); i++) {
                for (int j = 0; j < keys.size(); j++) {
                    int expected = Integer.signum(compareKeys(columns, keys.get(i), keys.get(j)));
                    int actual = Integer.signum(Arrays.compareUnsigned(encoded.get(i), encoded.get(j)));
                    if (expected != actual) {
                        fail("seed " + SEED + ": " + columns + ": " + show(keys.get(i)) + " vs " + show(keys.get(j))
                                + " compares " + expected + " but the encodings compare " + actual);
                    }
                }
            }
        }
    }

    @Test
    void decodingInvertsEncoding() {
        Random random = new Random(SEED);
        for (int s = 0; s < SCHEMAS; s++) {
            List<KeyColumn> columns = randomColumns(random);
            KeyCodec codec = new KeyCodec(columns);
            for (List<Object> key : randomKeys(random, columns)) {
                assertEquals(canonical(columns, key), codec.decode(codec.encode(key)),
                        () -> "seed " + SEED + ": " + columns + ": " + show(key));
            }
        }
    }

    @Test
    void leadingColumnsEncodeToAPrefixOfTheKey() {
        Random random = new Random(SEED);
        for (int s = 0; s < SCHEMAS; s++) {
            List<KeyColumn> columns = randomColumns(random);
            KeyCodec codec = new KeyCodec(columns);
            for (List<Object> key : randomKeys(random, columns)) {
                byte[] full = codec.encode(key);
                for (int n = 0; n <= key.size(); n++) {
                    byte[] prefix = codec.encodePrefix(key.subList(0, n));
                    assertArrayEquals(prefix, Arrays.copyOf(full, prefix.length),
                            () -> "seed " + SEED + ": " + columns + ": " + show(key));
                }
            }
        }
    }

    @Test
    void randomBytesDecodeOrFailAsInvalidRequest() {
        Random random = new Random(SEED);
        for (int i = 0; i < GARBAGE_KEYS; i++) {
            KeyCodec codec = new KeyCodec(randomColumns(random));
            byte[] garbage = new byte[random.nextInt(24)];
            random.nextBytes(garbage);
            if (random.nextBoolean() && garbage.length > 0) {
                garbage[0] = (byte) (random.nextBoolean() ? KeyCodec.VALUE_MARKER : ~KeyCodec.VALUE_MARKER);
            }
            try {
                codec.decode(garbage);
            } catch (BasaltException e) {
                assertEquals(ErrorCode.INVALID_REQUEST, e.code(), () -> "seed " + SEED + ": " + e.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + ": " + codec.columns() + ": decoding "
                        + Arrays.toString(garbage) + " threw " + e, e);
            }
        }
    }

    // ---- the reference order ----------------------------------------------------------------

    private static int compareKeys(List<KeyColumn> columns, List<Object> a, List<Object> b) {
        for (int i = 0; i < columns.size(); i++) {
            int c = compareValues(columns.get(i).type(), a.get(i), b.get(i));
            if (c != 0) {
                return columns.get(i).order() == SortOrder.ASC ? c : -c;
            }
        }
        return 0;
    }

    /** SQL order with NULL first: numbers by value, strings by code point, -0.0 = 0.0 < NaN. */
    private static int compareValues(KeyType type, Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return switch (type.kind()) {
            case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
            case SMALLINT -> Short.compare((Short) a, (Short) b);
            case INT -> Integer.compare((Integer) a, (Integer) b);
            case BIGINT -> Long.compare((Long) a, (Long) b);
            case DECIMAL -> ((BigDecimal) a).compareTo((BigDecimal) b);
            case DOUBLE -> Double.compare(withoutNegativeZero((Double) a), withoutNegativeZero((Double) b));
            case CHAR, VARCHAR -> Arrays.compare(((String) a).codePoints().toArray(), ((String) b).codePoints().toArray());
            case DATE -> ((LocalDate) a).compareTo((LocalDate) b);
            case TIMESTAMP -> ((LocalDateTime) a).compareTo((LocalDateTime) b);
        };
    }

    private static double withoutNegativeZero(double d) {
        return d == 0.0 ? 0.0 : d;
    }

    /** What decoding must give back: decimals at the column scale, -0.0 as 0.0, one NaN. */
    private static List<Object> canonical(List<KeyColumn> columns, List<Object> key) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            Object value = key.get(i);
            if (value instanceof BigDecimal decimal) {
                value = decimal.setScale(columns.get(i).type().scale());
            } else if (value instanceof Double d) {
                value = Double.isNaN(d) ? Double.NaN : withoutNegativeZero(d);
            }
            values.add(value);
        }
        return values;
    }

    // ---- generators -------------------------------------------------------------------------

    private static List<KeyColumn> randomColumns(Random random) {
        List<KeyColumn> columns = new ArrayList<>();
        int count = 1 + random.nextInt(COLUMNS_MAX);
        for (int i = 0; i < count; i++) {
            SortOrder order = random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC;
            columns.add(new KeyColumn(randomType(random), order));
        }
        return columns;
    }

    private static KeyType randomType(Random random) {
        KeyType.Kind[] kinds = KeyType.Kind.values();
        return switch (kinds[random.nextInt(kinds.length)]) {
            case BOOLEAN -> KeyType.bool();
            case SMALLINT -> KeyType.smallint();
            case INT -> KeyType.integer();
            case BIGINT -> KeyType.bigint();
            case DECIMAL -> {
                int precision = 1 + random.nextInt(KeyType.DECIMAL_PRECISION_MAX);
                yield KeyType.decimal(precision, random.nextInt(precision + 1));
            }
            case DOUBLE -> KeyType.doublePrecision();
            case CHAR -> KeyType.character(CHARACTER_LENGTHS[random.nextInt(CHARACTER_LENGTHS.length)]);
            case VARCHAR -> KeyType.varchar(CHARACTER_LENGTHS[random.nextInt(CHARACTER_LENGTHS.length)]);
            case DATE -> KeyType.date();
            case TIMESTAMP -> KeyType.timestamp();
        };
    }

    /**
     * Keys whose values are often drawn from a few special ones, so that keys tie on leading
     * columns and the later columns decide.
     */
    private static List<List<Object>> randomKeys(Random random, List<KeyColumn> columns) {
        List<List<Object>> keys = new ArrayList<>();
        for (int k = 0; k < KEYS_PER_SCHEMA; k++) {
            List<Object> key = new ArrayList<>();
            for (KeyColumn column : columns) {
                key.add(random.nextInt(8) == 0 ? null : randomValue(random, column.type(), random.nextBoolean()));
            }
            keys.add(key);
        }
        return keys;
    }

    private static Object randomValue(Random random, KeyType type, boolean special) {
        return switch (type.kind()) {
            case BOOLEAN -> random.nextBoolean();
            case SMALLINT -> special ? pick(random, Short.MIN_VALUE, (short) -1, (short) 0, (short) 1, Short.MAX_VALUE)
                    : (short) random.nextInt();
            case INT -> special ? pick(random, Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE) : random.nextInt();
            case BIGINT -> special ? pick(random, Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE)
                    : random.nextLong();
            case DECIMAL -> randomDecimal(random, type, special);
            case DOUBLE -> special ? SPECIAL_DOUBLES.get(random.nextInt(SPECIAL_DOUBLES.size()))
                    : random.nextBoolean() ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * 1000;
            case CHAR, VARCHAR -> randomString(random, type, special);
            case DATE -> special ? LocalDate.ofEpochDay(pick(random, Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE))
                    : LocalDate.ofEpochDay(random.nextBoolean() ? random.nextInt() : random.nextInt(100_000) - 50_000);
            case TIMESTAMP -> timestampOfMicros(special ? pick(random, Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE)
                    : random.nextBoolean() ? random.nextLong() : random.nextInt());
        };
    }

    private static BigDecimal randomDecimal(Random random, KeyType type, boolean special) {
        BigInteger largest = BigInteger.TEN.pow(type.precision()).subtract(BigInteger.ONE);
        BigInteger unscaled;
        if (special) {
            unscaled = pick(random, largest.negate(), BigInteger.ONE.negate(), BigInteger.ZERO, BigInteger.ONE, largest);
        } else {
            int digits = 1 + random.nextInt(type.precision());
            unscaled = new BigInteger(digits * 4, random).mod(BigInteger.TEN.pow(digits));
            unscaled = random.nextBoolean() ? unscaled.negate() : unscaled;
        }
        BigDecimal value = new BigDecimal(unscaled, type.scale());
        // Values with fewer fraction digits than the column's scale must be accepted too.
        return random.nextInt(3) == 0 ? value.stripTrailingZeros() : value;
    }

    private static String randomString(Random random, KeyType type, boolean special) {
        if (special) {
            String s = SPECIAL_STRINGS.get(random.nextInt(SPECIAL_STRINGS.size()));
            if (s.length() <= type.length()) {
                return s;
            }
        }
        StringBuilder s = new StringBuilder();
        int codePoints = random.nextInt(type.length() + 1);
        for (int i = 0; i < codePoints; i++) {
            int codePoint = random.nextInt(4) == 0 ? randomScalarValue(random) : ALPHABET[random.nextInt(ALPHABET.length)];
            s.appendCodePoint(codePoint);
        }
        return s.toString();
    }

    /** Any code point but a surrogate, which a Java string cannot hold on its own. */
    private static int randomScalarValue(Random random) {
        while (true) {
            int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                return codePoint;
            }
        }
    }

    private static LocalDateTime timestampOfMicros(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String show(List<Object> key) {
        StringBuilder s = new StringBuilder("(");
        for (Object value : key) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(value instanceof String text ? escape(text) : String.valueOf(value));
        }
        return s.append(')').toString();
    }

    /** Strings in failure messages with every non-printable-ASCII code point as \\u{...}. */
    private static String escape(String text) {
        StringBuilder s = new StringBuilder("'");
        text.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                s.appendCodePoint(cp);
            } else {
                s.append("\\u{").append(Integer.toHexString(cp)).append('}');
            }
        });
        return s.append('\'').toString();
    }
}
