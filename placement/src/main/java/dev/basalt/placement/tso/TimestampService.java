package dev.basalt.placement.tso;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.net.RpcHandler;
import dev.basalt.placement.Handlers;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.meta.MetaService;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The node side of timestamps:
 * <pre>
 *   TIMESTAMPS [i32 count][bool forward] -> [true][i64 first timestamp]
 *                                        or [false][i32 meta leader hint] (this node does not lead and forward is false)
 * </pre>
 * The meta leader serves from its {@link TimestampOracle}; any other node either names the leader
 * (so the caller goes there) or, when asked to forward, draws through its own {@link TimestampClient}.
 */
public final class TimestampService {
    private final TimestampOracle oracle;
    private final TimestampClient client;
    private final MetaService meta;

    public TimestampService(TimestampOracle oracle, TimestampClient client, MetaService meta) {
        this.oracle = oracle;
        this.client = client;
        this.meta = meta;
    }

    public Map<Integer, RpcHandler> handlers(Executor executor) {
        return Map.of(NodeMethods.TIMESTAMPS, (m, p) -> Handlers.on(executor, () -> {
            ByteReader r = new ByteReader(p);
            int count = r.i32();
            boolean forward = r.bool();
            if (forward) {
                return new ByteWriter(9).bool(true).i64(client.draw(count)).toByteArray();
            }
            if (!meta.hostsMeta()) {
                return new ByteWriter(5).bool(false).i32(meta.view().metaLeader()).toByteArray();
            }
            try {
                return new ByteWriter(9).bool(true).i64(oracle.allocate(count)).toByteArray();
            } catch (TimestampOracle.NotLeaderException e) {
                return new ByteWriter(5).bool(false).i32(e.leaderNodeId()).toByteArray();
            }
        }));
    }
}
