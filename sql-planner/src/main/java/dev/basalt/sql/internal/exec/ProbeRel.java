package dev.basalt.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;

/**
 * A measuring point of EXPLAIN ANALYZE: passes its input's rows through unchanged, counted and
 * timed as probe {@link #probe} ({@link Probes#wrap}). {@link #insert} puts one above every
 * Enumerable operator of an optimized plan, after Calcite has chosen it, so the plan measured is
 * the plan that runs without EXPLAIN; only the rows' path gains a wrapper per operator.
 *
 * <p>An {@code EnumerableInterpreter} and the Bindable scan under it are one measured operator:
 * the interpreter runs the scan and applies the filters the scan left over.
 */
final class ProbeRel extends SingleRel implements EnumerableRel {
    final int probe;

    private ProbeRel(RelNode input, int probe) {
        super(input.getCluster(), input.getTraitSet(), input);
        this.probe = probe;
    }

    /**
     * {@code physical} with a probe above each Enumerable operator (the root included), numbered
     * from {@code next[0]} in pre-order; returns the new root and leaves {@code next[0]} one past the
     * last number used.
     */
    static RelNode insert(RelNode physical, int[] next) {
        if (!(physical instanceof EnumerableRel)) {
            return physical;
        }
        int probe = next[0]++;
        if (physical instanceof RangeAggregateRel || physical instanceof LookupJoinRel) {
            // One operator with the plan it replaces under it (which runs only when it cannot):
            // the probe above measures both, and that plan's own inputs get theirs.
            RelNode planned = physical.getInput(0);
            return new ProbeRel(physical.copy(physical.getTraitSet(), List.of(withProbedInputs(planned, next))), probe);
        }
        return new ProbeRel(withProbedInputs(physical, next), probe);
    }

    private static RelNode withProbedInputs(RelNode rel, int[] next) {
        List<RelNode> inputs = new ArrayList<>();
        for (RelNode input : rel.getInputs()) {
            inputs.add(insert(input, next));
        }
        return inputs.equals(rel.getInputs()) ? rel : rel.copy(rel.getTraitSet(), inputs);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new ProbeRel(sole(inputs), probe);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("probe", probe);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
        BlockBuilder builder = new BlockBuilder();
        Expression rows = builder.append("probed", input.block);
        builder.add(Expressions.return_(null, Expressions.call(Probes.class, "wrap", rows, DataContext.ROOT, Expressions.constant(probe))));
        return implementor.result(input.physType, builder.toBlock());
    }
}
