package dev.basalt.sql.internal.exec;

import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.calcite.BasaltTable;
import dev.basalt.sql.internal.calcite.RangeAggregate;
import dev.basalt.sql.internal.rows.PartialAggregate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.linq4j.function.Function0;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * An aggregate the ranges compute partially ({@link RangeAggregate}), placed by {@link #insert}
 * above each Enumerable aggregate that qualifies, after Calcite has optimized the plan. Its input
 * is Calcite's aggregate, unchanged: the rows it computes are used when, at run time, the ranges
 * cannot aggregate (an inexpressible parameter value, the transaction's own writes in the spans).
 *
 * <p>It qualifies when it groups plainly (no grouping sets) over a scan of one Basalt table, with
 * COUNT, SUM, $SUM0, MIN and MAX calls without DISTINCT or FILTER over columns the ranges read
 * exactly, and a scan whose filters can all go to the ranges ({@link RangeAggregate#pushable}).
 */
final class RangeAggregateRel extends SingleRel implements EnumerableRel {
    final RangeAggregate.Spec spec;

    private RangeAggregateRel(RelNode input, RangeAggregate.Spec spec) {
        super(input.getCluster(), input.getTraitSet(), input);
        this.spec = spec;
    }

    /** {@code physical} with each qualifying aggregate wrapped; the rest of the plan unchanged. */
    static RelNode insert(RelNode physical) {
        if (physical instanceof RangeAggregateRel) {
            return physical;
        }
        List<RelNode> inputs = new ArrayList<>();
        for (RelNode input : physical.getInputs()) {
            inputs.add(insert(input));
        }
        RelNode copy = inputs.equals(physical.getInputs()) ? physical : physical.copy(physical.getTraitSet(), inputs);
        if (copy instanceof EnumerableAggregate aggregate) {
            RangeAggregate.Spec spec = spec(aggregate);
            if (spec != null) {
                return new RangeAggregateRel(aggregate, spec);
            }
        }
        return copy;
    }

    /** What the ranges compute for {@code aggregate}, or null when it does not qualify. */
    private static RangeAggregate.Spec spec(EnumerableAggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return null;
        }
        RelNode input = aggregate.getInput();
        RelOptTable relTable;
        List<RexNode> filters;
        int[] projects;
        if (input instanceof EnumerableInterpreter && input.getInput(0) instanceof Bindables.BindableTableScan scan) {
            relTable = scan.getTable();
            filters = scan.filters;
            projects = scan.projects.toIntArray();
        } else if (input instanceof EnumerableTableScan scan) {
            relTable = scan.getTable();
            filters = List.of();
            projects = null;
        } else {
            return null;
        }
        BasaltTable table = relTable.unwrap(BasaltTable.class);
        if (table == null || !RangeAggregate.pushable(table, filters, aggregate.getCluster().getRexBuilder())) {
            return null;
        }
        TableDef def = table.def();
        List<Integer> groupColumns = new ArrayList<>();
        for (int field : aggregate.getGroupSet()) {
            int column = projects == null ? field : projects[field];
            if (!RangeAggregate.comparable(def.column(column).type())) {
                return null;
            }
            groupColumns.add(column);
        }
        List<RangeAggregate.Call> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            RangeAggregate.Call pushed = call(call, def, projects);
            if (pushed == null) {
                return null;
            }
            calls.add(pushed);
        }
        List<SqlTypeName> types = new ArrayList<>();
        for (RelDataTypeField f : aggregate.getRowType().getFieldList()) {
            types.add(f.getType().getSqlTypeName());
        }
        return new RangeAggregate.Spec(table, List.copyOf(filters), groupColumns.stream().mapToInt(Integer::intValue).toArray(), calls,
                types, false);
    }

    private static RangeAggregate.Call call(AggregateCall call, TableDef def, int[] projects) {
        if (call.isDistinct() || call.hasFilter() || call.isApproximate() || !call.getCollation().getFieldCollations().isEmpty()
                || call.getArgList().size() > 1) {
            return null;
        }
        if (call.getArgList().isEmpty()) {
            return call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.COUNT
                    ? new RangeAggregate.Call(PartialAggregate.Function.COUNT_ROWS, -1, false) : null;
        }
        int field = call.getArgList().get(0);
        int column = projects == null ? field : projects[field];
        ColumnType type = def.column(column).type();
        return switch (call.getAggregation().getKind()) {
            case COUNT -> new RangeAggregate.Call(PartialAggregate.Function.COUNT, column, false);
            case SUM -> RangeAggregate.summable(type) ? new RangeAggregate.Call(PartialAggregate.Function.SUM, column, false) : null;
            case SUM0 -> RangeAggregate.summable(type) ? new RangeAggregate.Call(PartialAggregate.Function.SUM, column, true) : null;
            case MIN -> RangeAggregate.comparable(type) ? new RangeAggregate.Call(PartialAggregate.Function.MIN, column, false) : null;
            case MAX -> RangeAggregate.comparable(type) ? new RangeAggregate.Call(PartialAggregate.Function.MAX, column, false) : null;
            default -> null;
        };
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new RangeAggregateRel(sole(inputs), spec);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("in", "ranges");
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
        JavaRowFormat format = input.physType.getFormat();
        if (format != JavaRowFormat.ARRAY && format != JavaRowFormat.SCALAR) {
            return input; // rows of a generated class: leave the aggregate to Calcite
        }
        BlockBuilder builder = new BlockBuilder();
        // Calcite's aggregate reads all its input as soon as its code runs: it runs only if called.
        Expression here = Expressions.lambda(Function0.class, input.block);
        Expression stashed = implementor.stash(spec.withScalar(format == JavaRowFormat.SCALAR), RangeAggregate.Spec.class);
        builder.add(Expressions.return_(null, Expressions.call(RangeAggregate.class, "execute", DataContext.ROOT, stashed, here)));
        return implementor.result(input.physType, builder.toBlock());
    }
}
