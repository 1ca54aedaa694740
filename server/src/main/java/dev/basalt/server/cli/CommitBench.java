package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.range.StorageKey;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.placement.ClusterStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code basalt bench commit}: one-row transactions (one-phase commits through Raft) at several
 * concurrency levels, then one-row read-only transactions over the rows written, one result line
 * per level:
 * <pre>
 *   commit writers=W commits/s=X p50_ms=Y p99_ms=Z
 *   read readers=W reads/s=X p50_ms=Y p99_ms=Z
 * </pre>
 * Keys are random over all slots, so commits spread over every range. Progress is printed every
 * second while a level runs.
 */
final class CommitBench {
    /** The table id bench rows are written to. */
    static final long BENCH_TABLE = 1_000_000;
    /** Latency samples kept per level; beyond it samples are taken every n-th operation. */
    static final int SAMPLES_MAX = 2_000_000;
    /** Keys remembered for the read phase. */
    static final int KEYS_KEPT_MAX = 200_000;

    private final ClusterClient client;
    private final TransactionManager txns;
    private final PrintStream out;
    private final int valueBytes;
    private final List<byte[]> written = new ArrayList<>();

    CommitBench(ClusterClient client, TransactionManager txns, PrintStream out, int valueBytes) {
        this.client = client;
        this.txns = txns;
        this.out = out;
        this.valueBytes = valueBytes;
    }

    record Result(String kind, int threads, double perSecond, double p50Ms, double p99Ms, long ops, Map<String, Long> errors) {
        String line() {
            String label = kind.equals("commit") ? "writers" : "readers";
            String rate = kind.equals("commit") ? "commits/s" : "reads/s";
            return String.format("%s %s=%d %s=%.0f p50_ms=%.2f p99_ms=%.2f", kind, label, threads, rate, perSecond, p50Ms, p99Ms)
                    + (errors.isEmpty() ? "" : " errors=" + errors);
        }
    }

    interface Op {
        void run(SplittableRandom random);
    }

    List<Result> run(List<Integer> levels, int seconds) {
        List<Result> results = new ArrayList<>();
        for (int w : levels) {
            Result r = level(out, "commit", w, seconds, random -> {
                byte[] key = StorageKey.of(BENCH_TABLE, 0, random.nextInt(65536), longBytes(random.nextLong()));
                byte[] value = new byte[valueBytes];
                random.nextBytes(value);
                try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false)) {
                    t.put(key, value);
                    t.commit();
                }
                synchronized (written) {
                    if (written.size() < KEYS_KEPT_MAX) {
                        written.add(key);
                    }
                }
            });
            out.println(r.line());
            results.add(r);
        }
        if (written.isEmpty()) {
            out.println("read: no rows were written; skipping reads");
            return results;
        }
        byte[][] keys;
        synchronized (written) {
            keys = written.toArray(byte[][]::new);
        }
        for (int w : levels) {
            Result r = level(out, "read", w, seconds, random -> {
                byte[] key = keys[random.nextInt(keys.length)];
                byte[] value;
                try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
                    value = t.get(key);
                    t.commit();
                }
                if (value == null) {
                    throw new IllegalStateException("acknowledged row " + StorageKey.toString(key) + " is missing");
                }
            });
            out.println(r.line());
            results.add(r);
        }
        printGroupCommit();
        return results;
    }

    private void printGroupCommit() {
        ClusterStatus status = client.status();
        long entries = 0;
        long commands = 0;
        for (ClusterStatus.Range r : status.ranges()) {
            entries += r.entries();
            commands += r.commands();
        }
        if (entries > 0) {
            out.printf("group commit: %d commands in %d Raft entries (%.1f commands per entry, current leaders)%n",
                    commands, entries, (double) commands / entries);
        }
    }

    /**
     * Runs {@code op} on {@code threads} threads for {@code seconds}, printing a progress line each
     * second; errors are counted by code, not retried.
     */
    static Result level(PrintStream out, String kind, int threads, int seconds, Op op) {
        long[][] samples = new long[threads][];
        int perThread = Math.max(1, SAMPLES_MAX / threads);
        int[] counts = new int[threads];
        AtomicLong ops = new AtomicLong();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            samples[t] = new long[perThread];
            Thread worker = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(System.nanoTime() ^ (long) id << 32);
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        op.run(random);
                        long micros = (System.nanoTime() - t0) / 1000;
                        if (counts[id] < perThread) {
                            samples[id][counts[id]++] = micros;
                        }
                        ops.incrementAndGet();
                    } catch (BasaltException e) {
                        errors.merge(e.code().name(), 1L, Long::sum);
                    } catch (RuntimeException e) {
                        errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1L, Long::sum);
                    }
                }
            }, "bench-" + kind + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        long lastOps = 0;
        for (int second = 1; second <= seconds; second++) {
            sleepUntil(start + TimeUnit.SECONDS.toNanos(second));
            long now = ops.get();
            out.printf("  %s %d threads  t=%ds  %d/s%s%n", kind, threads, second, now - lastOps, errors.isEmpty() ? "" : "  errors=" + new TreeMap<>(errors));
            lastOps = now;
        }
        for (Thread w : workers) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(dev.basalt.placement.routing.ClusterRouter.REQUEST_DEADLINE_MS / 1000 + 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int p = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples[t], 0, all, p, counts[t]);
            p += counts[t];
        }
        Arrays.sort(all);
        return new Result(kind, threads, ops.get() / elapsed, percentileMs(all, 0.50), percentileMs(all, 0.99), ops.get(), new TreeMap<>(errors));
    }

    private static double percentileMs(long[] sortedMicros, double q) {
        if (sortedMicros.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sortedMicros.length - 1, Math.ceil(q * sortedMicros.length) - 1);
        return sortedMicros[Math.max(0, i)] / 1000.0;
    }

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left); // pacing of the progress line
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }
}
