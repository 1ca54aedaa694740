package dev.basalt.server.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.routing.ClusterClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of node processes on this machine, each a separate JVM running {@code basalt start}
 * (the command line's main class is given, as this package sits below the command line) on
 * loopback with its own data directory: what {@code basalt demo} runs and what the cluster
 * tests kill and restart. {@link #kill} is SIGKILL (no shutdown hooks run); {@link #close} stops
 * every process it started.
 */
public final class LocalCluster implements AutoCloseable {
    /** How long to wait for nodes to come up and see each other. */
    public static final long STARTUP_WAIT_MS = 90_000;
    static final String HOST = "127.0.0.1";

    private final Path root;
    private final String mainClass;
    private final List<String> extraJvmArgs;
    /** Concurrent: the checker's progress thread takes thread dumps while the nemesis kills and starts nodes. */
    private final Map<Integer, Process> processes = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<Integer, HostPort> listen = new TreeMap<>();
    private final Map<Integer, HostPort> raft = new TreeMap<>();
    private final List<String> extraNodeArgs;
    private final boolean deleteOnClose;
    /** Null: every node on 127.0.0.1 with ephemeral ports; else one network namespace per node (for partitions). */
    private final NetworkNamespaces network;
    private final java.util.Set<Integer> paused = new java.util.concurrent.ConcurrentSkipListSet<>();
    /** Ports a node listens on inside its own namespace (no other process shares them). */
    static final int NAMESPACE_PORT = 7000;
    static final int NAMESPACE_RAFT_PORT = 7100;

    /**
     * A cluster whose nodes keep their data under {@code root}, each started as {@code java
     * <extraJvmArgs> mainClass start ... <extraNodeArgs>}; {@code deleteOnClose} removes the data
     * when closed.
     */
    public LocalCluster(Path root, String mainClass, List<String> extraJvmArgs, List<String> extraNodeArgs, boolean deleteOnClose)
            throws IOException {
        this(root, mainClass, extraJvmArgs, extraNodeArgs, deleteOnClose, null);
    }

    /** With {@code network}: each node runs in its own network namespace on it (see {@link NetworkNamespaces}). */
    public LocalCluster(Path root, String mainClass, List<String> extraJvmArgs, List<String> extraNodeArgs, boolean deleteOnClose,
                        NetworkNamespaces network) throws IOException {
        this.mainClass = mainClass;
        this.network = network;
        this.root = Files.createDirectories(root);
        this.deleteOnClose = deleteOnClose;
        this.extraJvmArgs = List.copyOf(extraJvmArgs);
        this.extraNodeArgs = List.copyOf(extraNodeArgs);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public Path root() {
        return root;
    }

    public Path dataDir(int nodeId) {
        return root.resolve("node-" + nodeId);
    }

    public HostPort address(int nodeId) {
        return listen.get(nodeId);
    }

    public List<HostPort> addresses() {
        return new ArrayList<>(listen.values());
    }

    public List<Integer> nodeIds() {
        return new ArrayList<>(listen.keySet());
    }

    public boolean isRunning(int nodeId) {
        Process p = processes.get(nodeId);
        return p != null && p.isAlive();
    }

    /** Starts node {@code nodeId} (new or restarted with the same ports and data). */
    public void start(int nodeId) throws IOException {
        if (isRunning(nodeId)) {
            return;
        }
        if (!listen.containsKey(nodeId)) {
            if (network != null) {
                network.addNode(nodeId);
                listen.put(nodeId, new HostPort(network.addressOf(nodeId), NAMESPACE_PORT));
                raft.put(nodeId, new HostPort(network.addressOf(nodeId), NAMESPACE_RAFT_PORT));
            } else {
                listen.put(nodeId, new HostPort(HOST, freePort()));
                raft.put(nodeId, new HostPort(HOST, freePort()));
            }
        }
        paused.remove(nodeId);
        Path dir = Files.createDirectories(dataDir(nodeId));
        List<String> cmd = new ArrayList<>();
        if (network != null) {
            cmd.addAll(network.execPrefix(nodeId));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of("start", "--node-id", String.valueOf(nodeId), "--listen", listen.get(nodeId).toString(),
                "--raft-listen", raft.get(nodeId).toString(), "--data", dir.toString()));
        List<String> others = listen.entrySet().stream().filter(e -> e.getKey() != nodeId).map(e -> e.getValue().toString()).toList();
        if (!others.isEmpty()) {
            cmd.add("--join");
            cmd.add(String.join(",", others));
        }
        cmd.addAll(extraNodeArgs);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
                .start();
        processes.put(nodeId, p);
    }

    /** Kills a node process with SIGKILL: no clean shutdown, as in a crash. */
    public void kill(int nodeId) throws InterruptedException {
        Process p = processes.get(nodeId);
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        paused.remove(nodeId);
    }

    /** Freezes a node's JVM with SIGSTOP: its sockets stay open, it answers nothing (a GC pause, a VM hiccup). */
    public void pause(int nodeId) throws IOException {
        signal(nodeId, "-STOP");
        paused.add(nodeId);
    }

    /** Lets a paused node run again (SIGCONT). */
    public void resume(int nodeId) throws IOException {
        if (paused.remove(nodeId)) {
            signal(nodeId, "-CONT");
        }
    }

    private void signal(int nodeId, String signal) throws IOException {
        Process p = processes.get(nodeId);
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(p.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill " + signal + " " + p.pid() + " (node " + nodeId + ") failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted signalling node " + nodeId);
        }
    }

    /** The network the nodes run on, or null when they share 127.0.0.1. */
    public NetworkNamespaces network() {
        return network;
    }

    /** Waits until every running node is up and the first one sees all of them live. */
    public void awaitLive(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try (ClusterClient client = new ClusterClient(addresses())) {
            while (true) {
                for (Map.Entry<Integer, Process> e : new ArrayList<>(processes.entrySet())) {
                    if (!e.getValue().isAlive() && lostPortRace(e.getKey())) {
                        continue; // started again on other ports
                    }
                    if (!e.getValue().isAlive()) {
                        throw new IllegalStateException("node " + e.getKey() + " exited with status " + e.getValue().exitValue()
                                + "; see " + dataDir(e.getKey()).resolve("console.log"));
                    }
                }
                try {
                    ClusterStatus s = client.status();
                    long live = s.nodes().stream().filter(ClusterStatus.Node::live).count();
                    if (live >= processes.values().stream().filter(Process::isAlive).count()) {
                        return;
                    }
                } catch (BasaltException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nodes did not all come up within " + timeoutMs + " ms; logs in " + root);
                }
                TimeUnit.MILLISECONDS.sleep(200); // polling interval while JVMs start
            }
        }
    }

    /** A node that lost the race for its ports on its first start is started again on others, at most this often. */
    static final int PORT_RETRIES_MAX = 3;
    private final Map<Integer, Integer> portRetries = new java.util.HashMap<>();

    /**
     * Ports are picked free and then bound by the child process, so another process on the machine
     * can take one in between. A node that failed to bind on its first start (it never joined
     * anyone, so its addresses are not known yet) is given fresh ports and started again.
     */
    private boolean lostPortRace(int nodeId) {
        if (network != null) {
            return false; // every node has its own namespace and ports
        }
        Path console = dataDir(nodeId).resolve("console.log");
        String text;
        try {
            text = Files.exists(console) ? Files.readString(console) : "";
        } catch (IOException e) {
            return false;
        }
        boolean bindFailure = text.contains("Address already in use") || text.contains("BindException") || text.contains("cannot listen");
        int retries = portRetries.getOrDefault(nodeId, 0);
        // "listening on": it started on these ports before, so other nodes know them; keep them.
        if (!bindFailure || retries >= PORT_RETRIES_MAX || text.contains("listening on")) {
            return false;
        }
        portRetries.put(nodeId, retries + 1);
        listen.remove(nodeId);
        raft.remove(nodeId);
        processes.remove(nodeId);
        try {
            Files.move(console, console.resolveSibling("console-port-race-" + retries + ".log"));
            start(nodeId);
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    /** Creates the cluster's ranges through node {@code viaNode}; returns the number created. */
    public int init(int viaNode, int ranges) {
        try (RpcClient rpc = new RpcClient("init")) {
            byte[] reply = rpc.call(address(viaNode), NodeMethods.INIT, new ByteWriter().i32(ranges).toByteArray(),
                    dev.basalt.placement.replica.ClusterBootstrap.LEADERS_WAIT_MS + 30_000).get();
            return new ByteReader(reply).count(28);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof BasaltException be) {
                throw be;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "init failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "interrupted during init");
        }
    }

    /**
     * The last error lines and the tail of each node's log: what a failing test prints, since a
     * cluster test's data directory is deleted when it closes.
     */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder();
        for (int node : listen.keySet()) {
            sb.append("\n--- node ").append(node).append(isRunning(node) ? " (running)" : " (stopped)").append(" ---\n");
            for (String file : List.of("basalt.log", "console.log")) {
                Path log = dataDir(node).resolve(file);
                try {
                    List<String> lines = Files.readAllLines(log);
                    List<String> errors = lines.stream().filter(l -> l.contains(" ERROR ") || l.contains("Exception")).toList();
                    errors.subList(Math.max(0, errors.size() - 10), errors.size()).forEach(l -> sb.append("  ").append(l).append('\n'));
                    if (file.equals("basalt.log")) {
                        sb.append("  ... last lines:\n");
                        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append("  ").append(l).append('\n'));
                    }
                } catch (IOException e) {
                    sb.append("  (no ").append(file).append(")\n");
                }
            }
        }
        return sb.toString();
    }

    /** A thread dump takes at most this long per node. */
    static final long THREAD_DUMP_WAIT_MS = 20_000;

    /**
     * Writes a thread dump of every running, unpaused node to {@code <data dir>/threads-<label>.txt}
     * (with the JDK's {@code jcmd}), for reading a stall afterwards; returns the files written.
     */
    public List<Path> threadDumps(String label) {
        List<Path> written = new ArrayList<>();
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path jcmd = java.getParent() == null ? Path.of("jcmd") : java.getParent().resolve("jcmd");
        for (Map.Entry<Integer, Process> e : processes.entrySet()) {
            if (!e.getValue().isAlive() || paused.contains(e.getKey())) {
                continue;
            }
            Path file = dataDir(e.getKey()).resolve("threads-" + label + ".txt");
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(e.getValue().pid()), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(file.toFile()).start();
                if (dump.waitFor(THREAD_DUMP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    written.add(file);
                } else {
                    dump.destroyForcibly();
                }
            } catch (IOException ex) {
                // no jcmd here (a JRE): nothing to write
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return written;
            }
        }
        return written;
    }

    /** Deletes the cluster's directory (the nodes must be stopped). */
    public void deleteData() {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory: best effort
        }
    }

    /** Stops every node: SIGTERM (clean shutdown), then SIGKILL for any still running after 20 s. */
    @Override
    public void close() {
        for (int id : new ArrayList<>(paused)) {
            try {
                resume(id); // a stopped process does not act on SIGTERM
            } catch (IOException e) {
                // it is killed below if it does not stop
            }
        }
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (network != null) {
            network.close();
        }
        if (deleteOnClose) {
            deleteData();
        }
    }
}
