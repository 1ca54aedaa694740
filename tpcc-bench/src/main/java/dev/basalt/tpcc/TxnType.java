package dev.basalt.tpcc;

/**
 * The five transactions, with their share of the mix (clause 5.2.3: Payment at least 43%, the
 * three small ones at least 4% each, New-Order the rest) and, for {@code --spec-mode}, their
 * keying time and mean think time (clause 5.2.5.7).
 */
public enum TxnType {
    NEW_ORDER("NO", 45, 18_000, 12_000),
    PAYMENT("PAY", 43, 3_000, 12_000),
    ORDER_STATUS("OS", 4, 2_000, 10_000),
    DELIVERY("DEL", 4, 2_000, 5_000),
    STOCK_LEVEL("SL", 4, 2_000, 5_000);

    /** The deck the mix is dealt from: one card per percent. */
    public static final int DECK_CARDS = 100;
    /** A think time is drawn from a negative exponential and cut at this many times its mean (clause 5.2.5.4). */
    static final int THINK_TIME_CUT_MEANS = 10;

    private final String shortName;
    private final int percent;
    private final long keyingMs;
    private final long thinkMeanMs;

    TxnType(String shortName, int percent, long keyingMs, long thinkMeanMs) {
        this.shortName = shortName;
        this.percent = percent;
        this.keyingMs = keyingMs;
        this.thinkMeanMs = thinkMeanMs;
    }

    public String shortName() {
        return shortName;
    }

    public int percent() {
        return percent;
    }

    public long keyingMs() {
        return keyingMs;
    }

    /** A think time: {@code -ln(r) * mean}, r uniform in (0, 1], at most {@link #THINK_TIME_CUT_MEANS} means. */
    public long thinkMs(TpccRandom random) {
        double r = 1.0 - random.nextDouble(); // (0, 1]
        return (long) Math.min(-Math.log(r) * thinkMeanMs, (double) THINK_TIME_CUT_MEANS * thinkMeanMs);
    }

    /** The lower-case name used in reports: {@code new_order}, {@code payment}, ... */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
