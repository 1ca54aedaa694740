package dev.basalt.server.check.analysis;

import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.Mop;
import dev.basalt.server.check.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates list-append histories of any size from a simulated multi-version store, with
 * concurrent clients. Each transaction takes its snapshot at one moment after its invocation and
 * commits at a later moment before its completion, so it sees everything acknowledged before it
 * began:
 * <ul>
 *   <li>{@link Isolation#SERIALIZABLE}: snapshot and commit are the same moment - strictly
 *       serializable, so the dependency graph has no cycle at all;</li>
 *   <li>{@link Isolation#SNAPSHOT}: first committer wins on appended keys, reads come from the
 *       snapshot - strong snapshot isolation, with write skew (G2) but nothing it forbids;</li>
 *   <li>{@link Isolation#STALE_SNAPSHOT}: like SNAPSHOT, but one snapshot in 50 is taken
 *       {@link #STALENESS_VERSIONS} commits in the past - a bug the checker must find.</li>
 * </ul>
 * Some transactions fail before committing; some end INFO, committed or not, and their process
 * is replaced. Keys retire after {@link #APPENDS_PER_KEY_MAX} appends, as Jepsen's generator does,
 * so lists stay short. The history ends with a final read of every key. Seeded.
 */
final class ListAppendHistories {
    static final int KEYS_ACTIVE = 10;
    static final int APPENDS_PER_KEY_MAX = 64;
    static final int MOPS_PER_TXN_MAX = 10;
    static final int STALENESS_VERSIONS = 20;

    enum Isolation { SERIALIZABLE, SNAPSHOT, STALE_SNAPSHOT }

    private enum Phase { IDLE, INVOKED, SNAPSHOT_TAKEN, COMMITTED }

    private static final class Client {
        int process;
        Phase phase = Phase.IDLE;
        List<Mop> invoked;
        long snapshot;
        List<Mop> completed;
    }

    /** One appended element and the commit version that made it visible. */
    private record Version(long element, long commit) {}

    private final SplittableRandom random;
    private final Isolation isolation;
    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, List<Version>> lists = new HashMap<>();
    private final long[] activeKeys = new long[KEYS_ACTIVE];
    private final Map<Long, Integer> appendsTo = new HashMap<>();
    private long nextKey;
    private int nextProcess;
    private long committed; // the latest commit version
    private long time;

    private ListAppendHistories(long seed, Isolation isolation) {
        this.random = new SplittableRandom(seed);
        this.isolation = isolation;
        for (int i = 0; i < KEYS_ACTIVE; i++) {
            activeKeys[i] = nextKey++;
        }
    }

    static History generate(long seed, int transactions, int clients, Isolation isolation) {
        return new ListAppendHistories(seed, isolation).run(transactions, clients);
    }

    private History run(int transactions, int clientCount) {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            Client c = new Client();
            c.process = nextProcess++;
            clients.add(c);
        }
        int invoked = 0;
        int open = 0;
        while (invoked < transactions || open > 0) {
            Client c = clients.get(random.nextInt(clientCount));
            switch (c.phase) {
                case IDLE -> {
                    if (invoked == transactions) {
                        continue;
                    }
                    c.invoked = newTransaction();
                    add(Op.invoke(ops.size(), tick(), c.process, "txn", c.invoked));
                    c.phase = Phase.INVOKED;
                    invoked++;
                    open++;
                }
                case INVOKED -> {
                    c.snapshot = committed;
                    if (isolation == Isolation.STALE_SNAPSHOT && random.nextInt(50) == 0) {
                        c.snapshot = Math.max(0, committed - STALENESS_VERSIONS);
                    }
                    c.phase = Phase.SNAPSHOT_TAKEN;
                    if (isolation == Isolation.SERIALIZABLE && commitOrEnd(c)) {
                        open--;
                    }
                }
                case SNAPSHOT_TAKEN -> {
                    if (commitOrEnd(c)) {
                        open--;
                    }
                }
                case COMMITTED -> {
                    if (random.nextInt(100) == 0) {
                        add(Op.info(ops.size(), tick(), c.process, "txn", c.invoked, "timeout")); // committed, unacknowledged
                        c.process = nextProcess++;
                    } else {
                        add(Op.ok(ops.size(), tick(), c.process, "txn", c.completed));
                    }
                    c.phase = Phase.IDLE;
                    open--;
                }
            }
        }
        List<Mop> finalRead = new ArrayList<>();
        for (long key = 0; key < nextKey; key++) {
            finalRead.add(Mop.read(key));
        }
        add(Op.invoke(ops.size(), tick(), nextProcess, "txn", finalRead));
        add(Op.ok(ops.size(), tick(), nextProcess, "txn", execute(finalRead, committed)));
        return History.of(ops);
    }

    /**
     * Commits (first committer wins on appended keys), or fails, or times out without committing;
     * returns true if the transaction ended here.
     */
    private boolean commitOrEnd(Client c) {
        int dice = random.nextInt(100);
        boolean conflict = false;
        for (Mop mop : c.invoked) {
            if (mop.isAppend() && lastCommit(mop.key()) > c.snapshot) {
                conflict = true;
            }
        }
        if (conflict || dice < 3) {
            add(Op.fail(ops.size(), tick(), c.process, "txn", c.invoked, "40001"));
            c.phase = Phase.IDLE;
            return true;
        }
        if (dice < 4) {
            add(Op.info(ops.size(), tick(), c.process, "txn", c.invoked, "timeout")); // never commits
            c.process = nextProcess++;
            c.phase = Phase.IDLE;
            return true;
        }
        c.completed = execute(c.invoked, c.snapshot);
        committed++;
        for (Mop mop : c.invoked) {
            if (mop.isAppend()) {
                lists.computeIfAbsent(mop.key(), k -> new ArrayList<>()).add(new Version(mop.element(), committed));
            }
        }
        c.phase = Phase.COMMITTED;
        return false;
    }

    private long lastCommit(long key) {
        List<Version> list = lists.get(key);
        return list == null || list.isEmpty() ? 0 : list.get(list.size() - 1).commit();
    }

    /** Reads from the snapshot, plus the transaction's own earlier appends. */
    private List<Mop> execute(List<Mop> mops, long snapshot) {
        Map<Long, List<Long>> own = new HashMap<>();
        List<Mop> completed = new ArrayList<>(mops.size());
        for (Mop mop : mops) {
            if (mop.isAppend()) {
                own.computeIfAbsent(mop.key(), k -> new ArrayList<>()).add(mop.element());
                completed.add(mop);
                continue;
            }
            List<Long> seen = new ArrayList<>();
            for (Version v : lists.getOrDefault(mop.key(), List.of())) {
                if (v.commit() <= snapshot) {
                    seen.add(v.element());
                }
            }
            seen.addAll(own.getOrDefault(mop.key(), List.of()));
            completed.add(mop.withRead(seen));
        }
        return completed;
    }

    private List<Mop> newTransaction() {
        int size = 1 + random.nextInt(MOPS_PER_TXN_MAX);
        List<Mop> mops = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int slot = random.nextInt(KEYS_ACTIVE);
            long key = activeKeys[slot];
            if (random.nextBoolean()) {
                int appends = appendsTo.merge(key, 1, Integer::sum);
                mops.add(Mop.append(key, appends)); // elements 1, 2, 3, ... per key: unique
                if (appends == APPENDS_PER_KEY_MAX) {
                    activeKeys[slot] = nextKey++;
                }
            } else {
                mops.add(Mop.read(key));
            }
        }
        return mops;
    }

    private void add(Op op) {
        ops.add(op);
    }

    private long tick() {
        time += 1 + random.nextInt(2_000);
        return time;
    }
}
