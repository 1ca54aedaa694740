package dev.basalt.placement.plan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The placement driver's planning function: {@code plan(view) -> moves}. See the package
 * documentation for the rules and why the algorithm keeps them.
 *
 * <h2>Contract</h2>
 *
 * <p>{@link #plan} is pure and deterministic. It reads only its argument, and the moves depend only
 * on the view's content: the order of its node, range and replica lists does not matter. Ties are
 * broken by node id, then by range id.
 *
 * <p>A plan holds at most {@link #MOVES_MAX} moves, in three groups, each in a fixed order:
 *
 * <ol>
 *   <li><b>Repairs</b>, by range id: pure additions to under-replicated ranges, then replacements
 *       of replicas on non-target nodes, then removals that trim a range down to the replication
 *       factor.
 *   <li><b>Replica balance</b>: replacements from the most loaded target node to the least loaded.
 *   <li><b>Leader balance</b>, by range id: at most one {@link Move.TransferLeader} per range.
 * </ol>
 *
 * <p>Applying the moves in order, with the effects stated on {@link Move}, keeps at every step:
 * no node holds two replicas of a range; a replica is only ever added on a target node; a
 * removal of a replica on a live node leaves the range at least {@code min(replicationFactor,
 * targets)} replicas on live nodes; a pure removal leaves it at least {@code replicationFactor}
 * replicas; leadership only moves from a target to a target that holds a replica.
 *
 * <p>When the plan has fewer than {@code MOVES_MAX} moves, the view after applying it satisfies:
 *
 * <ul>
 *   <li>every range has exactly {@code min(replicationFactor, targets)} replicas on target nodes
 *       and at most {@code replicationFactor} replicas in all; replicas on non-target nodes remain
 *       only while there are fewer targets than the replication factor, and then replicas on
 *       down nodes are replaced before those on decommissioning ones;
 *   <li>replica counts of target nodes differ by at most one;
 *   <li>leader counts of target nodes (counting ranges whose leader is known and on a target)
 *       differ by at most one whenever some choice of leaders among the ranges' target replicas
 *       achieves that;
 *   <li>planning that view again gives an empty plan.
 * </ul>
 *
 * <p>When the plan is full, it is the first {@code MOVES_MAX} moves of a longer one: the driver
 * carries it out and plans again.
 */
public final class Planner {

    /** The most moves one plan holds. Repairs come first, so they are never crowded out by balance. */
    public static final int MOVES_MAX = 1024;

    /**
     * The most breadth-first searches for leader transfers one plan runs. Each search either moves
     * leaders or rules nodes out, so a few per move suffice; the bound keeps the work small.
     */
    static final int LEADER_SEARCHES_MAX = 4 * MOVES_MAX;

    private Planner() {
    }

    /** The moves that repair and balance {@code view}; see the class documentation. */
    public static List<Move> plan(ClusterView view) {
        Objects.requireNonNull(view, "view");
        Plan plan = new Plan(view);
        plan.repair();
        plan.balanceReplicas();
        plan.balanceLeaders();
        return plan.moves();
    }

    /**
     * The working state of one planning: the view, indexed, with the moves so far applied to it.
     * Nodes are numbered by ascending id, ranges by ascending id, so "lowest index" is "lowest id".
     */
    private static final class Plan {
        private static final int NONE = -1;

        private final int[] nodeIds;
        private final boolean[] live;
        private final boolean[] target;
        private final long[] rangeIds;
        private final int replicationFactor;
        /** Replicas every range should have on target nodes: {@code min(replicationFactor, targets)}. */
        private final int replicasWanted;

        /** Per range: the node indexes of its replicas, ascending. */
        private final List<List<Integer>> replicas = new ArrayList<>();
        /** Per range: the node index of its leader, or {@code NONE}. */
        private final int[] leader;
        /** Per node: the ranges that have a replica there. */
        private final BitSet[] hosted;
        private final int[] replicaCount;

        private final List<Move> moves = new ArrayList<>();
        /**
         * Replicas this plan adds, by {@link #key}, to the index of their {@code AddReplica}. Moving
         * such a replica again rewrites that move instead of adding one: no data has moved yet.
         */
        private final Map<Long, Integer> pendingAdds = new HashMap<>();

        Plan(ClusterView view) {
            List<NodeView> nodes = new ArrayList<>(view.nodes());
            nodes.sort(Comparator.comparingInt(NodeView::nodeId));
            int nodeCount = nodes.size();
            nodeIds = new int[nodeCount];
            live = new boolean[nodeCount];
            target = new boolean[nodeCount];
            hosted = new BitSet[nodeCount];
            replicaCount = new int[nodeCount];
            Map<Integer, Integer> indexOfNode = new HashMap<>();
            int targets = 0;
            for (int node = 0; node < nodeCount; node++) {
                NodeView nodeView = nodes.get(node);
                nodeIds[node] = nodeView.nodeId();
                live[node] = nodeView.live();
                target[node] = nodeView.isTarget();
                hosted[node] = new BitSet();
                indexOfNode.put(nodeView.nodeId(), node);
                targets += target[node] ? 1 : 0;
            }
            replicationFactor = view.replicationFactor();
            replicasWanted = Math.min(replicationFactor, targets);

            List<RangeView> ranges = new ArrayList<>(view.ranges());
            ranges.sort(Comparator.comparingLong(RangeView::rangeId));
            rangeIds = new long[ranges.size()];
            leader = new int[ranges.size()];
            for (int range = 0; range < ranges.size(); range++) {
                RangeView rangeView = ranges.get(range);
                rangeIds[range] = rangeView.rangeId();
                List<Integer> nodesOfRange = new ArrayList<>();
                for (int nodeId : rangeView.replicas()) {
                    int node = indexOfNode.get(nodeId);
                    nodesOfRange.add(node);
                    hosted[node].set(range);
                    replicaCount[node]++;
                }
                nodesOfRange.sort(null);
                replicas.add(nodesOfRange);
                leader[range] = rangeView.leader() == NodeView.NO_NODE ? NONE : indexOfNode.get(rangeView.leader());
            }
        }

        List<Move> moves() {
            check(moves.size() <= MOVES_MAX, "a plan of " + moves.size() + " moves exceeds " + MOVES_MAX);
            return List.copyOf(moves);
        }

        // ---- Step 1: repair ------------------------------------------------------------------

        void repair() {
            for (int range = 0; range < rangeIds.length; range++) {
                if (!repair(range)) {
                    return;
                }
            }
        }

        /**
         * Brings one range to {@code replicasWanted} replicas on targets and at most
         * {@code replicationFactor} in all. Returns false when the plan filled up on the way.
         */
        private boolean repair(int range) {
            List<Integer> onTargets = new ArrayList<>();
            List<Integer> elsewhere = new ArrayList<>();
            for (int node : replicas.get(range)) {
                (target[node] ? onTargets : elsewhere).add(node);
            }
            // Replicas on down nodes go first: they serve nothing. Decommissioning ones are live,
            // so while there are too few targets to replace them all, they are the ones kept.
            elsewhere.sort(Comparator.comparing((Integer node) -> live[node]));
            int kept = Math.min(elsewhere.size(), replicationFactor - replicasWanted);
            List<Integer> dropped = elsewhere.subList(0, elsewhere.size() - kept);
            int additions = Math.max(0, replicasWanted - onTargets.size());
            int replacements = Math.min(additions, dropped.size());

            // Pure additions first, so that no replacement ever removes a live replica while the
            // range is short of live ones; then replacements; then trims of what is left over.
            for (int i = 0; i < additions - replacements; i++) {
                if (full()) {
                    return false;
                }
                addReplica(range, leastLoadedTargetWithout(range), NONE);
            }
            for (int i = 0; i < replacements; i++) {
                if (full()) {
                    return false;
                }
                addReplica(range, leastLoadedTargetWithout(range), dropped.get(i));
            }
            for (int i = replacements; i < dropped.size(); i++) {
                if (full()) {
                    return false;
                }
                removeReplica(range, dropped.get(i));
            }
            for (int extra = onTargets.size() - replicasWanted; extra > 0; extra--) {
                if (full()) {
                    return false;
                }
                removeReplica(range, mostLoadedTargetReplica(range));
            }
            return true;
        }

        private int leastLoadedTargetWithout(int range) {
            int best = NONE;
            for (int node = 0; node < nodeIds.length; node++) {
                if (target[node] && !hosted[node].get(range)
                        && (best == NONE || replicaCount[node] < replicaCount[best])) {
                    best = node;
                }
            }
            check(best != NONE, "range " + rangeIds[range] + " is short of replicas but every target holds one");
            return best;
        }

        /** Among the range's replicas on targets: the most loaded node, a follower before the leader. */
        private int mostLoadedTargetReplica(int range) {
            int best = NONE;
            for (int node : replicas.get(range)) {
                if (!target[node]) {
                    continue;
                }
                if (best == NONE || replicaCount[node] > replicaCount[best]
                        || (replicaCount[node] == replicaCount[best] && best == leader[range])) {
                    best = node;
                }
            }
            check(best != NONE, "range " + rangeIds[range] + " has no replica on a target to trim");
            return best;
        }

        // ---- Step 2: balance replica counts --------------------------------------------------

        /**
         * Moves one replica at a time from the most loaded target to the least loaded one until
         * their counts differ by at most one. A range to move always exists: the most loaded node
         * holds more ranges than the least loaded, so it holds one the other does not.
         */
        void balanceReplicas() {
            // No node is ever both a source and a destination (sources only shrink towards the
            // mean, destinations only grow towards it), so each replica moves at most once.
            int movesLeft = 0;
            for (int node = 0; node < nodeIds.length; node++) {
                movesLeft += target[node] ? replicaCount[node] : 0;
            }
            while (!full()) {
                int source = NONE;
                int destination = NONE;
                for (int node = 0; node < nodeIds.length; node++) {
                    if (!target[node]) {
                        continue;
                    }
                    if (source == NONE || replicaCount[node] > replicaCount[source]) {
                        source = node;
                    }
                    if (destination == NONE || replicaCount[node] < replicaCount[destination]) {
                        destination = node;
                    }
                }
                if (source == NONE || replicaCount[source] - replicaCount[destination] <= 1) {
                    return;
                }
                check(movesLeft-- > 0, "replica balancing did not converge");
                moveReplica(replicaToMove(source, destination), source, destination);
            }
        }

        /**
         * A range on {@code source} but not on {@code destination}: one this plan itself added
         * (free to redirect), else one {@code source} does not lead, else any; lowest range id first.
         */
        private int replicaToMove(int source, int destination) {
            BitSet candidates = (BitSet) hosted[source].clone();
            candidates.andNot(hosted[destination]);
            int firstFollower = NONE;
            int firstLeader = NONE;
            for (int range = candidates.nextSetBit(0); range >= 0; range = candidates.nextSetBit(range + 1)) {
                if (pendingAdds.containsKey(key(range, source))) {
                    return range;
                }
                if (leader[range] != source) {
                    firstFollower = firstFollower == NONE ? range : firstFollower;
                } else {
                    firstLeader = firstLeader == NONE ? range : firstLeader;
                }
            }
            int range = firstFollower != NONE ? firstFollower : firstLeader;
            check(range != NONE, "node " + nodeIds[source] + " holds no range that node "
                    + nodeIds[destination] + " lacks");
            return range;
        }

        private void moveReplica(int range, int source, int destination) {
            Integer earlier = pendingAdds.remove(key(range, source));
            if (earlier == null) {
                addReplica(range, destination, source);
                return;
            }
            Move.AddReplica add = (Move.AddReplica) moves.get(earlier);
            moves.set(earlier, new Move.AddReplica(add.rangeId(), nodeIds[destination], add.replacing()));
            pendingAdds.put(key(range, destination), earlier);
            place(range, destination);
            unplace(range, source);
        }

        // ---- Step 3: balance leader counts ---------------------------------------------------

        /**
         * Evens out leader counts over target nodes by transferring leaders along paths: the leader
         * of range r1 on node a moves to b, of r2 on b moves to c, and so on, which changes only
         * the counts of the path's ends. A path from a node with count M to one with count at most
         * M - 2 always helps. When no such path leaves the most loaded nodes, every node they reach
         * has at least M - 1 leaders and hands leaders only to such nodes, so that whole group is
         * as good as it gets and is set aside ("frozen"); the search continues among the rest.
         * When everything is frozen no improving path exists anywhere, and then the counts differ
         * by at most one whenever any assignment of leaders achieves that (an assignment without
         * such paths minimizes every convex measure of imbalance at once; see the package docs).
         */
        void balanceLeaders() {
            int nodeCount = nodeIds.length;
            int[] leaderCount = new int[nodeCount];
            BitSet[] led = new BitSet[nodeCount];
            for (int node = 0; node < nodeCount; node++) {
                led[node] = new BitSet();
            }
            for (int range = 0; range < rangeIds.length; range++) {
                if (leader[range] != NONE && target[leader[range]]) {
                    leaderCount[leader[range]]++;
                    led[leader[range]].set(range);
                }
            }
            int[] leaderBefore = leader.clone();
            boolean[] frozen = new boolean[nodeCount];
            for (int node = 0; node < nodeCount; node++) {
                frozen[node] = !target[node];
            }
            int changed = 0;
            int[] parentNode = new int[nodeCount];
            int[] parentRange = new int[nodeCount];
            for (int search = 0; search < LEADER_SEARCHES_MAX; search++) {
                int top = NONE;
                for (int node = 0; node < nodeCount; node++) {
                    if (!frozen[node]) {
                        top = Math.max(top, leaderCount[node]);
                    }
                }
                if (top == NONE) {
                    break;
                }
                // Breadth-first from every unfrozen node with the top count, level by level, so the
                // path found is a shortest one: the fewest transfers.
                boolean[] visited = new boolean[nodeCount];
                List<Integer> level = new ArrayList<>();
                for (int node = 0; node < nodeCount; node++) {
                    if (!frozen[node] && leaderCount[node] == top) {
                        visited[node] = true;
                        parentNode[node] = NONE;
                        level.add(node);
                    }
                }
                int sink = NONE;
                while (!level.isEmpty() && sink == NONE) {
                    List<Integer> next = new ArrayList<>();
                    for (int node : level) {
                        for (int range = led[node].nextSetBit(0); range >= 0; range = led[node].nextSetBit(range + 1)) {
                            for (int other : replicas.get(range)) {
                                if (target[other] && !frozen[other] && !visited[other]) {
                                    visited[other] = true;
                                    parentNode[other] = node;
                                    parentRange[other] = range;
                                    next.add(other);
                                }
                            }
                        }
                    }
                    for (int node : next) {
                        if (leaderCount[node] <= top - 2
                                && (sink == NONE || leaderCount[node] < leaderCount[sink]
                                        || (leaderCount[node] == leaderCount[sink] && node < sink))) {
                            sink = node;
                        }
                    }
                    level = next;
                }
                if (sink == NONE) {
                    for (int node = 0; node < nodeCount; node++) {
                        frozen[node] |= visited[node];
                    }
                    continue;
                }
                int changedAfter = changed;
                for (int node = sink; parentNode[node] != NONE; node = parentNode[node]) {
                    int range = parentRange[node];
                    changedAfter += (node != leaderBefore[range] ? 1 : 0) - (leader[range] != leaderBefore[range] ? 1 : 0);
                }
                if (moves.size() + changedAfter > MOVES_MAX) {
                    break;
                }
                changed = changedAfter;
                int source = sink;
                for (int node = sink; parentNode[node] != NONE; node = parentNode[node]) {
                    int range = parentRange[node];
                    int from = parentNode[node];
                    leader[range] = node;
                    led[from].clear(range);
                    led[node].set(range);
                    source = from;
                }
                leaderCount[source]--;
                leaderCount[sink]++;
            }
            for (int range = 0; range < rangeIds.length; range++) {
                if (leader[range] != leaderBefore[range]) {
                    moves.add(new Move.TransferLeader(rangeIds[range], nodeIds[leaderBefore[range]], nodeIds[leader[range]]));
                    changed--;
                }
            }
            check(changed == 0, "leader transfers were miscounted by " + changed);
        }

        // ---- The model of a move's effect ----------------------------------------------------

        private void addReplica(int range, int to, int replacing) {
            pendingAdds.put(key(range, to), moves.size());
            moves.add(new Move.AddReplica(rangeIds[range], nodeIds[to],
                    replacing == NONE ? NodeView.NO_NODE : nodeIds[replacing]));
            place(range, to);
            if (replacing != NONE) {
                unplace(range, replacing);
            }
        }

        private void removeReplica(int range, int from) {
            moves.add(new Move.RemoveReplica(rangeIds[range], nodeIds[from]));
            unplace(range, from);
        }

        private void place(int range, int node) {
            check(target[node] && !hosted[node].get(range),
                    "range " + rangeIds[range] + " cannot be placed on node " + nodeIds[node]);
            List<Integer> nodes = replicas.get(range);
            int at = 0;
            while (at < nodes.size() && nodes.get(at) < node) {
                at++;
            }
            nodes.add(at, node);
            hosted[node].set(range);
            replicaCount[node]++;
        }

        private void unplace(int range, int node) {
            check(hosted[node].get(range), "range " + rangeIds[range] + " has no replica on node " + nodeIds[node]);
            replicas.get(range).remove(Integer.valueOf(node));
            hosted[node].clear(range);
            replicaCount[node]--;
            if (leader[range] == node) {
                leader[range] = NONE;
            }
        }

        private boolean full() {
            return moves.size() >= MOVES_MAX;
        }

        private long key(int range, int node) {
            return (long) range * nodeIds.length + node;
        }

        /** A broken invariant of this class: a bug, never bad input (the view records refuse that). */
        private static void check(boolean condition, String what) {
            if (!condition) {
                throw new IllegalStateException("placement plan: " + what);
            }
        }
    }
}
