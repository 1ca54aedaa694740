package dev.basalt.placement;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster as one node sees it: nodes with liveness, ranges with their leaders (descriptors
 * from the meta group), and the meta group's members and leader ({@code metaLeader} -1 if unknown).
 */
public record ClusterStatus(List<Node> nodes, List<Range> ranges, List<Integer> metaMembers, int metaLeader) {
    public record Node(NodeInfo info, boolean live) {
    }

    /**
     * A range, its leader (-1 if none is known), the group-commit counters of that leader, the
     * data writes it applied since it started or last split (the automatic-split load), and the
     * nodes that answered that they host a replica of it ({@code hosts}: a configured replica
     * missing there has lost its copy or missed the split that made the range), and {@code lag}: how
     * many log entries the slowest of those hosts has yet to apply to reach the fastest (the leader,
     * unless the leader's own apply is stuck). A replica catching up after a restart shows as lag;
     * until it is caught up the range survives no further failure.
     */
    public record Range(RangeDescriptor descriptor, int leader, long term, long appliedIndex, long entries, long commands,
                        long writesSinceSplit, List<Integer> hosts, long lag) {
        public Range {
            hosts = List.copyOf(hosts);
        }

        /** A leader, every configured replica answering, none more than {@code lagMax} entries behind. */
        public boolean healthy(long lagMax) {
            return leader >= 0 && hosts.containsAll(descriptor.replicas()) && lag <= lagMax;
        }
    }

    public void write(ByteWriter w) {
        w.i32(nodes.size());
        for (Node n : nodes) {
            n.info().write(w);
            w.bool(n.live());
        }
        w.i32(ranges.size());
        for (Range r : ranges) {
            RangeCodec.writeDescriptor(w, r.descriptor());
            w.i32(r.leader()).i64(r.term()).i64(r.appliedIndex()).i64(r.entries()).i64(r.commands()).i64(r.writesSinceSplit());
            w.i32(r.hosts().size());
            r.hosts().forEach(w::i32);
            w.i64(r.lag());
        }
        w.i32(metaMembers.size());
        metaMembers.forEach(w::i32);
        w.i32(metaLeader);
    }

    public static ClusterStatus read(ByteReader r) {
        int n = r.count(9);
        List<Node> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nodes.add(new Node(NodeInfo.read(r), r.bool()));
        }
        int m = r.count(28);
        List<Range> ranges = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            RangeDescriptor d = RangeCodec.readDescriptor(r);
            int leader = r.i32();
            long term = r.i64();
            long applied = r.i64();
            long entries = r.i64();
            long commands = r.i64();
            long writes = r.i64();
            int h = r.count(4);
            List<Integer> hosts = new ArrayList<>(h);
            for (int j = 0; j < h; j++) {
                hosts.add(r.i32());
            }
            ranges.add(new Range(d, leader, term, applied, entries, commands, writes, hosts, r.i64()));
        }
        int k = r.count(4);
        List<Integer> metaMembers = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            metaMembers.add(r.i32());
        }
        return new ClusterStatus(nodes, ranges, metaMembers, r.i32());
    }

    /** The JSON form printed by {@code basalt status --json}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(node.info().id())
                    .append(",\"address\":\"").append(node.info().address()).append('"')
                    .append(",\"raftAddress\":\"").append(node.info().raftAddress()).append('"')
                    .append(",\"live\":").append(node.live()).append('}');
        }
        sb.append("],\"ranges\":[");
        for (int i = 0; i < ranges.size(); i++) {
            Range range = ranges.get(i);
            RangeDescriptor d = range.descriptor();
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(d.rangeId())
                    .append(",\"slotStart\":").append(d.slotStart())
                    .append(",\"slotEnd\":").append(d.slotEnd())
                    .append(",\"replicas\":").append(d.replicas().toString().replace(" ", ""))
                    .append(",\"leader\":").append(range.leader())
                    .append(",\"generation\":").append(d.generation())
                    .append(",\"term\":").append(range.term())
                    .append(",\"appliedIndex\":").append(range.appliedIndex())
                    .append(",\"lag\":").append(range.lag())
                    .append(",\"raftEntries\":").append(range.entries())
                    .append(",\"commands\":").append(range.commands())
                    .append(",\"writesSinceSplit\":").append(range.writesSinceSplit()).append('}');
        }
        return sb.append("],\"meta\":{\"members\":").append(metaMembers.toString().replace(" ", ""))
                .append(",\"leader\":").append(metaLeader).append("}}").toString();
    }

    /** A table for people. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-6s %-22s %-22s %s%n", "NODE", "ADDRESS", "RAFT", "LIVE"));
        for (Node n : nodes) {
            sb.append(String.format("%-6d %-22s %-22s %s%n", n.info().id(), n.info().address(), n.info().raftAddress(), n.live() ? "yes" : "NO"));
        }
        sb.append(String.format("%n%-6s %-15s %-12s %-7s %-6s %-10s %-6s %s%n", "RANGE", "SLOTS", "REPLICAS", "LEADER", "TERM", "APPLIED", "LAG",
                "CMDS/ENTRY"));
        for (Range r : ranges) {
            RangeDescriptor d = r.descriptor();
            String ratio = r.entries() == 0 ? "-" : String.format("%.1f", (double) r.commands() / r.entries());
            sb.append(String.format("%-6d %-15s %-12s %-7s %-6d %-10d %-6d %s%n", d.rangeId(), "[" + d.slotStart() + "," + d.slotEnd() + ")",
                    d.replicas().toString().replace(" ", ""), r.leader() < 0 ? "none" : String.valueOf(r.leader()),
                    r.term(), r.appliedIndex(), r.lag(), ratio));
        }
        sb.append(String.format("%nMETA GROUP members %s, leader %s%n", metaMembers.toString().replace(" ", ""),
                metaLeader < 0 ? "none" : String.valueOf(metaLeader)));
        return sb.toString();
    }
}
