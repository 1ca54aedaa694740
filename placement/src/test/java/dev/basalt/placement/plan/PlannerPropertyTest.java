package dev.basalt.placement.plan;

import static dev.basalt.placement.plan.PlanChecks.apply;
import static dev.basalt.placement.plan.PlanChecks.assertNoLeaderChainImproves;
import static dev.basalt.placement.plan.PlanChecks.assertRepaired;
import static dev.basalt.placement.plan.PlanChecks.assertWithinOne;
import static dev.basalt.placement.plan.PlanChecks.leaderBalanceReachable;
import static dev.basalt.placement.plan.PlanChecks.leaderCounts;
import static dev.basalt.placement.plan.PlanChecks.replicaCounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The planner on random clusters: 2-12 nodes, some down or decommissioning, 1-200 ranges with
 * random valid replica sets (often skewed onto a few nodes, sometimes short or over the factor)
 * and random leaders. Deterministic for a seed: cluster {@code i} is built from
 * {@code new Random(SEED + i)}, every failure message starts with that seed, and
 * {@code -Dbasalt.test.seed=N} reruns with another base.
 */
class PlannerPropertyTest {

    private static final long SEED = Long.getLong("basalt.test.seed", 0x91A7E5L);
    private static final int CLUSTERS = 600;
    /** Plans needed at most before a plan comes back shorter than {@link Planner#MOVES_MAX}. */
    private static final int ROUNDS_MAX = 8;

    @Test
    void appliedPlansKeepEverySafetyRuleAndReachBalanceWheneverItIsReachable() {
        for (int i = 0; i < CLUSTERS; i++) {
            long seed = SEED + i;
            String context = "seed " + seed;
            ClusterView view = randomCluster(new Random(seed));
            List<Move> moves = Planner.plan(view);
            int rounds = 1;
            // apply() fails on any move that breaks a safety rule; a full plan is continued.
            view = apply(view, moves, context + " round 1");
            while (moves.size() == Planner.MOVES_MAX) {
                if (++rounds > ROUNDS_MAX) {
                    fail(context + ": plans still full after " + ROUNDS_MAX + " rounds");
                }
                moves = Planner.plan(view);
                view = apply(view, moves, context + " round " + rounds);
            }
            assertTrue(moves.size() < Planner.MOVES_MAX, context);

            assertRepaired(view, context);
            assertWithinOne(replicaCounts(view), "replicas", context);
            assertNoLeaderChainImproves(view, context);
            if (leaderBalanceReachable(view)) {
                assertWithinOne(leaderCounts(view), "leaders", context);
            }
        }
    }

    @Test
    void planningTheAppliedViewAgainGivesAnEmptyPlan() {
        for (int i = 0; i < CLUSTERS; i++) {
            long seed = SEED + i;
            ClusterView view = randomCluster(new Random(seed));
            List<Move> moves = Planner.plan(view);
            while (moves.size() == Planner.MOVES_MAX) {
                view = apply(view, moves, "seed " + seed);
                moves = Planner.plan(view);
            }
            ClusterView after = apply(view, moves, "seed " + seed);
            assertEquals(List.of(), Planner.plan(after), "seed " + seed + ": planning the applied view again");
        }
    }

    @Test
    void samePlanForTheSameViewWhateverTheOrderOfItsLists() {
        for (int i = 0; i < CLUSTERS; i++) {
            long seed = SEED + i;
            ClusterView view = randomCluster(new Random(seed));
            List<Move> expected = Planner.plan(view);
            assertEquals(expected, Planner.plan(view), "seed " + seed + ": planning twice");
            assertEquals(expected, Planner.plan(shuffled(view, new Random(~seed))), "seed " + seed + ": shuffled lists");
        }
    }

    @Test
    void movesTouchOnlyWhatTheRulesRequire() {
        for (int i = 0; i < CLUSTERS; i++) {
            long seed = SEED + i;
            String context = "seed " + seed;
            ClusterView view = randomCluster(new Random(seed));
            List<Move> moves = Planner.plan(view);
            List<Long> transferred = new ArrayList<>();
            List<String> added = new ArrayList<>();
            for (Move move : moves) {
                if (move instanceof Move.TransferLeader) {
                    assertTrue(!transferred.contains(move.rangeId()), context + ": range "
                            + move.rangeId() + " has its leader transferred twice in " + moves);
                    transferred.add(move.rangeId());
                } else if (move instanceof Move.AddReplica add) {
                    assertTrue(!added.contains(add.rangeId() + "@" + add.replacing()), context + ": " + move
                            + " moves a replica this plan just added; the earlier move should go there directly");
                    added.add(add.rangeId() + "@" + add.to());
                }
            }
        }
    }

    /** A random valid view; see the class documentation. */
    static ClusterView randomCluster(Random random) {
        int nodeCount = 2 + random.nextInt(11);
        List<NodeView> nodes = new ArrayList<>();
        int nodeId = random.nextInt(3);
        for (int i = 0; i < nodeCount; i++) {
            double roll = random.nextDouble();
            nodes.add(new NodeView(nodeId, roll >= 0.15, roll >= 0.15 && roll < 0.25));
            nodeId += 1 + random.nextInt(3);
        }
        int replicationFactor = random.nextDouble() < 0.6 ? 3 : 1 + random.nextInt(5);

        // Skew: some clusters place replicas mostly on a few favoured nodes.
        double[] weight = new double[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            weight[i] = random.nextBoolean() ? 1 : random.nextDouble() < 0.5 ? 0.05 : 8;
        }
        int rangeCount = 1 + random.nextInt(200);
        List<RangeView> ranges = new ArrayList<>();
        long rangeId = random.nextInt(5);
        for (int r = 0; r < rangeCount; r++) {
            int replicaCount = random.nextDouble() < 0.75 ? replicationFactor : random.nextInt(replicationFactor + 2);
            replicaCount = Math.min(replicaCount, nodeCount);
            List<Integer> replicas = new ArrayList<>();
            while (replicas.size() < replicaCount) {
                int node = nodes.get(weightedIndex(weight, random)).nodeId();
                if (!replicas.contains(node)) {
                    replicas.add(node);
                }
            }
            int leader = replicas.isEmpty() || random.nextDouble() < 0.1
                    ? NodeView.NO_NODE
                    : replicas.get(random.nextInt(replicas.size()));
            ranges.add(new RangeView(rangeId, replicas, leader));
            rangeId += 1 + random.nextInt(4);
        }
        return new ClusterView(nodes, ranges, replicationFactor);
    }

    private static int weightedIndex(double[] weight, Random random) {
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        double roll = random.nextDouble() * total;
        for (int i = 0; i < weight.length; i++) {
            roll -= weight[i];
            if (roll < 0) {
                return i;
            }
        }
        return weight.length - 1;
    }

    private static ClusterView shuffled(ClusterView view, Random random) {
        List<NodeView> nodes = new ArrayList<>(view.nodes());
        List<RangeView> ranges = new ArrayList<>();
        for (RangeView range : view.ranges()) {
            List<Integer> replicas = new ArrayList<>(range.replicas());
            Collections.shuffle(replicas, random);
            ranges.add(new RangeView(range.rangeId(), replicas, range.leader()));
        }
        Collections.shuffle(nodes, random);
        Collections.shuffle(ranges, random);
        return new ClusterView(nodes, ranges, view.replicationFactor());
    }
}
