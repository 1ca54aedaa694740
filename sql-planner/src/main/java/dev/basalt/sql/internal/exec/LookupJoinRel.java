package dev.basalt.sql.internal.exec;

import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.calcite.AccessPath;
import dev.basalt.sql.internal.calcite.BasaltTable;
import dev.basalt.sql.internal.calcite.LookupJoin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableMergeJoin;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.EnumerableSort;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.linq4j.function.Function0;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * A join Calcite planned (hash or merge, inner, on equalities only) that reads one side by key
 * lookups instead ({@link LookupJoin}), placed by {@link #insert} after Calcite has optimized the
 * plan. It qualifies when one side is a filtered scan of a Basalt table whose primary key is made
 * entirely of join columns and columns its filters fix with {@code =} to a constant or {@code ?},
 * and whose other filters can be checked exactly on stored rows. Its input is the join as
 * planned, which runs instead when the lookups would not pay (see {@link LookupJoin}).
 */
final class LookupJoinRel extends SingleRel implements EnumerableRel {
    final LookupJoin.Spec spec;
    /** Which input of the join is the outer side (the one read first). */
    final int outerInput;

    private LookupJoinRel(RelNode join, LookupJoin.Spec spec, int outerInput) {
        super(join.getCluster(), join.getTraitSet(), join);
        this.spec = spec;
        this.outerInput = outerInput;
    }

    /** {@code physical} with each qualifying join wrapped; the rest of the plan unchanged. */
    static RelNode insert(RelNode physical) {
        if (physical instanceof LookupJoinRel) {
            return physical;
        }
        List<RelNode> inputs = new ArrayList<>();
        for (RelNode input : physical.getInputs()) {
            inputs.add(insert(input));
        }
        RelNode copy = inputs.equals(physical.getInputs()) ? physical : physical.copy(physical.getTraitSet(), inputs);
        if ((copy instanceof EnumerableHashJoin || copy instanceof EnumerableMergeJoin) && ((Join) copy).getJoinType() == JoinRelType.INNER) {
            Join join = (Join) copy;
            // The right side first: Calcite puts the larger input there.
            for (int inner : new int[] {1, 0}) {
                LookupJoin.Spec spec = spec(join, inner);
                if (spec != null) {
                    return new LookupJoinRel(join, spec, 1 - inner);
                }
            }
        }
        return copy;
    }

    /** The lookup join reading input {@code inner} of {@code join} by key, or null when it does not qualify. */
    private static LookupJoin.Spec spec(Join join, int inner) {
        JoinInfo info = join.analyzeCondition();
        if (!info.isEqui() || info.leftKeys.isEmpty()) {
            return null;
        }
        RelNode side = join.getInput(inner);
        if (side instanceof EnumerableSort sort && sort.fetch == null && sort.offset == null) {
            side = sort.getInput();
        }
        if (!(side instanceof EnumerableInterpreter) || !(side.getInput(0) instanceof Bindables.BindableTableScan scan)) {
            return null;
        }
        BasaltTable table = scan.getTable().unwrap(BasaltTable.class);
        if (table == null || table.def().hiddenRowId()) {
            return null;
        }
        TableDef def = table.def();
        int[] projects = scan.projects.toIntArray();
        List<Integer> innerFields = inner == 0 ? info.leftKeys : info.rightKeys;
        List<Integer> outerFields = inner == 0 ? info.rightKeys : info.leftKeys;
        int[] innerKeyColumns = new int[innerFields.size()];
        for (int i = 0; i < innerKeyColumns.length; i++) {
            innerKeyColumns[i] = projects[innerFields.get(i)];
            if (!def.primaryKey().contains(innerKeyColumns[i]) || !LookupJoin.keyComparable(def.column(innerKeyColumns[i]).type())) {
                return null;
            }
        }
        Map<Integer, RexNode> fixed = new HashMap<>();
        List<RexNode> remaining = new ArrayList<>();
        for (RexNode filter : scan.filters) {
            RexNode f = RexUtil.expandSearch(join.getCluster().getRexBuilder(), null, filter);
            Map.Entry<Integer, RexNode> fix = fixedColumn(f);
            if (fix != null && def.primaryKey().contains(fix.getKey()) && !fixed.containsKey(fix.getKey())) {
                fixed.put(fix.getKey(), fix.getValue());
            } else {
                remaining.add(filter);
            }
        }
        for (int column : def.primaryKey()) {
            boolean joined = false;
            for (int k : innerKeyColumns) {
                joined |= k == column;
            }
            if (!joined && !fixed.containsKey(column)) {
                return null; // the key is not known per outer row
            }
        }
        if (!LookupJoin.checkable(def, remaining, join.getCluster().getRexBuilder())) {
            return null;
        }
        return new LookupJoin.Spec(table, outerFields.stream().mapToInt(Integer::intValue).toArray(), innerKeyColumns, fixed,
                List.copyOf(remaining), projects, inner == 0, false);
    }

    /** {@code column = constant} (either way round) as (column, constant), or null. */
    private static Map.Entry<Integer, RexNode> fixedColumn(RexNode filter) {
        if (filter.getKind() != SqlKind.EQUALS) {
            return null;
        }
        RexNode a = ((RexCall) filter).getOperands().get(0);
        RexNode b = ((RexCall) filter).getOperands().get(1);
        if (a instanceof RexInputRef ref && AccessPath.isConstant(b)) {
            return Map.entry(ref.getIndex(), b);
        }
        if (b instanceof RexInputRef ref && AccessPath.isConstant(a)) {
            return Map.entry(ref.getIndex(), a);
        }
        return null;
    }

    /** The inner table's name, for EXPLAIN. */
    String innerTable() {
        return spec.table().def().name();
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new LookupJoinRel(sole(inputs), spec, outerInput);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("lookups", innerTable());
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result planned = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
        JavaRowFormat format = planned.physType.getFormat();
        RelNode outerRel = getInput().getInput(outerInput);
        Result outer = implementor.visitChild((EnumerableRel) getInput(), outerInput, (EnumerableRel) outerRel, Prefer.ARRAY);
        JavaRowFormat outerFormat = outer.physType.getFormat();
        if (format != JavaRowFormat.ARRAY || (outerFormat != JavaRowFormat.ARRAY && outerFormat != JavaRowFormat.SCALAR)) {
            return planned; // rows of a generated class: leave the join as planned
        }
        BlockBuilder builder = new BlockBuilder();
        // Both run only if called: the join as planned reads both sides as soon as its code runs.
        Expression asPlanned = Expressions.lambda(Function0.class, planned.block);
        Expression outerRows = Expressions.lambda(Function0.class, outer.block);
        Expression stashed = implementor.stash(spec.withOuterScalar(outerFormat == JavaRowFormat.SCALAR), LookupJoin.Spec.class);
        builder.add(Expressions.return_(null,
                Expressions.call(LookupJoin.class, "execute", DataContext.ROOT, stashed, outerRows, asPlanned)));
        return implementor.result(planned.physType, builder.toBlock());
    }
}
