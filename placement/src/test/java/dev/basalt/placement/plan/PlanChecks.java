package dev.basalt.placement.plan;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tests' own model of a cluster under a plan, written from the {@link Move} javadoc and not
 * from the planner: applies moves one by one, checking each against the safety rules before and
 * after it, and measures the result. Every failure message starts with the caller's context (a
 * test case or a seed).
 */
final class PlanChecks {

    private PlanChecks() {
    }

    static NodeView up(int nodeId) {
        return new NodeView(nodeId, true, false);
    }

    static NodeView down(int nodeId) {
        return new NodeView(nodeId, false, false);
    }

    static NodeView decommissioning(int nodeId) {
        return new NodeView(nodeId, true, true);
    }

    static RangeView range(long rangeId, int leader, Integer... replicas) {
        return new RangeView(rangeId, List.of(replicas), leader);
    }

    /**
     * The view after carrying out {@code moves} in order. Fails on the first move that breaks a
     * rule: a replica added to a non-target or to a node that has one; a removal of a live replica
     * that leaves fewer than {@code min(replicationFactor, targets)} live replicas; a pure removal
     * that leaves fewer than {@code replicationFactor}; a transfer not from the leader, or from or
     * to a non-target, or to a node without a replica.
     */
    static ClusterView apply(ClusterView view, List<Move> moves, String context) {
        Map<Integer, NodeView> nodes = nodesById(view);
        int wanted = Math.min(view.replicationFactor(), targets(view));
        Map<Long, List<Integer>> replicas = new LinkedHashMap<>();
        Map<Long, Integer> leaders = new LinkedHashMap<>();
        for (RangeView range : view.ranges()) {
            replicas.put(range.rangeId(), new ArrayList<>(range.replicas()));
            leaders.put(range.rangeId(), range.leader());
        }
        for (int i = 0; i < moves.size(); i++) {
            Move move = moves.get(i);
            String where = context + ": move " + i + " " + move;
            List<Integer> nodesOfRange = replicas.get(move.rangeId());
            if (nodesOfRange == null) {
                fail(where + ": no such range");
            }
            if (move instanceof Move.AddReplica add) {
                if (!nodes.containsKey(add.to()) || !nodes.get(add.to()).isTarget()) {
                    fail(where + ": node " + add.to() + " is not a target");
                }
                if (nodesOfRange.contains(add.to())) {
                    fail(where + ": node " + add.to() + " already holds a replica of " + nodesOfRange);
                }
                nodesOfRange.add(add.to());
                if (add.replacing() != NodeView.NO_NODE) {
                    remove(nodes, nodesOfRange, leaders, move.rangeId(), add.replacing(), wanted, where);
                }
            } else if (move instanceof Move.RemoveReplica remove) {
                remove(nodes, nodesOfRange, leaders, move.rangeId(), remove.from(), wanted, where);
                if (nodesOfRange.size() < view.replicationFactor()) {
                    fail(where + ": a pure removal leaves " + nodesOfRange + ", fewer than "
                            + view.replicationFactor() + " replicas");
                }
            } else if (move instanceof Move.TransferLeader transfer) {
                if (leaders.get(move.rangeId()) != transfer.from()) {
                    fail(where + ": the leader is " + leaders.get(move.rangeId()));
                }
                if (!nodes.get(transfer.from()).isTarget() || !nodes.get(transfer.to()).isTarget()) {
                    fail(where + ": leadership moves only between targets");
                }
                if (!nodesOfRange.contains(transfer.to())) {
                    fail(where + ": node " + transfer.to() + " holds no replica of " + nodesOfRange);
                }
                leaders.put(move.rangeId(), transfer.to());
            } else {
                fail(where + ": unknown move");
            }
        }
        List<RangeView> ranges = new ArrayList<>();
        for (RangeView range : view.ranges()) {
            ranges.add(new RangeView(range.rangeId(), replicas.get(range.rangeId()), leaders.get(range.rangeId())));
        }
        return new ClusterView(view.nodes(), ranges, view.replicationFactor());
    }

    private static void remove(Map<Integer, NodeView> nodes, List<Integer> nodesOfRange, Map<Long, Integer> leaders,
            long rangeId, int node, int wanted, String where) {
        if (!nodesOfRange.remove(Integer.valueOf(node))) {
            fail(where + ": node " + node + " holds no replica of " + nodesOfRange);
        }
        int liveLeft = 0;
        for (int other : nodesOfRange) {
            liveLeft += nodes.get(other).live() ? 1 : 0;
        }
        if (nodes.get(node).live() && liveLeft < wanted) {
            fail(where + ": removing live node " + node + " leaves " + liveLeft + " live replicas " + nodesOfRange
                    + ", fewer than " + wanted);
        }
        if (leaders.get(rangeId) == node) {
            leaders.put(rangeId, NodeView.NO_NODE);
        }
    }

    /**
     * Fails unless every range has exactly {@code min(replicationFactor, targets)} replicas on
     * targets and at most {@code replicationFactor} in all, with none off the targets when there
     * are enough targets.
     */
    static void assertRepaired(ClusterView view, String context) {
        Map<Integer, NodeView> nodes = nodesById(view);
        int targets = targets(view);
        int wanted = Math.min(view.replicationFactor(), targets);
        for (RangeView range : view.ranges()) {
            int onTargets = 0;
            for (int node : range.replicas()) {
                onTargets += nodes.get(node).isTarget() ? 1 : 0;
            }
            String where = context + ": range " + range.rangeId() + " " + range.replicas();
            if (onTargets != wanted) {
                fail(where + " has " + onTargets + " replicas on targets, not " + wanted);
            }
            if (range.replicas().size() > view.replicationFactor()) {
                fail(where + " has more than " + view.replicationFactor() + " replicas");
            }
            if (targets >= view.replicationFactor() && range.replicas().size() != onTargets) {
                fail(where + " keeps a replica off the " + targets + " targets");
            }
        }
    }

    /** Replicas per target node, by node id (targets without replicas count 0). */
    static Map<Integer, Integer> replicaCounts(ClusterView view) {
        Map<Integer, Integer> counts = zeroPerTarget(view);
        for (RangeView range : view.ranges()) {
            for (int node : range.replicas()) {
                counts.computeIfPresent(node, (id, count) -> count + 1);
            }
        }
        return counts;
    }

    /** Leaders per target node, by node id, counting ranges whose leader is known and a target. */
    static Map<Integer, Integer> leaderCounts(ClusterView view) {
        Map<Integer, Integer> counts = zeroPerTarget(view);
        for (RangeView range : view.ranges()) {
            counts.computeIfPresent(range.leader(), (id, count) -> count + 1);
        }
        return counts;
    }

    static void assertWithinOne(Map<Integer, Integer> counts, String what, String context) {
        if (counts.isEmpty()) {
            return;
        }
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        if (max - min > 1) {
            fail(context + ": " + what + " per target node " + counts + " differ by " + (max - min));
        }
    }

    /**
     * Fails if leadership could pass along a chain of ranges from a target with L leaders to one
     * with at most L - 2 (the leader of range r1 on a moving to b, of r2 on b moving to c, ...):
     * such a chain would even out the counts. Its absence means no choice of leaders is better
     * balanced, whether or not a spread of one is reachable.
     */
    static void assertNoLeaderChainImproves(ClusterView view, String context) {
        Map<Integer, NodeView> nodes = nodesById(view);
        Map<Integer, Integer> counts = leaderCounts(view);
        for (int start : counts.keySet()) {
            List<Integer> reached = new ArrayList<>(List.of(start));
            for (int i = 0; i < reached.size(); i++) {
                int node = reached.get(i);
                for (RangeView range : view.ranges()) {
                    if (range.leader() != node) {
                        continue;
                    }
                    for (int other : range.replicas()) {
                        if (nodes.get(other).isTarget() && !reached.contains(other)) {
                            reached.add(other);
                            if (counts.get(other) <= counts.get(start) - 2) {
                                fail(context + ": leaders per target node " + counts + ": node " + start
                                        + " can pass a leader along a chain to node " + other);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether leaders can be chosen, each among its range's replicas on targets, so that leader
     * counts of the targets differ by at most one. Counts ranges whose leader is known and on a
     * target. Decided by a flow with lower bounds: every counted range gets exactly one leader and
     * every target between {@code q = floor(K / targets)} and {@code q + 1}.
     */
    static boolean leaderBalanceReachable(ClusterView view) {
        Map<Integer, NodeView> nodes = nodesById(view);
        List<Integer> targetIds = new ArrayList<>(zeroPerTarget(view).keySet());
        List<RangeView> counted = new ArrayList<>();
        for (RangeView range : view.ranges()) {
            if (range.leader() != NodeView.NO_NODE && nodes.get(range.leader()).isTarget()) {
                counted.add(range);
            }
        }
        if (targetIds.isEmpty() || counted.isEmpty()) {
            return true;
        }
        int q = counted.size() / targetIds.size();
        // Vertices: 0 = S*, 1 = T*, 2 = s, 3 = t, then ranges, then targets.
        int ranges0 = 4;
        int targets0 = ranges0 + counted.size();
        Flow flow = new Flow(targets0 + targetIds.size());
        // s -> range [1, 1]  becomes  S* -> range (1) and s -> T* (1 each).
        // target -> t [q, q + 1]  becomes  target -> t (1), S* -> t (q), target -> T* (q).
        // t -> s unbounded closes the circulation.
        for (int r = 0; r < counted.size(); r++) {
            flow.edge(0, ranges0 + r, 1);
            for (int node : counted.get(r).replicas()) {
                int j = targetIds.indexOf(node);
                if (j >= 0) {
                    flow.edge(ranges0 + r, targets0 + j, 1);
                }
            }
        }
        flow.edge(2, 1, counted.size());
        for (int j = 0; j < targetIds.size(); j++) {
            flow.edge(targets0 + j, 3, 1);
            flow.edge(targets0 + j, 1, q);
        }
        flow.edge(0, 3, q * targetIds.size());
        flow.edge(3, 2, Integer.MAX_VALUE / 2);
        return flow.max(0, 1) == counted.size() + q * targetIds.size();
    }

    static int targets(ClusterView view) {
        return zeroPerTarget(view).size();
    }

    private static Map<Integer, Integer> zeroPerTarget(ClusterView view) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (NodeView node : view.nodes()) {
            if (node.isTarget()) {
                counts.put(node.nodeId(), 0);
            }
        }
        return counts;
    }

    private static Map<Integer, NodeView> nodesById(ClusterView view) {
        Map<Integer, NodeView> nodes = new TreeMap<>();
        for (NodeView node : view.nodes()) {
            nodes.put(node.nodeId(), node);
        }
        return nodes;
    }

    /** Edmonds-Karp max flow on a small graph; enough for the test clusters. */
    private static final class Flow {
        private final List<int[]> edges = new ArrayList<>(); // {to, capacity}; edge i^1 is its reverse
        private final List<List<Integer>> out = new ArrayList<>();

        Flow(int vertices) {
            for (int v = 0; v < vertices; v++) {
                out.add(new ArrayList<>());
            }
        }

        void edge(int from, int to, int capacity) {
            out.get(from).add(edges.size());
            edges.add(new int[] {to, capacity});
            out.get(to).add(edges.size());
            edges.add(new int[] {from, 0});
        }

        int max(int source, int sink) {
            int total = 0;
            while (true) {
                int[] via = new int[out.size()];
                Arrays.fill(via, -1);
                Deque<Integer> queue = new ArrayDeque<>();
                queue.add(source);
                while (!queue.isEmpty() && via[sink] < 0) {
                    int v = queue.poll();
                    for (int e : out.get(v)) {
                        int to = edges.get(e)[0];
                        if (edges.get(e)[1] > 0 && via[to] < 0 && to != source) {
                            via[to] = e;
                            queue.add(to);
                        }
                    }
                }
                if (via[sink] < 0) {
                    return total;
                }
                int push = Integer.MAX_VALUE;
                for (int v = sink; v != source; v = edges.get(via[v] ^ 1)[0]) {
                    push = Math.min(push, edges.get(via[v])[1]);
                }
                for (int v = sink; v != source; v = edges.get(via[v] ^ 1)[0]) {
                    edges.get(via[v])[1] -= push;
                    edges.get(via[v] ^ 1)[1] += push;
                }
                total += push;
            }
        }
    }
}
