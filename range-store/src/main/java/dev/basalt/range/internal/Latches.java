package dev.basalt.range.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Per-range key latches on the leader, as TiKV's scheduler has them: a command that checks and
 * writes keys holds their latches from its check until its Raft entry is applied, so no two
 * in-flight commands ever check the same key against different states.
 *
 * <p>Keys hash into {@link #SLOTS} slots, each a FIFO queue of commands. A command enqueues
 * itself on all its slots at once, under one monitor, and runs when it heads every one of its
 * queues. Because enqueueing is atomic, two commands that share slots are ordered the same way
 * in every queue they share, so waits can never form a cycle. Memory is bounded by the number of
 * commands in flight, itself bounded by the proposer's queue limit.
 */
final class Latches {
    static final int SLOTS = 2048;

    /** One command's claim on a set of slots; completes when it holds them all. */
    static final class Guard {
        private final int[] slots;
        private final CompletableFuture<Guard> acquired = new CompletableFuture<>();

        private Guard(int[] slots) {
            this.slots = slots;
        }

        CompletableFuture<Guard> acquired() {
            return acquired;
        }
    }

    @SuppressWarnings("unchecked")
    private final ArrayDeque<Guard>[] queues = new ArrayDeque[SLOTS];

    private static final int[] ALL_SLOTS = java.util.stream.IntStream.range(0, SLOTS).toArray();

    /** Queues a command for the latches of {@code keys}; the guard's future completes when it holds them. */
    Guard acquire(List<byte[]> keys) {
        return acquire(keys.stream().mapToInt(k -> Math.floorMod(Arrays.hashCode(k), SLOTS)).sorted().distinct().toArray());
    }

    /**
     * Queues a command for every latch: it runs once every command queued before it has released
     * its latches (their entries are applied), and every command queued after it waits for it. A
     * barrier for range-wide changes such as raising the safe point.
     */
    Guard acquireAll() {
        return acquire(ALL_SLOTS);
    }

    private Guard acquire(int[] slots) {
        Guard guard = new Guard(slots);
        boolean ready;
        synchronized (this) {
            for (int s : slots) {
                if (queues[s] == null) {
                    queues[s] = new ArrayDeque<>();
                }
                queues[s].addLast(guard);
            }
            ready = heads(guard);
        }
        if (ready) {
            guard.acquired.complete(guard);
        }
        return guard;
    }

    /** Releases a guard's latches (whether or not it got them) and wakes the commands now at the head. */
    void release(Guard guard) {
        List<Guard> woken = new ArrayList<>();
        synchronized (this) {
            for (int s : guard.slots) {
                ArrayDeque<Guard> q = queues[s];
                q.remove(guard);
                Guard next = q.peekFirst();
                // Completing a guard that already runs is a no-op, so any head that now holds all
                // its slots may be woken, whether or not the released guard was ahead of it.
                if (next != null && !woken.contains(next) && heads(next)) {
                    woken.add(next);
                }
                if (q.isEmpty()) {
                    queues[s] = null;
                }
            }
        }
        for (Guard g : woken) {
            g.acquired.complete(g);
        }
    }

    private boolean heads(Guard guard) {
        for (int s : guard.slots) {
            if (queues[s].peekFirst() != guard) {
                return false;
            }
        }
        return true;
    }
}
