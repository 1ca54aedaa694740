package dev.basalt.server.check.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, validated history plus the helpers every checker shares: pairing invocations
 * with completions, counts, and stalls.
 *
 * <p>Construction checks the shape the recorder promises (see the package essay): indexes are
 * 0, 1, 2, ... in order; times never decrease; each client process alternates an invocation and
 * one completion of the same {@code f}; a process whose completion was INFO issues nothing more.
 * A history that breaks these is a bug in the tool, not in the database, so it is rejected with
 * {@link IllegalArgumentException} naming the first offending op instead of being checked.
 */
public final class History {
    /** Operation counts over client invocations (nemesis events excluded). */
    public record Counts(long ops, long ok, long failed, long unknown) {}

    private final List<Op> ops;
    private final List<Operation> operations;

    private History(List<Op> ops) {
        this.ops = List.copyOf(ops);
        this.operations = Collections.unmodifiableList(pair(this.ops));
    }

    /** Validates {@code ops} and pairs invocations with completions. */
    public static History of(List<Op> ops) {
        return new History(ops);
    }

    private static List<Operation> pair(List<Op> ops) {
        List<Operation> operations = new ArrayList<>();
        Map<Integer, Integer> inFlight = new HashMap<>(); // process -> position in operations
        Map<Integer, Long> crashedAt = new HashMap<>(); // process -> index of its INFO completion
        long timePrevious = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.index() != i) {
                throw new IllegalArgumentException("op at position " + i + " has index " + op.index());
            }
            if (op.timeNanos() < timePrevious) {
                throw new IllegalArgumentException("op " + i + ": time " + op.timeNanos() + " ns is before the previous op's " + timePrevious + " ns");
            }
            timePrevious = op.timeNanos();
            if (op.isNemesis()) {
                continue;
            }
            int process = op.process();
            Long crashed = crashedAt.get(process);
            if (crashed != null) {
                throw new IllegalArgumentException("op " + i + ": process " + process + " is crashed (op " + crashed + " was INFO) and cannot issue more ops");
            }
            Integer open = inFlight.get(process);
            if (op.isInvoke()) {
                if (open != null) {
                    throw new IllegalArgumentException("op " + i + ": process " + process + " invokes while op "
                            + operations.get(open).invokeIndex() + " is still in flight");
                }
                inFlight.put(process, operations.size());
                operations.add(new Operation(op, null));
            } else {
                if (open == null) {
                    throw new IllegalArgumentException("op " + i + ": process " + process + " completes " + op.f() + " but has no op in flight");
                }
                Operation invoked = operations.get(open);
                if (!invoked.f().equals(op.f())) {
                    throw new IllegalArgumentException("op " + i + ": completes " + op.f() + " but op " + invoked.invokeIndex() + " invoked " + invoked.f());
                }
                operations.set(open, new Operation(invoked.invoke(), op));
                inFlight.remove(process);
                if (op.type() == OpType.INFO) {
                    crashedAt.put(process, (long) i);
                }
            }
        }
        return operations;
    }

    /** Every event, in index order. */
    public List<Op> ops() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    /** Every client operation (nemesis excluded), in invocation order. */
    public List<Operation> operations() {
        return operations;
    }

    /** The client operations with function {@code f}, in invocation order. */
    public List<Operation> operations(String f) {
        Objects.requireNonNull(f, "f");
        List<Operation> selected = new ArrayList<>();
        for (Operation operation : operations) {
            if (operation.f().equals(f)) {
                selected.add(operation);
            }
        }
        return selected;
    }

    /**
     * {@code ops}: client invocations; {@code ok}, {@code failed}: their OK and FAIL completions;
     * {@code unknown}: INFO completions plus invocations that never completed.
     */
    public Counts counts() {
        long ok = 0;
        long failed = 0;
        long unknown = 0;
        for (Operation operation : operations) {
            switch (operation.outcome()) {
                case OK -> ok++;
                case FAIL -> failed++;
                default -> unknown++;
            }
        }
        return new Counts(operations.size(), ok, failed, unknown);
    }

    /**
     * The longest interval within {@code [startNanos, endNanos]} in which no client operation
     * completed OK: the largest of the gaps start to first OK, between consecutive OKs, and last
     * OK to end. With no OK in the window it is the whole window.
     */
    public long maxStallNanos(long startNanos, long endNanos) {
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("window ends (" + endNanos + " ns) before it starts (" + startNanos + " ns)");
        }
        long previous = startNanos;
        long stallMax = 0;
        for (Op op : ops) {
            if (op.isNemesis() || op.type() != OpType.OK || op.timeNanos() < startNanos) {
                continue;
            }
            if (op.timeNanos() > endNanos) {
                break; // times never decrease
            }
            stallMax = Math.max(stallMax, op.timeNanos() - previous);
            previous = op.timeNanos();
        }
        return Math.max(stallMax, endNanos - previous);
    }
}
