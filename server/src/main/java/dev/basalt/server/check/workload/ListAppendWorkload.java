package dev.basalt.server.check.workload;

import dev.basalt.server.check.analysis.Checker;
import dev.basalt.server.check.analysis.ListAppendChecker;
import dev.basalt.server.check.history.Mop;
import dev.basalt.server.check.history.Recorder;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Elle's list-append workload: transactions of one to {@link #MOPS_MAX} micro-operations, each a
 * read of a list or an append of a unique element to it, over a few active keys. An append is a
 * read-modify-write of the list under snapshot isolation (so two concurrent appends to one key
 * conflict and one aborts). A key takes at most {@link #APPENDS_PER_KEY_MAX} appends, then retires
 * and a fresh key takes its place, so lists stay short and every key's whole history is read.
 * After the run, every key ever used is read once more, so every acknowledged append must show.
 */
public final class ListAppendWorkload implements Workload {
    static final long TABLE = 2_300_000;
    /** Keys appended to at a time. */
    static final int KEYS_ACTIVE = 8;
    static final int APPENDS_PER_KEY_MAX = 64;
    static final int MOPS_MAX = 4;
    /** Keys read per final-read transaction. */
    static final int FINAL_READ_KEYS_MAX = 16;

    private final long[] active = new long[KEYS_ACTIVE];
    private final List<Long> used = new ArrayList<>();
    private long nextKey;
    /** Appends handed out per key, indexed by key id. */
    private final List<Long> appended = new ArrayList<>();

    public ListAppendWorkload() {
        for (int i = 0; i < KEYS_ACTIVE; i++) {
            active[i] = newKey();
        }
    }

    private long newKey() {
        long k = nextKey++;
        used.add(k);
        appended.add(0L);
        return k;
    }

    @Override
    public String name() {
        return "list-append";
    }

    @Override
    public void setUp(TransactionManager txns, Recorder recorder, int process) {
        // nothing: lists start empty
    }

    /** Picks the operations of one transaction; elements are unique per key. */
    private synchronized List<Mop> generate(SplittableRandom random) {
        int n = 1 + random.nextInt(MOPS_MAX);
        List<Mop> mops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int slot = random.nextInt(KEYS_ACTIVE);
            long key = active[slot];
            if (random.nextBoolean()) {
                mops.add(Mop.read(key));
            } else {
                long element = appended.get((int) key) + 1;
                appended.set((int) key, element);
                mops.add(Mop.append(key, element));
                if (element >= APPENDS_PER_KEY_MAX) {
                    active[slot] = newKey();
                }
            }
        }
        return mops;
    }

    private static byte[] keyOf(long key) {
        return Keys.row(TABLE, 0, key, key);
    }

    @Override
    public boolean step(TransactionManager txns, Recorder recorder, int process, SplittableRandom random) {
        List<Mop> mops = generate(random);
        recorder.invoke(process, ListAppendChecker.F, mops);
        List<Mop> done = new ArrayList<>(mops.size());
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false)) {
            for (Mop m : mops) {
                List<Long> list = Keys.longs(t.get(keyOf(m.key())));
                if (m.isRead()) {
                    done.add(m.withRead(list));
                } else {
                    List<Long> next = new ArrayList<>(list);
                    next.add(m.element());
                    t.put(keyOf(m.key()), Keys.longs(next));
                    done.add(m);
                }
            }
            t.commit();
        } catch (RuntimeException e) {
            return Outcomes.record(recorder, process, ListAppendChecker.F, mops, e);
        }
        recorder.ok(process, ListAppendChecker.F, done);
        return true;
    }

    @Override
    public void finish(TransactionManager txns, Recorder recorder, int process) {
        List<Long> keys;
        synchronized (this) {
            keys = new ArrayList<>(used);
        }
        for (int from = 0; from < keys.size(); from += FINAL_READ_KEYS_MAX) {
            List<Mop> reads = new ArrayList<>();
            for (long k : keys.subList(from, Math.min(keys.size(), from + FINAL_READ_KEYS_MAX))) {
                reads.add(Mop.read(k));
            }
            FinalReads.retrying(() -> {
                recorder.invoke(process, ListAppendChecker.F, reads);
                List<Mop> done = new ArrayList<>(reads.size());
                try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
                    for (Mop m : reads) {
                        done.add(m.withRead(Keys.longs(t.get(keyOf(m.key())))));
                    }
                    t.commit();
                } catch (RuntimeException e) {
                    recorder.fail(process, ListAppendChecker.F, reads, Outcomes.describe(e)); // read-only: nothing to be unknown about
                    throw e;
                }
                recorder.ok(process, ListAppendChecker.F, done);
            });
        }
    }

    @Override
    public Checker checker() {
        return new ListAppendChecker();
    }
}
