package dev.basalt.placement.routing;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.placement.ClusterStatus;
import dev.basalt.placement.NodeInfo;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.placement.meta.MetaView;
import dev.basalt.placement.tso.TimestampClient;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process outside the cluster talking to it (the CLI, benchmarks, workloads, tests): routes
 * range requests ({@link ClusterRouter}), draws timestamps from the oracle ({@link TimestampClient},
 * concurrent draws sharing one request), reads the cluster's status and makes admin calls. The
 * range map comes from {@code META_VIEW} of whichever node answers first: the seeds, then every
 * node the last view named. Thread-safe.
 */
public final class ClusterClient implements RangeRouter, AutoCloseable {
    /** A view or status fetch from one node waits at most this long before the next node is tried. */
    static final long FETCH_TIMEOUT_MS = 5_000;
    /** An admin call waits at most this long unless the caller says otherwise. */
    public static final long CALL_TIMEOUT_MS = 30_000;

    private final List<HostPort> seeds;
    private final RpcClient rpc;
    private final TimestampClient timestamps;
    private final ClusterRouter router;
    private volatile MetaView view = MetaView.EMPTY;
    /** Node addresses learned from status answers (a node joins the meta view a moment after it joins the cluster). */
    private final java.util.Map<Integer, HostPort> statusAddresses = new java.util.concurrent.ConcurrentHashMap<>();

    public ClusterClient(List<HostPort> seeds) {
        if (seeds.isEmpty()) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "at least one node address is needed");
        }
        this.seeds = List.copyOf(seeds);
        this.rpc = new RpcClient("client");
        this.timestamps = new TimestampClient(rpc, this::addressOf, this::addresses, -1, null);
        this.router = new ClusterRouter(rpc, new ClusterRouter.Views() {
            @Override
            public MetaView current() {
                return view;
            }

            @Override
            public MetaView refresh() {
                return refreshView();
            }
        }, timestamps, null, this::addressOf);
    }

    private HostPort addressOf(int nodeId) {
        NodeInfo n = view.nodes().get(nodeId);
        if (n == null && view.isEmpty()) {
            n = refreshView().nodes().get(nodeId);
        }
        return n != null ? n.address() : statusAddresses.get(nodeId);
    }

    /** Every address worth trying: the seeds, then the nodes the view knows. */
    public List<HostPort> addresses() {
        List<HostPort> out = new ArrayList<>(seeds);
        view.nodes().values().stream().map(NodeInfo::address).filter(a -> !out.contains(a)).forEach(out::add);
        return out;
    }

    /** Fetches the meta view from the first node that answers; keeps the old one if none does. */
    public MetaView refreshView() {
        for (HostPort node : addresses()) {
            try {
                MetaView v = MetaView.read(new ByteReader(call(node, NodeMethods.META_VIEW, new byte[0], FETCH_TIMEOUT_MS)));
                if (!v.isEmpty() || view.isEmpty()) {
                    view = v;
                    return v;
                }
            } catch (BasaltException e) {
                // that node is down or starting: ask the next one
            }
        }
        return view;
    }

    @Override
    public long timestamp() {
        return timestamps.next();
    }

    @Override
    public RangeDescriptor rangeOf(byte[] key) {
        return router.rangeOf(key);
    }

    public RangeDescriptor rangeOfSlot(int slot) {
        return router.rangeOfSlot(slot);
    }

    @Override
    public List<RangeDescriptor> ranges() {
        return router.ranges();
    }

    @Override
    public RangeResponse execute(long rangeId, RangeRequest request) {
        return router.execute(rangeId, request);
    }

    /**
     * The cluster's status as the first node that answers reports it (the seeds, then the nodes the
     * view knows). A node that is down or restarting shows as not live; this only fails when no
     * node answers at all.
     */
    public ClusterStatus status() {
        BasaltException last = null;
        List<HostPort> candidates = addresses();
        for (HostPort node : candidates) {
            try {
                ClusterStatus s = ClusterStatus.read(new ByteReader(call(node, NodeMethods.CLUSTER_STATUS, new byte[0], FETCH_TIMEOUT_MS)));
                s.nodes().forEach(n -> statusAddresses.put(n.info().id(), n.info().address()));
                return s;
            } catch (BasaltException e) {
                last = e;
            }
        }
        throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "no node answered at " + candidates
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /** Calls one node directly (admin calls: checksums, snapshots, replica changes). */
    public byte[] callNode(int nodeId, int method, byte[] payload, long timeoutMs) {
        HostPort address = addressOf(nodeId);
        if (address == null) {
            refreshView();
            address = addressOf(nodeId);
        }
        if (address == null) {
            status();
            address = addressOf(nodeId);
        }
        if (address == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "unknown node " + nodeId);
        }
        return call(address, method, payload, timeoutMs);
    }

    /** Calls the node at {@code address} directly. */
    public byte[] call(HostPort address, int method, byte[] payload, long timeoutMs) {
        try {
            return rpc.call(address, method, payload, timeoutMs).get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof BasaltException be) {
                throw be;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "call to " + address + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BasaltException(ErrorCode.TIMEOUT, "call to " + address + " got no reply within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.CONNECTION_FAILURE, "interrupted while calling " + address);
        }
    }

    /**
     * Runs a meta command through any node (it forwards to the meta leader), trying the nodes in
     * turn. Used by gateways outside the cluster to report their oldest active transaction.
     */
    public byte[] metaCommand(byte[] command) {
        BasaltException last = null;
        for (HostPort node : addresses()) {
            try {
                return call(node, NodeMethods.META_WRITE, new dev.basalt.common.ByteWriter().bytes(command).u8(0).toByteArray(),
                        MetaService.CALL_TIMEOUT_MS);
            } catch (BasaltException e) {
                last = e;
            }
        }
        throw last != null ? last : new BasaltException(ErrorCode.CONNECTION_FAILURE, "no node to send a meta command to");
    }

    @Override
    public void close() {
        timestamps.close();
        rpc.close();
    }
}
