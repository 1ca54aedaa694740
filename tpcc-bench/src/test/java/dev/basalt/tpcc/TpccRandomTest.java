package dev.basalt.tpcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The generators of clause 2.1.6 and 4.3.2. Randomized: each test names its seed in its failure messages. */
class TpccRandomTest {
    private static final Pattern SYLLABLES = Pattern.compile("(BAR|OUGHT|ABLE|PRI|PRES|ESE|ANTI|CALLY|ATION|EING){3}");

    private static long seed() {
        return System.nanoTime();
    }

    @Test
    void nuRandStaysInItsRangeForEveryA() {
        long seed = seed();
        TpccRandom r = new TpccRandom(seed, TpccRandom.Constants.forRun(seed));
        for (int i = 0; i < 100_000; i++) {
            int c = r.customerId();
            int item = r.itemId();
            int name = r.nuRand(255, 0, 999);
            assertTrue(c >= 1 && c <= 3000, "C_ID " + c + " out of [1, 3000], seed " + seed);
            assertTrue(item >= 1 && item <= 100_000, "OL_I_ID " + item + " out of [1, 100000], seed " + seed);
            assertTrue(name >= 0 && name <= 999, "last name number " + name + " out of [0, 999], seed " + seed);
        }
    }

    /** A uniform draw puts about 10% of the draws on the most frequent 10% of values; NURand far more. */
    @Test
    void nuRandFavoursSomeValues() {
        long seed = seed();
        TpccRandom r = new TpccRandom(seed, TpccRandom.Constants.forRun(seed));
        int draws = 300_000;
        assertTrue(topDecileShare(draws, 3000, () -> r.customerId() - 1) > 0.2, "C_ID looks uniform, seed " + seed);
        assertTrue(topDecileShare(draws, 100_000, () -> r.itemId() - 1) > 0.2, "OL_I_ID looks uniform, seed " + seed);
        assertTrue(topDecileShare(draws, 1000, () -> r.nuRand(255, 0, 999)) > 0.2, "C_LAST looks uniform, seed " + seed);
        double uniform = topDecileShare(draws, 3000, () -> r.uniform(0, 2999));
        assertTrue(uniform < 0.13, "uniform draws put " + uniform + " on the top decile, seed " + seed);
    }

    private static double topDecileShare(int draws, int values, java.util.function.IntSupplier draw) {
        int[] counts = new int[values];
        for (int i = 0; i < draws; i++) {
            counts[draw.getAsInt()]++;
        }
        Arrays.sort(counts);
        long top = 0;
        for (int i = values - values / 10; i < values; i++) {
            top += counts[i];
        }
        return top / (double) draws;
    }

    @Test
    void lastNamesAreThreeSyllablesOfTheNumbersDigits() {
        assertEquals("BARBARBAR", TpccRandom.lastName(0));
        assertEquals("PRICALLYOUGHT", TpccRandom.lastName(371));
        assertEquals("EINGEINGEING", TpccRandom.lastName(999));
        long seed = seed();
        TpccRandom r = new TpccRandom(seed, TpccRandom.Constants.LOAD);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String name = r.randomLastName();
            assertTrue(SYLLABLES.matcher(name).matches(), name + " is not three syllables, seed " + seed);
            assertTrue(name.length() <= 16, name + " is longer than C_LAST's 16, seed " + seed);
            seen.add(name);
        }
        for (int n = 0; n < 1000; n++) {
            assertTrue(SYLLABLES.matcher(TpccRandom.lastName(n)).matches());
        }
        assertTrue(seen.size() > 500, "only " + seen.size() + " distinct names in 10,000 draws, seed " + seed);
    }

    @Test
    void aStringsHaveTheirLengthRangeAndItsMiddleAsMean() {
        long seed = seed();
        TpccRandom r = new TpccRandom(seed, TpccRandom.Constants.LOAD);
        long total = 0;
        int draws = 20_000;
        Set<Integer> lengths = new HashSet<>();
        for (int i = 0; i < draws; i++) {
            String s = r.aString(8, 16);
            assertTrue(s.length() >= 8 && s.length() <= 16, "length " + s.length() + " out of [8, 16], seed " + seed);
            assertTrue(s.chars().allMatch(Character::isLetterOrDigit), s + " is not alphanumeric, seed " + seed);
            total += s.length();
            lengths.add(s.length());
        }
        assertEquals(9, lengths.size(), "every length from 8 to 16 appears, seed " + seed);
        assertEquals(12.0, total / (double) draws, 0.1, "mean length, seed " + seed);
        assertEquals(24, r.aString(24, 24).length());
    }

    @Test
    void nStringsAndZipCodesAreDigits() {
        long seed = seed();
        TpccRandom r = new TpccRandom(seed, TpccRandom.Constants.LOAD);
        for (int i = 0; i < 1000; i++) {
            String phone = r.nString(16, 16);
            assertTrue(phone.matches("[0-9]{16}"), phone + ", seed " + seed);
            String zip = r.zip();
            assertTrue(zip.matches("[0-9]{4}11111"), zip + ", seed " + seed);
        }
    }

    @Test
    void aTenthOfItemDataCarriesOriginal() {
        long seed = seed();
        TpccRandom r = new TpccRandom(seed, TpccRandom.Constants.LOAD);
        int draws = 50_000;
        int original = 0;
        for (int i = 0; i < draws; i++) {
            String data = r.dataWithOriginal();
            assertTrue(data.length() >= 26 && data.length() <= 50, "length " + data.length() + ", seed " + seed);
            if (data.contains("ORIGINAL")) {
                original++;
            }
        }
        assertEquals(0.10, original / (double) draws, 0.01, "share with ORIGINAL, seed " + seed);
    }

    @Test
    void runConstantsKeepTheSpecsDistanceFromTheLoadConstant() {
        for (long seed = 0; seed < 2_000; seed++) {
            int delta = Math.abs(TpccRandom.Constants.forRun(seed).cLast() - TpccRandom.Constants.LOAD.cLast());
            assertTrue(delta >= 65 && delta <= 119 && delta != 96 && delta != 112, "delta " + delta + " for seed " + seed);
        }
    }

    @Test
    void uniformDrawsCoverBothEndsAndDecimalsKeepTheirScale() {
        long seed = seed();
        TpccRandom r = new TpccRandom(seed, TpccRandom.Constants.LOAD);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            int v = r.uniform(5, 15);
            assertTrue(v >= 5 && v <= 15, v + ", seed " + seed);
            seen.add(v);
            BigDecimal amount = r.decimal(100, 500_000, 2);
            assertEquals(2, amount.scale());
            assertTrue(amount.compareTo(new BigDecimal("1.00")) >= 0 && amount.compareTo(new BigDecimal("5000.00")) <= 0,
                    amount + ", seed " + seed);
        }
        assertEquals(11, seen.size(), "every value of [5, 15], seed " + seed);
    }

    @Test
    void permutationHoldsEveryIdOnce() {
        long seed = seed();
        int[] p = new TpccRandom(seed, TpccRandom.Constants.LOAD).permutation(3000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i + 1, sorted[i], "seed " + seed);
        }
        assertTrue(!Arrays.equals(p, sorted), "a shuffle of 3,000 left them in order, seed " + seed);
    }

    @Test
    void thinkTimesAreCutAtTenMeans() {
        long seed = seed();
        TpccRandom r = new TpccRandom(seed, TpccRandom.Constants.LOAD);
        double sum = 0;
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            long ms = TxnType.PAYMENT.thinkMs(r);
            assertTrue(ms >= 0 && ms <= 120_000, ms + ", seed " + seed);
            sum += ms;
        }
        assertEquals(12_000, sum / draws, 300, "mean think time of Payment, seed " + seed);
    }
}
