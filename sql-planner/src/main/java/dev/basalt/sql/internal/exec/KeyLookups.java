package dev.basalt.sql.internal.exec;

import dev.basalt.sql.internal.calcite.BasaltTable;
import dev.basalt.sql.internal.calcite.KeyLookup;
import java.util.List;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Turns {@code Filter(condition) over Scan(t)} into a filtered scan of {@code t} when the
 * condition fixes t's whole primary key, before Calcite optimizes the plan: the table then reads
 * one key instead of every row ({@link BasaltTable#scan(org.apache.calcite.DataContext, List, int[])}).
 * This serves SELECT, UPDATE and DELETE by key and the row locks of FOR UPDATE by key.
 */
final class KeyLookups {
    private KeyLookups() {
    }

    static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalFilter filter) {
                RelNode input = filter.getInput();
                if (input instanceof TableScan scan && !RexUtil.SubQueryFinder.containsSubQuery(filter)) {
                    BasaltTable table = scan.getTable().unwrap(BasaltTable.class);
                    List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
                    if (table != null && KeyLookup.of(table.def(), conjuncts) != null) {
                        return Bindables.BindableTableScan.create(scan.getCluster(), scan.getTable(), conjuncts,
                                Bindables.BindableTableScan.identity(scan.getTable()));
                    }
                }
                return super.visit(filter);
            }
        });
    }
}
