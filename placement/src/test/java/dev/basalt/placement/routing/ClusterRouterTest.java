package dev.basalt.placement.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.LocalTimestampSource;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.common.net.RpcServer;
import dev.basalt.placement.NodeInfo;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.meta.MetaView;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The router against scripted nodes (real sockets, a handler per node that answers range requests
 * as the test says): how it follows leader hints and stale maps.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClusterRouterTest {
    private static final byte[] KEY = StorageKey.of(1, 0, 10, new byte[] {1});
    private final List<RpcServer> servers = new ArrayList<>();
    private final Map<Integer, HostPort> addresses = new TreeMap<>();
    /** Node id -> generations of the range requests it received. */
    private final Map<Integer, List<Long>> received = new ConcurrentHashMap<>();
    private final RpcClient rpc = new RpcClient("router-test");

    @AfterEach
    void stop() {
        rpc.close();
        servers.forEach(RpcServer::close);
    }

    /** Starts node {@code id} answering range requests with {@code answer(generation, request)}. */
    private void node(int id, BiFunction<Long, RangeRequest, RangeResponse> answer) {
        RpcServer server = RpcServer.start("fake" + id, new HostPort("127.0.0.1", 0), (method, payload) -> {
            ByteReader r = new ByteReader(payload);
            r.i64();
            long generation = r.i64();
            RangeRequest request = RangeCodec.readRequest(r);
            received.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(generation);
            try {
                ByteWriter w = new ByteWriter();
                RangeCodec.writeResponse(w, answer.apply(generation, request));
                return CompletableFuture.completedFuture(w.toByteArray());
            } catch (BasaltException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        servers.add(server);
        addresses.put(id, server.address());
    }

    private MetaView view(RangeDescriptor range) {
        TreeMap<Integer, NodeInfo> nodes = new TreeMap<>();
        addresses.forEach((id, a) -> nodes.put(id, new NodeInfo(id, a, a)));
        return new MetaView(nodes, Map.of(), List.of(range), Set.of(), List.of(1, 2, 3), 1);
    }

    /** Views that start stale and turn fresh on the first refresh. */
    private ClusterRouter.Views views(MetaView stale, MetaView fresh, AtomicInteger refreshes) {
        return new ClusterRouter.Views() {
            private volatile MetaView current = stale;

            @Override
            public MetaView current() {
                return current;
            }

            @Override
            public MetaView refresh() {
                refreshes.incrementAndGet();
                current = fresh;
                return fresh;
            }
        };
    }

    private ClusterRouter router(ClusterRouter.Views views) {
        return new ClusterRouter(rpc, views, new LocalTimestampSource(), null, id -> addresses.get(id));
    }

    @Test
    void aLeaderHintOutsideTheCachedReplicasIsFollowedWithTheRefreshedDescriptor() {
        RangeResponse notLeader = new RangeResponse.NotLeader(1, 4);
        for (int id = 1; id <= 3; id++) {
            node(id, (gen, req) -> notLeader); // the old replicas all name node 4, which the stale map does not list
        }
        node(4, (gen, req) -> new RangeResponse.Value(new byte[] {42}));
        RangeDescriptor stale = new RangeDescriptor(1, 0, RangeDescriptor.SLOT_COUNT, List.of(1, 2, 3), 5);
        RangeDescriptor moved = new RangeDescriptor(1, 0, RangeDescriptor.SLOT_COUNT, List.of(4, 2, 3), 7);
        AtomicInteger refreshes = new AtomicInteger();
        ClusterRouter router = router(views(view(stale), view(moved), refreshes));

        RangeResponse r = router.execute(1, new RangeRequest.Get(KEY, 100));

        assertArrayEquals(new byte[] {42}, assertInstanceOf(RangeResponse.Value.class, r).value());
        assertTrue(refreshes.get() >= 1, "the map was refreshed on meeting a hint outside it");
        assertEquals(List.of(7L), received.get(4), "node 4 got the request once, routed with the range's current generation");
    }

    @Test
    void rangeMovedRefreshesTheMapAndSendsAgainWithTheNewGeneration() {
        node(1, (gen, req) -> {
            if (gen < 6) {
                throw new BasaltException(ErrorCode.RANGE_MOVED, "range 1 was routed with generation " + gen + "; it is at 6");
            }
            return new RangeResponse.Value(new byte[] {7});
        });
        RangeDescriptor stale = new RangeDescriptor(1, 0, RangeDescriptor.SLOT_COUNT, List.of(1), 5);
        RangeDescriptor fresh = new RangeDescriptor(1, 0, RangeDescriptor.SLOT_COUNT, List.of(1), 6);
        ClusterRouter router = router(views(view(stale), view(fresh), new AtomicInteger()));

        RangeResponse r = router.execute(1, new RangeRequest.Get(KEY, 100));

        assertArrayEquals(new byte[] {7}, assertInstanceOf(RangeResponse.Value.class, r).value());
        assertEquals(List.of(5L, 6L), received.get(1));
    }

    @Test
    void aFailureThatMayHaveTakenEffectIsAskedAgainNotTakenForNotApplied() {
        AtomicInteger calls = new AtomicInteger();
        node(1, (gen, req) -> {
            if (calls.incrementAndGet() == 1) {
                throw new BasaltException(ErrorCode.REQUEST_OUTCOME_UNKNOWN, "appended, then leadership was lost");
            }
            return new RangeResponse.Committed(99); // asking again finds the commit
        });
        RangeDescriptor range = new RangeDescriptor(1, 0, RangeDescriptor.SLOT_COUNT, List.of(1), 1);
        ClusterRouter router = router(views(view(range), view(range), new AtomicInteger()));

        RangeResponse r = router.execute(1, new RangeRequest.OnePhaseCommit(
                List.of(dev.basalt.range.Mutation.put(KEY, new byte[] {1})), 50));

        assertEquals(99, assertInstanceOf(RangeResponse.Committed.class, r).commitTs());
        assertEquals(2, calls.get());
    }

    @Test
    void aRequestToAnUnknownRangeFailsWithRangeMovedSoTheCallerRoutesItsKeysAgain() {
        node(1, (gen, req) -> new RangeResponse.Ok());
        RangeDescriptor range = new RangeDescriptor(1, 0, RangeDescriptor.SLOT_COUNT, List.of(1), 1);
        ClusterRouter router = router(views(view(range), view(range), new AtomicInteger()));
        BasaltException e = org.junit.jupiter.api.Assertions.assertThrows(BasaltException.class,
                () -> router.execute(2, new RangeRequest.Get(KEY, 1)));
        assertEquals(ErrorCode.RANGE_MOVED, e.code());
    }
}
