package dev.basalt.server.check.history;

import java.util.Objects;

/**
 * A client's invocation paired with its completion: what Jepsen calls an operation.
 *
 * @param invoke the {@link OpType#INVOKE} event
 * @param completion the OK, FAIL or INFO event that ended it, or null if the history ended
 *     first (which counts as unknown, like INFO)
 */
public record Operation(Op invoke, Op completion) {
    public Operation {
        Objects.requireNonNull(invoke, "invoke");
        if (invoke.type() != OpType.INVOKE) {
            throw new IllegalArgumentException("op " + invoke.index() + " is not an invocation");
        }
        if (completion != null
                && (!completion.type().isCompletion() || completion.process() != invoke.process() || completion.index() <= invoke.index())) {
            throw new IllegalArgumentException("op " + completion.index() + " does not complete op " + invoke.index());
        }
    }

    public int process() {
        return invoke.process();
    }

    public String f() {
        return invoke.f();
    }

    /** OK, FAIL, or INFO; an operation that never completed is INFO. */
    public OpType outcome() {
        return completion == null ? OpType.INFO : completion.type();
    }

    public boolean isOk() {
        return outcome() == OpType.OK;
    }

    public boolean isFailed() {
        return outcome() == OpType.FAIL;
    }

    /** INFO, or never completed: it may or may not have taken effect. */
    public boolean isUnknown() {
        return outcome() == OpType.INFO;
    }

    /** The completion's value if it is OK (reads filled in), else the invocation's. */
    public Object value() {
        return isOk() ? completion.value() : invoke.value();
    }

    public long invokeIndex() {
        return invoke.index();
    }

    /** The completion's index, or {@link Long#MAX_VALUE} if it never completed. */
    public long completionIndex() {
        return completion == null ? Long.MAX_VALUE : completion.index();
    }
}
