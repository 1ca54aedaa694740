package dev.basalt.server.internal;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.placement.MetaStateMachine;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.server.client.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A node's cached copy of the placement part of the meta group: the node table, each node's
 * liveness deadline, the range descriptors and the decommission marks. Nodes that host a meta
 * replica read it from their replica; the others fetch it from one that does, every heartbeat.
 * It is a cache: routing refuses stale use with "range moved" (generations), and every write goes
 * through the meta leader.
 */
record MetaView(SortedMap<Integer, NodeInfo> nodes, Map<Integer, Long> livenessUntilMs, List<RangeDescriptor> ranges,
                Set<Integer> decommissioning, List<Integer> metaMembers, int metaLeader) {
    static final MetaView EMPTY = new MetaView(new TreeMap<>(), Map.of(), List.of(), Set.of(), List.of(), -1);
    static final String DECOMMISSION_PREFIX = "decommission/";

    static MetaView of(MetaStateMachine meta, List<Integer> metaMembers, int metaLeader) {
        SortedMap<Integer, NodeInfo> nodes = new TreeMap<>();
        meta.scan(MetaStateMachine.NODE_PREFIX).values().forEach(v -> {
            NodeInfo n = NodeInfo.read(new ByteReader(v));
            nodes.put(n.id(), n);
        });
        Map<Integer, Long> liveness = new TreeMap<>();
        meta.scan(MetaStateMachine.LIVENESS_PREFIX).forEach((k, v) ->
                liveness.put(Integer.parseInt(k.substring(MetaStateMachine.LIVENESS_PREFIX.length())), new ByteReader(v).i64()));
        Set<Integer> decommissioning = new TreeSet<>();
        meta.scan(DECOMMISSION_PREFIX).keySet().forEach(k -> decommissioning.add(Integer.parseInt(k.substring(DECOMMISSION_PREFIX.length()))));
        return new MetaView(nodes, liveness, meta.descriptors(), decommissioning, List.copyOf(metaMembers), metaLeader);
    }

    boolean isEmpty() {
        return nodes.isEmpty() && ranges.isEmpty();
    }

    /** Whether the meta group holds a liveness record for the node (then it decides liveness). */
    boolean knowsLiveness(int nodeId) {
        return livenessUntilMs.containsKey(nodeId);
    }

    boolean liveAt(int nodeId, long nowMs) {
        Long until = livenessUntilMs.get(nodeId);
        return until != null && until > nowMs;
    }

    RangeDescriptor range(long rangeId) {
        for (RangeDescriptor d : ranges) {
            if (d.rangeId() == rangeId) {
                return d;
            }
        }
        return null;
    }

    void write(ByteWriter w) {
        w.i32(nodes.size());
        nodes.values().forEach(n -> n.write(w));
        w.i32(livenessUntilMs.size());
        livenessUntilMs.forEach((id, until) -> w.i32(id).i64(until));
        w.i32(ranges.size());
        ranges.forEach(d -> RangeCodec.writeDescriptor(w, d));
        w.i32(decommissioning.size());
        decommissioning.forEach(w::i32);
        w.i32(metaMembers.size());
        metaMembers.forEach(w::i32);
        w.i32(metaLeader);
    }

    static MetaView read(ByteReader r) {
        SortedMap<Integer, NodeInfo> nodes = new TreeMap<>();
        int n = r.count(9);
        for (int i = 0; i < n; i++) {
            NodeInfo info = NodeInfo.read(r);
            nodes.put(info.id(), info);
        }
        Map<Integer, Long> liveness = new TreeMap<>();
        int l = r.count(12);
        for (int i = 0; i < l; i++) {
            liveness.put(r.i32(), r.i64());
        }
        int m = r.count(28);
        List<RangeDescriptor> ranges = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            ranges.add(RangeCodec.readDescriptor(r));
        }
        Set<Integer> decommissioning = new TreeSet<>();
        int d = r.count(4);
        for (int i = 0; i < d; i++) {
            decommissioning.add(r.i32());
        }
        int k = r.count(4);
        List<Integer> members = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            members.add(r.i32());
        }
        int leader = r.i32();
        r.expectEnd();
        return new MetaView(nodes, liveness, ranges, decommissioning, members, leader);
    }
}
