package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code basalt bank}: concurrent transfers between random accounts under snapshot isolation,
 * with a snapshot read of the total every second, ending in one verdict line:
 * <pre>
 *   bank: transfers=T failed=F unknown=U total=X expected=Y lost=L verdict=OK|FAIL
 * </pre>
 * The accounts and ledger live in a {@link BankStore}: SQL tables over JDBC, or raw keys. Each
 * transfer also writes a ledger row under a unique transfer id, so that at the end every
 * acknowledged transfer can be looked up: {@code lost} counts acknowledged transfers whose ledger
 * row is missing. A transfer whose commit outcome is unknown
 * (40003) is counted apart; since it is atomic, the total is conserved either way.
 *
 * <p>Verdict OK requires: every snapshot total (each second and at the end) equals the expected
 * total, every snapshot sees every account, and lost = 0.
 */
final class BankWorkload {
    static final long INITIAL_BALANCE = 1_000;
    static final long TRANSFER_AMOUNT_MAX = 100;
    /** A transfer is tried at most this many times when it fails with a retryable error. */
    static final int ATTEMPTS_MAX = 10;
    static final long RETRY_BACKOFF_MS_MAX = 200;
    /** Acknowledged transfer ids kept for the final lost check. */
    static final int ACKED_MAX = 5_000_000;
    /** Latency samples kept per progress interval. */
    static final int SAMPLES_MAX = 200_000;
    /** Accounts created per setup transaction. */
    static final int SETUP_BATCH = 500;

    record Result(long transfers, long failed, long unknown, long total, long expected, long lost, long badSnapshots,
                  long retries) {
        boolean ok() {
            return total == expected && lost == 0 && badSnapshots == 0;
        }

        String line() {
            return String.format("bank: transfers=%d failed=%d unknown=%d total=%d expected=%d lost=%d verdict=%s",
                    transfers, failed, unknown, total, expected, lost, ok() ? "OK" : "FAIL");
        }
    }

    private final BankStore store;
    private final PrintStream out;
    private final int accounts;
    private final long runId;
    private final AtomicLong transfers = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong badSnapshots = new AtomicLong();
    private final AtomicLong transferSeq = new AtomicLong();
    private final ConcurrentLinkedQueue<BankStore.Acked> acked = new ConcurrentLinkedQueue<>();
    private final AtomicLong ackedCount = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private final AtomicLong samples = new AtomicLong();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    BankWorkload(BankStore store, PrintStream out, int accounts, long seed) {
        this.store = store;
        this.out = out;
        this.accounts = accounts;
        this.runId = new SplittableRandom(seed).nextLong() & 0x7fff_ffffL;
    }

    /** Creates the accounts unless an earlier run left them; retried while the cluster fails over. */
    void setUp() {
        retrying("setup", () -> {
            store.setUp(accounts, INITIAL_BALANCE, out);
            return null;
        });
    }

    private interface Attempt<T> {
        T run() throws BankStore.Failure;
    }

    /** Runs {@code work}, again after retryable failures, at most {@link #ATTEMPTS_MAX} times. */
    private static <T> T retrying(String what, Attempt<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (BankStore.Failure e) {
                if (e.outcome != BankStore.Outcome.RETRY || attempt == ATTEMPTS_MAX) {
                    throw new BasaltException(ErrorCode.INVALID_STATE, "bank: " + what + " failed: " + e.label, e);
                }
                sleepQuietly(Math.min(RETRY_BACKOFF_MS_MAX, 10L << attempt));
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms); // retry backoff
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One transfer, retried on retryable errors; returns normally once acknowledged or given up. */
    private void transfer(SplittableRandom random) {
        long from = random.nextLong(accounts);
        long to = random.nextLong(accounts - 1);
        if (to >= from) {
            to++;
        }
        long amount = 1 + random.nextLong(TRANSFER_AMOUNT_MAX);
        long transferId = (runId << 32) | transferSeq.incrementAndGet();
        long started = System.nanoTime();
        for (int attempt = 1; running.get() || attempt == 1; attempt++) {
            try {
                store.transfer(from, to, amount, transferId);
                transfers.incrementAndGet();
                if (ackedCount.incrementAndGet() <= ACKED_MAX) {
                    acked.add(new BankStore.Acked(from, transferId));
                }
                if (samples.incrementAndGet() <= SAMPLES_MAX) {
                    latenciesMicros.add((System.nanoTime() - started) / 1_000);
                }
                return;
            } catch (BankStore.Failure e) {
                errors.computeIfAbsent(e.label, c -> new AtomicLong()).incrementAndGet();
                if (e.outcome == BankStore.Outcome.UNKNOWN) {
                    unknown.incrementAndGet();
                    return;
                }
                if (e.outcome == BankStore.Outcome.FAILED || attempt >= ATTEMPTS_MAX) {
                    failed.incrementAndGet();
                    return;
                }
                retries.incrementAndGet();
                sleepQuietly(Math.min(RETRY_BACKOFF_MS_MAX, 5L << Math.min(attempt, 6)));
            }
        }
        failed.incrementAndGet(); // stopped while retrying
    }

    /** Counts acknowledged transfers whose ledger row is missing, reading at a fresh snapshot. */
    long lostTransfers() {
        List<BankStore.Acked> all = new ArrayList<>(acked);
        return retrying("ledger check", () -> store.lost(all));
    }

    /** A snapshot total, retried while the cluster is failing over; null if it never succeeded. */
    private long[] snapshotRetrying() {
        for (int attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
            try {
                return store.snapshotTotal();
            } catch (BankStore.Failure e) {
                if (e.outcome != BankStore.Outcome.RETRY) {
                    throw new BasaltException(ErrorCode.INVALID_STATE, "bank: snapshot read failed: " + e.label, e);
                }
                errors.computeIfAbsent("snapshot " + e.label, c -> new AtomicLong()).incrementAndGet();
                sleepQuietly(Math.min(RETRY_BACKOFF_MS_MAX, 10L << attempt));
            }
        }
        return null;
    }

    /** Runs {@code clients} transfer threads for {@code seconds}, printing progress each second. */
    Result run(int clients, int seconds, long seed) throws InterruptedException {
        long expected = accounts * INITIAL_BALANCE;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = new SplittableRandom(seed + c);
            Thread t = new Thread(() -> {
                while (running.get()) {
                    transfer(random);
                }
            }, "bank-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long startNanos = System.nanoTime();
        long endNanos = startNanos + TimeUnit.SECONDS.toNanos(seconds);
        long lastTransfers = 0;
        long lastRetries = 0;
        long lastTickNanos = startNanos;
        for (int tick = 1; System.nanoTime() < endNanos; tick++) {
            // One line per second; a snapshot read that waits on locks only delays the next line.
            long waitNanos = Math.min(endNanos, startNanos + TimeUnit.SECONDS.toNanos(tick)) - System.nanoTime();
            if (waitNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(waitNanos); // the progress tick
            }
            long tickNanos = System.nanoTime();
            long now = transfers.get();
            long r = retries.get();
            long[] pct = percentiles();
            long[] snap = snapshotRetrying();
            String check;
            if (snap == null) {
                check = "snapshot unavailable";
            } else if (snap[0] != expected || snap[1] != accounts) {
                badSnapshots.incrementAndGet();
                check = "total=" + snap[0] + " accounts=" + snap[1] + " WRONG (expected " + expected + " over " + accounts + ")";
            } else {
                check = "total=" + snap[0] + " ok";
            }
            double intervalS = Math.max(1e-3, (tickNanos - lastTickNanos) / 1e9);
            out.printf("[%3ds] transfers/s=%.0f p50_ms=%.1f p99_ms=%.1f retries=%d failed=%d unknown=%d %s%n",
                    (tickNanos - startNanos) / 1_000_000_000L, (now - lastTransfers) / intervalS, pct[0] / 1000.0, pct[1] / 1000.0,
                    r - lastRetries, failed.get(), unknown.get(), check);
            lastTransfers = now;
            lastRetries = r;
            lastTickNanos = tickNanos;
        }
        running.set(false);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            if (t.isAlive()) {
                out.println("bank: client " + t.getName() + " did not stop within 60 s");
            }
        }
        long[] finalSnap = null;
        for (int attempt = 0; attempt < 3 && finalSnap == null; attempt++) {
            finalSnap = snapshotRetrying();
        }
        if (finalSnap == null) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "bank: the final snapshot read did not succeed");
        }
        if (finalSnap[1] != accounts) {
            badSnapshots.incrementAndGet();
            out.println("bank: the final snapshot saw " + finalSnap[1] + " of " + accounts + " accounts");
        }
        long lost = lostTransfers();
        if (!errors.isEmpty()) {
            out.println("bank: errors seen (retried or counted): " + new java.util.TreeMap<>(errors));
        }
        return new Result(transfers.get(), failed.get(), unknown.get(), finalSnap[0], expected, lost, badSnapshots.get(), retries.get());
    }

    /** p50 and p99 (µs) of the transfers since the previous call. */
    private long[] percentiles() {
        List<Long> drained = new ArrayList<>();
        Long v;
        while ((v = latenciesMicros.poll()) != null) {
            drained.add(v);
        }
        samples.set(0);
        if (drained.isEmpty()) {
            return new long[] {0, 0};
        }
        drained.sort(Long::compare);
        return new long[] {drained.get(drained.size() / 2), drained.get(Math.min(drained.size() - 1, (int) (drained.size() * 0.99)))};
    }
}
