package dev.basalt.tpcc;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * The random values of TPC-C (clause 2.1.6 and clause 4.3.2): uniform numbers in a closed range,
 * the non-uniform {@code NURand(A, x, y)}, customer last names made of three syllables,
 * a-strings, n-strings, zip codes and the "ORIGINAL" marker in item and stock data. One instance
 * per thread (it is not thread-safe); every instance is seeded, so a run repeats with its seed.
 */
public final class TpccRandom {
    /** The ten syllables of a customer's last name (clause 4.3.2.3), indexed by one decimal digit. */
    static final String[] SYLLABLES = {"BAR", "OUGHT", "ABLE", "PRI", "PRES", "ESE", "ANTI", "CALLY", "ATION", "EING"};
    /** What 10% of ITEM.I_DATA and STOCK.S_DATA carry somewhere (clause 4.3.3.1). */
    static final String ORIGINAL = "ORIGINAL";
    /** The characters of an a-string: the spec asks for at least 26 lower-case letters and 10 digits; these are 62. */
    private static final char[] ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final SplittableRandom random;
    private final Constants constants;

    public TpccRandom(long seed, Constants constants) {
        this.random = new SplittableRandom(seed);
        this.constants = constants;
    }

    public Constants constants() {
        return constants;
    }

    /**
     * The run-time constants C of {@code NURand} (clause 2.1.6). C for C_LAST differs between the
     * load and the run by a delta that the spec bounds (clause 2.1.6.1), so that the names a run
     * asks for are not exactly those the loader favoured.
     */
    public record Constants(int cLast, int cId, int olIId) {
        /** Values used by every load: fixed, so that a later run can pick a C_LAST at a legal distance. */
        public static final Constants LOAD = new Constants(157, 259, 7911);
        /** The legal distance of C_LAST at run time from C_LAST at load time (clause 2.1.6.1). */
        static final int DELTA_MIN = 65;
        static final int DELTA_MAX = 119;

        public Constants {
            requireRange("C for C_LAST", cLast, 0, 255);
            requireRange("C for C_ID", cId, 0, 1023);
            requireRange("C for OL_I_ID", olIId, 0, 8191);
        }

        /** Constants for a run after a load with {@link #LOAD}, drawn from {@code seed}. */
        public static Constants forRun(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int cLast;
            do {
                cLast = r.nextInt(256);
            } while (!legalRunDelta(Math.abs(cLast - LOAD.cLast())));
            return new Constants(cLast, r.nextInt(1024), r.nextInt(8192));
        }

        static boolean legalRunDelta(int delta) {
            return delta >= DELTA_MIN && delta <= DELTA_MAX && delta != 96 && delta != 112;
        }

        private static void requireRange(String what, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " is " + value + "; it must be in [" + min + ", " + max + "]");
            }
        }
    }

    /** A uniform integer in [min, max], both included. */
    public int uniform(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        return min + random.nextInt(max - min + 1);
    }

    /** A uniform long, any value: for ids that only need to be unique. */
    public long nextLong() {
        return random.nextLong();
    }

    /** A uniform double in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /**
     * {@code NURand(A, x, y) = (((random(0, A) | random(x, y)) + C) % (y - x + 1)) + x}
     * (clause 2.1.6), with C the constant that belongs to A.
     */
    public int nuRand(int a, int x, int y) {
        int c = switch (a) {
            case 255 -> constants.cLast();
            case 1023 -> constants.cId();
            case 8191 -> constants.olIId();
            default -> throw new IllegalArgumentException("NURand is defined for A = 255, 1023 and 8191, not " + a);
        };
        return (((uniform(0, a) | uniform(x, y)) + c) % (y - x + 1)) + x;
    }

    /** A customer id for a transaction: {@code NURand(1023, 1, 3000)}. */
    public int customerId() {
        return nuRand(1023, 1, Scale.CUSTOMERS_PER_DISTRICT);
    }

    /** An item id for an order line: {@code NURand(8191, 1, 100000)}. */
    public int itemId() {
        return nuRand(8191, 1, Scale.ITEMS);
    }

    /** A last name for a transaction's customer lookup: syllables of {@code NURand(255, 0, 999)}. */
    public String randomLastName() {
        return lastName(nuRand(255, 0, 999));
    }

    /** The last name of number {@code n} in [0, 999]: the syllables of its three decimal digits. */
    public static String lastName(int n) {
        if (n < 0 || n > 999) {
            throw new IllegalArgumentException("a last name number is in [0, 999], not " + n);
        }
        return SYLLABLES[n / 100] + SYLLABLES[(n / 10) % 10] + SYLLABLES[n % 10];
    }

    /** A random a-string: alphanumeric characters, length uniform in [min, max]. */
    public String aString(int min, int max) {
        int length = uniform(min, max);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(chars);
    }

    /** A random n-string: decimal digits, length uniform in [min, max]. */
    public String nString(int min, int max) {
        int length = uniform(min, max);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(chars);
    }

    /** A zip code: four random digits then "11111" (clause 4.3.2.7). */
    public String zip() {
        return nString(4, 4) + "11111";
    }

    /** I_DATA or S_DATA: an a-string of 26 to 50 characters, 10% of them with "ORIGINAL" at a random place. */
    public String dataWithOriginal() {
        String data = aString(26, 50);
        if (uniform(1, 10) == 1) {
            int at = uniform(0, data.length() - ORIGINAL.length());
            data = data.substring(0, at) + ORIGINAL + data.substring(at + ORIGINAL.length());
        }
        return data;
    }

    /** A decimal uniform in [min, max] with {@code scale} digits after the point (both bounds in units of that scale). */
    public BigDecimal decimal(long minUnscaled, long maxUnscaled, int scale) {
        long unscaled = minUnscaled + random.nextLong(maxUnscaled - minUnscaled + 1);
        return BigDecimal.valueOf(unscaled, scale);
    }

    /** A random permutation of 1..n (the O_C_ID of the loaded orders, clause 4.3.3.1). */
    public int[] permutation(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i + 1;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }

    /** A seed for another generator, derived from this one. */
    public long split() {
        return random.nextLong();
    }
}
