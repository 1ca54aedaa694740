package dev.basalt.placement.driver;

import dev.basalt.common.ByteWriter;
import dev.basalt.placement.MetaKeys;
import dev.basalt.placement.NodeInfo;
import dev.basalt.placement.membership.Membership;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.placement.meta.MetaState;
import dev.basalt.placement.replica.ReplicaAdmin;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of a node's meta upkeep, every {@link Membership#HEARTBEAT_MS}: the meta leader
 * records the nodes it hears from (node table, liveness deadlines: now + the down-timeout on the
 * cluster clock, for every node that greeted it within half the timeout, all in one meta entry);
 * every node refreshes its meta view; and every few rounds reconciles its replicas with it.
 */
public final class NodeUpkeep {
    private static final Logger LOG = LoggerFactory.getLogger(NodeUpkeep.class);
    /** Every this many rounds the meta leader renews liveness records. */
    static final int LIVENESS_EVERY_ROUNDS = 2;
    /** Every this many rounds a node reconciles its replicas with the meta group's descriptors. */
    static final int RECONCILE_EVERY_ROUNDS = 4;

    private final Membership membership;
    private final MetaService meta;
    private final ReplicaAdmin replicas;
    private long rounds;

    public NodeUpkeep(Membership membership, MetaService meta, ReplicaAdmin replicas) {
        this.membership = membership;
        this.meta = meta;
        this.replicas = replicas;
    }

    public void round() {
        rounds++;
        try {
            if (meta.isLeader() && rounds % LIVENESS_EVERY_ROUNDS == 0) {
                recordMembership();
            }
            meta.refreshView();
            if (rounds % RECONCILE_EVERY_ROUNDS == 0) {
                replicas.reconcile(meta.view());
            }
        } catch (RuntimeException e) {
            LOG.debug("node {}: meta round skipped: {}", membership.selfId(), e.toString());
        }
    }

    private void recordMembership() {
        MetaState state = meta.state();
        if (state == null) {
            return;
        }
        Map<String, byte[]> writes = new TreeMap<>();
        long until = membership.clusterNowMs() + membership.downAfterMs();
        for (NodeInfo n : membership.all()) {
            ByteWriter info = new ByteWriter();
            n.write(info);
            byte[] stored = state.get(MetaKeys.node(n.id()));
            if (stored == null || !Arrays.equals(stored, info.toByteArray())) {
                writes.put(MetaKeys.node(n.id()), info.toByteArray());
            }
            if (membership.heardWithin(n.id(), membership.downAfterMs() / 2)) {
                writes.put(MetaKeys.liveness(n.id()), new ByteWriter(8).i64(until).toByteArray());
            }
        }
        meta.command(MetaState.putAll(writes));
    }
}
