package dev.basalt.sql.internal.exec;

import java.util.List;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * The optimizer's program: Calcite's standard sequence (subqueries to joins, decorrelation, field
 * trimming, the cost-based Volcano search, then Calc rules) with one change — a statement of
 * {@link #JOIN_REORDER_MIN} joins or more gets its join order from Calcite's heuristic
 * ({@code LoptOptimizeJoinRule} over a {@code MultiJoin}), and the search then runs without the
 * join commute and associate rules. With them the search is exhaustive: a chain of 24 comma-joined
 * tables took 53 s to plan; fewer joins keep the exhaustive search, which finds better orders.
 *
 * <p>The search also runs without {@code ProjectAggregateMergeRule}: it rewrites
 * {@code COALESCE(SUM(x), 0)} into {@code SUM0(x)} but keeps the nullable type of the SUM it
 * replaces, and the project it builds fails Calcite's own type check, an {@code AssertionError}
 * wherever Java assertions are on (an application's tests, embedded mode:
 * {@code SELECT c.name, COALESCE(SUM(p.amount), 0) FROM customers c LEFT JOIN purchases p ...
 * GROUP BY c.name}). Without assertions the plan came out right; without the rule it is built
 * without the rewrite, which the executor does not need.
 */
final class PlannerPrograms {
    /** From this many joins on, join order is chosen heuristically. */
    static final int JOIN_REORDER_MIN = 6;
    private static final List<RelOptRule> EXHAUSTIVE_JOIN_RULES = List.of(CoreRules.JOIN_COMMUTE, CoreRules.JOIN_ASSOCIATE,
            JoinPushThroughJoinRule.LEFT, JoinPushThroughJoinRule.RIGHT);

    private PlannerPrograms() {
    }

    static Program standard() {
        Program search = (planner, rel, requiredTraits, materializations, lattices) -> {
            planner.removeRule(CoreRules.PROJECT_AGGREGATE_MERGE);
            RelNode input = rel;
            if (RelOptUtil.countJoins(rel) >= JOIN_REORDER_MIN) {
                input = heuristicJoinOrder(rel);
                EXHAUSTIVE_JOIN_RULES.forEach(planner::removeRule);
            }
            planner.setRoot(input);
            RelNode root = input.getTraitSet().equals(requiredTraits) ? input : planner.changeTraits(input, requiredTraits);
            planner.setRoot(root);
            RelOptPlanner delegate = planner.chooseDelegate();
            return delegate.findBestExp();
        };
        return Programs.sequence(Programs.subQuery(DefaultRelMetadataProvider.INSTANCE), Programs.decorrelate(), Programs.trim(), search,
                Programs.calc(DefaultRelMetadataProvider.INSTANCE));
    }

    /** Gathers the joins into a {@code MultiJoin} and lets Calcite's heuristic order it. */
    private static RelNode heuristicJoinOrder(RelNode rel) {
        HepProgram gather = new HepProgramBuilder()
                .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
                .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
                .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
                .build();
        HepPlanner hep = new HepPlanner(gather);
        hep.setRoot(rel);
        return hep.findBestExp();
    }
}
