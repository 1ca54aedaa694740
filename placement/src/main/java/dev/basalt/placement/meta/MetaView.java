package dev.basalt.placement.meta;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.placement.MetaKeys;
import dev.basalt.placement.NodeInfo;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A copy of the placement part of the meta group: the node table, each node's liveness deadline,
 * the range descriptors (the range map everyone routes by), the decommission marks, and the meta
 * group's members and leader. Nodes that host a meta member read it from their member; other nodes
 * and clients fetch it from a node ({@code META_VIEW}). It is a cache: routing refuses stale use
 * with "range moved" (generations), and every write goes through the meta leader.
 */
public record MetaView(SortedMap<Integer, NodeInfo> nodes, Map<Integer, Long> livenessUntilMs, List<RangeDescriptor> ranges,
                       Set<Integer> decommissioning, List<Integer> metaMembers, int metaLeader, Map<Long, RangeDescriptor> byId) {
    public static final MetaView EMPTY = new MetaView(new TreeMap<>(), Map.of(), List.of(), Set.of(), List.of(), -1);

    public MetaView(SortedMap<Integer, NodeInfo> nodes, Map<Integer, Long> livenessUntilMs, List<RangeDescriptor> ranges,
                    Set<Integer> decommissioning, List<Integer> metaMembers, int metaLeader) {
        this(Collections.unmodifiableSortedMap(new TreeMap<>(nodes)), Map.copyOf(livenessUntilMs), List.copyOf(ranges),
                Set.copyOf(decommissioning), List.copyOf(metaMembers), metaLeader, index(ranges));
    }

    private static Map<Long, RangeDescriptor> index(List<RangeDescriptor> ranges) {
        Map<Long, RangeDescriptor> byId = new HashMap<>();
        ranges.forEach(d -> byId.put(d.rangeId(), d));
        return Collections.unmodifiableMap(byId);
    }

    /** The view held by a meta member's state. */
    public static MetaView of(MetaState meta, List<Integer> metaMembers, int metaLeader) {
        SortedMap<Integer, NodeInfo> nodes = new TreeMap<>();
        meta.scan(MetaKeys.NODE_PREFIX).values().forEach(v -> {
            NodeInfo n = NodeInfo.read(new ByteReader(v));
            nodes.put(n.id(), n);
        });
        Map<Integer, Long> liveness = new TreeMap<>();
        meta.scan(MetaKeys.LIVENESS_PREFIX).forEach((k, v) ->
                liveness.put(MetaKeys.nodeIdOf(k, MetaKeys.LIVENESS_PREFIX), new ByteReader(v).i64()));
        Set<Integer> decommissioning = new TreeSet<>();
        meta.scan(MetaKeys.DECOMMISSION_PREFIX).keySet().forEach(k -> decommissioning.add(MetaKeys.nodeIdOf(k, MetaKeys.DECOMMISSION_PREFIX)));
        return new MetaView(nodes, liveness, meta.descriptors(), decommissioning, metaMembers, metaLeader);
    }

    public boolean isEmpty() {
        return nodes.isEmpty() && ranges.isEmpty();
    }

    /** Whether the meta group holds a liveness record for the node (then it decides liveness). */
    public boolean knowsLiveness(int nodeId) {
        return livenessUntilMs.containsKey(nodeId);
    }

    public boolean liveAt(int nodeId, long nowMs) {
        Long until = livenessUntilMs.get(nodeId);
        return until != null && until > nowMs;
    }

    /** The descriptor of range {@code rangeId}, or null. */
    public RangeDescriptor range(long rangeId) {
        return byId.get(rangeId);
    }

    /** The range holding {@code slot}, or null. */
    public RangeDescriptor rangeOfSlot(int slot) {
        for (RangeDescriptor d : ranges) {
            if (d.containsSlot(slot)) {
                return d;
            }
        }
        return null;
    }

    public void write(ByteWriter w) {
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

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        write(w);
        return w.toByteArray();
    }

    public static MetaView read(ByteReader r) {
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
