package dev.basalt.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private network for a local cluster, so that faults can cut node-to-node traffic (Basalt's
 * protocol and Raft alike) while the nodes run unchanged: each node lives in its own Linux network
 * namespace with one address on a bridge in the host namespace, where the checker runs.
 * <pre>
 *   host:   bridge &lt;tag&gt;br  10.233.S.254/24
 *   node i: namespace &lt;tag&gt;n&lt;i&gt;, veth eth0  10.233.S.i/24   (host end &lt;tag&gt;v&lt;i&gt; on the bridge)
 * </pre>
 * <b>A partition drops packets silently, as a real one does</b>: to cut node a from node b, each
 * namespace routes the other's address through a gateway address that no host owns, whose
 * neighbor entry is a MAC address no interface has; frames go out and vanish, connections time
 * out. Traffic between the checker (host) and the nodes is never cut. Needs root and iproute2
 * ({@code ip}); every namespace and link it made is deleted on {@link #close}, and namespaces left
 * behind by a run whose process died are deleted by the next one.
 */
public final class NetworkNamespaces implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkNamespaces.class);
    /** Every name this class makes starts with "bs" and the creating process's id. */
    private static final Pattern OURS = Pattern.compile("bs(\\d+)(br|n\\d+|v\\d+)");
    /** A gateway address on the subnet that nobody owns: routes through it go nowhere. */
    static final int VOID_HOST = 250;
    static final String VOID_MAC = "02:de:ad:be:ef:01";
    /** Node addresses are 10.233.S.1 .. 10.233.S.249. */
    public static final int NODES_MAX = 249;
    static final long COMMAND_WAIT_MS = 10_000;

    private final String tag;
    private final int subnet;
    private final Set<Integer> nodes = new TreeSet<>();
    /** Directed cuts in place: {from, to}. */
    private final Set<List<Integer>> cuts = new HashSet<>();

    private NetworkNamespaces(String tag, int subnet) {
        this.tag = tag;
        this.subnet = subnet;
    }

    /** Why network namespaces cannot be used here, or null if they can (root, and iproute2 installed). */
    public static String unavailableBecause() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network partitions need network namespaces, which need root (running as " + System.getProperty("user.name") + ")";
        }
        try {
            run("ip", "-V");
            return null;
        } catch (IOException e) {
            return "network partitions need the ip command (iproute2): " + e.getMessage();
        }
    }

    /** Creates the bridge (and first deletes what a dead earlier run left behind). */
    public static NetworkNamespaces create() throws IOException {
        String unavailable = unavailableBecause();
        if (unavailable != null) {
            throw new IOException(unavailable);
        }
        deleteStale();
        long pid = ProcessHandle.current().pid();
        String tag = "bs" + pid;
        int subnet = 20 + (int) (pid % 200);
        NetworkNamespaces net = new NetworkNamespaces(tag, subnet);
        run("ip", "link", "add", net.bridge(), "type", "bridge");
        run("ip", "addr", "add", net.host() + "/24", "dev", net.bridge());
        run("ip", "link", "set", net.bridge(), "up");
        LOG.info("network: bridge {} on 10.233.{}.0/24", net.bridge(), subnet);
        return net;
    }

    private String bridge() {
        return tag + "br";
    }

    private String namespace(int node) {
        return tag + "n" + node;
    }

    private String host() {
        return "10.233." + subnet + ".254";
    }

    /** The address of node {@code node} on this network. */
    public String addressOf(int node) {
        return "10.233." + subnet + "." + node;
    }

    /** Adds node {@code node}'s namespace (a no-op if it exists). */
    public synchronized void addNode(int node) throws IOException {
        if (node < 1 || node > NODES_MAX) {
            throw new IllegalArgumentException("node ids on a namespace network are 1.." + NODES_MAX + ", got " + node);
        }
        if (!nodes.add(node)) {
            return;
        }
        String ns = namespace(node);
        String veth = tag + "v" + node;
        run("ip", "netns", "add", ns);
        run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        run("ip", "link", "set", veth, "master", bridge(), "up");
        inNamespace(node, "ip", "addr", "add", addressOf(node) + "/24", "dev", "eth0");
        inNamespace(node, "ip", "link", "set", "eth0", "up");
        inNamespace(node, "ip", "link", "set", "lo", "up");
        inNamespace(node, "ip", "neigh", "add", voidAddress(), "lladdr", VOID_MAC, "dev", "eth0", "nud", "permanent");
    }

    private String voidAddress() {
        return "10.233." + subnet + "." + VOID_HOST;
    }

    /** The command prefix that runs a program inside node {@code node}'s namespace. */
    public List<String> execPrefix(int node) {
        return List.of("ip", "netns", "exec", namespace(node));
    }

    /** Cuts node {@code node} off from every other node (both directions); the checker still reaches it. */
    public synchronized void isolate(int node) throws IOException {
        for (int other : nodes) {
            if (other != node) {
                cut(node, other);
                cut(other, node);
            }
        }
    }

    private void cut(int from, int to) throws IOException {
        if (cuts.add(List.of(from, to))) {
            inNamespace(from, "ip", "route", "add", addressOf(to) + "/32", "via", voidAddress(), "dev", "eth0");
        }
    }

    /** Removes every cut. */
    public synchronized void heal() throws IOException {
        for (List<Integer> c : new ArrayList<>(cuts)) {
            inNamespace(c.get(0), "ip", "route", "del", addressOf(c.get(1)) + "/32");
            cuts.remove(c);
        }
    }

    private void inNamespace(int node, String... command) throws IOException {
        List<String> full = new ArrayList<>(execPrefix(node));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    @Override
    public synchronized void close() {
        for (int node : nodes) {
            quietly("ip", "netns", "del", namespace(node));
        }
        nodes.clear();
        quietly("ip", "link", "del", bridge());
    }

    /** Deletes namespaces and links whose creating process is gone. */
    static void deleteStale() {
        for (String ns : lines("ip", "netns", "list")) {
            String name = ns.split("\\s+")[0];
            if (isStale(name)) {
                quietly("ip", "netns", "del", name);
            }
        }
        for (String link : lines("ip", "-o", "link", "show")) {
            String[] parts = link.split(":\\s+");
            if (parts.length > 1) {
                String name = parts[1].split("@")[0];
                if (isStale(name)) {
                    quietly("ip", "link", "del", name);
                }
            }
        }
    }

    private static boolean isStale(String name) {
        Matcher m = OURS.matcher(name);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true);
    }

    private static List<String> lines(String... command) {
        try {
            return List.of(run(command).split("\n"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void quietly(String... command) {
        try {
            run(command);
        } catch (IOException e) {
            LOG.debug("network: {} failed: {}", String.join(" ", command), e.getMessage());
        }
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(COMMAND_WAIT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_WAIT_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out);
        }
        return out;
    }
}
