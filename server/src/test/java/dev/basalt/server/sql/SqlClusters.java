package dev.basalt.server.sql;

import dev.basalt.common.net.HostPort;
import dev.basalt.server.cli.BasaltMain;
import dev.basalt.server.internal.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Real clusters (node processes on loopback, temporary directories) for the SQL tests. */
final class SqlClusters {
    /** Ranges a test cluster starts with: enough that tables spread over several. */
    static final int RANGES = 4;

    private SqlClusters() {
    }

    static LocalCluster start(String name, int nodes) throws Exception {
        return start(name, nodes, List.of("-Xmx512m", "-XX:+UseSerialGC"));
    }

    /** With the node JVMs' options given (a smaller heap, say). */
    static LocalCluster start(String name, int nodes, List<String> jvmArgs) throws Exception {
        Path root = Files.createTempDirectory("basalt-" + name);
        LocalCluster cluster = new LocalCluster(root, BasaltMain.class.getName(), jvmArgs, List.of(), true);
        try {
            for (int id = 1; id <= nodes; id++) {
                cluster.start(id);
            }
            cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
            cluster.init(1, RANGES);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** A URL naming every node of the cluster. */
    static String url(LocalCluster cluster) {
        return "jdbc:basalt://" + cluster.addresses().stream().map(HostPort::toString).collect(Collectors.joining(",")) + "/";
    }

    static String url(LocalCluster cluster, int nodeId) {
        return "jdbc:basalt://" + cluster.address(nodeId) + "/";
    }
}
