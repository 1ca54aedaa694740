package dev.basalt.sql.internal.exec;

import dev.basalt.sql.internal.calcite.BasaltTable;
import dev.basalt.sql.internal.calcite.ExplainText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * EXPLAIN's output: the operators of an optimized plan as a tree of lines, and that tree printed
 * one operator a line, indented two spaces per level, with what EXPLAIN ANALYZE measured
 * appended ({@code (rows=100 time=1.250 ms)}, {@code loops=} when an operator was started more
 * than once, {@code (never executed)} when it was not started at all).
 */
public final class Explain {
    /** Spaces of indentation per level of the operator tree. */
    static final int INDENT = 2;

    /** One line of the plan: its text, the probe that measures it (-1: none) and its inputs. */
    public record Operator(String text, int probe, List<Operator> inputs) {
    }

    private Explain() {
    }

    /** The operators of {@code physical} (an optimized plan, with or without {@link ProbeRel}s). */
    static Operator describe(RelNode physical) {
        int probe = -1;
        RelNode rel = physical;
        if (rel instanceof ProbeRel p) {
            probe = p.probe;
            rel = p.getInput();
        }
        if (rel instanceof LookupJoinRel lookup) {
            // One operator: the join below it is what runs when the lookups would not pay.
            Operator join = describe(rel.getInput(0));
            return new Operator(join.text() + "  (key lookups of " + lookup.innerTable() + ")", probe, join.inputs());
        }
        if (rel instanceof RangeAggregateRel) {
            // One operator: the aggregate below it is what runs when the ranges cannot aggregate.
            // Its scan runs here only then; otherwise the ranges read the rows and aggregate them.
            Operator aggregate = describe(rel.getInput(0));
            List<Operator> inputs = new ArrayList<>();
            for (Operator scan : aggregate.inputs()) {
                inputs.add(new Operator(scan.text() + "  (aggregated in the ranges)", scan.probe(), scan.inputs()));
            }
            return new Operator(aggregate.text() + "  (partially in the ranges)", probe, inputs);
        }
        if (rel instanceof EnumerableInterpreter && rel.getInput(0) instanceof Bindables.BindableTableScan scan) {
            return new Operator(scan(scan, scan.filters, scan.projects.toIntArray()), probe, List.of());
        }
        if (rel instanceof TableScan scan) {
            return new Operator(scan(scan, List.of(), null), probe, List.of());
        }
        List<Operator> inputs = new ArrayList<>();
        rel.getInputs().forEach(input -> inputs.add(describe(input)));
        return new Operator(label(rel), probe, inputs);
    }

    private static String scan(TableScan scan, List<RexNode> filters, int[] projects) {
        BasaltTable table = scan.getTable().unwrap(BasaltTable.class);
        RexBuilder rex = scan.getCluster().getRexBuilder();
        if (table != null) {
            return ExplainText.scan(table, filters, projects, rex);
        }
        List<String> name = scan.getTable().getQualifiedName();
        StringBuilder out = new StringBuilder("Scan ").append(String.join(".", name));
        if (dev.basalt.sql.internal.calcite.InformationSchema.contains(name)) {
            out.append("  (rows computed from the catalog)");
        }
        if (!filters.isEmpty()) {
            out.append("  filter: ").append(ExplainText.conjunction(filters, scan.getTable().getRowType().getFieldNames(), rex));
        }
        return out.toString();
    }

    private static String label(RelNode rel) {
        String name = rel.getRelTypeName().replaceFirst("^(Enumerable|Bindable)", "");
        RexBuilder rex = rel.getCluster().getRexBuilder();
        List<String> in = rel.getInputs().size() == 1 ? rel.getInput(0).getRowType().getFieldNames() : List.of();
        StringBuilder out = new StringBuilder(name);
        if (rel instanceof Calc calc) {
            RexProgram program = calc.getProgram();
            List<RexNode> projects = new ArrayList<>();
            for (RexLocalRef ref : program.getProjectList()) {
                projects.add(program.expandLocalRef(ref));
            }
            out.append("  columns: ").append(columns(projects, program.getOutputRowType().getFieldNames(), in));
            if (program.getCondition() != null) {
                out.append("  filter: ").append(ExplainText.conjunction(List.of(program.expandLocalRef(program.getCondition())), in, rex));
            }
        } else if (rel instanceof Project project) {
            out.append("  columns: ").append(columns(project.getProjects(), project.getRowType().getFieldNames(), in));
        } else if (rel instanceof Filter filter) {
            out.append("  filter: ").append(ExplainText.conjunction(List.of(filter.getCondition()), in, rex));
        } else if (rel instanceof Join join) {
            List<String> both = new ArrayList<>(qualified(join.getLeft()));
            both.addAll(qualified(join.getRight()));
            out.append("  ").append(join.getJoinType()).append(" on ").append(ExplainText.conjunction(List.of(join.getCondition()), both, rex));
        } else if (rel instanceof Correlate correlate) {
            out.append("  ").append(correlate.getJoinType());
        } else if (rel instanceof Aggregate aggregate) {
            List<String> group = new ArrayList<>();
            aggregate.getGroupSet().forEach(i -> group.add(in.get(i)));
            if (!group.isEmpty()) {
                out.append("  group: ").append(String.join(", ", group));
            }
            List<String> calls = new ArrayList<>();
            for (AggregateCall call : aggregate.getAggCallList()) {
                List<String> args = new ArrayList<>();
                call.getArgList().forEach(i -> args.add(in.get(i)));
                calls.add(call.getAggregation().getName() + "(" + (call.isDistinct() ? "DISTINCT " : "")
                        + (args.isEmpty() ? "*" : String.join(", ", args)) + ")");
            }
            if (!calls.isEmpty()) {
                out.append("  calls: ").append(String.join(", ", calls));
            }
        } else if (rel instanceof Sort sort) {
            List<String> keys = new ArrayList<>();
            for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
                keys.add(in.get(c.getFieldIndex()) + (c.getDirection().isDescending() ? " DESC" : ""));
            }
            if (!keys.isEmpty()) {
                out.append("  by: ").append(String.join(", ", keys));
            }
            limit(out, sort.offset, sort.fetch, in);
        } else if (rel instanceof EnumerableLimit limit) {
            limit(out, limit.offset, limit.fetch, in);
        } else if (rel instanceof Values values) {
            out.append("  rows: ").append(values.getTuples().size());
        } else if (rel instanceof SetOp setOp && setOp.all) {
            out.append("  ALL");
        }
        return out.toString();
    }

    /**
     * The names of {@code rel}'s columns for a join condition: {@code TABLE.COLUMN} where the
     * column is a table's column passed through unchanged, else its name.
     */
    private static List<String> qualified(RelNode rel) {
        List<String> fields = rel.getRowType().getFieldNames();
        if (rel instanceof ProbeRel || rel instanceof Filter || rel instanceof Sort || rel instanceof EnumerableLimit) {
            return qualified(rel.getInput(0));
        }
        if (rel instanceof EnumerableInterpreter && rel.getInput(0) instanceof TableScan scan) {
            return qualified(scan);
        }
        if (rel instanceof TableScan scan) {
            List<String> table = scan.getTable().getQualifiedName();
            List<String> columns = scan.getTable().getRowType().getFieldNames();
            int[] projects = scan instanceof Bindables.BindableTableScan b ? b.projects.toIntArray() : null;
            List<String> out = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                out.add(table.get(table.size() - 1) + "." + columns.get(projects == null ? i : projects[i]));
            }
            return out;
        }
        if (rel instanceof Calc || rel instanceof Project) {
            List<String> in = qualified(rel.getInput(0));
            List<RexNode> projects = new ArrayList<>();
            if (rel instanceof Calc calc) {
                calc.getProgram().getProjectList().forEach(ref -> projects.add(calc.getProgram().expandLocalRef(ref)));
            } else {
                projects.addAll(((Project) rel).getProjects());
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < projects.size(); i++) {
                out.add(projects.get(i) instanceof RexInputRef ref ? in.get(ref.getIndex()) : fields.get(i));
            }
            return out;
        }
        if (rel instanceof Join join) {
            List<String> out = new ArrayList<>(qualified(join.getLeft()));
            if (join.getJoinType().projectsRight()) {
                out.addAll(qualified(join.getRight()));
            }
            return out;
        }
        return fields;
    }

    private static void limit(StringBuilder out, RexNode offset, RexNode fetch, List<String> in) {
        if (fetch != null) {
            out.append("  limit: ").append(ExplainText.rex(fetch, in));
        }
        if (offset != null) {
            out.append("  offset: ").append(ExplainText.rex(offset, in));
        }
    }

    private static String columns(List<RexNode> projects, List<String> outNames, List<String> in) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < projects.size(); i++) {
            RexNode p = projects.get(i);
            String text = ExplainText.rex(p, in);
            boolean sameName = p instanceof RexInputRef ref && in.get(ref.getIndex()).equals(outNames.get(i));
            out.add(sameName ? text : text + " AS " + outNames.get(i));
        }
        return String.join(", ", out);
    }

    // ---------------------------------------------------------------- printing

    /**
     * The lines of {@code roots}, in order; with {@code probes} (EXPLAIN ANALYZE) each operator's
     * measurement, then the plan's start-up time (binding it to the execution; part of no
     * operator) and the statement's execution time (everything from start to end, commit excluded).
     */
    static List<String> lines(List<Operator> roots, Probes probes, long executionNanos) {
        List<String> out = new ArrayList<>();
        for (Operator root : roots) {
            print(root, 0, probes, out);
        }
        if (probes != null) {
            out.add("Start-up time: " + millis(probes.startupNanos()) + " ms");
            out.add("Execution time: " + millis(executionNanos) + " ms");
        }
        return out;
    }

    private static void print(Operator op, int depth, Probes probes, List<String> out) {
        StringBuilder line = new StringBuilder(" ".repeat(depth * INDENT)).append(op.text());
        if (probes != null) {
            if (op.probe() < 0) {
                line.append("  (not measured separately)");
            } else if (probes.loops(op.probe()) == 0) {
                line.append("  (never executed)");
            } else {
                line.append("  (rows=").append(probes.rows(op.probe()));
                if (probes.loops(op.probe()) > 1) {
                    line.append(" loops=").append(probes.loops(op.probe()));
                }
                line.append(" time=").append(millis(probes.nanos(op.probe()))).append(" ms)");
            }
        }
        out.add(line.toString());
        for (Operator input : op.inputs()) {
            print(input, depth + 1, probes, out);
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / (double) TimeUnit.MILLISECONDS.toNanos(1));
    }
}
