package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.Timestamp;
import dev.basalt.common.net.RpcClient;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.tso.TimestampOracle;
import dev.basalt.server.internal.LocalCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The timestamp oracle under failover: threads draw batches of timestamps through all three
 * nodes (each node forwards to the meta group's leader) while that leader is killed with SIGKILL
 * and restarted, or paused with SIGSTOP past its lease and resumed. Every timestamp must be
 * unique, each thread's timestamps must strictly increase, and a draw that started after another
 * draw returned must get larger timestamps - in particular a leader that wakes from a pause must
 * not hand out timestamps below its successor's to a draw that began after those were returned.
 * And a meta leader whose clock runs far ahead must not drag timestamps ahead with it.
 */
class TimestampOracleTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 4242L);
    private static final int THREADS = 6;

    record Draw(int thread, long first, int count, long startNanos, long endNanos) {
        long last() {
            return first + count - 1;
        }
    }

    /** Threads drawing timestamps through every node until closed. */
    private static final class Drawers implements AutoCloseable {
        final ConcurrentLinkedQueue<Draw> draws = new ConcurrentLinkedQueue<>();
        final AtomicLong failures = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Drawers(LocalCluster cluster, RpcClient rpc) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                int node = cluster.nodeIds().get(t % cluster.nodeIds().size());
                SplittableRandom random = new SplittableRandom(SEED + t);
                Thread worker = new Thread(() -> {
                    while (running.get()) {
                        int count = 1 + random.nextInt(4);
                        long start = System.nanoTime();
                        try {
                            byte[] reply = rpc.call(cluster.address(node), NodeMethods.TIMESTAMPS,
                                    new ByteWriter().i32(count).bool(true).toByteArray(), 10_000).get(15, TimeUnit.SECONDS);
                            ByteReader r = new ByteReader(reply);
                            if (r.bool()) {
                                draws.add(new Draw(thread, r.i64(), count, start, System.nanoTime()));
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet(); // the node is down or the oracle is failing over
                            try {
                                TimeUnit.MILLISECONDS.sleep(20); // retry pacing while a node is down
                            } catch (InterruptedException ie) {
                                return;
                            }
                        }
                    }
                }, "tso-drawer-" + t);
                worker.setDaemon(true);
                threads.add(worker);
                worker.start();
            }
        }

        long after(long nanos) {
            return draws.stream().filter(d -> d.startNanos() > nanos).count();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    @Test
    void timestampsStayUniqueAndOrderedWhileTheMetaLeaderIsKilledAndRestarted() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("tso", 3, 1, List.of());
             RpcClient rpc = new RpcClient("tso-test")) {
            int leader = metaLeader(cluster, rpc);
            Drawers drawers = new Drawers(cluster, rpc);
            long afterKill;
            try (drawers) {
                awaitDraws(drawers.draws, 500, cluster);
                cluster.kill(leader);
                long killedAt = System.nanoTime();
                awaitDraws(drawers.draws, drawers.draws.size() + 500, cluster);
                afterKill = drawers.after(killedAt);
                cluster.start(leader);
                cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
                awaitDraws(drawers.draws, drawers.draws.size() + 500, cluster);
            }
            List<Draw> all = new ArrayList<>(drawers.draws);
            System.out.println("seed " + SEED + ": " + all.size() + " draws, " + afterKill + " after killing meta leader node "
                    + leader + ", " + drawers.failures.get() + " failed draws");
            assertTrue(afterKill > 0, "seed " + SEED + ": no draw succeeded after the meta leader was killed");
            checkAll(all);
        }
    }

    @Test
    void aMetaLeaderPausedPastItsLeaseHandsOutNothingBelowItsSuccessorAfterItWakes() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("tso-pause", 3, 1, List.of());
             RpcClient rpc = new RpcClient("tso-test")) {
            int leader = metaLeader(cluster, rpc);
            Drawers drawers = new Drawers(cluster, rpc);
            long afterPause;
            try (drawers) {
                awaitDraws(drawers.draws, 500, cluster);
                cluster.pause(leader); // it holds its sockets, its lease and requests in flight
                long pausedAt = System.nanoTime();
                // A successor is elected and serves, well past the paused leader's lease.
                awaitDraws(drawers.draws, drawers.draws.size() + 500, cluster);
                afterPause = drawers.after(pausedAt);
                cluster.resume(leader); // it wakes with the requests it had received and a stale view of its term
                long resumedAt = System.nanoTime();
                ClusterHarness.await(cluster, "draws through the resumed node", 90_000, () -> drawers.after(resumedAt) >= 500);
            }
            List<Draw> all = new ArrayList<>(drawers.draws);
            System.out.println("seed " + SEED + ": " + all.size() + " draws, " + afterPause + " while meta leader node " + leader
                    + " was paused, " + drawers.failures.get() + " failed draws");
            assertTrue(afterPause > 0, "seed " + SEED + ": no draw succeeded while the meta leader was paused");
            checkAll(all);
        }
    }

    @Test
    void aMetaLeaderWithAClockFarAheadIssuesTimestampsNearTheClusterClock() throws Exception {
        long aheadMs = 60_000;
        try (LocalCluster cluster = ClusterHarness.startCluster("tso-clock", 3, 1, List.of("--fault-injection", "on"));
             RpcClient rpc = new RpcClient("tso-test")) {
            int leader = metaLeader(cluster, rpc);
            rpc.call(cluster.address(leader), NodeMethods.SET_CLOCK_OFFSET, new ByteWriter(8).i64(aheadMs).toByteArray(), 10_000)
                    .get(15, TimeUnit.SECONDS);
            long highest = 0;
            for (int i = 0; i < 200; i++) {
                ByteReader r = new ByteReader(rpc.call(cluster.address(leader), NodeMethods.TIMESTAMPS,
                        new ByteWriter().i32(1).bool(false).toByteArray(), 10_000).get(15, TimeUnit.SECONDS));
                assertTrue(r.bool(), "node " + leader + " stopped leading the meta group during the test");
                highest = Math.max(highest, r.i64());
            }
            long issuedMs = Timestamp.physicalMs(highest);
            long realMs = System.currentTimeMillis();
            // Every clock but the leader's is right, so the cluster clock (their median) is; the oracle
            // may run CLOCK_AHEAD_MS_MAX ahead of it, plus the gossip estimate's error.
            long allowedMs = TimestampOracle.CLOCK_AHEAD_MS_MAX + CLOCK_ESTIMATE_ERROR_MS;
            assertTrue(issuedMs <= realMs + allowedMs, "a timestamp " + (issuedMs - realMs) + " ms ahead of real time, with the leader's "
                    + "clock " + aheadMs + " ms ahead (allowed: " + allowedMs + " ms)");
        }
    }

    /** How far this machine's gossip clock estimates may be off (half a round trip on loopback, with room for a busy machine). */
    private static final long CLOCK_ESTIMATE_ERROR_MS = 1_000;

    private static void checkAll(List<Draw> all) {
        checkUnique(all);
        checkPerThreadIncreasing(all);
        checkRealTimeOrder(all);
    }

    /** The node that serves timestamps itself, found by asking each node without forwarding. */
    private static int metaLeader(LocalCluster cluster, RpcClient rpc) throws Exception {
        for (int node : cluster.nodeIds()) {
            ByteReader r = new ByteReader(rpc.call(cluster.address(node), NodeMethods.TIMESTAMPS,
                    new ByteWriter().i32(1).bool(false).toByteArray(), 10_000).get(15, TimeUnit.SECONDS));
            if (r.bool()) {
                return node;
            }
        }
        throw new AssertionError("no node leads the meta group");
    }

    private static void awaitDraws(ConcurrentLinkedQueue<Draw> draws, int atLeast, LocalCluster cluster) throws InterruptedException {
        ClusterHarness.await(cluster, atLeast + " timestamp draws (seed " + SEED + ")", 90_000, () -> draws.size() >= atLeast);
    }

    private static void checkUnique(List<Draw> all) {
        List<Draw> byFirst = new ArrayList<>(all);
        byFirst.sort(Comparator.comparingLong(Draw::first));
        for (int i = 1; i < byFirst.size(); i++) {
            Draw a = byFirst.get(i - 1);
            Draw b = byFirst.get(i);
            assertTrue(a.last() < b.first(), "seed " + SEED + ": timestamps issued twice: " + a + " overlaps " + b);
        }
    }

    private static void checkPerThreadIncreasing(List<Draw> all) {
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            List<Draw> mine = all.stream().filter(d -> d.thread() == thread).sorted(Comparator.comparingLong(Draw::startNanos)).toList();
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(mine.get(i - 1).last() < mine.get(i).first(), "seed " + SEED + ": thread " + thread
                        + " went backwards: " + mine.get(i - 1) + " then " + mine.get(i));
            }
        }
    }

    /** A draw that started after another one returned must get larger timestamps. */
    private static void checkRealTimeOrder(List<Draw> all) {
        List<Draw> byEnd = new ArrayList<>(all);
        byEnd.sort(Comparator.comparingLong(Draw::endNanos));
        List<Draw> byStart = new ArrayList<>(all);
        byStart.sort(Comparator.comparingLong(Draw::startNanos));
        int e = 0;
        Draw maxEnded = null;
        for (Draw b : byStart) {
            while (e < byEnd.size() && byEnd.get(e).endNanos() < b.startNanos()) {
                Draw done = byEnd.get(e++);
                if (maxEnded == null || done.last() > maxEnded.last()) {
                    maxEnded = done;
                }
            }
            if (maxEnded != null) {
                assertTrue(maxEnded.last() < b.first(), "seed " + SEED + ": " + b + " started after " + maxEnded
                        + " returned but got smaller timestamps");
            }
        }
    }
}
