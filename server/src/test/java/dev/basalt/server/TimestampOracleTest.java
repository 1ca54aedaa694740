package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.placement.NodeMethods;
import dev.basalt.common.net.RpcClient;
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
 * and restarted. Every timestamp must be unique, each thread's timestamps must strictly increase,
 * and a draw that started after another draw returned must get larger timestamps.
 */
class TimestampOracleTest {
    private static final long SEED = Long.getLong("basalt.test.seed", 4242L);
    private static final int THREADS = 6;

    record Draw(int thread, long first, int count, long startNanos, long endNanos) {
        long last() {
            return first + count - 1;
        }
    }

    @Test
    void timestampsStayUniqueAndOrderedWhileTheMetaLeaderIsKilledAndRestarted() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("tso", 3, 1, List.of());
             RpcClient rpc = new RpcClient("tso-test")) {
            int leader = metaLeader(cluster, rpc);
            ConcurrentLinkedQueue<Draw> draws = new ConcurrentLinkedQueue<>();
            AtomicLong failures = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
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
            awaitDraws(draws, 500, cluster);
            cluster.kill(leader);
            long killedAt = System.nanoTime();
            int before = draws.size();
            awaitDraws(draws, before + 500, cluster);
            long afterKill = draws.stream().filter(d -> d.startNanos() > killedAt).count();
            cluster.start(leader);
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            awaitDraws(draws, draws.size() + 500, cluster);
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
            List<Draw> all = new ArrayList<>(draws);
            System.out.println("seed " + SEED + ": " + all.size() + " draws, " + afterKill + " after killing meta leader node "
                    + leader + ", " + failures.get() + " failed draws");
            assertTrue(afterKill > 0, "seed " + SEED + ": no draw succeeded after the meta leader was killed");
            checkUnique(all);
            checkPerThreadIncreasing(all);
            checkRealTimeOrder(all);
        }
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
