package dev.basalt.server.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.net.HostPort;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.server.cli.BasaltMain;
import dev.basalt.server.internal.LocalCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded node grows into a replicated cluster: opened with a listen address, joined by two
 * {@code basalt start --join} processes, it ends with three replicas of every range and a meta
 * group on all three nodes, while the application's one connection keeps writing and reading
 * through the same {@code jdbc:basalt:mem:} URL.
 */
@Timeout(900)
class EmbeddedGrowthTest {
    /** Joining, snapshotting every range twice and electing takes well under this on a busy machine. */
    static final long GROWTH_WAIT_MS = 400_000;
    /** The application writes and reads once per this interval while the cluster grows. */
    static final long WRITE_EVERY_MS = 100;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The application's writes: acknowledged ids, and ids whose commit outcome was unknown (40003). */
    private final Set<Integer> acknowledged = new TreeSet<>();
    private final Set<Integer> unknown = new TreeSet<>();

    /**
     * One autocommit insert, tried again while it fails with 40001 (certainly not applied); any
     * error but 40001 and 40003 fails the test, so a broken connection (08) does too.
     */
    private void write(Connection app, int id) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Statement s = app.createStatement()) {
                s.executeUpdate("INSERT INTO grow_log VALUES (" + id + ", " + (id * 7) + ")");
                acknowledged.add(id);
                return;
            } catch (SQLException e) {
                if ("40003".equals(e.getSQLState())) {
                    unknown.add(id);
                    return;
                }
                if (!"40001".equals(e.getSQLState()) || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static Set<Integer> ids(Connection app) throws SQLException {
        Set<Integer> ids = new HashSet<>();
        try (Statement s = app.createStatement(); ResultSet rs = s.executeQuery("SELECT id, v FROM grow_log")) {
            while (rs.next()) {
                assertEquals(rs.getInt(1) * 7, rs.getInt(2));
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    private static boolean grown(ClusterStatus s) {
        return s.metaMembers().equals(List.of(1, 2, 3)) && !s.ranges().isEmpty()
                && s.ranges().stream().allMatch(r -> r.descriptor().replicas().size() == 3 && r.leader() >= 0);
    }

    @Test
    void anEmbeddedNodeJoinedByTwoNodesEndsWithThreeReplicasOfEveryRangeWhileTheApplicationKeepsWorking(@TempDir Path tmp)
            throws Exception {
        HostPort listen = new HostPort("127.0.0.1", freePort());
        String url = "jdbc:basalt:mem:grow?listen=" + listen + "&raftListen=127.0.0.1:" + freePort();
        try (Connection app = DriverManager.getConnection(url)) {
            try (Statement s = app.createStatement()) {
                s.execute("CREATE TABLE grow_log (id INT PRIMARY KEY, v INT NOT NULL)");
            }
            int id = 0;
            while (id < 20) {
                write(app, ++id);
            }
            // Each joiner runs `basalt start --node-id N ... --join <embedded node>`: LocalCluster also
            // names node 2 to node 3, and the --join given here comes last, which the command line takes.
            try (LocalCluster joiners = new LocalCluster(tmp.resolve("joiners"), BasaltMain.class.getName(),
                    List.of("-Xmx512m", "-XX:+UseSerialGC"), List.of("--join", listen.toString()), true);
                 ClusterClient cluster = new ClusterClient(List.of(listen))) {
                ClusterStatus before = cluster.status();
                assertTrue(before.ranges().stream().allMatch(r -> r.descriptor().replicas().equals(List.of(1))), before.toTable());
                joiners.start(2);
                joiners.start(3);
                joiners.awaitLive(LocalCluster.STARTUP_WAIT_MS);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GROWTH_WAIT_MS);
                ClusterStatus now = cluster.status();
                while (!grown(now)) {
                    write(app, ++id);
                    Set<Integer> seen = ids(app);
                    assertTrue(seen.containsAll(acknowledged), "acknowledged writes missing: " + acknowledged + " vs " + seen);
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("not 3 replicas of every range within " + GROWTH_WAIT_MS + " ms:\n" + now.toTable()
                                + joiners.diagnostics());
                    }
                    TimeUnit.MILLISECONDS.sleep(WRITE_EVERY_MS); // the application's pace; polling interval
                    now = cluster.status();
                }
                int grownAt = id;
                while (id < grownAt + 20) {
                    write(app, ++id);
                }
                Set<Integer> seen = ids(app);
                assertTrue(seen.containsAll(acknowledged), "acknowledged writes missing: " + acknowledged + " vs " + seen);
                Set<Integer> allowed = new HashSet<>(acknowledged);
                allowed.addAll(unknown);
                assertTrue(allowed.containsAll(seen), "rows nobody wrote: " + seen);
                assertTrue(acknowledged.size() > grownAt - 20, "most writes acknowledged: " + acknowledged.size() + " of " + id
                        + ", unknown " + unknown);
                assertTrue(app.isValid(5), "the application's connection still works");
            }
        }
    }
}
