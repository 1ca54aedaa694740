package dev.basalt.sql.internal.exec;

import dev.basalt.sql.internal.calcite.BasaltTable;
import dev.basalt.sql.internal.calcite.AccessPath;
import java.util.List;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Turns {@code Filter(condition) over Scan(t)} into a filtered scan of {@code t} when the
 * condition gives t an {@link AccessPath} better than reading every row, before Calcite optimizes
 * the plan: the table then reads keys, key spans or index entries
 * ({@link BasaltTable#scan(org.apache.calcite.DataContext, List, int[])}). This serves SELECT,
 * UPDATE and DELETE and the row locks of FOR UPDATE alike.
 */
final class KeyLookups {
    /** Rule applications the filter push-down may make per statement (a plan of dozens of joins needs a few per join). */
    static final int PUSH_DOWN_MATCHES_MAX = 1_000;

    private KeyLookups() {
    }

    static RelNode rewrite(RelNode logical) {
        RelNode rel = hasSubQuery(logical) ? logical : pushFiltersDown(logical);
        return rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalFilter filter) {
                RelNode input = filter.getInput();
                if (input instanceof TableScan scan && !RexUtil.SubQueryFinder.containsSubQuery(filter)) {
                    BasaltTable table = scan.getTable().unwrap(BasaltTable.class);
                    // SEARCH(x, Sarg[...]) becomes the comparisons and ORs it stands for, which
                    // the access path recognizes.
                    RexNode condition = RexUtil.expandSearch(filter.getCluster().getRexBuilder(), null, filter.getCondition());
                    List<RexNode> conjuncts = RelOptUtil.conjunctions(condition);
                    if (table != null && AccessPath.choose(table.def(), conjuncts).kind() != AccessPath.Kind.FULL_SCAN) {
                        return Bindables.BindableTableScan.create(scan.getCluster(), scan.getTable(), conjuncts,
                                Bindables.BindableTableScan.identity(scan.getTable()));
                    }
                }
                return super.visit(filter);
            }
        });
    }

    /**
     * One line per filtered table scan in {@code physical}, naming the access path it reads by:
     * {@code access STOCK: index STOCK_NAME}.
     */
    static String describe(RelNode physical) {
        StringBuilder out = new StringBuilder();
        describe(physical, out);
        return out.toString();
    }

    private static void describe(RelNode rel, StringBuilder out) {
        if (rel instanceof Bindables.BindableTableScan scan && scan.getTable().unwrap(BasaltTable.class) != null) {
            BasaltTable table = scan.getTable().unwrap(BasaltTable.class);
            out.append("access ").append(table.def().name()).append(": ").append(AccessPath.choose(table.def(), scan.filters)).append('\n');
        }
        rel.getInputs().forEach(input -> describe(input, out));
    }

    /**
     * Moves WHERE conjuncts into joins and below them onto the tables they name, so that each
     * table's own conditions meet its scan (as {@code WHERE a.k = ? AND a.k = b.k} must for a
     * keyed read of {@code a}); equalities carry across join conditions ({@code a.w = ? AND
     * b.w = a.w} gives {@code b.w = ?}). Plans with subqueries are left as they are: Calcite removes those
     * later, and its rules do not move filters that still hold one.
     */
    private static RelNode pushFiltersDown(RelNode rel) {
        HepProgram program = new HepProgramBuilder()
                .addMatchLimit(PUSH_DOWN_MATCHES_MAX)
                .addRuleCollection(List.of(CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH, CoreRules.FILTER_PROJECT_TRANSPOSE,
                        CoreRules.FILTER_MERGE, CoreRules.JOIN_PUSH_TRANSITIVE_PREDICATES))
                .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    private static boolean hasSubQuery(RelNode rel) {
        boolean here = (rel instanceof Filter f && RexUtil.SubQueryFinder.containsSubQuery(f))
                || (rel instanceof Project p && RexUtil.SubQueryFinder.containsSubQuery(p))
                || (rel instanceof Join j && RexUtil.SubQueryFinder.containsSubQuery(j));
        if (here) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (hasSubQuery(input)) {
                return true;
            }
        }
        return false;
    }
}
