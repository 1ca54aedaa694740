package dev.basalt.placement.plan;

import static dev.basalt.placement.plan.PlanChecks.apply;
import static dev.basalt.placement.plan.PlanChecks.assertRepaired;
import static dev.basalt.placement.plan.PlanChecks.assertWithinOne;
import static dev.basalt.placement.plan.PlanChecks.decommissioning;
import static dev.basalt.placement.plan.PlanChecks.down;
import static dev.basalt.placement.plan.PlanChecks.leaderCounts;
import static dev.basalt.placement.plan.PlanChecks.range;
import static dev.basalt.placement.plan.PlanChecks.replicaCounts;
import static dev.basalt.placement.plan.PlanChecks.up;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The planner's rules, one scenario each. Cluster-wide properties on random views are in {@code PlannerPropertyTest}. */
class PlannerTest {

    private static final int NO_NODE = NodeView.NO_NODE;

    /** Ranges 1..count on all of nodes 1, 2, 3; leaders round-robin from node 1. */
    private static List<RangeView> onThreeNodes(int count) {
        List<RangeView> ranges = new ArrayList<>();
        for (int r = 1; r <= count; r++) {
            ranges.add(range(r, 1 + (r - 1) % 3, 1, 2, 3));
        }
        return ranges;
    }

    /** Ranges 1..count over nodes 1..nodes, range r on three consecutive nodes starting at r mod nodes; leader first. */
    private static List<RangeView> striped(int count, int nodes) {
        List<RangeView> ranges = new ArrayList<>();
        for (int r = 1; r <= count; r++) {
            int first = 1 + r % nodes;
            int second = 1 + (r + 1) % nodes;
            int third = 1 + (r + 2) % nodes;
            ranges.add(range(r, first, first, second, third));
        }
        return ranges;
    }

    private static long count(List<Move> moves, Class<? extends Move> kind) {
        return moves.stream().filter(kind::isInstance).count();
    }

    @Test
    void balancedClusterGetsAnEmptyPlan() {
        assertEquals(List.of(), Planner.plan(new ClusterView(List.of(up(1), up(2), up(3)), onThreeNodes(12), 3)));
        assertEquals(List.of(), Planner.plan(new ClusterView(List.of(up(1), up(2), up(3), up(4), up(5)), striped(40, 5), 3)));
    }

    @Test
    void emptyClusterGetsAnEmptyPlan() {
        assertEquals(List.of(), Planner.plan(new ClusterView(List.of(), List.of(), 3)));
        assertEquals(List.of(), Planner.plan(new ClusterView(List.of(up(1), down(2)), List.of(), 3)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8, 24, 64})
    void fourthNodeReceivesAQuarterOfTheReplicasAndNothingElseMoves(int rangeCount) {
        String context = rangeCount + " ranges";
        ClusterView before = new ClusterView(List.of(up(1), up(2), up(3), up(4)), onThreeNodes(rangeCount), 3);

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, context);

        int replicas = 3 * rangeCount;
        long additions = count(moves, Move.AddReplica.class);
        assertTrue(additions == replicas / 4 || additions == (replicas + 3) / 4,
                context + ": " + additions + " replicas moved, not floor or ceil of " + replicas + "/4");
        for (Move move : moves) {
            if (move instanceof Move.AddReplica add) {
                assertEquals(4, add.to(), context + ": " + move + " does not target the new node");
                assertTrue(add.replacing() != NO_NODE, context + ": " + move + " adds a replica nobody asked for");
            } else {
                assertInstanceOf(Move.TransferLeader.class, move, context + ": " + move);
            }
        }
        assertEquals(0, count(moves, Move.RemoveReplica.class), context);
        assertWithinOne(replicaCounts(after), "replicas", context);
        assertWithinOne(leaderCounts(after), "leaders", context);
        assertEquals(rangeCount, leaderCounts(after).values().stream().mapToInt(Integer::intValue).sum(),
                context + ": a leader was lost; only followers should move");
        assertEquals(List.of(), Planner.plan(after), context + ": planning again");
    }

    @Test
    void replicasOfADownNodeAreReplacedOnTheRemainingLiveNodes() {
        List<NodeView> nodes = List.of(up(1), up(2), down(3), up(4), up(5));
        ClusterView before = new ClusterView(nodes, striped(40, 5), 3);
        long onDownNode = before.ranges().stream().filter(r -> r.replicas().contains(3)).count();

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, "node 3 down");

        for (RangeView range : after.ranges()) {
            assertEquals(3, range.replicas().size(), "range " + range);
            assertTrue(!range.replicas().contains(3), "range " + range + " still on the down node");
        }
        assertRepaired(after, "node 3 down");
        assertWithinOne(replicaCounts(after), "replicas", "node 3 down");
        assertWithinOne(leaderCounts(after), "leaders", "node 3 down");
        for (Move move : moves) {
            if (move instanceof Move.AddReplica add) {
                assertEquals(3, add.replacing(), move + " moves a replica that did not need to move");
            }
        }
        assertEquals(onDownNode, count(moves, Move.AddReplica.class));
        assertEquals(List.of(), Planner.plan(after));
    }

    @Test
    void decommissionedNodeEndsWithNoReplicasAndNoLeaders() {
        List<NodeView> nodes = List.of(up(1), decommissioning(2), up(3), up(4));
        ClusterView before = new ClusterView(nodes, striped(24, 4), 3);

        ClusterView after = apply(before, Planner.plan(before), "node 2 decommissioning");

        for (RangeView range : after.ranges()) {
            assertTrue(!range.replicas().contains(2), "range " + range + " still on the decommissioning node");
            assertTrue(range.leader() != 2, "range " + range + " still led by the decommissioning node");
            assertEquals(3, range.replicas().size(), "range " + range);
        }
        assertWithinOne(replicaCounts(after), "replicas", "node 2 decommissioning");
        assertWithinOne(leaderCounts(after), "leaders", "node 2 decommissioning");
        assertEquals(List.of(), Planner.plan(after));
    }

    @Test
    void underReplicatedRangesAreFilledUpWithPureAdditions() {
        List<NodeView> nodes = List.of(up(1), up(2), up(3), up(4));
        List<RangeView> ranges = List.of(range(1, 1, 1), range(2, 2, 2, 3), range(3, NO_NODE, 4), range(4, 3, 1, 3, 4));
        ClusterView before = new ClusterView(nodes, ranges, 3);

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, "under-replicated");

        assertRepaired(after, "under-replicated");
        for (Move move : moves) {
            if (move instanceof Move.AddReplica add) {
                assertEquals(NO_NODE, add.replacing(), move + " replaces a healthy replica");
            }
        }
        assertEquals(5, count(moves, Move.AddReplica.class));
        assertWithinOne(replicaCounts(after), "replicas", "under-replicated");
    }

    @Test
    void withFewerTargetsThanTheFactorEveryRangeGetsOneReplicaPerTarget() {
        // Two targets for a factor of 3: ranges end on both targets, replicas on the down node stay
        // (removing them would shrink the group), and only the decommissioning replica with no
        // dead one beside it is kept as the third.
        List<NodeView> nodes = List.of(up(1), up(2), down(3), decommissioning(4));
        List<RangeView> ranges = List.of(
                range(1, 2, 1, 2, 3),
                range(2, 1, 1),
                range(3, 4, 4),
                range(4, 1, 1, 3, 4),
                range(5, NO_NODE, 3));
        ClusterView before = new ClusterView(nodes, ranges, 3);

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, "two targets");

        assertRepaired(after, "two targets");
        assertEquals(List.of(1, 2, 3), sorted(after.ranges().get(0).replicas()), "nothing to do for range 1");
        assertEquals(List.of(1, 2), sorted(after.ranges().get(1).replicas()));
        assertEquals(List.of(1, 2, 4), sorted(after.ranges().get(2).replicas()));
        assertEquals(List.of(1, 2, 4), sorted(after.ranges().get(3).replicas()), "the down replica is the one replaced");
        assertEquals(List.of(1, 2, 3), sorted(after.ranges().get(4).replicas()));
        for (Move move : moves) {
            assertTrue(move.rangeId() != 1, move + " touches a range that cannot improve");
            assertTrue(!(move instanceof Move.TransferLeader), move + " moves a leader it need not move");
        }
        assertEquals(List.of(), Planner.plan(after));
    }

    @Test
    void withOneTargetAndAFactorOfThreeNoImpossibleMoveIsMade() {
        List<NodeView> nodes = List.of(up(1), down(2), down(3));
        ClusterView before = new ClusterView(nodes, List.of(range(1, 1, 1, 2, 3), range(2, NO_NODE, 2, 3)), 3);

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, "one target");

        assertEquals(List.of(new Move.AddReplica(2, 1, NO_NODE)), moves);
        assertRepaired(after, "one target");
    }

    @Test
    void skewedLeadersAreEvenedOutWithTransfersOnly() {
        List<RangeView> ranges = new ArrayList<>();
        for (int r = 1; r <= 64; r++) {
            int leader = r <= 2 ? 1 : r <= 61 ? 2 : 3;
            ranges.add(range(r, leader, 1, 2, 3));
        }
        ClusterView before = new ClusterView(List.of(up(1), up(2), up(3)), ranges, 3);
        assertEquals(Map.of(1, 2, 2, 59, 3, 3), leaderCounts(before));

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, "skewed leaders");

        for (Move move : moves) {
            assertInstanceOf(Move.TransferLeader.class, move);
        }
        assertWithinOne(leaderCounts(after), "leaders", "skewed leaders");
        assertEquals(59 - 22, moves.size(), "node 2 gives away exactly its surplus over ceil(64/3)");
        assertEquals(List.of(), Planner.plan(after));
    }

    @Test
    void leadersTravelThroughAMiddleNodeWhenTheRichAndThePoorShareNoRange() {
        // A ring of four nodes, two ranges on each neighbouring pair: every node holds 4 replicas.
        // Node 1 leads 4 ranges, node 3 none, and they share no range: node 3 can only receive
        // leaders from 2 or 4, which must get theirs from node 1.
        List<RangeView> ranges = List.of(
                range(1, 1, 1, 2), range(2, 1, 1, 2),
                range(3, 2, 2, 3), range(4, 2, 2, 3),
                range(5, 4, 3, 4), range(6, 4, 3, 4),
                range(7, 1, 4, 1), range(8, 1, 4, 1));
        ClusterView before = new ClusterView(List.of(up(1), up(2), up(3), up(4)), ranges, 2);

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, "ring");

        assertEquals(Map.of(1, 2, 2, 2, 3, 2, 4, 2), leaderCounts(after));
        assertEquals(4, moves.size(), "two leaders out of node 1 and two into node 3 need four transfers: " + moves);
        assertEquals(List.of(), Planner.plan(after));
    }

    @Test
    void nodesThatCannotShedLeadersDoNotStopTheOthersFromEvenOut() {
        // Nodes 1 and 2 lead 5 ranges each and share them only with each other: neither can go
        // lower. Nodes 3 and 4 hold 10 ranges of their own, 4 of them led by node 3.
        List<RangeView> ranges = new ArrayList<>();
        for (int r = 1; r <= 10; r++) {
            ranges.add(range(r, r <= 5 ? 1 : 2, 1, 2));
            ranges.add(range(10 + r, r <= 4 ? 3 : NO_NODE, 3, 4));
        }
        ClusterView before = new ClusterView(List.of(up(1), up(2), up(3), up(4)), ranges, 2);

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, "stuck pair");

        assertEquals(Map.of(1, 5, 2, 5, 3, 2, 4, 2), leaderCounts(after));
        assertEquals(2, moves.size(), moves.toString());
    }

    @Test
    void leaderOnANonTargetNodeIsLeftToTheRaftGroup() {
        // Node 4 is decommissioning but there are too few targets to replace its replicas.
        List<NodeView> nodes = List.of(up(1), up(2), decommissioning(4));
        List<RangeView> ranges = List.of(range(1, 4, 1, 2, 4), range(2, 4, 1, 2, 4), range(3, 1, 1, 2, 4));
        ClusterView before = new ClusterView(nodes, ranges, 3);

        assertEquals(List.of(), Planner.plan(before));
    }

    @Test
    void overReplicatedRangeLosesAFollowerOnTheMostLoadedNode() {
        List<NodeView> nodes = List.of(up(1), up(2), up(3), up(4));
        List<RangeView> ranges = List.of(
                range(1, 3, 1, 2, 3, 4),
                range(2, 2, 2, 3, 4),
                range(3, 1, 1, 3, 4));
        ClusterView before = new ClusterView(nodes, ranges, 3);

        List<Move> moves = Planner.plan(before);

        assertEquals(new Move.RemoveReplica(1, 4), moves.get(0),
                "nodes 3 and 4 are the most loaded; node 3 leads range 1, so node 4's follower goes");
        ClusterView after = apply(before, moves, "over-replicated");
        assertRepaired(after, "over-replicated");
        assertWithinOne(replicaCounts(after), "replicas", "over-replicated");
    }

    @Test
    void aReplicaThisPlanAddsGoesStraightToWhereBalanceWantsIt() {
        // Repairs put range 3's new replica on node 1, the least loaded at that moment; after the
        // other repairs node 1 is the most loaded, and balance would move that replica to node 2.
        // Nothing has been copied yet, so the addition is redirected instead of followed by a move.
        List<NodeView> nodes = List.of(up(1), up(2), up(3), up(4), down(9));
        List<RangeView> ranges = List.of(
                range(1, 2, 2, 9), range(2, 1, 1, 3, 9), range(3, 4, 4),
                range(4, 3, 3, 4), range(5, 2, 2), range(6, 3, 3, 4));
        ClusterView before = new ClusterView(nodes, ranges, 2);

        List<Move> moves = Planner.plan(before);

        assertEquals(List.of(
                new Move.AddReplica(1, 1, 9),
                new Move.RemoveReplica(2, 9),
                new Move.AddReplica(3, 2, NO_NODE),
                new Move.AddReplica(5, 1, NO_NODE)), moves);
        ClusterView after = apply(before, moves, "redirected addition");
        assertWithinOne(replicaCounts(after), "replicas", "redirected addition");
    }

    @Test
    void balanceRedirectsAnAdditionBeforeItMovesAReplicaThatExists() {
        // After the repairs node 1 is the most loaded and holds two ranges node 3 lacks: range 3
        // (an old replica) and range 6 (one the repairs just added). Redirecting range 6's
        // addition costs nothing; moving range 3 would copy a healthy replica.
        List<NodeView> nodes = List.of(up(1), up(2), up(3), up(4), down(9));
        List<RangeView> ranges = List.of(
                range(1, 1, 1, 9), range(2, 4, 4, 1, 2), range(3, 9, 9, 1), range(4, 9, 9, 1),
                range(5, 3, 3, 4, 9), range(6, 4, 4, 9), range(7, 4, 4), range(8, 3, 3));
        ClusterView before = new ClusterView(nodes, ranges, 2);

        List<Move> moves = Planner.plan(before);
        ClusterView after = apply(before, moves, "redirect first");

        for (Move move : moves) {
            if (move instanceof Move.AddReplica add) {
                assertTrue(add.replacing() == 9 || add.replacing() == NO_NODE, move + " moves a healthy replica");
            }
        }
        assertRepaired(after, "redirect first");
        assertWithinOne(replicaCounts(after), "replicas", "redirect first");
        assertEquals(new Move.AddReplica(6, 3, 9), moves.stream().filter(m -> m.rangeId() == 6).findFirst().orElseThrow());
    }

    @Test
    void replacementPrefersFollowersSoLeadersStayPut() {
        // Node 1 holds 4 ranges, node 3 none; three of node 1's ranges it leads.
        List<RangeView> ranges = List.of(range(1, 1, 1, 2), range(2, 1, 1, 2), range(3, 2, 1, 2), range(4, 1, 1, 2));
        ClusterView before = new ClusterView(List.of(up(1), up(2), up(3)), ranges, 2);

        List<Move> moves = Planner.plan(before);

        assertEquals(new Move.AddReplica(3, 3, 1), moves.get(0), moves.toString());
    }

    @Test
    void planDoesNotDependOnTheOrderOfTheLists() {
        List<NodeView> nodes = List.of(up(5), down(1), up(3), decommissioning(9), up(7), up(2));
        List<RangeView> ranges = new ArrayList<>(striped(30, 9).stream()
                .map(r -> new RangeView(r.rangeId() * 7 % 31, r.replicas(), r.leader()))
                .toList());
        ClusterView view = new ClusterView(addMissing(nodes, ranges), ranges, 3);
        List<Move> expected = Planner.plan(view);
        Random random = new Random(42);
        for (int round = 0; round < 10; round++) {
            List<NodeView> shuffledNodes = new ArrayList<>(view.nodes());
            List<RangeView> shuffledRanges = new ArrayList<>();
            for (RangeView range : view.ranges()) {
                List<Integer> replicas = new ArrayList<>(range.replicas());
                java.util.Collections.shuffle(replicas, random);
                shuffledRanges.add(new RangeView(range.rangeId(), replicas, range.leader()));
            }
            java.util.Collections.shuffle(shuffledNodes, random);
            java.util.Collections.shuffle(shuffledRanges, random);
            assertEquals(expected, Planner.plan(new ClusterView(shuffledNodes, shuffledRanges, 3)), "round " + round);
        }
    }

    @Test
    void planIsCutAtMovesMaxAndRepeatedPlanningFinishesTheJob() {
        // 3,000 ranges on nodes 1..3 of a 40-node cluster: far more than one plan holds.
        List<NodeView> nodes = new ArrayList<>();
        for (int node = 1; node <= 40; node++) {
            nodes.add(up(node));
        }
        ClusterView view = new ClusterView(nodes, onThreeNodes(3000), 3);
        int rounds = 0;
        List<Move> moves = Planner.plan(view);
        assertEquals(Planner.MOVES_MAX, moves.size());
        while (!moves.isEmpty()) {
            assertTrue(++rounds <= 20, "no convergence after 20 plans");
            view = apply(view, moves, "round " + rounds);
            moves = Planner.plan(view);
            assertTrue(moves.size() <= Planner.MOVES_MAX);
        }
        assertWithinOne(replicaCounts(view), "replicas", "after " + rounds + " plans");
        assertWithinOne(leaderCounts(view), "leaders", "after " + rounds + " plans");
    }

    @Test
    void aHundredNodesWithTenNewOnesAndTenThousandRangesGetAValidBalancedPlan() {
        Random random = new Random(7);
        List<NodeView> nodes = new ArrayList<>();
        for (int node = 1; node <= 100; node++) {
            nodes.add(node == 13 ? down(node) : node == 57 ? decommissioning(node) : up(node));
        }
        List<RangeView> ranges = new ArrayList<>();
        for (int r = 1; r <= 10_000; r++) {
            List<Integer> replicas = new ArrayList<>();
            while (replicas.size() < 3) {
                int node = 1 + random.nextInt(90); // nodes 91..100 just joined
                if (!replicas.contains(node)) {
                    replicas.add(node);
                }
            }
            ranges.add(new RangeView(r, replicas, replicas.get(random.nextInt(3))));
        }
        ClusterView view = new ClusterView(nodes, ranges, 3);
        // Speed is measured by benchmarks, not asserted here; this checks the plan of a large cluster is right.
        List<Move> moves = Planner.plan(view);
        apply(view, moves, "large cluster");
    }

    @Test
    void inconsistentViewsAreRefused() {
        assertInvalid(() -> new RangeView(1, List.of(1, 1), 1), "node 1 holds two replicas");
        assertInvalid(() -> new RangeView(1, List.of(1, 2), 3), "leader 3 is not one of its replicas");
        assertInvalid(() -> new NodeView(-2, true, false), "node id -2 is negative");
        assertInvalid(() -> new ClusterView(List.of(up(1), up(1)), List.of(), 3), "node 1 appears twice");
        assertInvalid(() -> new ClusterView(List.of(up(1)), List.of(range(1, 1, 1), range(1, 1, 1)), 3),
                "range 1 appears twice");
        assertInvalid(() -> new ClusterView(List.of(up(1)), List.of(range(4, 2, 1, 2)), 3),
                "range 4: replica on node 2, which is not in the view");
        assertInvalid(() -> new ClusterView(List.of(up(1)), List.of(), 0), "replication factor 0 is below 1");
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable build, String message) {
        BasaltException e = assertThrows(BasaltException.class, build);
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static List<Integer> sorted(List<Integer> nodes) {
        return nodes.stream().sorted().toList();
    }

    private static List<NodeView> addMissing(List<NodeView> nodes, List<RangeView> ranges) {
        List<NodeView> all = new ArrayList<>(nodes);
        for (RangeView range : ranges) {
            for (int node : range.replicas()) {
                if (all.stream().noneMatch(n -> n.nodeId() == node)) {
                    all.add(up(node));
                }
            }
        }
        return all;
    }
}
